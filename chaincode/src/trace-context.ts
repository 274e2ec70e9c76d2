import type { Context } from 'fabric-contract-api';

/**
 * The part of fabric-shim's ChaincodeStub / ClientIdentity that the trace contract uses.
 * Fabric's real `Context` satisfies these structurally; the embedded ledger implements exactly
 * this surface, so the same contract class runs on both.
 */
export interface TraceKv {
  readonly key: string;
  readonly value: Uint8Array;
}

export interface TraceKeyModification {
  readonly txId: string;
  readonly value: Uint8Array;
  readonly isDelete: boolean;
  readonly timestamp: TraceTimestamp;
}

export interface TraceIterator<T> {
  next(): Promise<{ value?: T; done?: boolean }>;
  close(): Promise<void>;
}

/** fabric-shim returns seconds as a Long, history timestamps as a plain number. */
export interface TraceTimestamp {
  readonly seconds: number | { toNumber(): number };
  readonly nanos: number;
}

export interface TracePage {
  readonly iterator: TraceIterator<TraceKv>;
  readonly metadata: { readonly fetchedRecordsCount: number; readonly bookmark: string };
}

export interface TraceStub {
  getTxID(): string;
  getTxTimestamp(): TraceTimestamp;
  getState(key: string): Promise<Uint8Array>;
  putState(key: string, value: Uint8Array): Promise<void>;
  deleteState(key: string): Promise<void>;
  createCompositeKey(objectType: string, attributes: string[]): string;
  getStateByPartialCompositeKey(objectType: string, attributes: string[]): Promise<TraceIterator<TraceKv>>;
  getStateByPartialCompositeKeyWithPagination(
    objectType: string,
    attributes: string[],
    pageSize: number,
    bookmark?: string,
  ): Promise<TracePage>;
  getHistoryForKey(key: string): Promise<TraceIterator<TraceKeyModification>>;
  setEvent(name: string, payload: Uint8Array): void;
}

export interface TraceClientIdentity {
  getMSPID(): string;
}

export interface TraceContext {
  readonly stub: TraceStub;
  readonly clientIdentity: TraceClientIdentity;
}

/** ISO-8601 UTC text of a transaction timestamp (the same on every endorsing peer). */
export function timestampIso(ts: TraceTimestamp): string {
  const seconds = typeof ts.seconds === 'number' ? ts.seconds : ts.seconds.toNumber();
  return new Date(seconds * 1000 + Math.floor(ts.nanos / 1_000_000)).toISOString();
}

/** Drains a shim iterator (fabric-shim answers `{done: true}` without a value at the end). */
export async function drain<T>(iterator: TraceIterator<T>): Promise<T[]> {
  const out: T[] = [];
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.value !== undefined) out.push(next.value);
      if (next.done === true || next.value === undefined) break;
    }
  } finally {
    await iterator.close();
  }
  return out;
}

/**
 * The narrow view of Fabric's context the contract works with. That this compiles is the proof
 * that the real ChaincodeStub offers everything TraceStub names.
 */
export function traceContext(context: Context): TraceContext {
  return { stub: context.stub, clientIdentity: context.clientIdentity };
}
