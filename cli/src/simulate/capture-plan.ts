import type { SimCapture, SimEvent } from './simulation.model.js';

/**
 * Groups time-ordered events into documents, one organisation each, in the order they can be sent.
 * An organisation's events stay together until another organisation's event builds on one of them
 * (a hand-over): then that document is closed so it can be anchored first. The bus keeps one
 * organisation's documents in order, so only dependencies across organisations are waited for.
 */
export function planCaptures(events: readonly SimEvent[], maxEventsPerCapture: number): SimCapture[] {
  const captures: SimCapture[] = [];
  const captureOf = new Map<number, number>();
  const submitterOf = new Map<number, string>();
  const open = new Map<string, SimEvent[]>();

  const emit = (msp: string): void => {
    const docEvents = open.get(msp);
    if (docEvents === undefined) return;
    open.delete(msp);
    const index = captures.length;
    const after = new Set<number>();
    for (const e of docEvents) {
      for (const dep of e.after) {
        if (submitterOf.get(dep) === msp) continue;
        const c = captureOf.get(dep);
        if (c === undefined) throw new Error(`event ${String(e.seq)} depends on ${String(dep)}, which comes later`);
        after.add(c);
      }
    }
    for (const e of docEvents) captureOf.set(e.seq, index);
    captures.push({ index, submitterMsp: msp, events: docEvents, after: [...after].sort((a, b) => a - b) });
  };

  for (const e of events) {
    for (const dep of e.after) {
      const depMsp = submitterOf.get(dep);
      if (depMsp === undefined) throw new Error(`event ${String(e.seq)} depends on ${String(dep)}, which comes later`);
      if (depMsp !== e.submitterMsp && !captureOf.has(dep)) emit(depMsp);
    }
    submitterOf.set(e.seq, e.submitterMsp);
    const doc = open.get(e.submitterMsp) ?? [];
    doc.push(e);
    open.set(e.submitterMsp, doc);
    if (doc.length >= maxEventsPerCapture) emit(e.submitterMsp);
  }
  const rest = [...open.entries()].sort(([, a], [, b]) => (a[0]?.timeMs ?? 0) - (b[0]?.timeMs ?? 0) || (a[0]?.seq ?? 0) - (b[0]?.seq ?? 0));
  for (const [msp] of rest) emit(msp);
  return captures;
}
