import { describe, expect, it } from 'vitest';
import { MerkleTree } from '@lotledger/domain';
import type { AnchorRecord, BatchRecord, LedgerPort } from '@lotledger/ledger';
import type { ReadModelReader, StoredBatch, StoredEvent } from '@lotledger/store';
import { LedgerVerifier } from './ledger-verification.js';

// The verifier's logic against small in-memory ports; the HTTP suite runs it over the real embedded ledger.
const leaves = ['h0', 'h1', 'h2', 'h3', 'h4'].map((h) => `ni:///sha-256;${h.padEnd(64, '0')}?ver=CBV2.0`);
const root = MerkleTree.fromLeaves(leaves).rootHex;
const TX = 'f'.repeat(64);

function event(overrides: Partial<StoredEvent> = {}): StoredEvent {
  return {
    hashId: leaves[2] ?? '',
    eventId: null,
    type: 'ObjectEvent',
    action: 'OBSERVE',
    bizStep: 'shipping',
    disposition: null,
    eventTime: '2026-03-02T14:30:00.000Z',
    eventTimeZoneOffset: '+01:00',
    recordTime: '2026-03-02T14:31:00.000Z',
    readPoint: null,
    bizLocation: null,
    submitterMsp: 'PharmaMSP',
    captureId: null,
    event: {},
    status: 'anchored',
    rejectCode: null,
    rejectReason: null,
    batchId: root,
    txId: TX,
    blockNumber: 7,
    leafIndex: 2,
    merkleRoot: root,
    ...overrides,
  };
}

function ports(
  options: { ledgerRoot?: string | undefined; anchored?: AnchorRecord | undefined; storedLeaves?: readonly string[]; fail?: boolean } = {},
): [LedgerPort, ReadModelReader] {
  const ledgerRoot = 'ledgerRoot' in options ? options.ledgerRoot : root;
  const anchored = 'anchored' in options ? options.anchored : { hashId: leaves[2] ?? '', batchId: root, leafIndex: 2, txId: TX };
  const ledger = {
    getBatch: (id: string): Promise<BatchRecord | undefined> =>
      options.fail === true
        ? Promise.reject(new Error('down'))
        : Promise.resolve(ledgerRoot === undefined || id !== root ? undefined : ({ batchId: id, merkleRoot: ledgerRoot } as BatchRecord)),
    isAnchored: (): Promise<AnchorRecord | undefined> => Promise.resolve(anchored),
  } as unknown as LedgerPort;
  const reader = {
    getBatch: (): Promise<StoredBatch | null> => Promise.resolve({ leaves: options.storedLeaves ?? leaves, blockNumber: 7 } as StoredBatch),
  } as unknown as ReadModelReader;
  return [ledger, reader];
}

describe('verifying an event on the ledger', () => {
  it('verifies an anchored event whose Merkle proof checks against the root the ledger holds', async () => {
    expect(await new LedgerVerifier(...ports()).verify(event())).toEqual({
      verified: true,
      txId: TX,
      blockNumber: 7,
      batchId: root,
      merkleRoot: root,
      leafIndex: 2,
    });
  });

  it('says a pending event is not anchored yet, and a rejected one why', async () => {
    expect(
      await new LedgerVerifier(...ports()).verify(event({ status: 'pending', batchId: null, leafIndex: null, merkleRoot: null })),
    ).toMatchObject({ verified: false, reason: 'pending' });
    expect(await new LedgerVerifier(...ports()).verify(event({ status: 'rejected', rejectReason: 'NOT_CUSTODIAN' }))).toMatchObject({
      verified: false,
      reason: 'rejected',
      detail: expect.stringContaining('NOT_CUSTODIAN') as string,
    });
  });

  it('reports a root mismatch when the ledger holds another root for the batch', async () => {
    expect(await new LedgerVerifier(...ports({ ledgerRoot: '0'.repeat(64) })).verify(event())).toMatchObject({
      verified: false,
      reason: 'root-mismatch',
    });
  });

  it('reports a failed proof when the read model lists other leaves than the ledger root covers', async () => {
    const tampered = [...leaves];
    tampered[4] = `ni:///sha-256;${'9'.repeat(64)}?ver=CBV2.0`;
    expect(await new LedgerVerifier(...ports({ storedLeaves: tampered })).verify(event())).toMatchObject({
      verified: false,
      reason: 'proof-failed',
    });
  });

  it('says so when the ledger does not know the batch, or cannot be reached', async () => {
    expect(await new LedgerVerifier(...ports({ anchored: undefined })).verify(event())).toMatchObject({
      verified: false,
      reason: 'not-on-ledger',
    });
    expect(await new LedgerVerifier(...ports({ fail: true })).verify(event())).toMatchObject({
      verified: false,
      reason: 'ledger-unavailable',
    });
  });
});
