import type {
  TraceClientIdentity,
  TraceIterator,
  TraceKeyModification,
  TraceKv,
  TracePage,
  TraceStub,
  TraceTimestamp,
} from '@lotledger/chaincode';
import type { KeyVersion, WorldState } from './world-state.js';

/** One range read, kept so that commit can detect phantoms as Fabric's validator does. */
export interface RangeRead {
  readonly namespace: string;
  readonly prefix: string;
  readonly keys: readonly string[];
  readonly versions: readonly (KeyVersion | undefined)[];
}

export interface ReadWriteSet {
  readonly reads: ReadonlyMap<string, KeyVersion | undefined>;
  readonly ranges: readonly RangeRead[];
  readonly writes: ReadonlyMap<string, Uint8Array | undefined>;
  readonly event: { readonly name: string; readonly payload: Uint8Array } | undefined;
}

function iterator<T>(items: readonly T[]): TraceIterator<T> & AsyncIterable<T> {
  let i = 0;
  return {
    next: () => Promise.resolve(i < items.length ? { value: items[i++], done: false } : { done: true }),
    close: () => Promise.resolve(),
    async *[Symbol.asyncIterator]() {
      for (const item of items) yield await Promise.resolve(item);
    },
  };
}

function checkAttribute(part: string): void {
  if (part.includes('\u0000') || part.includes('\u{10FFFF}'))
    throw new Error(`composite key attribute must not contain U+0000 or U+10FFFF: ${JSON.stringify(part)}`);
}

/**
 * The embedded ledger's ChaincodeStub: what the trace contract uses of fabric-shim's stub, with
 * Fabric's simulation semantics — reads see committed state only (never this transaction's own
 * writes), every read is recorded with its version, writes are buffered into the write set,
 * and one event per transaction (the last setEvent wins).
 */
export class EmbeddedStub implements TraceStub {
  private readonly reads = new Map<string, KeyVersion | undefined>();
  private readonly ranges: RangeRead[] = [];
  private readonly writes = new Map<string, Uint8Array | undefined>();
  private event: { name: string; payload: Uint8Array } | undefined;

  constructor(
    private readonly state: WorldState,
    private readonly txId: string,
    private readonly timestamp: TraceTimestamp,
  ) {}

  getTxID(): string {
    return this.txId;
  }

  getTxTimestamp(): TraceTimestamp {
    return this.timestamp;
  }

  getState(key: string): Promise<Uint8Array> {
    const { value, version } = this.state.get(key);
    if (!this.reads.has(key)) this.reads.set(key, version);
    // fabric-shim answers an empty buffer for a missing key.
    return Promise.resolve(value ?? new Uint8Array(0));
  }

  putState(key: string, value: Uint8Array): Promise<void> {
    if (key === '') return Promise.reject(new Error('key must not be empty'));
    // Not copied: the contract hands over fresh bytes and never touches them again.
    this.writes.set(key, value);
    return Promise.resolve();
  }

  deleteState(key: string): Promise<void> {
    this.writes.set(key, undefined);
    return Promise.resolve();
  }

  createCompositeKey(objectType: string, attributes: string[]): string {
    checkAttribute(objectType);
    let key = '\u0000' + objectType + '\u0000';
    for (const attribute of attributes) {
      checkAttribute(attribute);
      key += attribute + '\u0000';
    }
    return key;
  }

  private rangeRead(objectType: string, attributes: string[], startKey = ''): string[] {
    const prefix = this.createCompositeKey(objectType, attributes);
    const keys = this.state.keysIn(objectType, prefix, startKey);
    this.ranges.push({ namespace: objectType, prefix, keys, versions: keys.map((k) => this.state.version(k)) });
    return keys;
  }

  private kvs(keys: readonly string[]): TraceKv[] {
    return keys.map((key) => ({ key, value: this.state.get(key).value ?? new Uint8Array(0) }));
  }

  getStateByPartialCompositeKey(objectType: string, attributes: string[]): Promise<TraceIterator<TraceKv>> {
    return Promise.resolve(iterator(this.kvs(this.rangeRead(objectType, attributes))));
  }

  /** Bookmark: the key the next page starts at (Fabric's bookmark is opaque; ours too). */
  getStateByPartialCompositeKeyWithPagination(
    objectType: string,
    attributes: string[],
    pageSize: number,
    bookmark = '',
  ): Promise<TracePage> {
    const prefix = this.createCompositeKey(objectType, attributes);
    const keys = this.state.keysIn(objectType, prefix, bookmark);
    const page = keys.slice(0, pageSize);
    const next = keys[pageSize] ?? '';
    return Promise.resolve({ iterator: iterator(this.kvs(page)), metadata: { fetchedRecordsCount: page.length, bookmark: next } });
  }

  getHistoryForKey(key: string): Promise<TraceIterator<TraceKeyModification>> {
    return Promise.resolve(iterator(this.state.historyOf(key)));
  }

  setEvent(name: string, payload: Uint8Array): void {
    if (name === '') throw new Error('event name must not be empty');
    this.event = { name, payload: payload.slice() };
  }

  readWriteSet(): ReadWriteSet {
    return { reads: this.reads, ranges: this.ranges, writes: this.writes, event: this.event };
  }
}

export class EmbeddedClientIdentity implements TraceClientIdentity {
  constructor(private readonly mspId: string) {}
  getMSPID(): string {
    return this.mspId;
  }
}

/** Fabric's MVCC validation: every key read must still have the version it had, and range reads must return the same keys. */
export function mvccValid(state: WorldState, rwset: ReadWriteSet): boolean {
  for (const [key, version] of rwset.reads) {
    if (state.version(key) !== version) return false;
  }
  for (const range of rwset.ranges) {
    const now = state.keysIn(range.namespace, range.prefix);
    if (now.length !== range.keys.length || now.some((k, i) => k !== range.keys[i] || state.version(k) !== range.versions[i])) return false;
  }
  return true;
}
