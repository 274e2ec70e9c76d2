import { MerkleTree, verifyInclusion } from '@lotledger/domain';
import type { LedgerPort } from '@lotledger/ledger';
import type { ReadModelReader, StoredBatch, StoredEvent } from '@lotledger/store';

export type VerificationOutcome =
  | {
      readonly verified: true;
      readonly txId: string;
      readonly blockNumber: number | null;
      readonly batchId: string;
      readonly merkleRoot: string;
      readonly leafIndex: number;
    }
  | {
      readonly verified: false;
      readonly reason: 'pending' | 'rejected' | 'not-on-ledger' | 'root-mismatch' | 'proof-failed' | 'ledger-unavailable';
      readonly detail: string;
    };

/** Plain-language reasons, for the page and for API clients alike. */
export const VERIFICATION_REASONS: Readonly<Record<Exclude<VerificationOutcome, { verified: true }>['reason'], string>> = {
  pending: 'not yet anchored on the ledger (waiting for the next batch)',
  rejected: 'the ledger rejected this record',
  'not-on-ledger': 'the ledger has no record of this batch',
  'root-mismatch': 'the fingerprint on the ledger does not match this record',
  'proof-failed': 'this record is not part of the batch the ledger holds',
  'ledger-unavailable': 'the ledger could not be reached just now',
};

/**
 * Checks one event against the ledger itself, not only the database: the batch root the ledger
 * stores must equal the read model's, the ledger must list the event in that batch at the same leaf,
 * and the event's RFC 9162 inclusion proof (rebuilt from the batch's leaves) must verify against
 * the ledger's root. Batch lookups are memoised per verifier (one page or answer).
 */
export class LedgerVerifier {
  readonly #ledgerRoots = new Map<string, Promise<string | undefined>>();
  readonly #batches = new Map<string, Promise<StoredBatch | null>>();

  constructor(
    private readonly ledger: LedgerPort,
    private readonly reader: ReadModelReader,
  ) {}

  async verify(event: StoredEvent): Promise<VerificationOutcome> {
    if (event.status === 'pending') return { verified: false, reason: 'pending', detail: VERIFICATION_REASONS.pending };
    if (event.status === 'rejected')
      return {
        verified: false,
        reason: 'rejected',
        detail: `${VERIFICATION_REASONS.rejected}${event.rejectReason === null ? '' : `: ${event.rejectReason}`}`,
      };
    if (event.batchId === null || event.leafIndex === null || event.merkleRoot === null)
      return { verified: false, reason: 'pending', detail: VERIFICATION_REASONS.pending };
    let ledgerRoot: string | undefined;
    let anchored: Awaited<ReturnType<LedgerPort['isAnchored']>>;
    try {
      [ledgerRoot, anchored] = await Promise.all([this.ledgerRoot(event.batchId), this.ledger.isAnchored(event.hashId)]);
    } catch {
      return { verified: false, reason: 'ledger-unavailable', detail: VERIFICATION_REASONS['ledger-unavailable'] };
    }
    if (ledgerRoot === undefined || anchored === undefined)
      return { verified: false, reason: 'not-on-ledger', detail: VERIFICATION_REASONS['not-on-ledger'] };
    if (ledgerRoot !== event.merkleRoot || anchored.batchId !== event.batchId)
      return { verified: false, reason: 'root-mismatch', detail: VERIFICATION_REASONS['root-mismatch'] };
    const batch = await this.batch(event.batchId);
    if (batch === null || anchored.leafIndex !== event.leafIndex || event.leafIndex >= batch.leaves.length) {
      return { verified: false, reason: 'proof-failed', detail: VERIFICATION_REASONS['proof-failed'] };
    }
    const proof = MerkleTree.fromLeaves(batch.leaves).proof(event.leafIndex);
    if (!verifyInclusion(event.hashId, proof, ledgerRoot))
      return { verified: false, reason: 'proof-failed', detail: VERIFICATION_REASONS['proof-failed'] };
    return {
      verified: true,
      txId: anchored.txId,
      blockNumber: event.blockNumber ?? batch.blockNumber,
      batchId: event.batchId,
      merkleRoot: ledgerRoot,
      leafIndex: event.leafIndex,
    };
  }

  private ledgerRoot(batchId: string): Promise<string | undefined> {
    let known = this.#ledgerRoots.get(batchId);
    if (known === undefined) {
      known = this.ledger.getBatch(batchId).then((b) => b?.merkleRoot);
      this.#ledgerRoots.set(batchId, known);
    }
    return known;
  }

  private batch(batchId: string): Promise<StoredBatch | null> {
    let known = this.#batches.get(batchId);
    if (known === undefined) {
      known = this.reader.getBatch(batchId);
      this.#batches.set(batchId, known);
    }
    return known;
  }
}
