/**
 * Kafka's default key partitioner (Java client `BuiltInPartitioner.partitionForKey`, also kafkajs 2.x
 * `Partitioners.DefaultPartitioner`): `toPositive(murmur2(keyBytes)) % partitions`. The embedded bus
 * uses it so that a key lands on the same partition number in both shapes. Written out here (30
 * lines) because kafkajs keeps its murmur2 internal and the embedded bus must not depend on kafkajs;
 * the spec checks it against Kafka's own test vectors and against kafkajs's partitioner.
 */
const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;

const encoder = new TextEncoder();

/** Kafka's 32-bit murmur2 (signed, as Java's `int`). */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let h = (SEED ^ length) | 0;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = view.getInt32(i, true);
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }
  const rest = length & 3;
  if (rest === 3) h ^= view.getUint8(whole + 2) << 16;
  if (rest >= 2) h ^= view.getUint8(whole + 1) << 8;
  if (rest >= 1) {
    h ^= view.getUint8(whole);
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Key bytes as Kafka clients serialise them: strings as UTF-8. */
export function keyBytes(key: string | Uint8Array): Uint8Array {
  return typeof key === 'string' ? encoder.encode(key) : key;
}

/** The partition Kafka's default partitioner picks for a non-null key. */
export function partitionForKey(key: string | Uint8Array, partitions: number): number {
  return (murmur2(keyBytes(key)) & 0x7fffffff) % partitions;
}
