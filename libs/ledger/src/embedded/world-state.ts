import type { TraceKeyModification, TraceTimestamp } from '@lotledger/chaincode';

/** Version of a key: the block that last wrote it (one transaction per block here). */
export type KeyVersion = number;

interface Entry {
  value: Uint8Array | undefined;
  version: KeyVersion;
}

/** Fabric composite keys start with U+0000 then the object type; ordinary keys do not. */
export function keyNamespace(key: string): string {
  if (!key.startsWith('\u0000')) return '';
  const end = key.indexOf('\u0000', 1);
  return end < 0 ? '' : key.slice(1, end);
}

/**
 * The committed world state of the embedded ledger with Fabric's versioning: every key knows
 * the block that last wrote (or deleted) it, and keeps its history for getHistoryForKey.
 */
export class WorldState {
  private readonly entries = new Map<string, Entry>();
  /** Keys per composite-key object type, so range reads never scan the whole state. */
  private readonly byNamespace = new Map<string, Set<string>>();
  private readonly history = new Map<string, TraceKeyModification[]>();

  get(key: string): { value: Uint8Array | undefined; version: KeyVersion | undefined } {
    const entry = this.entries.get(key);
    return { value: entry?.value, version: entry?.version };
  }

  version(key: string): KeyVersion | undefined {
    return this.entries.get(key)?.version;
  }

  /** Live keys of one namespace in key order, from `startKey` (inclusive) on. */
  keysIn(namespace: string, prefix: string, startKey = ''): string[] {
    const keys = [...(this.byNamespace.get(namespace) ?? [])].filter((k) => k.startsWith(prefix) && k >= startKey);
    return keys.sort();
  }

  apply(writes: ReadonlyMap<string, Uint8Array | undefined>, version: KeyVersion, txId: string, timestamp: TraceTimestamp): void {
    for (const [key, value] of writes) {
      this.entries.set(key, { value, version });
      const ns = keyNamespace(key);
      let set = this.byNamespace.get(ns);
      if (set === undefined) this.byNamespace.set(ns, (set = new Set()));
      if (value === undefined) set.delete(key);
      else set.add(key);
      let mods = this.history.get(key);
      if (mods === undefined) this.history.set(key, (mods = []));
      mods.push({ txId, value: value ?? new Uint8Array(0), isDelete: value === undefined, timestamp });
    }
  }

  /** Fabric returns history newest first. */
  historyOf(key: string): TraceKeyModification[] {
    return [...(this.history.get(key) ?? [])].reverse();
  }

  get size(): number {
    return this.entries.size;
  }
}
