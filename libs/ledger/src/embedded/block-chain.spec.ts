import { canonicalJson } from '@lotledger/domain';
import { describe, expect, it } from 'vitest';
import { blockDataText, type BlockTransaction } from './block-chain.js';

describe('block data serialisation', () => {
  it('writes exactly the RFC 8785 canonical form of a transaction', () => {
    const data: BlockTransaction = {
      txId: 'f'.repeat(64),
      creator: 'Org1MSP',
      timestamp: { seconds: 1_790_000_000, nanos: 5 },
      function: 'AnchorBatch',
      args: ['{"events":[],"merkleRoot":"ü\\u2028"}'],
      reads: [
        ['\u0000obj\u0000https://id.gs1.org/01/04012345000016/21/1\u0000', 7],
        ['\u0000evt\u0000x\u0000', null],
      ],
      writes: [
        ['\u0000obj\u0000a\u0000', '{"custodian":"Org1MSP"}'],
        ['\u0000obj\u0000b\u0000', null],
      ],
      event: { name: 'BatchAnchored', payload: '{"accepted":[]}' },
    };
    expect(blockDataText(data)).toBe(canonicalJson(data));
    expect(blockDataText({ ...data, event: null })).toBe(canonicalJson({ ...data, event: null }));
  });
});
