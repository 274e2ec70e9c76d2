import { MerkleTree, verifyInclusion } from '@lotledger/domain';
import type { EventBus, EventBusConsumer } from '@lotledger/bus';
import type { LedgerPort } from '@lotledger/ledger';
import { createLogger, createPipelineMetrics, loadConfig, openEventBus, openLedger, TOPICS, type AppConfig } from '@lotledger/platform';
import { ReadModelStore, type StoredEvent } from '@lotledger/store';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnchorBatchUseCase } from './application/anchor-batch.use-case.js';
import { EpcisEventFixtures, MSP } from './testing/epcis-event.fixtures.js';

/**
 * The anchor use case against the REAL stack: Kafka (KAFKA_BROKERS), PostgreSQL (DATABASE_URL)
 * and Fabric (FABRIC_*). `bash network/stack.sh up` starts them and writes their settings.
 * Without them this suite FAILS, naming what is missing: it never skips.
 */
function realStackConfig(): AppConfig {
  const missing = ['KAFKA_BROKERS', 'DATABASE_URL', 'FABRIC_IDENTITIES'].filter((name) => (process.env[name] ?? '').trim() === '');
  if (missing.length > 0) {
    throw new Error(
      `the anchor integration suite needs the real stack: ${missing.join(', ')} not set (run \`bash network/stack.sh up\` and export its settings, e.g. via test/run-all.sh)`,
    );
  }
  const config = loadConfig(process.env);
  if (config.bus.kind !== 'kafka' || config.store.kind !== 'postgres' || config.ledger.kind !== 'fabric')
    throw new Error('the anchor integration suite needs Kafka, PostgreSQL and Fabric');
  return config;
}

describe('anchor on the real stack (Kafka + PostgreSQL + Fabric)', () => {
  const runId = randomBytes(4).toString('hex');
  const topic = `lotledger.events.it-${runId}`;
  let bus: EventBus | undefined;
  let ledger: LedgerPort | undefined;
  let store: ReadModelStore | undefined;
  let consumer: EventBusConsumer | undefined;
  const f = new EpcisEventFixtures(runId);

  beforeAll(async () => {
    const config = realStackConfig();
    if (config.store.kind !== 'postgres') throw new Error('the anchor integration suite needs PostgreSQL');
    const openedBus = await openEventBus(config);
    bus = openedBus;
    const openedLedger = await openLedger(config);
    ledger = openedLedger;
    const openedStore = await ReadModelStore.open({ kind: 'postgres', url: config.store.url, schema: `anchor_it_${runId}` });
    store = openedStore;
    if ((await openedLedger.getOrganization(MSP.regulator)) === undefined)
      await openedLedger.registerOrganization(MSP.regulator, f.organization('regulator'));
    await openedLedger.registerOrganization(MSP.regulator, f.organization('manufacturer'));
    await openedLedger.registerOrganization(MSP.regulator, f.organization('distributor'));
    await openedBus.ensureTopics([
      { topic, partitions: 6 },
      { topic: TOPICS.dlq, partitions: 6 },
    ]);
    const useCase = new AnchorBatchUseCase(
      {
        ledger: openedLedger,
        store: openedStore,
        bus: openedBus,
        logger: createLogger({ level: 'warn', service: 'anchor-it' }),
        metrics: createPipelineMetrics(),
      },
      { maxEventsPerTransaction: config.anchor.batchSize },
    );
    consumer = openedBus.createConsumer({
      groupId: `lotledger-anchor-it-${runId}`,
      topics: [topic],
      maxBatchSize: config.anchor.batchSize,
      maxWaitMs: config.anchor.lingerMs,
    });
    await consumer.run(async (batch) => {
      await useCase.handle(batch);
    });
  });

  afterAll(async () => {
    await consumer?.stop();
    await bus?.close();
    await ledger?.close();
    if (store !== undefined) {
      await store.revertAllMigrations();
      await store.close();
    }
  });

  function open<T>(value: T | undefined, what: string): T {
    if (value === undefined) throw new Error(`${what} did not open (see beforeAll)`);
    return value;
  }

  async function waitForFinal(hashIds: readonly string[]): Promise<StoredEvent[]> {
    for (let i = 0; i < 600; i += 1) {
      const events = await Promise.all(hashIds.map((h) => open(store, 'store').getEvent(h)));
      if (events.every((e) => e !== null && e.status !== 'pending')) return events.filter((e): e is StoredEvent => e !== null);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('events were not anchored within 60 s');
  }

  it('anchors events on Fabric and stores them with proofs that verify against the on-ledger root; a custody violation is rejected', async () => {
    const [theBus, theLedger, theStore] = [open(bus, 'bus'), open(ledger, 'ledger'), open(store, 'store')];
    const item = f.item();
    const events = [
      f.message('manufacturer', f.commission('manufacturer', [item])),
      f.message('manufacturer', f.commission('manufacturer', [f.item(), f.item()])),
    ];
    await theBus.publish(
      topic,
      events.map((m) => f.busMessage('manufacturer', m.event, m.receivedAt)),
    );
    const stored = await waitForFinal(events.map((m) => m.hashId));
    expect(stored.map((e) => e.status)).toEqual(['anchored', 'anchored']);
    for (const e of stored) {
      const onLedger = await theLedger.getBatch(e.batchId ?? '');
      const leaves = (await theStore.getBatch(e.batchId ?? ''))?.leaves ?? [];
      expect(verifyInclusion(e.hashId, MerkleTree.fromLeaves(leaves).proof(e.leafIndex ?? -1), onLedger?.merkleRoot ?? '')).toBe(true);
    }
    const theft = f.message('distributor', f.ship('distributor', [item], 'manufacturer'));
    await theBus.publish(topic, [f.busMessage('distributor', theft.event, theft.receivedAt)]);
    const [rejected] = await waitForFinal([theft.hashId]);
    expect(rejected).toMatchObject({ status: 'rejected', rejectCode: 'NOT_CUSTODIAN' });
    expect(await theStore.getObject(item)).toMatchObject({ status: 'active', custodianMsp: MSP.manufacturer });
  });
});
