/**
 * A fixed-size memo of a pure string function's recent results, for per-event hot paths where the
 * same strings recur (locations, parties, CBV terms; an EPC validated and then hashed).
 *
 * Direct-mapped: each key has one slot, chosen by a hash of its length and last characters (where
 * serial numbers differ), and a newer key overwrites an older one. A lookup or a store is a few
 * array accesses — no Map hashing, nothing to evict — so a stream of unique keys costs almost
 * nothing and memory stays flat. Only pure functions may be memoised: a result never depends on
 * what happens to be in the memo.
 */
export class DirectMappedMemo<V> {
  readonly #mask: number;
  readonly #keys: (string | undefined)[];
  readonly #values: (V | undefined)[];

  /** `slots` is rounded up to a power of two. */
  constructor(slots: number) {
    let size = 1;
    while (size < slots) size *= 2;
    this.#mask = size - 1;
    this.#keys = new Array<string | undefined>(size).fill(undefined);
    this.#values = new Array<V | undefined>(size).fill(undefined);
  }

  /** The memoised result for `key`, or undefined. */
  get(key: string): V | undefined {
    const slot = this.#slot(key);
    return this.#keys[slot] === key ? this.#values[slot] : undefined;
  }

  set(key: string, value: V): void {
    const slot = this.#slot(key);
    this.#keys[slot] = key;
    this.#values[slot] = value;
  }

  /** FNV-1a over the length and the last 12 characters. */
  #slot(key: string): number {
    const n = key.length;
    let h = 0x811c9dc5 ^ n;
    for (let i = n > 12 ? n - 12 : 0; i < n; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    return (h ^ (h >>> 15)) & this.#mask;
  }
}
