import { canonicalObjectId } from '@lotledger/domain';
import type { QueryRunner } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SqlSession } from '../database/sql-session.port.js';
import { InvalidCursorError } from '../query/event-cursor.js';
import { WritePathIndexes1764000000003 } from '../migrations/1764000000003-write-path-indexes.migration.js';
import type { ReadModelStore } from '../read-model-store.js';
import type { AnchoredEvent, GenealogyEdge } from '../ports/read-model.types.js';
import { registerAlertConformance } from './alert-conformance.js';
import { fixtureBatch, fixtureEvent, hashIdOf, objectState, sgtin } from './read-model-fixtures.js';

export interface ConformanceStore {
  readonly store: ReadModelStore;
  /** Closes the store and removes whatever the factory created (temp dir, schema). */
  dispose(): Promise<void>;
}

const TABLES = ['events', 'event_objects', 'objects', 'genealogy_edges', 'batches', 'capture_jobs', 'capture_job_events'] as const;
const OPEN_TIMEOUT_MS = 120_000;
const ALL_TABLES = [...TABLES, 'organisations', 'products', 'locations', 'alerts'];

async function rowCounts(store: ReadModelStore): Promise<Record<string, number>> {
  return store.unsafeTransaction(async (tx) => {
    const counts: Record<string, number> = {};
    for (const table of TABLES) {
      const [row] = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      counts[table] = row?.n ?? -1;
    }
    return counts;
  });
}

function shipment(label: string, serials: readonly number[], status: 'anchored' | 'rejected' = 'anchored'): AnchoredEvent {
  return fixtureEvent({
    label,
    bizStep: 'shipping',
    objects: serials.map((s) => ({ objectId: sgtin(s), role: 'epc' as const })),
    status,
    ...(status === 'rejected' ? { rejectCode: 'CUSTODY_VIOLATION', rejectReason: 'Org1MSP is not the custodian of the object' } : {}),
  });
}

/**
 * Registers the read-model conformance tests. Every adapter shape (PGlite, PostgreSQL) runs this same
 * suite, so the embedded store cannot drift from the real one. `open` must return a fresh, migrated store;
 * it is opened once for the suite and emptied before each test (opening PGlite costs seconds).
 */
