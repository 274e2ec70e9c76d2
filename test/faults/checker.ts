import { EmbeddedLedgerAdapter } from '@lotledger/ledger';
import { ReadModelStore, type ReadModelStoreConfig } from '@lotledger/store';
import { join } from 'node:path';
import type { Acknowledgement, Tokens } from './load.js';
import { sleep } from './lotledger-process.js';

/**
 * The checker, in the Jepsen spirit: it judges the history the load recorded (what the service
 * acknowledged) against what the system holds once the faults are over.
 *
 *   lost       = acknowledged (202 with its hash ID) but, after recovery, not `anchored` in its capture
 *                job, or not returned by GET /epcis/events?EQ_eventID=, or not anchored in the read
 *                model, or not on the ledger.
 *   duplicated = anchored more than once: accepted by two ledger batches (or twice in one), listed
 *                twice in its capture job, or the read model's batch disagrees with the ledger's
 *                anchor record (a second anchoring the read model followed).
 */
export interface CheckResult {
  readonly acknowledgedEvents: number;
  readonly lost: readonly LostEvent[];
  readonly duplicated: readonly DuplicatedEvent[];
  /** Acknowledged events the service rejected (custody rule…): none expected from the generator. */
  readonly rejected: readonly LostEvent[];
  /** From the end of the load until every acknowledged capture job had settled. */
  readonly settleMs: number;
}

export interface LostEvent {
  readonly hashId: string;
  readonly captureId: string;
  readonly why: string;
  /** When its capture was acknowledged (ISO 8601), to place it against the faults. */
  readonly acknowledgedAt?: string;
}

export interface DuplicatedEvent {
  readonly hashId: string;
  readonly why: string;
}

interface JobView {
  readonly status: string;
  readonly events: readonly { readonly hashId: string; readonly status: string; readonly batchId?: string; readonly rejection?: unknown }[];
}

async function getJson(url: string, token: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: kept as text for the message
  }
  return { status: res.status, body };
}

/** Polls every acknowledged capture job until none is running (or the timeout); returns the last views. */
export async function settleJobs(
  baseUrl: string,
  tokens: Tokens,
  acks: readonly Acknowledgement[],
  timeoutMs: number,
): Promise<Map<string, JobView | undefined>> {
  const views = new Map<string, JobView | undefined>();
  let open = [...acks];
  const deadline = Date.now() + timeoutMs;
  while (open.length > 0) {
    const still: Acknowledgement[] = [];
    for (let i = 0; i < open.length; i += 16) {
      const chunk = open.slice(i, i + 16);
      const replies = await Promise.all(
        chunk.map(async (a) => {
          try {
            return await getJson(`${baseUrl}/epcis/capture/${a.captureId}`, await tokens.supplier(a.submitterMsp));
          } catch {
            return { status: 0, body: undefined };
          }
        }),
      );
      replies.forEach((r, k) => {
        const ack = chunk[k];
        if (ack === undefined) return;
        const view = r.status === 200 ? (r.body as JobView) : undefined;
        views.set(ack.captureId, view);
        if (view === undefined || view.status === 'running' || view.events.some((e) => e.status === 'pending')) still.push(ack);
      });
    }
    open = still;
    if (open.length === 0 || Date.now() > deadline) break;
    await sleep(500);
  }
  return views;
}

/** The hash IDs GET /epcis/events?EQ_eventID= returns, asked in groups of 100. */
export async function queryableHashIds(baseUrl: string, tokens: Tokens, hashIds: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  const token = await tokens.regulator();
  for (let i = 0; i < hashIds.length; i += 100) {
    const group = hashIds.slice(i, i + 100);
    const url = `${baseUrl}/epcis/events?EQ_eventID=${group.map(encodeURIComponent).join('|')}&perPage=1000`;
    const reply = await getJson(url, token);
    if (reply.status !== 200)
      throw new Error(`GET /epcis/events answered ${String(reply.status)}: ${JSON.stringify(reply.body).slice(0, 500)}`);
    collectEventIds(reply.body, found);
  }
  return found;
}

function collectEventIds(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) collectEventIds(v, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'eventID' && typeof v === 'string') into.add(v);
      else collectEventIds(v, into);
    }
  }
}

