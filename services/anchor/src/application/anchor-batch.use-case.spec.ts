import type { BusMessage, ConsumedMessage, EventBus, PartitionBatch } from '@lotledger/bus';
import { MerkleTree, verifyInclusion } from '@lotledger/domain';
import { createLogger, HEADERS, TOPICS, type CapturedEventMessage } from '@lotledger/platform';
import type { ReadModelWriter } from '@lotledger/store';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedAnchorHarness } from '../testing/embedded-anchor.harness.js';
import { EpcisEventFixtures } from '../testing/epcis-event.fixtures.js';
import { LedgerOutageTestTool } from '../testing/ledger-outage.test-tool.js';
import { AnchorBatchUseCase } from './anchor-batch.use-case.js';

const encoder = new TextEncoder();

describe('AnchorBatchUseCase over the embedded bus, ledger and PGlite store', () => {
  let dataDir: string;
  let harness: EmbeddedAnchorHarness | undefined;
  let f: EpcisEventFixtures;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'lotledger-anchor-'));
    f = new EpcisEventFixtures(Math.random().toString(36).slice(2, 8));
  });

  afterEach(async () => {
    await harness?.close();
    harness = undefined;
    await rm(dataDir, { recursive: true, force: true });
  });

  it('anchors published events in the store with Merkle proofs that verify against the ledger batch root', async () => {
    harness = await EmbeddedAnchorHarness.open({ dataDir });
    await harness.start();
    const items = [f.item(), f.item(), f.item()];
    const pallet = f.sscc();
    // Two publishes, so the packing is anchored in a later batch than what it packs.
    const commissions = [f.commission('manufacturer', items), f.commission('manufacturer', [pallet])].map((e) =>
      f.message('manufacturer', e),
    );
    await harness.publish(commissions.map((m) => f.busMessage('manufacturer', m.event, m.receivedAt)));
    await harness.waitForFinal(commissions.map((m) => m.hashId));
    const moves = [f.pack('manufacturer', pallet, items), f.ship('manufacturer', [pallet], 'distributor')].map((e) =>
      f.message('manufacturer', e),
    );
    await harness.publish(moves.map((m) => f.busMessage('manufacturer', m.event, m.receivedAt)));
    const messages = [...commissions, ...moves];

    const stored = await harness.waitForFinal(messages.map((m) => m.hashId));
    expect(stored.map((e) => e.status)).toEqual(['anchored', 'anchored', 'anchored', 'anchored']);
    for (const event of stored) {
      const batch = await harness.store.getBatch(event.batchId ?? '');
      const onLedger = await harness.realLedger.getBatch(event.batchId ?? '');
      expect(onLedger?.txId).toBe(event.txId);
      const proof = MerkleTree.fromLeaves(batch?.leaves ?? []).proof(event.leafIndex ?? -1);
      expect(verifyInclusion(event.hashId, proof, onLedger?.merkleRoot ?? '')).toBe(true);
      expect(event.captureId).toBe(`capture-${f.runId}`);
    }
    expect(await harness.store.getObject(pallet)).toMatchObject({ status: 'in_transit', custodianMsp: 'Org1MSP', kind: 'sscc' });
    // What a container holds is upstream of it in the read model's genealogy.
    const trace = await harness.store.trace(pallet, 'upstream', 5);
    expect(trace.edges.map((e) => [e.parentId, e.childId, e.kind])).toEqual(
      expect.arrayContaining(items.map((i) => [pallet, i, 'aggregation'])),
    );
    expect(await harness.metrics.registry.getSingleMetricAsString('lotledger_events_anchored_total')).toMatch(
      /lotledger_events_anchored_total 4/,
    );
  });

  it('proves an event of a batch that also carried an event an earlier batch had anchored', async () => {
    harness = await EmbeddedAnchorHarness.open({ dataDir });
    await harness.start();
    const first = f.message('manufacturer', f.commission('manufacturer', [f.item()]));
    await harness.publish([f.busMessage('manufacturer', first.event, first.receivedAt)]);
    await harness.waitForFinal([first.hashId]);
    // A supplier resends the first event together with a new one: both become leaves of the next batch.
    const next = f.message('manufacturer', f.commission('manufacturer', [f.item()]));
    await harness.publish([first, next].map((m) => f.busMessage('manufacturer', m.event, m.receivedAt)));
    const [stored] = await harness.waitForFinal([next.hashId]);
    const batch = await harness.store.getBatch(stored?.batchId ?? '');
    const onLedger = await harness.realLedger.getBatch(stored?.batchId ?? '');
    expect(batch?.leaves).toEqual([first.hashId, next.hashId]);
    const proof = MerkleTree.fromLeaves(batch?.leaves ?? []).proof(stored?.leafIndex ?? -1);
    expect(verifyInclusion(next.hashId, proof, onLedger?.merkleRoot ?? '')).toBe(true);
  });

  it('stores a custody violation as rejected with its code and reason, and anchors the rest', async () => {
    harness = await EmbeddedAnchorHarness.open({ dataDir });
    await harness.start();
    const item = f.item();
    const commission = f.message('manufacturer', f.commission('manufacturer', [item]));
    const theft = f.message('distributor', f.ship('distributor', [item], 'manufacturer'));
    const own = f.message('distributor', f.commission('distributor', [f.item()]));
    // Messages are keyed by submitter, so two organisations' events are ordered by time, not by
    // the bus: the manufacturer's commissioning is anchored before the distributor acts on the item.
    await harness.publish([f.busMessage('manufacturer', commission.event, commission.receivedAt)]);
    await harness.waitForFinal([commission.hashId]);
    await harness.publish([theft, own].map((m) => f.busMessage('distributor', m.event, m.receivedAt)));

    const [c, t, o] = await harness.waitForFinal([commission.hashId, theft.hashId, own.hashId]);
    expect(c?.status).toBe('anchored');
    expect(t).toMatchObject({ status: 'rejected', rejectCode: 'NOT_CUSTODIAN' });
    expect(t?.rejectReason).toMatch(/custodian|Org1MSP/i);
    expect(o?.status).toBe('anchored');
    expect(await harness.metrics.registry.getSingleMetricAsString('lotledger_events_rejected_total')).toMatch(/reason="NOT_CUSTODIAN"\} 1/);
  });

  describe('a receipt anchored before the shipment it depends on', () => {
    const toConsumed = (messages: readonly BusMessage[]): PartitionBatch => ({
      topic: TOPICS.events,
      partition: 0,
      messages: messages.map((m, offset): ConsumedMessage => ({
        offset,
        key: typeof m.key === 'string' ? encoder.encode(m.key) : m.key,
        value: typeof m.value === 'string' ? encoder.encode(m.value) : m.value,
        headers: m.headers ?? {},
        timestamp: Date.now(),
      })),
    });

    async function world(
      maxDeferrals: number,
      timing: { deferralDelayMs: number; heldWaitMs?: number; now?: () => number } = { deferralDelayMs: 0 },
    ): Promise<{ h: EmbeddedAnchorHarness; useCase: AnchorBatchUseCase; putBack: BusMessage[] }> {
      const h = await EmbeddedAnchorHarness.open({ dataDir });
      harness = h;
      const putBack: BusMessage[] = [];
      // The real bus, recording what the use case puts back on lotledger.events.
      const bus = Object.assign(Object.create(h.bus) as EventBus, {
        publish: async (topic: string, messages: readonly BusMessage[]): Promise<void> => {
          if (topic === TOPICS.events) putBack.push(...messages);
          await h.bus.publish(topic, messages);
        },
      });
      const useCase = new AnchorBatchUseCase(
        {
          ledger: h.ledger,
          store: h.store,
          bus,
          logger: createLogger({ level: 'silent', service: 't' }),
          metrics: h.metrics,
          ...(timing.now === undefined ? {} : { now: timing.now }),
        },
        {
          maxEventsPerTransaction: 500,
          maxDeferrals,
          deferralDelayMs: timing.deferralDelayMs,
          ...(timing.heldWaitMs === undefined ? {} : { heldWaitMs: timing.heldWaitMs }),
        },
      );
      return { h, useCase, putBack };
    }

    /** A commissioned item whose receipt reached the ledger before its shipment: the receipt's first attempt, put back. */
    async function deferredReceipt(
      useCase: AnchorBatchUseCase,
      putBack: BusMessage[],
    ): Promise<{ item: string; receipt: CapturedEventMessage; attempt: BusMessage[] }> {
      const item = f.item();
      const receipt = f.message('distributor', f.receive('distributor', [item], 'manufacturer'));
      await useCase.handle(toConsumed([f.busMessage('manufacturer', f.commission('manufacturer', [item]))]));
      await useCase.handle(toConsumed([f.busMessage('distributor', receipt.event, receipt.receivedAt)]));
      return { item, receipt, attempt: putBack.splice(0) };
    }
    const hashOf = (m: BusMessage | undefined): string => m?.headers?.[HEADERS.hashId] ?? '';

    it('keeps it pending and anchors it on a later attempt once the shipment is anchored', async () => {
      const { h, useCase, putBack } = await world(3);
      const item = f.item();
      const commission = f.busMessage('manufacturer', f.commission('manufacturer', [item]));
      const ship = f.busMessage('manufacturer', f.ship('manufacturer', [item], 'distributor'));
      const receipt = f.message('distributor', f.receive('distributor', [item], 'manufacturer'));
      await useCase.handle(toConsumed([commission]));

      const early = await useCase.handle(toConsumed([f.busMessage('distributor', receipt.event, receipt.receivedAt)]));
      expect(early).toMatchObject({ anchored: 0, rejected: 0, deferred: 1 });
      expect(await h.store.getEvent(receipt.hashId)).toBeNull();
      expect(putBack).toHaveLength(1);
      expect(putBack[0]?.headers?.['x-deferred-attempt']).toBe('1');

      await useCase.handle(toConsumed([ship]));
      // The attempt comes back behind the distributor's later events (a batch alone with the same leaves
      // would be the first attempt's batch again, which the ledger replays).
      const later = f.busMessage('distributor', f.commission('distributor', [f.item()]));
      const retried = await useCase.handle(toConsumed([later, ...putBack.splice(0)]));
      expect(retried).toMatchObject({ anchored: 2, deferred: 0 });
      expect(await h.store.getEvent(receipt.hashId)).toMatchObject({ status: 'anchored' });
      expect((await h.realLedger.isAnchored(receipt.hashId))?.batchId).toBe((await h.store.getEvent(receipt.hashId))?.batchId);
    });

    it('does not keep the rest of a delivery waiting for an attempt that is not due, nor lets its objects overtake it', async () => {
      let clock = Date.now();
      // A minute between attempts: a use case that slept until the attempt is due would time this test out.
      const { h, useCase, putBack } = await world(3, { deferralDelayMs: 60_000, now: () => clock });
      const item = f.item();
      const receipt = f.message('distributor', f.receive('distributor', [item], 'manufacturer'));
      await useCase.handle(toConsumed([f.busMessage('manufacturer', f.commission('manufacturer', [item]))]));
      expect(await useCase.handle(toConsumed([f.busMessage('distributor', receipt.event, receipt.receivedAt)]))).toMatchObject({
        deferred: 1,
      });
      const attempt = putBack.splice(0);
      await useCase.handle(toConsumed([f.busMessage('manufacturer', f.ship('manufacturer', [item], 'distributor'))]));

      // Behind the attempt: another organisation's event on other objects, and the distributor shipping the
      // received item on (it needs the receipt anchored first).
      const other = f.message('manufacturer', f.commission('manufacturer', [f.item()]));
      const onward = f.message('distributor', f.ship('distributor', [item], 'manufacturer'));
      const delivery = [
        ...attempt,
        f.busMessage('manufacturer', other.event, other.receivedAt),
        f.busMessage('distributor', onward.event, onward.receivedAt),
      ];
      expect(await useCase.handle(toConsumed(delivery))).toMatchObject({ anchored: 1, rejected: 0, deferred: 0, held: 2 });
      expect(await h.store.getEvent(other.hashId)).toMatchObject({ status: 'anchored' });
      expect(await h.store.getEvent(receipt.hashId)).toBeNull();
      expect(await h.store.getEvent(onward.hashId)).toBeNull();
      // Put back in their order: the attempt unchanged, the onward shipment marked as held behind it.
      expect(putBack.map((m) => m.headers?.[HEADERS.hashId])).toEqual([receipt.hashId, onward.hashId]);
      expect(putBack[0]?.headers).toEqual(attempt[0]?.headers);
      expect(putBack[1]?.headers?.['x-held-behind-deferred']).toBe('1');

      clock += 60_001;
      const due = putBack.splice(0);
      expect(await useCase.handle(toConsumed(due))).toMatchObject({ anchored: 2, rejected: 0, held: 0 });
      expect(await h.store.getEvent(receipt.hashId)).toMatchObject({ status: 'anchored' });
      expect(await h.store.getEvent(onward.hashId)).toMatchObject({ status: 'anchored' });
      // A second copy of the held event (a crash before its offset was committed) changes nothing.
      expect(await useCase.handle(toConsumed(due.slice(1)))).toMatchObject({ ledgerBatches: 0, anchored: 0, rejected: 0 });
    });

    it('holds the later events of the batch on the objects of a deferred receipt, and anchors them with it', async () => {
      const { h, useCase, putBack } = await world(3);
      const item = f.item();
      const receipt = f.message('distributor', f.receive('distributor', [item], 'manufacturer'));
      // In the same document as the receipt: refused as NOT_CUSTODIAN only because the receipt came too early.
      const onward = f.message('distributor', f.ship('distributor', [item], 'manufacturer'));
      const unrelated = f.message('distributor', f.commission('distributor', [f.item()]));
      await useCase.handle(toConsumed([f.busMessage('manufacturer', f.commission('manufacturer', [item]))]));

      const early = await useCase.handle(
        toConsumed([receipt, onward, unrelated].map((m) => f.busMessage('distributor', m.event, m.receivedAt))),
      );
      expect(early).toMatchObject({ anchored: 1, rejected: 0, deferred: 1, held: 1 });
      expect(await h.store.getEvent(unrelated.hashId)).toMatchObject({ status: 'anchored' });
      expect(await h.store.getEvent(onward.hashId)).toBeNull();
      expect(putBack.map((m) => m.headers?.[HEADERS.hashId])).toEqual([receipt.hashId, onward.hashId]);
      expect(putBack.map((m) => [m.headers?.['x-deferred-attempt'], m.headers?.['x-held-behind-deferred']])).toEqual([
        ['1', undefined],
        [undefined, '1'],
      ]);

      await useCase.handle(toConsumed([f.busMessage('manufacturer', f.ship('manufacturer', [item], 'distributor'))]));
      expect(await useCase.handle(toConsumed(putBack.splice(0)))).toMatchObject({ anchored: 2, rejected: 0, deferred: 0, held: 0 });
      expect(await h.store.getEvent(receipt.hashId)).toMatchObject({ status: 'anchored' });
      expect(await h.store.getEvent(onward.hashId)).toMatchObject({ status: 'anchored' });
    });

    it('holds back, before the ledger, a later batch of the delivery that touches the objects of a deferred receipt', async () => {
      const { h, useCase, putBack } = await world(3);
      const item = f.item();
      const receipt = f.message('distributor', f.receive('distributor', [item], 'manufacturer'));
      // Another organisation's event on the item between the receipt and the onward shipment: its own ledger batch.
      const packing = f.message('manufacturer', f.pack('manufacturer', f.sscc(), [item]));
      const onward = f.message('distributor', f.ship('distributor', [item], 'manufacturer'));
      await useCase.handle(toConsumed([f.busMessage('manufacturer', f.commission('manufacturer', [item]))]));

      const early = await useCase.handle(
        toConsumed([
          f.busMessage('distributor', receipt.event, receipt.receivedAt),
          f.busMessage('manufacturer', packing.event, packing.receivedAt),
          f.busMessage('distributor', onward.event, onward.receivedAt),
        ]),
      );
      expect(early).toMatchObject({ ledgerBatches: 1, anchored: 0, rejected: 0, deferred: 1, held: 2 });
      expect(putBack.map((m) => m.headers?.[HEADERS.hashId])).toEqual([receipt.hashId, packing.hashId, onward.hashId]);

      await useCase.handle(toConsumed([f.busMessage('manufacturer', f.ship('manufacturer', [item], 'distributor'))]));
      // In order again: the receipt passes custody to the distributor, so the manufacturer's packing is refused.
      expect(await useCase.handle(toConsumed(putBack.splice(0)))).toMatchObject({ anchored: 2, rejected: 1, held: 0 });
      expect(await h.store.getEvent(packing.hashId)).toMatchObject({ status: 'rejected', rejectCode: 'CHILD_NOT_HELD' });
      expect(await h.store.getEvent(onward.hashId)).toMatchObject({ status: 'anchored' });
    });

    it('stores the held events as the ledger decides once the receipt is rejected for good', async () => {
      const { h, useCase, putBack } = await world(1);
      const item = f.item();
      const receipt = f.message('distributor', f.receive('distributor', [item], 'manufacturer'));
      const onward = f.message('distributor', f.ship('distributor', [item], 'manufacturer'));
      await useCase.handle(toConsumed([f.busMessage('manufacturer', f.commission('manufacturer', [item]))]));
      await useCase.handle(toConsumed([receipt, onward].map((m) => f.busMessage('distributor', m.event, m.receivedAt))));
      expect(putBack).toHaveLength(2);

      // The shipment never comes: the last attempt is stored as rejected, and the onward shipment with it.
      expect(await useCase.handle(toConsumed(putBack.splice(0)))).toMatchObject({ rejected: 2, deferred: 0, held: 0 });
      expect(putBack).toHaveLength(0);
      expect(await h.store.getEvent(receipt.hashId)).toMatchObject({ status: 'rejected', rejectCode: 'NOT_IN_TRANSIT' });
      expect(await h.store.getEvent(onward.hashId)).toMatchObject({ status: 'rejected', rejectCode: 'NOT_CUSTODIAN' });
    });

    it('waits for an attempt that is not due when nothing else in the delivery can go ahead, rather than spinning', async () => {
      const { h, useCase, putBack } = await world(3, { deferralDelayMs: 2_000, heldWaitMs: 10_000 });
      const { item, attempt } = await deferredReceipt(useCase, putBack);
      await useCase.handle(toConsumed([f.busMessage('manufacturer', f.ship('manufacturer', [item], 'distributor'))]));

      expect(Number(attempt[0]?.headers?.['x-deferred-not-before'])).toBeGreaterThan(Date.now());
      // Handed over before it is due, alone: anchored (after the wait), not put back again and again.
      expect(await useCase.handle(toConsumed(attempt))).toMatchObject({ anchored: 1, held: 0 });
      expect(putBack).toHaveLength(0);
      expect(await h.store.getEvent(hashOf(attempt[0]))).toMatchObject({ status: 'anchored' });
    });

    it('puts back an attempt still not due after the longest wait, rather than hold the consumer for it', async () => {
      const { h, useCase, putBack } = await world(3, { deferralDelayMs: 60_000, heldWaitMs: 50 });
      const { attempt } = await deferredReceipt(useCase, putBack);

      expect(await useCase.handle(toConsumed(attempt))).toMatchObject({ ledgerBatches: 0, anchored: 0, rejected: 0, held: 1 });
      expect(putBack.map((m) => m.headers)).toEqual(attempt.map((m) => m.headers));
      expect(await h.store.getEvent(hashOf(attempt[0]))).toBeNull();
    });

    it('never sends the ledger again an event the read model holds as rejected, captured again with others', async () => {
      const { h, useCase, putBack } = await world(0);
      const { item, receipt, attempt } = await deferredReceipt(useCase, putBack);
      expect(attempt).toHaveLength(0);
      expect(await h.store.getEvent(receipt.hashId)).toMatchObject({ status: 'rejected', rejectCode: 'NOT_IN_TRANSIT' });
      await useCase.handle(toConsumed([f.busMessage('manufacturer', f.ship('manufacturer', [item], 'distributor'))]));

      // Now the ledger would accept it; in a new batch (another event beside it) it would judge it afresh.
      const fresh = f.message('distributor', f.commission('distributor', [f.item()]));
      const again = await useCase.handle(
        toConsumed([
          f.busMessage('distributor', receipt.event, receipt.receivedAt),
          f.busMessage('distributor', fresh.event, fresh.receivedAt),
        ]),
      );
      expect(again).toMatchObject({ ledgerBatches: 1, anchored: 1, rejected: 0 });
      expect(await h.realLedger.isAnchored(receipt.hashId)).toBeUndefined();
      expect(await h.store.getEvent(receipt.hashId)).toMatchObject({ status: 'rejected', rejectCode: 'NOT_IN_TRANSIT' });
      expect(await h.store.getEvent(fresh.hashId)).toMatchObject({ status: 'anchored' });
    });

    it('anchors a retry that reaches the ledger alone, with exactly the leaves of its first batch', async () => {
      const { h, useCase, putBack } = await world(3);
      const { item, receipt, attempt } = await deferredReceipt(useCase, putBack);
      expect(attempt.map((m) => m.headers?.['x-deferred-attempt'])).toEqual(['1']);
      await useCase.handle(toConsumed([f.busMessage('manufacturer', f.ship('manufacturer', [item], 'distributor'))]));

      const retried = await useCase.handle(toConsumed(attempt));
      expect(retried).toMatchObject({ ledgerBatches: 1, anchored: 1, rejected: 0, deferred: 0 });
      const stored = await h.store.getEvent(receipt.hashId);
      expect(stored).toMatchObject({ status: 'anchored' });
      expect((await h.realLedger.isAnchored(receipt.hashId))?.batchId).toBe(stored?.batchId);
      expect(await h.realLedger.getBatch(stored?.batchId ?? '')).toMatchObject({ attempt: 1, accepted: [receipt.hashId] });
    });

    it('stores it as rejected after the last attempt, and a second copy of that attempt changes nothing', async () => {
      const { h, useCase, putBack } = await world(1);
      const { item, receipt, attempt: lastAttempt } = await deferredReceipt(useCase, putBack);
      expect(lastAttempt).toHaveLength(1);
      const final = await useCase.handle(toConsumed(lastAttempt));
      expect(final).toMatchObject({ rejected: 1, deferred: 0 });
      expect(putBack).toHaveLength(0);
      expect(await h.store.getEvent(receipt.hashId)).toMatchObject({ status: 'rejected', rejectCode: 'NOT_IN_TRANSIT' });

      // The shipment arrives late; a duplicate copy of the last attempt (a crash before its offset was
      // committed) must not anchor the receipt the read model already holds as rejected.
      await useCase.handle(toConsumed([f.busMessage('manufacturer', f.ship('manufacturer', [item], 'distributor'))]));
      const again = await useCase.handle(toConsumed(lastAttempt));
      expect(again).toMatchObject({ ledgerBatches: 0, anchored: 0, rejected: 0, deferred: 0 });
      expect(await h.realLedger.isAnchored(receipt.hashId)).toBeUndefined();
      expect(await h.store.getEvent(receipt.hashId)).toMatchObject({ status: 'rejected', rejectCode: 'NOT_IN_TRANSIT' });
    });
  });

  it('adds nothing when the same batch is delivered again', async () => {
    harness = await EmbeddedAnchorHarness.open({ dataDir });
    const messages = [f.commission('manufacturer', [f.item()]), f.commission('manufacturer', [f.item(), f.item()])].map((e) =>
      f.busMessage('manufacturer', e),
    );
    const batch: PartitionBatch = {
      topic: TOPICS.events,
      partition: 0,
      messages: messages.map((m, offset): ConsumedMessage => ({
        offset,
        key: null,
        value: encoder.encode(String(m.value)),
        headers: m.headers ?? {},
        timestamp: Date.now(),
      })),
    };
    const h = harness;
    const useCase = new AnchorBatchUseCase({
      ledger: h.ledger,
      store: h.store,
      bus: h.bus,
      logger: createLogger({ level: 'silent', service: 't' }),
      metrics: h.metrics,
    });
    const first = await useCase.handle(batch);
    const batchesAfterFirst = (await h.realLedger.listBatches(100)).records.length;
    const again = await useCase.handle(batch);
    const fresh = await new AnchorBatchUseCase({
      ledger: h.ledger,
      store: h.store,
      bus: h.bus,
      logger: createLogger({ level: 'silent', service: 't' }),
      metrics: h.metrics,
    }).handle(batch);

    expect(first).toMatchObject({ ledgerBatches: 1, anchored: 2 });
    expect(again).toMatchObject({ ledgerBatches: 0, anchored: 0, rejected: 0 });
    expect(fresh).toMatchObject({ ledgerBatches: 0, anchored: 0, rejected: 0 });
    expect((await h.realLedger.listBatches(100)).records.length).toBe(batchesAfterFirst);
    expect((await h.store.queryEvents({}, { first: 100 })).events).toHaveLength(2);
  });

  it('backs off through a ledger outage and then anchors every event exactly once', async () => {
    let outage: LedgerOutageTestTool | undefined;
    harness = await EmbeddedAnchorHarness.open({
      dataDir,
      wrapLedger: (ledger) => (outage = new LedgerOutageTestTool(ledger, 3)),
    });
    await harness.start();
    const messages = [f.commission('manufacturer', [f.item()]), f.commission('manufacturer', [f.item()])].map((e) =>
      f.message('manufacturer', e),
    );
    await harness.publish(messages.map((m) => f.busMessage('manufacturer', m.event, m.receivedAt)));

    const stored = await harness.waitForFinal(messages.map((m) => m.hashId));
    expect(stored.map((e) => e.status)).toEqual(['anchored', 'anchored']);
    expect(harness.failures.map((x) => x.attempt)).toEqual([1, 2, 3]);
    // The bus waits longer after each failure: a back-off, not a busy loop.
    const delays = harness.failures.map((x) => x.delayMs);
    expect(delays.every((d, i) => d > 0 && (i === 0 || d >= (delays[i - 1] ?? 0)))).toBe(true);
    expect(outage?.failuresLeft).toBe(0);
    const batches = (await harness.realLedger.listBatches(100)).records;
    expect(batches.flatMap((b) => b.accepted).sort()).toEqual(messages.map((m) => m.hashId).sort());
  });

  it('loses and doubles nothing when the consumer dies between the ledger and the store and restarts on the same data', async () => {
    const crash: (store: ReadModelWriter) => ReadModelWriter = (store) => ({
      applyAnchoredBatch: () => Promise.reject(new Error('simulated crash before the database write')),
      applyAnchoredBatches: () => Promise.reject(new Error('simulated crash before the database write')),
      insertPending: (events) => store.insertPending(events),
    });
    const first = await EmbeddedAnchorHarness.open({ dataDir, wrapStore: crash });
    harness = first;
    await first.start();
    // Two events about one object: one partition, one delivery, one ledger batch.
    const shipped = f.item();
    const before = [f.commission('manufacturer', [shipped]), f.ship('manufacturer', [shipped], 'distributor')].map((e) =>
      f.message('manufacturer', e),
    );
    await first.publish(before.map((m) => f.busMessage('manufacturer', m.event, m.receivedAt)));
    // Wait until the ledger has anchored them and the store write has failed at least once.
    const onLedger = async (): Promise<number> =>
      (await Promise.all(before.map((m) => first.realLedger.isAnchored(m.hashId)))).filter((r) => r !== undefined).length;
    for (let i = 0; i < 400 && (first.failures.length < 2 || (await onLedger()) < before.length); i += 1) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(await onLedger()).toBe(before.length);
    expect(await first.store.getEvent(before[0]?.hashId ?? '')).toBeNull();
    await first.close();
    harness = undefined;
    const second = await EmbeddedAnchorHarness.open({ dataDir });
    harness = second;
    const after = [f.commission('manufacturer', [f.item()])].map((e) => f.message('manufacturer', e));
    await second.publish(after.map((m) => f.busMessage('manufacturer', m.event, m.receivedAt)));
    await second.start();
    const all = [...before, ...after];
    const stored = await second.waitForFinal(all.map((m) => m.hashId));
    expect(stored.map((e) => e.status)).toEqual(['anchored', 'anchored', 'anchored']);
    // Each event anchored by exactly one ledger batch, and the store points at that batch.
    const batches = (await second.realLedger.listBatches(100)).records;
    expect(batches.flatMap((b) => b.accepted).sort()).toEqual(all.map((m) => m.hashId).sort());
    for (const e of stored) expect(e.batchId).toBe((await second.realLedger.isAnchored(e.hashId))?.batchId);
    expect(second.outcomes.reduce((n, o) => n + o.recovered, 0)).toBe(2);
    expect((await second.store.queryEvents({}, { first: 100 })).events).toHaveLength(3);
  });

  it('sends an unreadable message to the dead-letter topic with the reason in headers, and goes on', async () => {
    harness = await EmbeddedAnchorHarness.open({ dataDir });
    await harness.start();
    const good = f.message('manufacturer', f.commission('manufacturer', [f.item()]));
    await harness.publish([
      { key: 'garbage', value: '{"hashId": 42}', headers: { 'x-capture-id': 'c-1' } },
      f.busMessage('manufacturer', good.event, good.receivedAt),
    ]);
    const [stored] = await harness.waitForFinal([good.hashId]);
    expect(stored?.status).toBe('anchored');

    const dlq = harness.bus.createConsumer({ groupId: 'dlq-reader', topics: [TOPICS.dlq], maxBatchSize: 10, maxWaitMs: 10 });
    const seen: ConsumedMessage[] = [];
    await dlq.run((batch) => {
      seen.push(...batch.messages);
      return Promise.resolve();
    });
    for (let i = 0; i < 200 && seen.length === 0; i += 1) await new Promise((r) => setTimeout(r, 25));
    await dlq.stop();
    expect(seen).toHaveLength(1);
    const headers = seen[0]?.headers ?? {};
    expect(headers[HEADERS.errorCode]).toBe('MALFORMED_MESSAGE');
    expect(headers[HEADERS.errorSource]).toBe('anchor');
    expect(headers['x-capture-id']).toBe('c-1');
    expect(JSON.parse(headers[HEADERS.errorReason] ?? '[]')).toEqual(
      expect.arrayContaining([expect.objectContaining({ pointer: '/hashId', code: 'INVALID' })]),
    );
    expect(new TextDecoder().decode(seen[0]?.value)).toBe('{"hashId": 42}');
  });
});
