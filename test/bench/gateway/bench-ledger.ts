import pg from 'pg';
import type { AnchorRecord, BatchRecord, LedgerHealth, LedgerPort } from '@lotledger/ledger';

function notInBench(what: string): never {
  throw new Error(`the gateway bench ledger answers reads of generated batches only (${what} is not part of the bench)`);
}

/**
 * The ledger as the gateway bench sees it: batches and anchor records read from the generated store
 * (whose Merkle roots are real), each remembered once read — ledger records never change once written.
 * It stands in for a ledger that answers instantly, so the figures measure the gateway and the read
 * model, not Fabric's query latency; the verifier still runs every check and the whole inclusion proof.
 */
export class BenchLedger implements LedgerPort {
  readonly #pool: pg.Pool;
  readonly #batches = new Map<string, Promise<BatchRecord | undefined>>();
  readonly #anchors = new Map<string, Promise<AnchorRecord | undefined>>();

  constructor(url: string) {
    this.#pool = new pg.Pool({ connectionString: url, max: 2 });
  }

  getBatch(batchId: string): Promise<BatchRecord | undefined> {
    let known = this.#batches.get(batchId);
    if (known === undefined) {
      known = this.#pool
        .query<{ merkle_root: string; leaves: string[]; submitter_msp: string; tx_id: string; anchored_at: Date }>(
          'SELECT merkle_root, leaves, submitter_msp, tx_id, anchored_at FROM batches WHERE id = $1',
          [batchId],
        )
        .then(({ rows: [row] }) =>
          row === undefined
            ? undefined
            : {
                batchId,
                merkleRoot: row.merkle_root,
                count: row.leaves.length,
                hashIds: row.leaves,
                accepted: row.leaves,
                rejected: [],
                alreadyAnchored: [],
                submitter: row.submitter_msp,
                txId: row.tx_id,
                txTime: row.anchored_at.toISOString(),
              },
        );
      this.#batches.set(batchId, known);
    }
    return known;
  }

  isAnchored(hashId: string): Promise<AnchorRecord | undefined> {
    let known = this.#anchors.get(hashId);
    if (known === undefined) {
      known = this.#pool
        .query<{ batch_id: string; leaf_index: number; tx_id: string }>(
          `SELECT batch_id, leaf_index, tx_id FROM events WHERE hash_id = $1 AND status = 'anchored'`,
          [hashId],
        )
        .then(({ rows: [row] }) =>
          row === undefined ? undefined : { hashId, batchId: row.batch_id, leafIndex: row.leaf_index, txId: row.tx_id },
        );
      this.#anchors.set(hashId, known);
    }
    return known;
  }

  health(): Promise<LedgerHealth> {
    return Promise.resolve({ ok: true, kind: 'embedded', detail: 'gateway bench ledger (generated batches)' });
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }

  anchorBatch(): never {
    return notInBench('anchorBatch');
  }
  getObject(): never {
    return notInBench('getObject');
  }
  getObjectHistory(): never {
    return notInBench('getObjectHistory');
  }
  registerOrganization(): never {
    return notInBench('registerOrganization');
  }
  getOrganization(): never {
    return notInBench('getOrganization');
  }
  setHold(): never {
    return notInBench('setHold');
  }
  releaseHold(): never {
    return notInBench('releaseHold');
  }
  listObjects(): never {
    return notInBench('listObjects');
  }
  listBatches(): never {
    return notInBench('listBatches');
  }
}