/** The live half of the check, against the running service: capture jobs and the EPCIS query interface. */
export async function checkLive(
  target: { readonly ingestUrl: string; readonly queryUrl: string | undefined },
  tokens: Tokens,
  acks: readonly Acknowledgement[],
  settleTimeoutMs: number,
): Promise<{ lost: LostEvent[]; duplicated: DuplicatedEvent[]; rejected: LostEvent[]; settleMs: number }> {
  const started = Date.now();
  const views = await settleJobs(target.ingestUrl, tokens, acks, settleTimeoutMs);
  const settleMs = Date.now() - started;
  const lost: LostEvent[] = [];
  const rejected: LostEvent[] = [];
  const duplicated: DuplicatedEvent[] = [];
  const anchored: string[] = [];
  for (const ack of acks) {
    const view = views.get(ack.captureId);
    if (view === undefined) {
      for (const h of ack.hashIds) lost.push({ hashId: h, captureId: ack.captureId, why: 'its capture job is not found' });
      continue;
    }
    for (const h of ack.hashIds) {
      const entries = view.events.filter((e) => e.hashId === h);
      if (entries.length > 1) duplicated.push({ hashId: h, why: `listed ${String(entries.length)} times in capture job ${ack.captureId}` });
      const entry = entries[0];
      if (entry === undefined) lost.push({ hashId: h, captureId: ack.captureId, why: 'missing from its capture job' });
      else if (entry.status === 'rejected')
        rejected.push({ hashId: h, captureId: ack.captureId, why: `rejected: ${JSON.stringify(entry.rejection)}` });
      else if (entry.status !== 'anchored')
        lost.push({ hashId: h, captureId: ack.captureId, why: `still ${entry.status} in its capture job` });
      else anchored.push(h);
    }
  }
  // Without a gateway process the query half is the read model's own (checkStored).
  const queryable = target.queryUrl === undefined ? new Set(anchored) : await queryableHashIds(target.queryUrl, tokens, anchored);
  const captureOf = new Map(acks.flatMap((a) => a.hashIds.map((h) => [h, a.captureId] as const)));
  for (const h of anchored) {
    if (!queryable.has(h))
      lost.push({ hashId: h, captureId: captureOf.get(h) ?? '?', why: 'anchored in its job but not returned by EQ_eventID' });
  }
  const ackAt = new Map(acks.map((a) => [a.captureId, new Date(a.at).toISOString()] as const));
  const stamp = (e: LostEvent): LostEvent => ({ ...e, acknowledgedAt: ackAt.get(e.captureId) ?? '?' });
  return { lost: lost.map(stamp), duplicated, rejected: rejected.map(stamp), settleMs };
}

/**
 * The offline half, once the service is stopped: the ledger (every batch, paged) and the read model,
 * opened directly. The embedded ledger lives in the data folder; the store is PGlite there or the
 * PostgreSQL database of DATABASE_URL.
 */
export async function checkStored(
  dataDir: string,
  databaseUrl: string | undefined,
  acks: readonly Acknowledgement[],
  embeddedLedger = true,
): Promise<{ lost: LostEvent[]; duplicated: DuplicatedEvent[]; ledgerBatches: number }> {
  const lost: LostEvent[] = [];
  const duplicated: DuplicatedEvent[] = [];
  const wanted = new Map(acks.flatMap((a) => a.hashIds.map((h) => [h, a.captureId] as const)));
  // On Fabric the ledger is the network's: the live check (jobs anchored with tx id and block) covers it.
  const ledger = embeddedLedger ? await EmbeddedLedgerAdapter.open({ dataDir }) : undefined;
  const acceptedIn = new Map<string, string[]>();
  let ledgerBatches = 0;
  try {
    let bookmark: string | undefined;
    while (ledger !== undefined) {
      const page = await ledger.listBatches(500, bookmark);
      for (const b of page.records) {
        ledgerBatches += 1;
        for (const h of b.accepted) if (wanted.has(h)) acceptedIn.set(h, [...(acceptedIn.get(h) ?? []), b.batchId]);
      }
      if (page.bookmark === '' || page.records.length === 0 || page.bookmark === bookmark) break;
      bookmark = page.bookmark;
    }
    const config: ReadModelStoreConfig =
      databaseUrl === undefined ? { kind: 'pglite', dataDir: join(dataDir, 'pg') } : { kind: 'postgres', url: databaseUrl };
    const store = await ReadModelStore.open(config);
    try {
      for (const [h, captureId] of wanted) {
        const batches = acceptedIn.get(h) ?? [];
        if (batches.length > 1)
          duplicated.push({ hashId: h, why: `accepted by ${String(batches.length)} ledger batches: ${batches.join(', ')}` });
        const onLedger = ledger === undefined ? undefined : await ledger.isAnchored(h);
        const stored = await store.getEvent(h);
        if (ledger !== undefined && (onLedger === undefined || batches.length === 0))
          lost.push({ hashId: h, captureId, why: 'not anchored on the ledger' });
        if (stored === null) lost.push({ hashId: h, captureId, why: 'not in the read model' });
        else if (stored.status !== 'anchored') lost.push({ hashId: h, captureId, why: `${stored.status} in the read model` });
        else if (onLedger !== undefined && stored.batchId !== onLedger.batchId)
          duplicated.push({ hashId: h, why: `read model says batch ${String(stored.batchId)}, the ledger ${onLedger.batchId}` });
      }
    } finally {
      await store.close();
    }
  } finally {
    await ledger?.close();
  }
  return { lost, duplicated, ledgerBatches };
}
