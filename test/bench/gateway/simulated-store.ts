/**
 * Writes the gateway bench's read model from the supply-chain simulator, through the path the anchor
 * takes: `lotledger simulate --industry all --scale 1000000 --seed gateway-bench` with the deep
 * genealogy option (a heat of about 1,000 descendant objects, the trace target), every event made into
 * the lotledger.events message ingest would publish (its CBV 2.0 hash ID on the event with its
 * document's @context), and the messages handed in plan order to the anchor's own use case
 * (AnchorBatchUseCase) — the embedded ledger (the same chaincode, in memory) checks custody and
 * anchors each group's real Merkle root, and ReadModelStore.applyAnchoredBatches writes events, objects,
 * genealogy edges and batches. The simulator's deliberate custody violations end up rejected, as they
 * would on a real lotledger.
 *
 * Run as a child process of the bench (ensureBenchStore forks it with a larger heap: the simulation of
 * 1M events holds about 2 GB): `node simulated-store.js <benchUrl>`; it answers with a
 * SimulatedStoreResult message.
 */
import { createHash } from 'node:crypto';
import type { BusMessage, ConsumedMessage, EventBus } from '@lotledger/bus';
import { AnchorBatchUseCase, type AnchorBatchOutcome } from '@lotledger/anchor';
import { DEEP_GENEALOGY_NODES, generateSimulation, REGULATOR_MSP, SIMULATION_CONTEXT, type Simulation } from '@lotledger/cli/simulate';
import { canonicalObjectId, eventHashId } from '@lotledger/domain';
import { EmbeddedLedgerAdapter } from '@lotledger/ledger';
import { createLogger, createPipelineMetrics, encodeCapturedEvent, TOPICS, type CapturedEventMessage } from '@lotledger/platform';
import { ReadModelStore } from '@lotledger/store';

export const SIMULATION_SEED = 'gateway-bench';
/** At least this many events (BENCH_SIMULATION_SCALE overrides it, for a quick try of the writer). */
export const SIMULATION_SCALE = Number(process.env['BENCH_SIMULATION_SCALE'] ?? 1_000_000);
/**
 * Most messages the anchor is handed at once (a delivery of one partition), cut at capture boundaries.
 * Deliveries this large let an organisation's group grow despite ~120 organisations interleaving in
 * time (2,000 gave ledger batches of ~20 events, 20,000 of ~60). Not larger: the first delivery of a
 * partition is checked against the ledger event by event (the anchor's crash recovery).
 */
const DELIVERY_MESSAGES = 10_000;
/** ANCHOR_BATCH_SIZE's default: most events per ledger transaction. */
const MAX_EVENTS_PER_TRANSACTION = 500;

/** What the bench asks for: a lot's consumer page and the genealogy's root. */
export interface BenchTargets {
  /** GET path of the consumer page, /01/{gtin}/10/{lot}. */
  readonly lotPath: string;
  readonly lotId: string;
  /** The lot's product name, which its page must show. */
  readonly lotProductName: string;
  readonly genealogyRoot: string;
  readonly genealogyNodes: number;
}

export interface SimulatedStoreResult {
  readonly targets: BenchTargets;
  readonly events: number;
  readonly captures: number;
  readonly organisations: number;
  readonly anchored: number;
  readonly rejected: number;
  readonly rejectedAsExpected: number;
  readonly expectedViolations: number;
  readonly deadLettered: number;
  readonly deferred: number;
  readonly ledgerBatches: number;
  readonly generateSeconds: number;
  readonly writeSeconds: number;
  /** Of writeSeconds: inside the ledger's anchorBatch, and inside ReadModelStore.applyAnchoredBatches. */
  readonly ledgerSeconds: number;
  readonly storeSeconds: number;
}

const encoder = new TextEncoder();
const asBytes = (v: string | Uint8Array): Uint8Array => (typeof v === 'string' ? encoder.encode(v) : v);

/**
 * The bus as the anchor use case sees it here: deferred retries (put back on lotledger.events) are
 * kept to be handed in again with the next delivery; dead letters are counted.
 */
class DeliveryBus implements EventBus {
  readonly deferred: BusMessage[] = [];
  deadLettered = 0;

