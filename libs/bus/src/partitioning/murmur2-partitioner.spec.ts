import fc from 'fast-check';
import { Partitioners } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey } from './murmur2-partitioner.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('murmur2 partitioner', () => {
  // Vectors from Apache Kafka's UtilsTest.testMurmur2 (clients/src/test/.../utils/UtilsTest.java).
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('hashes %s exactly as the Java client does', (input, expected) => {
    expect(murmur2(utf8(input))).toBe(expected);
  });

  // Computed here with jshell against kafka-clients-4.3.1.jar (the broker's own version):
  // Utils.murmur2(key.getBytes(UTF_8)) and BuiltInPartitioner.partitionForKey(bytes, n) for n = 1, 3, 6, 12, 64.
  it.each([
    ['urn:epc:id:sgtin:0614141.107346.2018', -114464408, [0, 0, 0, 0, 40]],
    ['urn:epc:id:sscc:0614141.1234567890', -653734149, [0, 2, 5, 11, 59]],
    ['urn:epc:class:lgtin:4012345.012345.998877', -1963293120, [0, 2, 2, 8, 0]],
    ['https://id.gs1.org/01/09506000134352/10/ABC123/21/7', 2108623996, [0, 1, 4, 4, 60]],
    ['lot-é-42', -1486465547, [0, 0, 3, 9, 53]],
    ['', 275646681, [0, 0, 3, 9, 25]],
    ['a', -1563381124, [0, 1, 4, 4, 60]],
    ['ab', 316155434, [0, 2, 2, 2, 42]],
    ['abcd', -1323649548, [0, 2, 2, 8, 52]],
    ['ÄÖÜ✓', 888675427, [0, 1, 1, 7, 35]],
  ] as const)('partitions %s exactly as kafka-clients 4.3.1 BuiltInPartitioner does', (key, hash, partitions) => {
    expect(murmur2(utf8(key))).toBe(hash);
    expect([1, 3, 6, 12, 64].map((n) => partitionForKey(key, n))).toEqual(partitions);
  });

  it('hashes a key inside a larger buffer by its own bytes only', () => {
    const outer = utf8('xxfoobaryy');
    expect(murmur2(outer.subarray(2, 8))).toBe(-790332482);
  });

  it('picks the same partition as kafkajs DefaultPartitioner for any key and partition count', () => {
    const kafkajs = Partitioners.DefaultPartitioner();
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: 'grapheme' }), fc.uint8Array({ maxLength: 64 })),
        fc.integer({ min: 1, max: 64 }),
        (key, partitions) => {
          const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
            partitionId,
            leader: 1,
            replicas: [1],
            isr: [1],
            partitionErrorCode: 0,
            offlineReplicas: [],
          }));
          const message = { key: typeof key === 'string' ? key : Buffer.from(key), value: null };
          expect(partitionForKey(key, partitions)).toBe(kafkajs({ topic: 't', partitionMetadata, message }));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('treats a string key as its UTF-8 bytes', () => {
    expect(partitionForKey('é-lot-42', 7)).toBe(partitionForKey(utf8('é-lot-42'), 7));
  });
});
