import { eventHashId, merkleRootHex } from '@lotledger/domain';
import type { LedgerPort } from '@lotledger/ledger';
import { projectCapturedEvent, storedObjectState } from '@lotledger/platform';
import type { AnchoredEvent, ObjectState, ReadModelStore } from '@lotledger/store';

export type EpcisEventJson = Readonly<Record<string, unknown>>;

export interface SeededBatch {
  readonly batchId: string;
  readonly txId: string;
  readonly blockNumber: number;
  readonly hashIds: readonly string[];
  readonly rejected: readonly { readonly hashId: string; readonly code: string }[];
}

/**
 * Anchors events on the ledger as `submitterMsp` and writes the outcome to the read model the way the
 * anchor service does (one batch, one transaction) — through the ports only, for tests.
 */
export async function anchorEvents(
  ledger: LedgerPort,
  store: ReadModelStore,
  submitterMsp: string,
  events: readonly EpcisEventJson[],
  context?: unknown,
): Promise<SeededBatch> {
  const receivedAt = new Date().toISOString();
  const projected = events.map((event) =>
    projectCapturedEvent({ hashId: eventHashId(event, context), captureId: null, submitterMsp, receivedAt, event }),
  );
  const hashIds = projected.map((p) => p.message.hashId);
  const result = await ledger.anchorBatch(submitterMsp, { merkleRoot: merkleRootHex(hashIds), events: projected.map((p) => p.ledger) });
  const accepted = new Set([...result.accepted, ...result.alreadyAnchored]);
  const anchored: AnchoredEvent[] = projected.map((p, leafIndex) => {
    const rejection = result.rejected.find((r) => r.hashId === p.message.hashId);
    return {
      ...p.record,
      status: accepted.has(p.message.hashId) ? 'anchored' : 'rejected',
      leafIndex,
      rejectCode: rejection?.code ?? null,
      rejectReason: rejection?.reason ?? null,
    };
  });
  await store.applyAnchoredBatch({
    batch: {
      id: result.batchId,
      merkleRoot: result.merkleRoot,
      txId: result.txId,
      blockNumber: result.blockNumber,
      submitterMsp,
      eventCount: events.length,
      accepted: result.accepted.length,
      rejected: result.rejected.length,
      anchoredAt: result.txTime,
    },
    events: anchored,
    objectStates: result.objects.map((o) => storedObjectState(o, result.txTime)),
    edges: projected.filter((p) => accepted.has(p.message.hashId)).flatMap((p) => p.edges),
  });
  return {
    batchId: result.batchId,
    txId: result.txId,
    blockNumber: result.blockNumber,
    hashIds,
    rejected: result.rejected.map((r) => ({ hashId: r.hashId, code: r.code })),
  };
}

/**
 * Sets a recall or quarantine hold on the ledger and mirrors the resulting object state into the
 * read model (the pipeline has no hold projection yet, so tests write the row the way it will).
 */
export async function placeHold(
  ledger: LedgerPort,
  store: ReadModelStore,
  callerMsp: string,
  objectId: string,
  kind: 'recall' | 'quarantine',
  reason: string,
): Promise<ObjectState> {
  const state = storedObjectState(await ledger.setHold(callerMsp, { objectId, kind, reason }), new Date().toISOString());
  await store.unsafeTransaction((tx) =>
    tx.query('UPDATE objects SET status = $2, holds = $3::jsonb, updated_at = $4 WHERE id = $1', [
      state.id,
      state.status,
      JSON.stringify(state.holds),
      state.updatedAt,
    ]),
  );
  return state;
}