  publish(topic: string, messages: readonly BusMessage[]): Promise<void> {
    if (topic === TOPICS.events) this.deferred.push(...messages);
    else if (topic === TOPICS.dlq) this.deadLettered += messages.length;
    else throw new Error(`the bench store writer does not publish to ${topic}`);
    return Promise.resolve();
  }
  ensureTopics(): Promise<void> {
    return Promise.resolve();
  }
  createConsumer(): never {
    throw new Error('the bench store writer hands deliveries to the anchor itself');
  }
  partitionCount(): Promise<number> {
    return Promise.resolve(1);
  }
  health(): Promise<{ ok: true; kind: 'embedded'; detail: string }> {
    return Promise.resolve({ ok: true, kind: 'embedded', detail: 'bench store writer' });
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** A capture id as ingest would give it (a UUID), derived from the capture so the store is the same every time. */
function captureIdOf(index: number): string {
  const h = createHash('sha256')
    .update(`${SIMULATION_SEED}:capture:${String(index)}`)
    .digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

async function register(simulation: Simulation, ledger: EmbeddedLedgerAdapter, store: ReadModelStore): Promise<void> {
  // The regulator first (the ledger's bootstrap), then everyone it registers — as registerSimulation does over GraphQL.
  const orgs = [...simulation.organisations].sort((a, b) => Number(b.mspId === REGULATOR_MSP) - Number(a.mspId === REGULATOR_MSP));
  for (const org of orgs) {
    const glns = simulation.locations.filter((l) => l.ownerMsp === org.mspId).map((l) => l.gln);
    const registered = await ledger.registerOrganization(REGULATOR_MSP, {
      mspId: org.mspId,
      name: org.name,
      role: org.role,
      companyPrefixes: org.companyPrefixes,
      glns,
    });
    await store.upsertOrganisation({
      mspId: registered.mspId,
      name: registered.name,
      role: registered.role,
      companyPrefixes: [...registered.companyPrefixes],
      glns: [...registered.glns],
      signingKeys: [],
      clientId: null,
      clientSecretHash: null,
    });
  }
  for (const l of simulation.locations)
    await store.upsertLocation({ gln: l.gln, name: l.name, address: { city: l.city, country: l.country }, ownerMsp: l.ownerMsp });
  for (const p of simulation.products)
    await store.upsertProduct({
      gtin: p.gtin,
      name: p.name,
      industry: p.industry,
      imageUrl: null,
      publicAttributes: { ...p.publicAttributes },
      ownerMsp: p.ownerMsp,
    });
}

/**
 * The consumer page target: a steel heat of an ordinary run (not the genealogy's) from the middle of the
 * timeline — cast, cast into slabs, rolled into coils with their certificates, a lot with a history.
 */
function pageTarget(simulation: Simulation): { lotId: string; productName: string } {
  const root = simulation.genealogyRoot;
  for (let i = Math.floor(simulation.events.length / 2); i < simulation.events.length; i++) {
    const e = simulation.events[i];
    const quantity = (e?.event['quantityList'] as readonly { epcClass?: unknown }[] | undefined)?.[0]?.epcClass;
    if (e?.chain !== 'steel' || e.event['bizStep'] !== 'commissioning' || typeof quantity !== 'string' || quantity === root) continue;
    const lotId = canonicalObjectId(quantity);
    const gtin = /\/01\/(\d{14})\//.exec(lotId)?.[1];
    const product = simulation.products.find((p) => p.gtin === gtin);
    if (product !== undefined) return { lotId, productName: product.name };
  }
  throw new Error('the simulation has no steel heat after its midpoint');
}

export async function writeSimulatedStore(benchUrl: string, log: (line: string) => void): Promise<SimulatedStoreResult> {
  const generating = Date.now();
  const simulation = generateSimulation({ industry: 'all', scale: SIMULATION_SCALE, seed: SIMULATION_SEED, deepGenealogy: true });
  const generateSeconds = (Date.now() - generating) / 1000;
  log(
    `  simulated ${String(simulation.events.length)} events in ${String(simulation.captures.length)} captures of ${String(simulation.organisations.length)} organisations in ${generateSeconds.toFixed(0)} s (heap ${String(Math.round(process.memoryUsage().heapUsed / 1e6))} MB)`,
  );
  const root = simulation.genealogyRoot;
  if (root === undefined) throw new Error('the simulation has no deep genealogy');
  const page = pageTarget(simulation);
  const lotPath = new URL(page.lotId).pathname;

  const writing = Date.now();
  const store = await ReadModelStore.open({ kind: 'postgres', url: benchUrl });
  const ledger = await EmbeddedLedgerAdapter.open({});
  const bus = new DeliveryBus();
  // Where the time goes: the ledger (chaincode, Merkle root, block) or the read model's bulk write.
  const spent = { ledgerMs: 0, storeMs: 0 };
  const anchorBatch = ledger.anchorBatch.bind(ledger);
  ledger.anchorBatch = async (submitter, input) => {
    const t = performance.now();
    const result = await anchorBatch(submitter, input);
    spent.ledgerMs += performance.now() - t;
    return result;
  };
  const applyAnchoredBatches = store.applyAnchoredBatches.bind(store);
  store.applyAnchoredBatches = async (batches) => {
    const t = performance.now();
    const results = await applyAnchoredBatches(batches);
    spent.storeMs += performance.now() - t;
    return results;
  };
  const useCase = new AnchorBatchUseCase(
    { ledger, store, bus, logger: createLogger({ level: 'silent', service: 'anchor' }), metrics: createPipelineMetrics() },
    { maxEventsPerTransaction: MAX_EVENTS_PER_TRANSACTION },
  );
  const totals = { anchored: 0, rejected: 0, deadLettered: 0, deferred: 0, ledgerBatches: 0, recovered: 0 };
  const expected = new Map<string, string>();
  try {
    await register(simulation, ledger, store);
    let offset = 0;
    let delivery: ConsumedMessage[] = [];
    // The anchor works on one delivery while the next is built (hash IDs, messages): the CPU work of
    // building overlaps the anchor's waits on PostgreSQL. One delivery at a time, as one partition has.
    let working: Promise<void> = Promise.resolve();
    const handOver = async (): Promise<void> => {
      await working;
      // Deferred retries go back at the end of the partition, so they come with the next delivery.
      const retries = bus.deferred.splice(0).map((m): ConsumedMessage => ({
        offset: offset++,
        key: m.key === null ? null : asBytes(m.key),
        value: asBytes(m.value),
        headers: m.headers ?? {},
        timestamp: Date.now(),
      }));
      const messages = [...delivery, ...retries];
      delivery = [];
      if (messages.length === 0) return;
      working = useCase.handle({ topic: TOPICS.events, partition: 0, messages }).then((outcome: AnchorBatchOutcome) => {
        for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += outcome[key];
      });
    };
    let sent = 0;
    let sinceYield = 0;
    let lastLog = Date.now();
    for (const capture of simulation.captures) {
      const captureId = captureIdOf(capture.index);
      for (const e of capture.events) {
        // As ingest publishes it: the event carries its document's @context and is hashed on exactly that.
        const event = { '@context': SIMULATION_CONTEXT, ...e.event };
        const hashId = eventHashId(event);
        if (e.expectedRejection !== undefined) expected.set(hashId, e.expectedRejection);
        // Accepted a minute after it happened: the record time of a site system that posts as it goes.
        const message: CapturedEventMessage = {
          hashId,
          captureId,
          submitterMsp: capture.submitterMsp,
          receivedAt: new Date(e.timeMs + 60_000).toISOString(),
          event,
        };
        const encoded = encodeCapturedEvent(message);
        delivery.push({
          offset: offset++,
          key: encoded.key === null ? null : asBytes(encoded.key),
          value: asBytes(encoded.value),
          headers: encoded.headers ?? {},
          timestamp: e.timeMs + 60_000,
        });
      }
      sent += capture.events.length;
      sinceYield += capture.events.length;
      if (delivery.length >= DELIVERY_MESSAGES) await handOver();
      else if (sinceYield >= 200) {
        // Let the anchor's database answers in between, so building and anchoring overlap.
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (Date.now() - lastLog > 30_000) {
        lastLog = Date.now();
        const seconds = (Date.now() - writing) / 1000;
        log(
          `  handed ${String(sent)} of ${String(simulation.events.length)} events to the anchor (${(sent / seconds).toFixed(0)} events/s; ledger ${(spent.ledgerMs / 1000).toFixed(0)} s, store ${(spent.storeMs / 1000).toFixed(0)} s)`,
        );
      }
    }
    await handOver();
    await working;
    while (bus.deferred.length > 0) {
      await handOver();
      await working;
    }
  } finally {
    await ledger.close();
    await store.close();
  }
  const writeSeconds = (Date.now() - writing) / 1000;
  let rejectedAsExpected = 0;
  {
    const check = await ReadModelStore.open({ kind: 'postgres', url: benchUrl });
    try {
      for (const [hashId, code] of expected) if ((await check.getEvent(hashId))?.rejectCode === code) rejectedAsExpected += 1;
    } finally {
      await check.close();
    }
  }
  return {
    targets: {
      lotPath,
      lotId: page.lotId,
      lotProductName: page.productName,
      genealogyRoot: canonicalObjectId(root),
      genealogyNodes: DEEP_GENEALOGY_NODES,
    },
    events: simulation.events.length,
    captures: simulation.captures.length,
    organisations: simulation.organisations.length,
    anchored: totals.anchored + totals.recovered,
    rejected: totals.rejected,
    rejectedAsExpected,
    expectedViolations: expected.size,
    deadLettered: totals.deadLettered,
    deferred: totals.deferred,
    ledgerBatches: totals.ledgerBatches,
    generateSeconds,
    writeSeconds,
    ledgerSeconds: spent.ledgerMs / 1000,
    storeSeconds: spent.storeMs / 1000,
  };
}

// As a child process: write the store of argv[2] and answer with the result.
if (process.send !== undefined && process.argv[2] !== undefined) {
  const send = process.send.bind(process);
  writeSimulatedStore(process.argv[2], (line) => process.stdout.write(`${line}\n`))
    .then((result) => {
      send({ result }, () => process.exit(0));
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
