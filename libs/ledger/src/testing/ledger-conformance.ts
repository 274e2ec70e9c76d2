import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerRejectedError, MerkleRootMismatchError } from '../ledger-errors.js';
import type { AnchorResult, EventFacts, LedgerPort } from '../ledger.port.js';
import { TraceFixtures, type TraceParties } from './trace-fixtures.js';

export interface LedgerConformanceOptions {
  /** Opens the adapter under test (once for the suite). */
  readonly open: () => Promise<LedgerPort>;
  /** The MSP ids the adapter may submit as: one regulator and two industry organisations. */
  readonly parties: TraceParties;
}

function verdict(result: AnchorResult, event: EventFacts): string | undefined {
  if (result.accepted.includes(event.hashId)) return 'ACCEPTED';
  if (result.alreadyAnchored.includes(event.hashId)) return 'ALREADY_ANCHORED';
  return result.rejected.find((r) => r.hashId === event.hashId)?.code;
}

/**
 * The one behaviour every LedgerPort adapter must show. Object ids and hash IDs are unique per
 * run, so the suite can run again against a ledger whose state persists (a Fabric network).
 */
export function describeLedgerConformance(name: string, options: LedgerConformanceOptions): void {
  describe(`LedgerPort conformance: ${name}`, () => {
    let ledger: LedgerPort;
    const f = new TraceFixtures(options.parties, randomBytes(6).toString('hex'));
    const { regulator: R, manufacturer: M, distributor: D } = options.parties;
    const anchor = (msp: string, ...events: EventFacts[]): Promise<AnchorResult> => ledger.anchorBatch(msp, f.batch(events));

    beforeAll(async () => {
      ledger = await options.open();
      // Bootstrap once: the regulator registers itself if the ledger has none yet, then the others.
      if ((await ledger.getOrganization(R)) === undefined) await ledger.registerOrganization(R, f.organization('regulator'));
      await ledger.registerOrganization(R, f.organization('manufacturer'));
      await ledger.registerOrganization(R, f.organization('distributor'));
    });

    afterAll(async () => {
      await ledger.close();
    });

    it('reports itself healthy', async () => {
      expect((await ledger.health()).ok).toBe(true);
    });

    it('reads back the registered organisations', async () => {
      expect(await ledger.getOrganization(M)).toMatchObject({
        mspId: M,
        role: 'manufacturer',
        companyPrefixes: [f.prefixOf('manufacturer')],
      });
      expect(await ledger.getOrganization(`Unknown${f.runId}MSP`)).toBeUndefined();
    });

    it('anchors a batch and answers for its batch record, its events and its objects', async () => {
      const items = [f.item(), f.item(), f.item()];
      const events = [f.commission('manufacturer', [items[0] ?? '']), f.commission('manufacturer', [items[1] ?? '', items[2] ?? ''])];
      const batch = f.batch(events);
      const result = await ledger.anchorBatch(M, batch);
      expect(result).toMatchObject({
        batchId: batch.merkleRoot,
        merkleRoot: batch.merkleRoot,
        submitter: M,
        replayed: false,
        rejected: [],
        alreadyAnchored: [],
      });
      expect(result.accepted).toEqual(events.map((e) => e.hashId));
      expect(result.txId).toMatch(/^[0-9a-f]{64}$/);
      expect(result.blockNumber).toBeGreaterThanOrEqual(0);
      expect(await ledger.getBatch(batch.merkleRoot)).toMatchObject({
        merkleRoot: batch.merkleRoot,
        count: 2,
        accepted: result.accepted,
        submitter: M,
        txId: result.txId,
        hashIds: events.map((e) => e.hashId),
      });
      expect(await ledger.isAnchored(events[1]?.hashId ?? '')).toEqual({
        hashId: events[1]?.hashId,
        batchId: batch.merkleRoot,
        leafIndex: 1,
        txId: result.txId,
      });
      expect(await ledger.getObject(items[2] ?? '')).toMatchObject({ status: 'active', custodian: M, lastEventHash: events[1]?.hashId });
    });

    it('answers the resulting states of the objects a batch changed, and reads them back on a replay', async () => {
      const items = [f.item(), f.item()];
      const batch = f.batch([f.commission('manufacturer', items)]);
      const result = await ledger.anchorBatch(M, batch);
      expect(result.objects.map((o) => o.id).sort()).toEqual([...items].sort());
      expect(result.objects.every((o) => o.status === 'active' && o.custodian === M && o.updatedTxId === result.txId)).toBe(true);
      const replay = await ledger.anchorBatch(M, batch);
      expect(replay.replayed).toBe(true);
      expect([...replay.objects].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
        [...result.objects].sort((a, b) => a.id.localeCompare(b.id)),
      );
    });

    it('answers the states of more changed objects than one GetObjects call reads, in id order', async () => {
      // 1,200 > both chunk sizes (Fabric 500, embedded 1,000): the states come back in several calls.
      const items = Array.from({ length: 1200 }, () => f.item());
      const batch = f.batch([0, 400, 800].map((start) => f.commission('manufacturer', items.slice(start, start + 400))));
      const result = await ledger.anchorBatch(M, batch);
      expect(result.accepted).toHaveLength(3);
      expect(result.objects.map((o) => o.id)).toEqual([...items].sort());
      expect(result.objects.every((o) => o.custodian === M && o.updatedTxId === result.txId)).toBe(true);
    });

    it('answers undefined for what it does not know', async () => {
      expect(await ledger.getBatch('0'.repeat(64))).toBeUndefined();
      expect(await ledger.getObject(f.item())).toBeUndefined();
      expect(await ledger.isAnchored(f.hashId())).toBeUndefined();
    });

    it('refuses a batch whose Merkle root is not the root of its hash IDs', async () => {
      const events = [f.commission('manufacturer', [f.item()])];
      const error = await ledger.anchorBatch(M, { merkleRoot: 'ab'.repeat(32), events }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MerkleRootMismatchError);
      expect(await ledger.isAnchored(events[0]?.hashId ?? '')).toBeUndefined();
    });

    it('rejects a bad event alone and anchors the rest of its batch', async () => {
      const heldByManufacturer = f.item();
      await anchor(M, f.commission('manufacturer', [heldByManufacturer]));
      const good = f.commission('distributor', [f.item()]);
      const bad = f.ship('distributor', [heldByManufacturer], 'manufacturer');
      const result = await anchor(D, good, bad);
      expect(result.rejected).toEqual([expect.objectContaining({ hashId: bad.hashId, code: 'NOT_CUSTODIAN' })]);
      expect(result.accepted).toEqual([good.hashId]);
    });

    it('is idempotent: a replayed batch returns its record, an anchored event is ignored', async () => {
      const first = f.commission('manufacturer', [f.item()]);
      const batch = f.batch([first]);
      const original = await ledger.anchorBatch(M, batch);
      const replay = await ledger.anchorBatch(M, batch);
      expect(replay).toMatchObject({ replayed: true, txId: original.txId, blockNumber: original.blockNumber, accepted: [first.hashId] });
      const second = f.commission('manufacturer', [f.item()]);
      const mixed = await anchor(M, first, second);
      expect([verdict(mixed, first), verdict(mixed, second)]).toEqual(['ALREADY_ANCHORED', 'ACCEPTED']);
    });

    it('evaluates a retry attempt alone again instead of replaying the earlier batch with the same leaves', async () => {
      const item = f.item();
      await anchor(M, f.commission('manufacturer', [item]));
      // The receipt reaches the ledger before its shipment: refused, and its batch record stored.
      const receipt = f.receive('distributor', [item], 'manufacturer');
      const early = await anchor(D, receipt);
      expect(verdict(early, receipt)).toBe('NOT_IN_TRANSIT');
      await anchor(M, f.ship('manufacturer', [item], 'distributor'));
      // The same single leaf again: without an attempt it is that batch (a replay); with one, a new batch.
      expect(await anchor(D, receipt)).toMatchObject({ replayed: true, txId: early.txId });
      const retry = await ledger.anchorBatch(D, { ...f.batch([receipt]), attempt: 1 });
      expect(retry).toMatchObject({ replayed: false, accepted: [receipt.hashId], merkleRoot: early.merkleRoot });
      expect(retry.batchId).not.toBe(early.batchId);
      expect(await ledger.isAnchored(receipt.hashId)).toMatchObject({ batchId: retry.batchId, leafIndex: 0, txId: retry.txId });
      expect(await ledger.getBatch(retry.batchId)).toMatchObject({ attempt: 1, merkleRoot: early.merkleRoot, accepted: [receipt.hashId] });
      // The retry itself is idempotent under its own identity.
      expect(await ledger.anchorBatch(D, { ...f.batch([receipt]), attempt: 1 })).toMatchObject({ replayed: true, txId: retry.txId });
      expect(await ledger.getObject(item)).toMatchObject({ custodian: D });
    });

    it('refuses a retry attempt that is not a positive integer', async () => {
      const batch = f.batch([f.commission('manufacturer', [f.item()])]);
      for (const attempt of [0, -1, 1.5, 100_000])
        await expect(ledger.anchorBatch(M, { ...batch, attempt })).rejects.toBeInstanceOf(LedgerRejectedError);
    });

    it('moves custody from shipper to the named receiver only', async () => {
      const item = f.item();
      await anchor(M, f.commission('manufacturer', [item]), f.ship('manufacturer', [item], 'distributor'));
      const wrong = f.receive('regulator', [item], 'manufacturer');
      expect(verdict(await anchor(R, wrong), wrong)).toBe('WRONG_RECEIVER');
      const right = f.receive('distributor', [item], 'manufacturer');
      expect(verdict(await anchor(D, right), right)).toBe('ACCEPTED');
      expect(await ledger.getObject(item)).toMatchObject({ custodian: D, status: 'active' });
      const history = await ledger.getObjectHistory(item);
      expect(history.map((h) => h.state?.custodian)).toEqual([D, M]);
      expect(history[0]?.state?.lastEventHash).toBe(right.hashId);
    });

    it('holds a recalled object until whoever set the hold releases it', async () => {
      const item = f.item();
      await anchor(M, f.commission('manufacturer', [item]));
      expect((await ledger.setHold(R, { objectId: item, kind: 'recall', reason: 'contamination' })).holds).toMatchObject([
        { kind: 'recall', setBy: R },
      ]);
      const ship = f.ship('manufacturer', [item], 'distributor');
      expect(verdict(await anchor(M, ship), ship)).toBe('OBJECT_ON_HOLD');
      const error = await ledger.releaseHold(M, { objectId: item, kind: 'recall' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LedgerRejectedError);
      expect((error as LedgerRejectedError).reason).toBe('NOT_HOLD_SETTER');
      expect((await ledger.releaseHold(R, { objectId: item, kind: 'recall' })).holds).toEqual([]);
      const again = f.ship('manufacturer', [item], 'distributor');
      expect(verdict(await anchor(M, again), again)).toBe('ACCEPTED');
    });

    it('gives concurrent batches on the same object MVCC semantics: one commissioning wins', async () => {
      const item = f.item();
      const results = await Promise.all([
        anchor(M, f.commission('manufacturer', [item])),
        anchor(M, f.commission('manufacturer', [item])),
        anchor(M, f.commission('manufacturer', [item])),
      ]);
      expect(results.flatMap((r) => r.accepted)).toHaveLength(1);
      expect(results.flatMap((r) => r.rejected.map((x) => x.code))).toEqual(['ALREADY_COMMISSIONED', 'ALREADY_COMMISSIONED']);
    });

    it('pages through objects with a bookmark', async () => {
      await anchor(M, f.commission('manufacturer', [f.item(), f.item(), f.item()]));
      const first = await ledger.listObjects(2);
      expect(first.records).toHaveLength(2);
      expect(first.bookmark).not.toBe('');
      const second = await ledger.listObjects(2, first.bookmark);
      expect(second.records.length).toBeGreaterThan(0);
      expect(second.records.map((o) => o.id)).not.toContain(first.records[0]?.id);
      expect((await ledger.listBatches(1)).records).toHaveLength(1);
    });

    it('refuses organisation registration by a non-regulator', async () => {
      const error = await ledger.registerOrganization(M, f.organization('distributor')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LedgerRejectedError);
      expect((error as LedgerRejectedError).reason).toBe('FORBIDDEN');
    });
  });
}