export function registerReadModelConformance(shape: string, open: () => Promise<ConformanceStore>): void {
  describe(`read model conformance (${shape})`, () => {
    let handle: ConformanceStore;
    let store: ReadModelStore;

    // Opening PGlite runs initdb + migrations: seconds on a busy machine, so hooks get a generous limit.
    beforeAll(async () => {
      handle = await open();
      store = handle.store;
    }, OPEN_TIMEOUT_MS);

    afterAll(async () => {
      await handle.dispose();
    }, OPEN_TIMEOUT_MS);

    beforeEach(async () => {
      await store.unsafeTransaction((tx) => tx.query(`TRUNCATE ${ALL_TABLES.join(', ')}`));
    });

    describe('applyAnchoredBatch', () => {
      it('stores each event with its batch, tx id, block, leaf index and Merkle root', async () => {
        const batch = fixtureBatch('batch-1', [shipment('e1', [1]), shipment('e2', [2]), shipment('e3', [3], 'rejected')]);
        const result = await store.applyAnchoredBatch(batch);
        expect(result).toEqual({ eventsChanged: 3, edgesInserted: 0, batchInserted: true });
        const second = await store.getEvent(hashIdOf('e2'));
        expect(second).toMatchObject({
          status: 'anchored',
          batchId: 'batch-1',
          txId: batch.batch.txId,
          blockNumber: 42,
          leafIndex: 1,
          merkleRoot: batch.batch.merkleRoot,
          bizStep: 'shipping',
          eventTime: '2026-03-01T10:00:00.000Z',
        });
        const rejected = await store.getEvent(hashIdOf('e3'));
        expect(rejected).toMatchObject({
          status: 'rejected',
          rejectCode: 'CUSTODY_VIOLATION',
          rejectReason: 'Org1MSP is not the custodian of the object',
        });
        const byEventId = await store.getEvent(second?.eventId ?? 'missing');
        expect(byEventId?.hashId).toBe(hashIdOf('e2'));
        const stored = await store.getBatch('batch-1');
        expect(stored?.leaves).toEqual([hashIdOf('e1'), hashIdOf('e2'), hashIdOf('e3')]);
        expect(stored).toMatchObject({ accepted: 2, rejected: 1, eventCount: 3, anchoredAt: '2026-03-02T00:00:01.000Z' });
      });

      it('keeps every leaf of a batch, also one an earlier batch anchored, so its proofs rebuild the root', async () => {
        await store.applyAnchoredBatch(fixtureBatch('batch-1', [shipment('e1', [1]), shipment('e2', [2])]));
        // batch-2's leaves are [e2, e4]; e2 was anchored by batch-1 already and keeps that batch.
        const second = fixtureBatch('batch-2', [shipment('e4', [4])]);
        await store.applyAnchoredBatch({
          ...second,
          batch: { ...second.batch, leaves: [hashIdOf('e2'), hashIdOf('e4')], eventCount: 2 },
          events: second.events.map((e) => ({ ...e, leafIndex: 1 })),
        });
        expect((await store.getBatch('batch-2'))?.leaves).toEqual([hashIdOf('e2'), hashIdOf('e4')]);
        expect(await store.getEvent(hashIdOf('e2'))).toMatchObject({ batchId: 'batch-1', leafIndex: 1 });
        expect(await store.getEvent(hashIdOf('e4'))).toMatchObject({ batchId: 'batch-2', leafIndex: 1 });
        // A batch written without leaves (before they were kept) still answers them from its events.
        expect((await store.getBatch('batch-1'))?.leaves).toEqual([hashIdOf('e1'), hashIdOf('e2')]);
      });

      it('keeps text and JSON exactly through the bulk path (quotes, backslashes, braces, commas, non-ASCII, "NULL")', async () => {
        const tricky = 'a "quoted" \\ back\\slash {brace} [x] , comma Stahlwerk Duisburg – 鋼 😀 NULL';
        const event = fixtureEvent({
          label: 'tricky',
          extra: { 'example:note': tricky },
          readPoint: tricky,
          disposition: 'NULL',
          status: 'rejected',
          rejectCode: 'X',
          rejectReason: tricky,
        });
        await store.applyAnchoredBatch(fixtureBatch('batch-json', [event]));
        const stored = await store.getEvent(event.hashId);
        expect(stored?.event).toEqual(event.event);
        expect(stored).toMatchObject({ readPoint: tricky, rejectReason: tricky, disposition: 'NULL' });
      });

      it('changes nothing and doubles nothing when the same batch is replayed', async () => {
        const edges: GenealogyEdge[] = [{ parentId: sgtin(100), childId: sgtin(1), kind: 'aggregation', hashId: hashIdOf('e1') }];
        const batch = fixtureBatch('batch-r', [shipment('e1', [1, 2]), shipment('e2', [3])], {
          objectStates: [objectState(sgtin(1), 'Org1MSP')],
          edges,
        });
        await store.applyAnchoredBatch(batch);
        const before = await rowCounts(store);
        const replay = await store.applyAnchoredBatch(batch);
        expect(replay).toEqual({ eventsChanged: 0, edgesInserted: 0, batchInserted: false });
        expect(await rowCounts(store)).toEqual(before);
        expect(before).toMatchObject({ events: 2, event_objects: 3, objects: 1, genealogy_edges: 1, batches: 1 });
      });

      it('leaves nothing behind when a statement fails mid-batch (one transaction)', async () => {
        const badEdge = { parentId: 'a', childId: 'b', kind: 'not-a-kind', hashId: hashIdOf('e1') } as unknown as GenealogyEdge;
        const batch = fixtureBatch('batch-bad', [shipment('e1', [1])], {
          objectStates: [objectState(sgtin(1), 'Org1MSP')],
          edges: [badEdge],
        });
        await expect(store.applyAnchoredBatch(batch)).rejects.toThrow();
        expect(await rowCounts(store)).toEqual({
          events: 0,
          event_objects: 0,
          objects: 0,
          genealogy_edges: 0,
          batches: 0,
          capture_jobs: 0,
          capture_job_events: 0,
        });
      });

      it('writes the ledger batches of one delivery together, each event with its own batch, each result apart', async () => {
        const edge = { parentId: sgtin(1), childId: sgtin(9), kind: 'aggregation', hashId: hashIdOf('d1') } as GenealogyEdge;
        const first = fixtureBatch('delivery-1', [shipment('d1', [1]), shipment('d2', [2], 'rejected')], {
          objectStates: [objectState(sgtin(1), 'Org1MSP')],
          edges: [edge],
        });
        const second = {
          ...fixtureBatch('delivery-2', [shipment('d3', [3])], {
            submitterMsp: 'Org2MSP',
            objectStates: [objectState(sgtin(3), 'Org2MSP')],
          }),
        };
        const other = { ...second, batch: { ...second.batch, blockNumber: 43, leaves: [hashIdOf('d3')] } };
        const results = await store.applyAnchoredBatches([first, other]);
        expect(results).toEqual([
          { eventsChanged: 2, edgesInserted: 1, batchInserted: true },
          { eventsChanged: 1, edgesInserted: 0, batchInserted: true },
        ]);
        expect(await store.getEvent(hashIdOf('d2'))).toMatchObject({
          status: 'rejected',
          batchId: 'delivery-1',
          blockNumber: 42,
          leafIndex: 1,
        });
        expect(await store.getEvent(hashIdOf('d3'))).toMatchObject({
          status: 'anchored',
          batchId: 'delivery-2',
          blockNumber: 43,
          txId: other.batch.txId,
          leafIndex: 0,
        });
        expect(await store.getBatch('delivery-2')).toMatchObject({ submitterMsp: 'Org2MSP', leaves: [hashIdOf('d3')], eventCount: 1 });
        expect((await store.getObject(sgtin(3)))?.custodianMsp).toBe('Org2MSP');
        const counts = await rowCounts(store);
        expect(await store.applyAnchoredBatches([first, other])).toEqual([
          { eventsChanged: 0, edgesInserted: 0, batchInserted: false },
          { eventsChanged: 0, edgesInserted: 0, batchInserted: false },
        ]);
        expect(await rowCounts(store)).toEqual(counts);
      });

      it('writes nothing of a delivery when one of its batches fails', async () => {
        const badEdge = { parentId: 'a', childId: 'b', kind: 'not-a-kind', hashId: hashIdOf('f2') } as unknown as GenealogyEdge;
        const good = fixtureBatch('fine', [shipment('f1', [1])], { objectStates: [objectState(sgtin(1), 'Org1MSP')] });
        const bad = fixtureBatch('broken', [shipment('f2', [2])], { edges: [badEdge] });
        await expect(store.applyAnchoredBatches([good, bad])).rejects.toThrow();
        expect(Object.values(await rowCounts(store)).every((n) => n === 0)).toBe(true);
      });

      it('moves a pending event to its final status, and never back', async () => {
        const event = shipment('p1', [7]);
        expect(await store.insertPending([event])).toBe(1);
        expect((await store.getEvent(event.hashId))?.status).toBe('pending');
        expect((await store.applyAnchoredBatch(fixtureBatch('batch-p', [event]))).eventsChanged).toBe(1);
        expect(await store.insertPending([event])).toBe(0);
        expect(await store.getEvent(event.hashId)).toMatchObject({ status: 'anchored', batchId: 'batch-p' });
      });

      it('tells the final status of events by hash ID, leaving pending and unknown ones out', async () => {
        const [pending, anchored, rejected] = [shipment('s1', [21]), shipment('s2', [22]), shipment('s3', [23], 'rejected')];
        await store.insertPending([pending, anchored, rejected]);
        await store.applyAnchoredBatch(fixtureBatch('batch-s', [anchored, rejected]));
        const decided = await store.decidedStatuses([pending.hashId, anchored.hashId, rejected.hashId, hashIdOf('never-seen')]);
        expect(Object.fromEntries(decided)).toEqual({ [anchored.hashId]: 'anchored', [rejected.hashId]: 'rejected' });
        expect((await store.decidedStatuses([])).size).toBe(0);
      });

      it('does not let a later batch rewrite an event already final (a duplicate submitted again)', async () => {
        const event = shipment('d1', [8]);
        await store.applyAnchoredBatch(fixtureBatch('batch-first', [event]));
        const duplicate = { ...event, status: 'rejected' as const, rejectCode: 'DUPLICATE', rejectReason: 'already anchored' };
        const result = await store.applyAnchoredBatch(fixtureBatch('batch-second', [duplicate]));
        expect(result.eventsChanged).toBe(0);
        expect(await store.getEvent(event.hashId)).toMatchObject({ status: 'anchored', batchId: 'batch-first', rejectCode: null });
      });

      it('never lets an older object state overwrite a newer one', async () => {
        const id = sgtin(9);
        await store.applyAnchoredBatch(
          fixtureBatch('b-new', [shipment('o1', [9])], {
            objectStates: [objectState(id, 'Org2MSP', '2026-03-05T00:00:00.000Z', 'in_transit')],
          }),
        );
        await store.applyAnchoredBatch(
          fixtureBatch('b-old', [shipment('o2', [9])], { objectStates: [objectState(id, 'Org1MSP', '2026-03-01T00:00:00.000Z')] }),
        );
        expect(await store.getObject(id)).toMatchObject({
          custodianMsp: 'Org2MSP',
          status: 'in_transit',
          updatedAt: '2026-03-05T00:00:00.000Z',
        });
      });

      it('writes a hold changed outside a batch onto the object, and ignores an older state written after it', async () => {
        const id = sgtin(11);
        await store.applyAnchoredBatch(
          fixtureBatch('b-hold', [shipment('h1', [11])], { objectStates: [objectState(id, 'Org1MSP', '2026-03-01T00:00:00.000Z')] }),
        );
        const holds = [{ kind: 'recall', setBy: 'RegulatorMSP', reason: 'contamination', since: '2026-03-02T00:00:00.000Z' }];
        await store.upsertObjectStates([{ ...objectState(id, 'Org1MSP', '2026-03-02T00:00:00.000Z', 'recalled'), holds }]);
        await store.upsertObjectStates([objectState(id, 'Org1MSP', '2026-03-01T12:00:00.000Z')]);
        expect(await store.getObject(id)).toMatchObject({ status: 'recalled', holds, updatedAt: '2026-03-02T00:00:00.000Z' });
      });

      it('writes a multi-thousand-event batch in sub-batches', async () => {
        const events = Array.from({ length: 2500 }, (_, i) => shipment(`bulk-${i}`, [10_000 + i]));
        const result = await store.applyAnchoredBatch(fixtureBatch('batch-bulk', events));
        expect(result.eventsChanged).toBe(2500);
        expect((await rowCounts(store)).event_objects).toBe(2500);
      });
    });

    describe('serialised transactions', () => {
      it('reports a failed statement with its SQLSTATE, and the session goes on working', async () => {
        await expect(store.unsafeTransaction((tx) => tx.query(`SELECT 'not a number'::int AS n`))).rejects.toMatchObject({
          code: '22P02',
          message: expect.stringContaining('invalid input syntax for type integer') as unknown,
        });
        expect(await store.unsafeTransaction((tx) => tx.query<{ n: number }>(`SELECT 41 + 1 AS n`))).toEqual([{ n: 42 }]);
      });

      it('keeps a committed transaction when another one running at the same time rolls back', async () => {
        const failing = store.unsafeTransaction(async (tx) => {
          await tx.query(`INSERT INTO locations (gln, name, owner_msp) VALUES ($1, $2, $3)`, ['4012345000009', 'rolled back', 'Org1MSP']);
          await new Promise((resolve) => setTimeout(resolve, 50));
          throw new Error('deliberate failure');
        });
        const committing = store.unsafeTransaction(async (tx) => {
          await tx.query(`INSERT INTO locations (gln, name, owner_msp) VALUES ($1, $2, $3)`, ['4012345000016', 'committed', 'Org2MSP']);
        });
        const [a, b] = await Promise.allSettled([failing, committing]);
        expect(a.status).toBe('rejected');
        expect(b.status).toBe('fulfilled');
        expect(await store.getLocation('4012345000016')).toMatchObject({ name: 'committed' });
        expect(await store.getLocation('4012345000009')).toBeNull();
      });
    });

    describe('concurrent batches', () => {
      it('applies two batches at once that update the same objects in opposite orders (no deadlock, newest state wins)', async () => {
        const ids = Array.from({ length: 3000 }, (_, i) => sgtin(50_000 + i));
        const forward = fixtureBatch('conc-a', [shipment('conc-a', [1])], {
          objectStates: ids.map((id) => objectState(id, 'Org1MSP', '2026-03-01T00:00:00.000Z')),
        });
        const backward = fixtureBatch('conc-b', [shipment('conc-b', [2])], {
          objectStates: [...ids].reverse().map((id) => objectState(id, 'Org2MSP', '2026-03-02T00:00:00.000Z')),
        });
        await Promise.all([store.applyAnchoredBatch(forward), store.applyAnchoredBatch(backward)]);
        expect(await store.getObject(ids[0] ?? '')).toMatchObject({ custodianMsp: 'Org2MSP' });
        expect(await store.getObject(ids[ids.length - 1] ?? '')).toMatchObject({ custodianMsp: 'Org2MSP' });
        expect((await rowCounts(store)).objects).toBe(3000);
      });
    });

    describe('capture jobs across concurrent batches', () => {
      it('closes a job whose events are anchored by two batches committing at the same time', async () => {
        for (let round = 0; round < 10; round++) {
          const id = `5a0c1d2e-3b4a-4c5d-8e9f-${String(round).padStart(12, '0')}`;
          const first = Array.from({ length: 300 }, (_, i) => shipment(`race-${String(round)}-a-${String(i)}`, [i]));
          const second = Array.from({ length: 300 }, (_, i) => shipment(`race-${String(round)}-b-${String(i)}`, [i]));
          await store.createCaptureJob({
            id,
            submitterMsp: 'Org1MSP',
            errorBehaviour: 'rollback',
            hashIds: [...first, ...second].map((e) => e.hashId),
          });
          await Promise.all([
            store.applyAnchoredBatch(fixtureBatch(`race-${String(round)}-a`, first)),
            store.applyAnchoredBatch(fixtureBatch(`race-${String(round)}-b`, second)),
          ]);
          expect(await store.getCaptureJob(id)).toMatchObject({ status: 'success', anchoredCount: 600 });
        }
      });
    });

    describe('genealogy', () => {
      // heat H → slabs S1, S2 → coils C1 (S1), C2 (S2) → part lot P (C1) ⊂ assembly A ⊂ vehicle V; X → Y → Z → X is a cycle.
      const H = 'urn:epc:class:lgtin:4012345.000001.HEAT1';
      const S1 = 'urn:epc:class:lgtin:4012345.000002.S1';
      const S2 = 'urn:epc:class:lgtin:4012345.000002.S2';
      const C1 = 'urn:epc:id:sgtin:4012345.000003.C1';
      const C2 = 'urn:epc:id:sgtin:4012345.000003.C2';
      const P = 'urn:epc:class:lgtin:4012345.000004.P1';
      const A = 'urn:epc:id:sgtin:4012345.000005.A1';
      const V = 'urn:epc:id:giai:4012345.VIN1';
      const [X, Y, Z] = ['urn:x', 'urn:y', 'urn:z'];
      const edge = (parentId: string, childId: string, kind: GenealogyEdge['kind'], label: string): GenealogyEdge => ({
        parentId,
        childId,
        kind,
        hashId: hashIdOf(label),
      });
      const edges: GenealogyEdge[] = [
        edge(H, S1, 'transformation', 'cast'),
        edge(H, S2, 'transformation', 'cast'),
        edge(S1, C1, 'transformation', 'roll1'),
        edge(S2, C2, 'transformation', 'roll2'),
        edge(C1, P, 'transformation', 'stamp'),
        edge(A, P, 'aggregation', 'assemble'),
        edge(V, A, 'aggregation', 'fit'),
        edge(X, Y, 'transformation', 'cx'),
        edge(Y, Z, 'transformation', 'cy'),
        edge(Z, X, 'transformation', 'cz'),
      ];

      beforeEach(async () => {
        const events = ['cast', 'roll1', 'roll2', 'stamp', 'assemble', 'fit', 'cx', 'cy', 'cz'].map((label) =>
          fixtureEvent({ label, type: label === 'assemble' || label === 'fit' ? 'AggregationEvent' : 'TransformationEvent' }),
        );
        const states = [
          objectState(P, 'PartsMSP'),
          objectState(A, 'AssemblyMSP'),
          objectState(V, 'DealerMSP', undefined, 'sold'),
          objectState(C1, 'SteelMSP'),
        ];
        await store.applyAnchoredBatch(fixtureBatch('genealogy', events, { edges, objectStates: states }));
      });

      it('walks downstream through transformations and into the containers that hold an item', async () => {
        const result = await store.trace(H, 'downstream', 10);
        const depths = Object.fromEntries(result.nodes.map((n) => [n.id, n.depth]));
        expect(depths).toEqual({ [H]: 0, [S1]: 1, [S2]: 1, [C1]: 2, [C2]: 2, [P]: 3, [A]: 4, [V]: 5 });
        expect(result.edges).toHaveLength(7);
        expect(result.eventHashes).toEqual(['cast', 'roll1', 'roll2', 'stamp', 'assemble', 'fit'].map(hashIdOf).sort());
        expect(result.truncated).toBe(false);
        expect(result.nodes.find((n) => n.id === V)).toMatchObject({
          direction: 'downstream',
          object: { custodianMsp: 'DealerMSP', status: 'sold' },
        });
      });

      it('walks upstream from a vehicle to the heat it was made from, and only that heat line', async () => {
        const result = await store.trace(V, 'upstream', 10);
        const depths = Object.fromEntries(result.nodes.map((n) => [n.id, n.depth]));
        expect(depths).toEqual({ [V]: 0, [A]: 1, [P]: 2, [C1]: 3, [S1]: 4, [H]: 5 });
      });

      it('walks both ways from the middle of the chain', async () => {
        const result = await store.trace(P, 'both', 10);
        const byId = Object.fromEntries(result.nodes.map((n) => [n.id, n.direction]));
        expect(byId).toEqual({ [P]: 'root', [C1]: 'upstream', [S1]: 'upstream', [H]: 'upstream', [A]: 'downstream', [V]: 'downstream' });
      });

      it('stops at the depth cap and says the result is truncated', async () => {
        const result = await store.trace(H, 'downstream', 2);
        expect(result.nodes.map((n) => n.id).sort()).toEqual([H, S1, S2, C1, C2].sort());
        expect(result.truncated).toBe(true);
        expect(result.edges).toHaveLength(4);
      });

      it('terminates on a cycle and reports each node once at its nearest depth', async () => {
        const result = await store.trace(X, 'downstream', 50);
        expect(result.nodes.map((n) => [n.id, n.depth])).toEqual([
          [X, 0],
          [Y, 1],
          [Z, 2],
        ]);
        expect(result.edges).toHaveLength(3);
        expect(result.truncated).toBe(false);
      });

      it('lists every object downstream of a bad coil with its custodian, and counts them by organisation', async () => {
        const impact = await store.recallImpact(C1);
        expect(impact.affected.map((a) => a.id)).toEqual([P, A, V]);
        expect(impact.affected[2]).toMatchObject({ custodianMsp: 'DealerMSP', status: 'sold', depth: 3 });
        expect(impact.byOrganisation).toEqual([
          { mspId: 'AssemblyMSP', count: 1 },
          { mspId: 'DealerMSP', count: 1 },
          { mspId: 'PartsMSP', count: 1 },
        ]);
      });

      it('returns just the root for an unknown object', async () => {
        const result = await store.trace('urn:epc:id:sgtin:0000000.000000.0', 'both', 5);
        expect(result.nodes).toEqual([{ id: 'urn:epc:id:sgtin:0000000.000000.0', depth: 0, direction: 'root', object: null }]);
        expect(result.edges).toEqual([]);
      });

      it("fingerprints a walk: a new edge touching a node or a node's new state changes it, other writes do not", async () => {
        const walk = await store.trace(H, 'downstream', 2);
        const ids = walk.nodes.map((n) => n.id);
        expect(walk.version).not.toBe('');
        expect(await store.genealogyVersion([...ids].reverse())).toBe(walk.version);
        await store.applyAnchoredBatch(
          fixtureBatch('elsewhere', [fixtureEvent({ label: 'elsewhere' })], {
            objectStates: [objectState('urn:epc:id:sgtin:4012345.000009.ZZ', 'OtherMSP')],
            edges: [edge(X, 'urn:w', 'transformation', 'elsewhere')],
          }),
        );
        expect(await store.genealogyVersion(ids)).toBe(walk.version);
        // C2 sits at the cap: a new edge out of it is past the walk's reach, yet it changes what the walk says (truncated).
        const P2 = 'urn:epc:class:lgtin:4012345.000004.P2';
        await store.applyAnchoredBatch(
          fixtureBatch('stamp2', [fixtureEvent({ label: 'stamp2', type: 'TransformationEvent' })], {
            edges: [edge(C2, P2, 'transformation', 'stamp2')],
          }),
        );
        const afterEdge = await store.genealogyVersion(ids);
        expect(afterEdge).not.toBe(walk.version);
        expect((await store.trace(H, 'downstream', 2)).version).toBe(afterEdge);
        await store.applyAnchoredBatch(
          fixtureBatch('handover', [fixtureEvent({ label: 'handover' })], {
            objectStates: [objectState(C1, 'PartsMSP', '2026-03-03T00:00:00.000Z')],
          }),
        );
        expect(await store.genealogyVersion(ids)).not.toBe(afterEdge);
      });

      it('says the genealogy is unchanged since a walk only until an object state or an edge is committed', async () => {
        const walk = await store.trace(H, 'downstream', 2);
        const asOf = walk.asOf ?? '';
        expect(asOf).not.toBe('');
        expect(await store.genealogyUnchangedSince(asOf)).toBe(true);
        // A pending event touches neither objects nor edges.
        await store.insertPending([fixtureEvent({ label: 'pending-only' })]);
        expect(await store.genealogyUnchangedSince(asOf)).toBe(true);
        // Any object state anywhere: the cheap question cannot tell whose, so it says "changed"…
        await store.applyAnchoredBatch(
          fixtureBatch('unrelated-state', [fixtureEvent({ label: 'unrelated-state' })], {
            objectStates: [objectState('urn:epc:id:sgtin:4012345.000009.YY', 'OtherMSP')],
          }),
        );
        expect(await store.genealogyUnchangedSince(asOf)).toBe(false);
        // …and the exact check, read with its own snapshot, says this walk still holds from there on.
        const exact = await store.genealogyVersionAsOf(walk.nodes.map((n) => n.id));
        expect(exact.version).toBe(walk.version);
        expect(await store.genealogyUnchangedSince(exact.asOf)).toBe(true);
        await store.applyAnchoredBatch(
          fixtureBatch('unrelated-edge', [fixtureEvent({ label: 'unrelated-edge', type: 'TransformationEvent' })], {
            edges: [
              edge('urn:epc:class:lgtin:4012345.000004.Q1', 'urn:epc:class:lgtin:4012345.000004.Q2', 'transformation', 'unrelated-edge'),
            ],
          }),
        );
        expect(await store.genealogyUnchangedSince(exact.asOf)).toBe(false);
        expect(await store.genealogyUnchangedSince('not a snapshot')).toBe(false);
      });

      it('never loses a change to pruning: a snapshot older than the pruned log is not answered from it', async () => {
        const before = (await store.trace(H, 'downstream', 2)).asOf ?? '';
        await store.applyAnchoredBatch(
          fixtureBatch('pruned-change', [fixtureEvent({ label: 'pruned-change' })], {
            objectStates: [objectState('urn:epc:id:sgtin:4012345.000009.XX', 'OtherMSP')],
          }),
        );
        await store.pruneGenealogyChanges();
        // The change's log row is gone, yet the answer for the older snapshot is still "changed".
        expect(await store.genealogyUnchangedSince(before)).toBe(false);
        const fresh = (await store.trace(H, 'downstream', 2)).asOf ?? '';
        expect(await store.genealogyUnchangedSince(fresh)).toBe(true);
      });
    });

    describe('EPCIS queries', () => {
      const lgtinClass = 'urn:epc:class:lgtin:4012345.012345.LOT7';
      const sscc = 'urn:epc:id:sscc:4012345.0000000001';
      // The pipeline stores every object id as its canonical GS1 Digital Link; queries name them either way.
      const dl = canonicalObjectId;
      beforeEach(async () => {
        const events = [
          fixtureEvent({
            label: 'q-commission',
            action: 'ADD',
            eventFields: { persistentDisposition: { set: ['completeness_inferred'] } },
            bizStep: 'commissioning',
            disposition: 'active',
            eventTime: '2026-01-01T08:00:00.000Z',
            recordTime: '2026-01-01T08:00:05.000Z',
            readPoint: 'urn:epc:id:sgln:4012345.00001.0',
            bizLocation: 'urn:epc:id:sgln:4012345.00001.0',
            objects: [{ objectId: dl(sgtin(1)), role: 'epc' }],
          }),
          fixtureEvent({
            label: 'q-pack',
            type: 'AggregationEvent',
            action: 'ADD',
            bizStep: 'packing',
            eventTime: '2026-01-02T08:00:00.000Z',
            recordTime: '2026-01-02T08:00:05.000Z',
            objects: [
              { objectId: dl(sscc), role: 'parent' },
              { objectId: dl(sgtin(1)), role: 'child' },
              { objectId: dl(lgtinClass), role: 'quantity_class', quantity: 12, uom: 'KGM' },
            ],
          }),
          fixtureEvent({
            label: 'q-ship',
            bizStep: 'shipping',
            eventFields: {
              persistentDisposition: { set: ['https://ref.gs1.org/cbv/Disp-completeness_verified'], unset: ['needs_replacement'] },
            },
            disposition: 'in_transit',
            eventTime: '2026-01-03T08:00:00.000Z',
            recordTime: '2026-01-03T08:00:05.000Z',
            readPoint: 'urn:epc:id:sgln:4012345.00002.0',
            objects: [{ objectId: dl(sscc), role: 'epc' }],
          }),
          fixtureEvent({
            label: 'q-transform',
            type: 'TransformationEvent',
            action: null,
            bizStep: 'commissioning',
            eventTime: '2026-01-04T08:00:00.000Z',
            recordTime: '2026-01-04T08:00:05.000Z',
            objects: [
              { objectId: dl(sgtin(2)), role: 'input' },
              { objectId: dl('urn:epc:class:lgtin:4012345.012345.IN9'), role: 'input', quantity: 5, uom: 'KGM' },
              { objectId: dl(sgtin(3, '054321')), role: 'output' },
            ],
          }),
        ];
        const anon = fixtureEvent({
          label: 'q-anon',
          bizStep: 'inspecting',
          eventTime: '2026-01-04T09:00:00.000Z',
          recordTime: '2026-01-04T09:00:05.000Z',
        });
        events.push({ ...anon, facts: { ...anon.facts, eventId: null } });
        await store.applyAnchoredBatch(fixtureBatch('q', events));
        await store.insertPending([
          fixtureEvent({
            label: 'q-pending',
            bizStep: 'receiving',
            eventTime: '2026-01-05T08:00:00.000Z',
            objects: [{ objectId: dl(sgtin(1)), role: 'epc' }],
          }),
        ]);
      });

      const labels = async (
        query: Parameters<ReadModelStore['queryEvents']>[0],
        statuses?: ('pending' | 'anchored' | 'rejected')[],
      ): Promise<string[]> => {
        const page = await store.queryEvents(query, statuses ? { statuses } : {});
        const names: Record<string, string> = Object.fromEntries(
          ['q-commission', 'q-pack', 'q-ship', 'q-transform', 'q-anon', 'q-pending'].map((l) => [hashIdOf(l), l]),
        );
        return page.events.map((e) => names[e.hashId] ?? e.hashId);
      };

      it('returns anchored events in event-time order and leaves pending ones out unless asked', async () => {
        expect(await labels({})).toEqual(['q-commission', 'q-pack', 'q-ship', 'q-transform', 'q-anon']);
        expect(await labels({}, ['pending'])).toEqual(['q-pending']);
      });

      it('filters by event type, action, business step, disposition, read point, location and event ID', async () => {
        expect(await labels({ eventType: ['AggregationEvent', 'TransformationEvent'] })).toEqual(['q-pack', 'q-transform']);
        expect(await labels({ EQ_action: ['ADD'] })).toEqual(['q-commission', 'q-pack']);
        expect(await labels({ EQ_bizStep: ['commissioning'] })).toEqual(['q-commission', 'q-transform']);
        expect(await labels({ EQ_disposition: ['in_transit'] })).toEqual(['q-ship']);
        expect(await labels({ EQ_readPoint: ['urn:epc:id:sgln:4012345.00002.0'] })).toEqual(['q-ship']);
        expect(await labels({ EQ_bizLocation: ['urn:epc:id:sgln:4012345.00001.0'] })).toEqual(['q-commission']);
        const pack = await store.getEvent(hashIdOf('q-pack'));
        expect(await labels({ EQ_eventID: [pack?.eventId ?? 'missing'] })).toEqual(['q-pack']);
      });

      it('filters by event time and record time ranges (GE inclusive, LT exclusive)', async () => {
        expect(await labels({ GE_eventTime: '2026-01-02T08:00:00.000Z', LT_eventTime: '2026-01-04T08:00:00.000Z' })).toEqual([
          'q-pack',
          'q-ship',
        ]);
        expect(await labels({ GE_recordTime: '2026-01-03T08:00:05Z' })).toEqual(['q-ship', 'q-transform', 'q-anon']);
        expect(await labels({ LT_recordTime: '2026-01-01T08:00:05.001Z' })).toEqual(['q-commission']);
      });

      it('matches EPCs by the field EPCIS names for each MATCH_ parameter', async () => {
        expect(await labels({ MATCH_epc: [sgtin(1)] })).toEqual(['q-commission', 'q-pack']);
        expect(await labels({ MATCH_parentID: [sscc] })).toEqual(['q-pack']);
        expect(await labels({ MATCH_inputEPC: [sgtin(2)] })).toEqual(['q-transform']);
        expect(await labels({ MATCH_outputEPC: [sgtin(2)] })).toEqual([]);
        expect(await labels({ MATCH_anyEPC: [sscc, sgtin(3, '054321')] })).toEqual(['q-pack', 'q-ship', 'q-transform']);
      });

      it('matches EPC URNs and Digital Links on any host against the canonical ids stored', async () => {
        expect(await labels({ MATCH_epc: ['https://brand.example.com/01/04012345123456/21/1?17=270101'] })).toEqual([
          'q-commission',
          'q-pack',
        ]);
        expect(await labels({ MATCH_parentID: ['https://id.gs1.org/00/040123450000000016'] })).toEqual(['q-pack']);
        expect(await labels({ MATCH_anyEPC: ['https://id.gs1.org/01/04012345123456/21/2'] })).toEqual(['q-transform']);
      });

      it('matches a one-GTIN idpat pattern against the Digital Links of its serialised items', async () => {
        expect(await labels({ MATCH_anyEPC: ['urn:epc:idpat:sgtin:4012345.012345.*'] })).toEqual(['q-commission', 'q-pack', 'q-transform']);
        expect(await labels({ MATCH_epc: ['urn:epc:idpat:sgtin:4012345.012345.*'] })).toEqual(['q-commission', 'q-pack']);
        expect(await labels({ MATCH_outputEPC: ['urn:epc:idpat:sgtin:4012345.054321.*'] })).toEqual(['q-transform']);
        // The LGTIN class in the inputQuantityList shares the input role but is no serialised item.
        expect(await labels({ MATCH_inputEPC: ['urn:epc:idpat:sgtin:4012345.012345.*'] })).toEqual(['q-transform']);
        expect(await labels({ MATCH_outputEPC: ['urn:epc:idpat:sgtin:4012345.012345.*'] })).toEqual([]);
      });

      it('matches nothing for a pattern with no GTIN prefix, and treats % and _ literally', async () => {
        expect(await labels({ MATCH_anyEPC: ['urn:epc:idpat:sgtin:4012345.*.*'] })).toEqual([]);
        expect(await labels({ MATCH_anyEPC: ['urn:epc:id:sgtin:4012345.%'] })).toEqual([]);
        expect(await labels({ MATCH_anyEPC: ['urn:epc:idpat:sgtin:4012345.0_2345.*'] })).toEqual([]);
        expect(await labels({ MATCH_anyEPC: ['https://id.gs1.org/01/0401234501234_/21/1', 'https://id.gs1.org/01/%'] })).toEqual([]);
      });

      it('matches classes by LGTIN class URN, Digital Link or one-GTIN pattern', async () => {
        expect(await labels({ MATCH_epcClass: [lgtinClass] })).toEqual(['q-pack']);
        expect(await labels({ MATCH_epcClass: ['https://id.gs1.org/01/04012345123456/10/LOT7'] })).toEqual(['q-pack']);
        expect(await labels({ MATCH_epcClass: ['urn:epc:idpat:sgtin:4012345.012345.*'] })).toEqual(['q-pack']);
        expect(await labels({ MATCH_epcClass: ['urn:epc:idpat:sgtin:4012345.054321.*'] })).toEqual([]);
        // MATCH_epcClass looks in quantityList and childQuantityList only, not input quantities.
        expect(await labels({ MATCH_epcClass: ['urn:epc:class:lgtin:4012345.012345.IN9'] })).toEqual([]);
      });

      it('matches MATCH_anyEPCClass in every quantity list, never serialised items', async () => {
        expect(await labels({ MATCH_anyEPCClass: ['urn:epc:class:lgtin:4012345.012345.IN9'] })).toEqual(['q-transform']);
        expect(await labels({ MATCH_anyEPCClass: ['urn:epc:idpat:sgtin:4012345.012345.*'] })).toEqual(['q-pack', 'q-transform']);
        expect(await labels({ MATCH_anyEPCClass: [sgtin(2)] })).toEqual([]);
      });

      it('finds an event without an eventID by its hash ID, as the gateway shows it', async () => {
        expect(await labels({ EQ_eventID: [hashIdOf('q-anon')] })).toEqual(['q-anon']);
        expect(await labels({ EQ_eventID: [hashIdOf('q-ship'), 'urn:uuid:00000000-0000-4000-8000-000000000000'] })).toEqual(['q-ship']);
      });

      it('filters by persistentDisposition.set whatever CBV spelling the event or the query uses', async () => {
        expect(await labels({ EQ_persistentDisposition_set: ['completeness_verified'] })).toEqual(['q-ship']);
        expect(await labels({ EQ_persistentDisposition_set: ['urn:epcglobal:cbv:disp:completeness_inferred'] })).toEqual(['q-commission']);
        expect(await labels({ EQ_persistentDisposition_set: ['completeness_inferred', 'completeness_verified'] })).toEqual([
          'q-commission',
          'q-ship',
        ]);
        // unset is not set.
        expect(await labels({ EQ_persistentDisposition_set: ['needs_replacement'] })).toEqual([]);
      });

      it('combines filters with AND', async () => {
        expect(await labels({ EQ_bizStep: ['commissioning'], MATCH_epc: [sgtin(1)] })).toEqual(['q-commission']);
      });
    });

    describe('keyset pagination', () => {
      it('pages through every event exactly once, ties on event time broken by hash ID', async () => {
        // Five events share each instant, so the cursor must break ties.
        const events = Array.from({ length: 25 }, (_, i) =>
          fixtureEvent({ label: `page-${i}`, eventTime: `2026-02-0${1 + Math.floor(i / 5)}T00:00:00.000Z` }),
        );
        await store.applyAnchoredBatch(fixtureBatch('pages', events));
        const seen: string[] = [];
        const sizes: number[] = [];
        let after: string | undefined;
        for (let guard = 0; guard < 10; guard++) {
          const page = await store.queryEvents({}, after === undefined ? { first: 10 } : { first: 10, after });
          sizes.push(page.events.length);
          seen.push(...page.events.map((e) => e.hashId));
          if (page.nextCursor === null) break;
          after = page.nextCursor;
        }
        expect(sizes).toEqual([10, 10, 5]);
        expect(new Set(seen).size).toBe(25);
        const expected = [...events]
          .sort((a, b) => a.facts.eventTime.localeCompare(b.facts.eventTime) || (a.hashId < b.hashId ? -1 : 1))
          .map((e) => e.hashId);
        expect(seen).toEqual(expected);
      });

      it('rejects a cursor it did not issue', async () => {
        await expect(store.queryEvents({}, { after: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidCursorError);
      });
    });

    describe('capture jobs', () => {
      const jobId = '7f0c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f';

      it('reports running with pending events, then partial with each event status once anchored', async () => {
        const events = [shipment('j1', [1]), shipment('j2', [2]), shipment('j3', [3], 'rejected')];
        await store.createCaptureJob({
          id: jobId,
          submitterMsp: 'Org1MSP',
          errorBehaviour: 'proceed',
          hashIds: events.map((e) => e.hashId),
        });
        await store.insertPending(events);
        const running = await store.getCaptureJob(jobId);
        expect(running).toMatchObject({ status: 'running', eventCount: 3, finishedAt: null, errorBehaviour: 'proceed' });
        expect(running?.events.map((e) => e.status)).toEqual(['pending', 'pending', 'pending']);
        await store.applyAnchoredBatch(fixtureBatch('job-batch', events));
        const done = await store.getCaptureJob(jobId);
        expect(done).toMatchObject({ status: 'partial', anchoredCount: 2, rejectedCount: 1 });
        expect(done?.finishedAt).not.toBeNull();
        expect(done?.events.map((e) => [e.ordinal, e.hashId, e.status])).toEqual([
          [0, hashIdOf('j1'), 'anchored'],
          [1, hashIdOf('j2'), 'anchored'],
          [2, hashIdOf('j3'), 'rejected'],
        ]);
        expect(done?.events[2]).toMatchObject({ rejectCode: 'CUSTODY_VIOLATION', batchId: 'job-batch' });
      });

      it('closes a job as success when all its events are anchored', async () => {
        const events = [shipment('s1', [1]), shipment('s2', [2])];
        await store.createCaptureJob({
          id: jobId,
          submitterMsp: 'Org1MSP',
          errorBehaviour: 'rollback',
          hashIds: events.map((e) => e.hashId),
        });
        await store.applyAnchoredBatch(fixtureBatch('job-ok', events));
        expect(await store.getCaptureJob(jobId)).toMatchObject({ status: 'success', anchoredCount: 2, rejectedCount: 0 });
      });

      it('closes a duplicate capture at once when its events are already anchored, and creating it twice is a no-op', async () => {
        const events = [shipment('dup1', [1])];
        await store.applyAnchoredBatch(fixtureBatch('dup-batch', events));
        const job = { id: jobId, submitterMsp: 'Org1MSP', errorBehaviour: 'rollback' as const, hashIds: events.map((e) => e.hashId) };
        await store.createCaptureJob(job);
        await store.createCaptureJob(job);
        const stored = await store.getCaptureJob(jobId);
        expect(stored).toMatchObject({ status: 'success', eventCount: 1 });
        expect(stored?.events).toHaveLength(1);
      });

      it('records a capture — its job and its events as pending with their objects — and recording it again adds nothing', async () => {
        const events = [shipment('r1', [1, 2]), shipment('r2', [3])];
        const job = { id: jobId, submitterMsp: 'Org1MSP', errorBehaviour: 'rollback' as const, hashIds: events.map((e) => e.hashId) };
        await store.recordCapture(job, events);
        const recorded = await store.getCaptureJob(jobId);
        expect(recorded).toMatchObject({ status: 'running', eventCount: 2 });
        expect(recorded?.events.map((e) => [e.hashId, e.status])).toEqual([
          [hashIdOf('r1'), 'pending'],
          [hashIdOf('r2'), 'pending'],
        ]);
        expect((await store.getEvent(hashIdOf('r1')))?.status).toBe('pending');
        const counts = await rowCounts(store);
        expect(counts).toMatchObject({ capture_jobs: 1, capture_job_events: 2, events: 2, event_objects: 3 });
        await store.recordCapture(job, events);
        expect(await rowCounts(store)).toEqual(counts);
        await store.applyAnchoredBatch(fixtureBatch('recorded', events));
        expect(await store.getCaptureJob(jobId)).toMatchObject({ status: 'success', anchoredCount: 2 });
      });

      it('records concurrent captures together, and a capture that cannot be written fails alone', async () => {
        const ids = [
          '11111111-1111-4111-8111-111111111111',
          '22222222-2222-4222-8222-222222222222',
          '33333333-3333-4333-8333-333333333333',
        ];
        const good = [shipment('c1', [1]), shipment('c2', [2])];
        const broken = { ...shipment('c3', [3]), facts: { ...shipment('c3', [3]).facts, eventTime: 'not a time' } };
        const outcomes = await Promise.allSettled([
          store.recordCapture({ id: ids[0] ?? '', submitterMsp: 'Org1MSP', errorBehaviour: 'rollback', hashIds: [hashIdOf('c1')] }, [
            good[0] ?? broken,
          ]),
          store.recordCapture({ id: ids[1] ?? '', submitterMsp: 'Org2MSP', errorBehaviour: 'rollback', hashIds: [hashIdOf('c3')] }, [
            broken,
          ]),
          store.recordCapture({ id: ids[2] ?? '', submitterMsp: 'Org1MSP', errorBehaviour: 'proceed', hashIds: [hashIdOf('c2')] }, [
            good[1] ?? broken,
          ]),
        ]);
        expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect(await store.getCaptureJob(ids[1] ?? '')).toBeNull();
        expect(await store.getEvent(hashIdOf('c3'))).toBeNull();
        expect(await store.getCaptureJob(ids[2] ?? '')).toMatchObject({
          submitterMsp: 'Org1MSP',
          errorBehaviour: 'proceed',
          eventCount: 1,
        });
        expect((await store.getCaptureJob(ids[0] ?? ''))?.events.map((e) => [e.hashId, e.status])).toEqual([[hashIdOf('c1'), 'pending']]);
        expect(await rowCounts(store)).toMatchObject({ capture_jobs: 2, capture_job_events: 2, events: 2, event_objects: 2 });
      });

      it('records a duplicate capture of anchored events as finished at once', async () => {
        const events = [shipment('rd1', [1])];
        await store.applyAnchoredBatch(fixtureBatch('rd-batch', events));
        await store.recordCapture({ id: jobId, submitterMsp: 'Org1MSP', errorBehaviour: 'rollback', hashIds: [hashIdOf('rd1')] }, events);
        expect(await store.getCaptureJob(jobId)).toMatchObject({ status: 'success', anchoredCount: 1 });
        expect((await store.getEvent(hashIdOf('rd1')))?.status).toBe('anchored');
      });

      it('records a capture with more events than one statement takes, and an empty one', async () => {
        const events = Array.from({ length: 1_201 }, (_, i) => shipment(`big-${String(i)}`, [i]));
        await store.recordCapture(
          { id: jobId, submitterMsp: 'Org1MSP', errorBehaviour: 'proceed', hashIds: events.map((e) => e.hashId) },
          events,
        );
        expect(await rowCounts(store)).toMatchObject({ capture_job_events: 1_201, events: 1_201, event_objects: 1_201 });
        const empty = '0e0c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f';
        await store.recordCapture({ id: empty, submitterMsp: 'Org1MSP', errorBehaviour: 'rollback', hashIds: [] }, []);
        expect(await store.getCaptureJob(empty)).toMatchObject({ status: 'running', eventCount: 0, events: [] });
      });

      it('updates status and errors, and answers null for unknown or malformed ids', async () => {
        await store.createCaptureJob({ id: jobId, submitterMsp: 'Org1MSP', errorBehaviour: 'rollback', hashIds: [] });
        const errors = [{ pointer: '/epcisBody/eventList/0/eventTime', code: 'invalid', message: 'not a date' }];
        expect(await store.updateCaptureJob(jobId, { status: 'failed', errors, finishedAt: '2026-03-03T00:00:00.000Z' })).toBe(true);
        expect(await store.getCaptureJob(jobId)).toMatchObject({ status: 'failed', errors, finishedAt: '2026-03-03T00:00:00.000Z' });
        expect(await store.getCaptureJob('00000000-0000-4000-8000-000000000000')).toBeNull();
        expect(await store.getCaptureJob("x' OR '1'='1")).toBeNull();
        expect(await store.updateCaptureJob('00000000-0000-4000-8000-000000000000', { status: 'failed' })).toBe(false);
      });
    });

    describe('registry', () => {
      it('registers organisations and finds who owns a GLN, explicitly or by company prefix', async () => {
        await store.upsertOrganisation({
          mspId: 'SteelMSP',
          name: 'Stahl AG',
          role: 'manufacturer',
          companyPrefixes: ['4012345'],
          glns: [],
          signingKeys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }],
          clientId: 'steel',
          clientSecretHash: '$argon2id$fake',
        });
        await store.upsertOrganisation({
          mspId: 'DcMSP',
          name: 'DC',
          role: 'distributor',
          companyPrefixes: ['40123456'],
          glns: ['4012345000009'],
          signingKeys: [],
          clientId: null,
          clientSecretHash: null,
        });
        expect(await store.getOrganisationByClientId('steel')).toMatchObject({
          mspId: 'SteelMSP',
          companyPrefixes: ['4012345'],
          signingKeys: [{ kty: 'EC' }],
        });
        expect((await store.findOrganisationOwningGln('4012345000009'))?.mspId).toBe('DcMSP');
        expect((await store.findOrganisationOwningGln('4012345600001'))?.mspId).toBe('DcMSP');
        expect((await store.findOrganisationOwningGln('4012345100001'))?.mspId).toBe('SteelMSP');
        expect(await store.findOrganisationOwningGln('9999999000001')).toBeNull();
        await store.upsertOrganisation({
          mspId: 'SteelMSP',
          name: 'Stahl AG (renamed)',
          role: 'manufacturer',
          companyPrefixes: ['4012345'],
          glns: [],
          signingKeys: [],
          clientId: 'steel',
          clientSecretHash: null,
        });
        expect((await store.listOrganisations()).map((o) => o.name)).toEqual(
          ['Stahl AG (renamed)', 'DC'].sort((a, b) => (a === 'DC' ? -1 : b === 'DC' ? 1 : 0)),
        );
        expect(await store.deleteOrganisation('DcMSP')).toBe(true);
        expect(await store.deleteOrganisation('DcMSP')).toBe(false);
      });

      it('stores GTIN master data and locations', async () => {
        await store.upsertProduct({
          gtin: '04012345000011',
          name: 'Coil',
          industry: 'steel',
          imageUrl: null,
          publicAttributes: { grade: 'S355' },
          ownerMsp: 'SteelMSP',
        });
        await store.upsertLocation({ gln: '4012345000009', name: 'Mill', address: { city: 'Duisburg' }, ownerMsp: 'SteelMSP' });
        expect(await store.getProduct('04012345000011')).toEqual({
          gtin: '04012345000011',
          name: 'Coil',
          industry: 'steel',
          imageUrl: null,
          publicAttributes: { grade: 'S355' },
          ownerMsp: 'SteelMSP',
        });
        expect(await store.listProducts('OtherMSP')).toEqual([]);
        expect(await store.listLocations('SteelMSP')).toEqual([
          { gln: '4012345000009', name: 'Mill', address: { city: 'Duisburg' }, ownerMsp: 'SteelMSP' },
        ]);
        await expect(
          store.upsertProduct({ gtin: '1', name: 'x', industry: 'toys' as 'other', imageUrl: null, publicAttributes: {}, ownerMsp: 'A' }),
        ).rejects.toThrow();
        expect(await store.deleteLocation('4012345000009')).toBe(true);
        expect(await store.getLocation('4012345000009')).toBeNull();
      });
    });

    describe('registry lookups kept in memory', () => {
      const steel = {
        mspId: 'SteelMSP',
        name: 'Stahl AG',
        role: 'manufacturer',
        companyPrefixes: ['4012345'],
        glns: [],
        signingKeys: [],
        clientId: null,
        clientSecretHash: null,
      };
      const coil = {
        gtin: '04012345000011',
        name: 'Coil',
        industry: 'steel' as const,
        imageUrl: null,
        publicAttributes: {},
        ownerMsp: 'SteelMSP',
      };
      // Changes the row behind the registry's back (no version bump): only a kept answer still shows the old name.
      const renameSilently = (name: string): Promise<unknown> =>
        store.unsafeTransaction(async (tx) => {
          await tx.query(`ALTER TABLE organisations DISABLE TRIGGER organisations_registry_change`);
          await tx.query(`UPDATE organisations SET name = $1 WHERE msp_id = 'SteelMSP'`, [name]);
          await tx.query(`ALTER TABLE organisations ENABLE TRIGGER organisations_registry_change`);
        });

      it('answers a repeated lookup from memory while the registry is unchanged', async () => {
        await store.upsertOrganisation(steel);
        expect((await (await store.freshRegistryReads()).findOrganisationOwningGln('4012345000009'))?.name).toBe('Stahl AG');
        await renameSilently('renamed behind its back');
        const reads = await store.freshRegistryReads();
        expect((await reads.findOrganisationOwningGln('4012345000009'))?.name).toBe('Stahl AG');
        // Not looked up before: read now.
        expect((await reads.getOrganisation('SteelMSP'))?.name).toBe('renamed behind its back');
      });

      it('sees a registration, a change and a deletion committed before the next fresh lookups', async () => {
        const before = await store.freshRegistryReads();
        expect(await before.findOrganisationOwningGln('4012345000009')).toBeNull();
        expect(await before.getProduct(coil.gtin)).toBeNull();
        await store.upsertOrganisation(steel);
        await store.upsertProduct(coil);
        const registered = await store.freshRegistryReads();
        expect((await registered.findOrganisationOwningGln('4012345000009'))?.mspId).toBe('SteelMSP');
        expect(await registered.getProduct(coil.gtin)).toEqual(coil);
        expect(await registered.getOrganisation('SteelMSP')).toEqual(steel);
        await store.upsertOrganisation({ ...steel, signingKeys: [{ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }] });
        expect((await (await store.freshRegistryReads()).getOrganisation('SteelMSP'))?.signingKeys).toEqual([
          { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' },
        ]);
        await store.deleteOrganisation('SteelMSP');
        await store.deleteProduct(coil.gtin);
        const deleted = await store.freshRegistryReads();
        expect(await deleted.findOrganisationOwningGln('4012345000009')).toBeNull();
        expect(await deleted.getOrganisation('SteelMSP')).toBeNull();
        expect(await deleted.getProduct(coil.gtin)).toBeNull();
      });

      it('sees a change made while lookups were kept, whatever table it touched', async () => {
        await store.upsertOrganisation(steel);
        const reads = await store.freshRegistryReads();
        expect((await reads.getOrganisation('SteelMSP'))?.name).toBe('Stahl AG');
        await renameSilently('renamed');
        // A location registered (another table) moves the version: every kept answer is read again.
        await store.upsertLocation({ gln: '4012345000009', name: 'Mill', address: null, ownerMsp: 'SteelMSP' });
        expect((await (await store.freshRegistryReads()).getOrganisation('SteelMSP'))?.name).toBe('renamed');
      });
    });

    registerAlertConformance(() => store);

    describe('migrations', () => {
      it('creates exactly the schema the TypeORM entities describe', async () => {
        expect(await store.schemaDrift()).toEqual([]);
      });

      it('gives older batches their leaves and leaves the pending → final update no index to change, reversibly', async () => {
        const migration = new WritePathIndexes1764000000003();
        const indexes = async (): Promise<string[]> =>
          (
            await store.unsafeTransaction((tx) =>
              tx.query<{ name: string }>(
                `SELECT indexname AS name FROM pg_indexes WHERE tablename = 'events' AND schemaname = current_schema()`,
              ),
            )
          )
            .map((r) => r.name)
            .sort();
        const fillfactor = async (): Promise<string[]> =>
          (
            await store.unsafeTransaction((tx) =>
              tx.query<{ o: string[] | null }>(`SELECT reloptions AS o FROM pg_class WHERE oid = 'events'::regclass`),
            )
          )[0]?.o ?? [];
        const lean = await indexes();
        expect(lean).not.toEqual(expect.arrayContaining(['events_batch_idx']));
        expect(lean).toEqual(expect.arrayContaining(['events_pkey', 'events_event_time_idx', 'events_event_id_idx']));
        expect(await fillfactor()).toEqual(['fillfactor=50']);

        await store.unsafeTransaction((tx) => migration.down(asQueryRunner(tx)));
        expect(await indexes()).toEqual(
          [...lean, 'events_batch_idx', 'events_biz_step_idx', 'events_disposition_idx', 'events_type_idx'].sort(),
        );
        expect(await fillfactor()).toEqual([]);
        // A batch written before batches kept their leaves: only its events name it.
        await store.applyAnchoredBatch(fixtureBatch('legacy', [shipment('legacy-1', [1]), shipment('legacy-2', [2])]));
        await store.unsafeTransaction((tx) => tx.query(`UPDATE batches SET leaves = NULL WHERE id = $1`, ['legacy']));

        await store.unsafeTransaction((tx) => migration.up(asQueryRunner(tx)));
        expect(await indexes()).toEqual(lean);
        expect(await fillfactor()).toEqual(['fillfactor=50']);
        const [stored] = await store.unsafeTransaction((tx) =>
          tx.query<{ leaves: string[] | null }>(`SELECT leaves FROM batches WHERE id = $1`, ['legacy']),
        );
        expect(stored?.leaves).toEqual([hashIdOf('legacy-1'), hashIdOf('legacy-2')]);
      });

      it('reverts every table and re-creates them, after which the store works again', async () => {
        await store.applyAnchoredBatch(fixtureBatch('pre', [shipment('m1', [1])]));
        expect(await store.revertAllMigrations()).toBe(6);
        const [gone] = await store.unsafeTransaction((tx) => tx.query<{ t: string | null }>(`SELECT to_regclass('events')::text AS t`));
        expect(gone?.t).toBeNull();
        const [noAlerts] = await store.unsafeTransaction((tx) => tx.query<{ t: string | null }>(`SELECT to_regclass('alerts')::text AS t`));
        expect(noAlerts?.t).toBeNull();
        const [noLog] = await store.unsafeTransaction((tx) =>
          tx.query<{ t: string | null }>(`SELECT to_regclass('genealogy_changes')::text AS t`),
        );
        expect(noLog?.t).toBeNull();
        expect(await store.runMigrations()).toEqual([
          'CreateReadModel1764000000000',
          'BatchLeaves1764000000001',
          'Alerts1764000000002',
          'WritePathIndexes1764000000003',
          'GenealogyChanges1764000000004',
          'RegistryVersion1764000000005',
        ]);
        expect(await store.getEvent(hashIdOf('m1'))).toBeNull();
        await store.applyAnchoredBatch(fixtureBatch('post', [shipment('m2', [2])]));
        expect((await store.getEvent(hashIdOf('m2')))?.status).toBe('anchored');
      });
    });
  });
}

/** The one QueryRunner method a migration uses, over a store transaction. */
function asQueryRunner(tx: SqlSession): QueryRunner {
  return { query: (sql: string) => tx.query(sql) } as unknown as QueryRunner;
}
