import { DEMO_CONTEXT } from '../demo/demo-chains.js';
import type { SimCapture, Simulation } from './simulation.model.js';

/** The JSON-LD context of every simulated document: EPCIS 2.0 and the extension namespaces the demo uses. */
export const SIMULATION_CONTEXT: readonly unknown[] = DEMO_CONTEXT;

/** The EPCIS document of one capture; its creationDate is its last event's time, so it too is replayable. */
export function captureDocument(capture: SimCapture): Record<string, unknown> {
  const last = capture.events[capture.events.length - 1];
  return {
    '@context': SIMULATION_CONTEXT,
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: new Date(last?.timeMs ?? 0).toISOString(),
    epcisBody: { eventList: capture.events.map((e) => e.event) },
  };
}

/** The master data line of the JSON-lines output. */
export function masterDataLine(simulation: Simulation): string {
  return JSON.stringify({
    kind: 'masterData',
    options: simulation.options,
    organisations: simulation.organisations,
    locations: simulation.locations,
    products: simulation.products,
  });
}

/** One capture as a JSON line: who sends it, which captures it waits for, the document. */
export function captureLine(capture: SimCapture): string {
  return JSON.stringify({
    kind: 'capture',
    index: capture.index,
    submitterMsp: capture.submitterMsp,
    after: capture.after,
    expectedRejections: capture.events.flatMap((e, i) =>
      e.expectedRejection === undefined ? [] : [{ eventIndex: i, code: e.expectedRejection }],
    ),
    document: captureDocument(capture),
  });
}
