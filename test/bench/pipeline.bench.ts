/**
 * The whole pipeline under load: the composed app of `lotledger start` (REST capture → lotledger.events
 * → anchor → ledger → read model), driven over REST by many organisations at once.
 *
 * Figures per shape: sustained events/s from the first capture to the last event anchored and
 * queryable in the read model; capture→anchored latency p50/p99 (the event's recordTime, stamped when
 * ingest accepts it, to the moment its batch is durable in the read model) at full load and at half of
 * the measured maximum; and a one-event-per-transaction baseline (ANCHOR_BATCH_SIZE=1) on the same shape.
 *
 * Shapes: embedded always; the real stack (Kafka + PostgreSQL, ledger embedded unless FABRIC_IDENTITIES
 * is set) when KAFKA_BROKERS and DATABASE_URL are set.
 *
 * Run: `npx tsc -b && tsc -p test/bench && node test/bench/dist/bench/pipeline.bench.js [events]`
 * → prints a table and writes bench-results/pipeline.json.
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createLogger, loadConfig, READ_MODEL } from '@lotledger/platform';
import type { ReadModelStore } from '@lotledger/store';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EMBEDDED_SHAPE, realStackShape, type PipelineShape } from '../integration/pipeline/pipeline-shape.js';
import { commissioning, PipelineClient, type EpcisEvent, type PipelineOrg } from '../integration/pipeline/pipeline-world.js';

type CreateApp = typeof import('../../cli/dist/runtime/lotledger-app.js').createLotledgerApp;

const TOTAL = Number(process.argv[2] ?? 20_000);
const BASELINE_TOTAL = Math.max(200, Math.round(TOTAL / 20));
const ORGS = 12;
const EVENTS_PER_DOCUMENT = 250;
const IN_FLIGHT = 8;
const HALF_LOAD_SECONDS = 10;

/** The repository root (this file runs from test/bench/dist/bench/ once compiled). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'cli', 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (cli/package.json)');
    dir = parent;
  }
  return dir;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Records, per event, when its batch became durable in the read model (the store the app itself uses). */
class AnchoredProbe {
  latencies: number[] = [];
  anchored = 0;

  constructor(store: ReadModelStore) {
    const apply = store.applyAnchoredBatch.bind(store);
    // Wrapping the instance the anchor already holds: no hook in the product for a bench.
    store.applyAnchoredBatch = async (batch) => {
      const result = await apply(batch);
      const now = Date.now();
      for (const e of batch.events) this.latencies.push(now - Date.parse(e.facts.recordTime));
      this.anchored += batch.events.length;
      return result;
    };
  }

  reset(): void {
    this.latencies = [];
    this.anchored = 0;
  }

  async waitFor(count: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.anchored < count) {
      if (Date.now() > deadline)
        throw new Error(`only ${String(this.anchored)} of ${String(count)} events anchored after ${String(timeoutMs)} ms`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

const orgs: PipelineOrg[] = Array.from({ length: ORGS }, (_, i) => ({
  mspId: `BenchOrg${String(i + 1).padStart(2, '0')}MSP`,
  name: `Bench manufacturer ${String(i + 1)}`,
  role: 'manufacturer',
  prefix: `9521${String(i + 1).padStart(3, '0')}`,
}));

let serial = 0;
function documents(total: number, perDocument: number): { org: PipelineOrg; events: EpcisEvent[] }[] {
  const out: { org: PipelineOrg; events: EpcisEvent[] }[] = [];
  for (let n = 0; n < total; n += perDocument) {
    const org = orgs[out.length % orgs.length] ?? orgs[0];
    if (org === undefined) throw new Error('no organisations');
    out.push({
      org,
      events: Array.from({ length: Math.min(perDocument, total - n) }, () => commissioning(org, [`B${String((serial += 1))}`])),
    });
  }
  return out;
}

async function captureAll(client: PipelineClient, docs: readonly { org: PipelineOrg; events: EpcisEvent[] }[]): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < docs.length) {
      const doc = docs[(next += 1) - 1];
      if (doc !== undefined) await client.capture(doc.org, doc.events);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

interface Saturation {
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

async function saturate(client: PipelineClient, probe: AnchoredProbe, total: number): Promise<Saturation> {
  const docs = documents(total, EVENTS_PER_DOCUMENT);
  probe.reset();
  const start = performance.now();
  await captureAll(client, docs);
  await probe.waitFor(total, 600_000);
  const seconds = (performance.now() - start) / 1000;
  const sorted = [...probe.latencies].sort((a, b) => a - b);
  // Queryable: a sample of the last document reads back anchored from the read model.
  const last = docs.at(-1)?.events ?? [];
  const { eventHashId } = await import('@lotledger/domain');
  const { EPCIS_CONTEXT } = await import('../integration/pipeline/pipeline-world.js');
  for (const e of last.slice(0, 20)) {
    const stored = await client.store.getEvent(eventHashId({ '@context': EPCIS_CONTEXT, ...e }));
    if (stored?.status !== 'anchored') throw new Error('an anchored event is not queryable in the read model');
  }
  return { events: total, seconds, eventsPerSecond: total / seconds, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
}

/** Open loop at a fixed offered rate: one document every 100 ms. */
async function atRate(
  client: PipelineClient,
  probe: AnchoredProbe,
  eventsPerSecond: number,
): Promise<Saturation & { offeredPerSecond: number }> {
  const perTick = Math.max(1, Math.round(eventsPerSecond / 10));
  const ticks = HALF_LOAD_SECONDS * 10;
  const docs = documents(perTick * ticks, perTick);
  probe.reset();
  const start = performance.now();
  const sent: Promise<string>[] = [];
  for (let i = 0; i < docs.length; i += 1) {
    const due = start + i * 100;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const doc = docs[i];
    if (doc !== undefined) sent.push(client.capture(doc.org, doc.events));
  }
  await Promise.all(sent);
  const total = perTick * ticks;
  await probe.waitFor(total, 600_000);
  const seconds = (performance.now() - start) / 1000;
  const sorted = [...probe.latencies].sort((a, b) => a - b);
  return {
    offeredPerSecond: perTick * 10,
    events: total,
    seconds,
    eventsPerSecond: total / seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
  };
}

async function withApp<T>(
  createApp: CreateApp,
  shape: PipelineShape,
  extraEnv: Record<string, string>,
  run: (client: PipelineClient, probe: AnchoredProbe) => Promise<T>,
): Promise<T> {
  const deployment = await shape.prepare();
  let app: NestFastifyApplication | undefined;
  try {
    const env = { ...deployment.env, ...extraEnv };
    app = await createApp(
      loadConfig(env, env['LOTLEDGER_DATA_DIR']),
      { publicBaseUrl: 'http://127.0.0.1:8080' },
      createLogger({ level: 'silent', service: 'bench' }),
    );
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const client = new PipelineClient(app);
    await client.registerOrganisations(orgs);
    const probe = new AnchoredProbe(app.get<ReadModelStore>(READ_MODEL));
    return await run(client, probe);
  } finally {
    await app?.close();
    await deployment.cleanup();
  }
}

interface ShapeResult {
  readonly shape: string;
  readonly full: Saturation;
  readonly halfLoad: Saturation & { offeredPerSecond: number };
  readonly baselineOneEventPerTransaction: Saturation;
  readonly speedupOverBaseline: number;
}

async function benchShape(createApp: CreateApp, shape: PipelineShape): Promise<ShapeResult> {
  process.stdout.write(`\n${shape.name}: ${String(TOTAL)} events from ${String(ORGS)} organisations…\n`);
  const { full, halfLoad } = await withApp(createApp, shape, {}, async (client, probe) => {
    // Warm-up: JIT, connections, consumer-group joins.
    await saturate(client, probe, 1_000);
    const measured = await saturate(client, probe, TOTAL);
    process.stdout.write(`  full load ${measured.eventsPerSecond.toFixed(0)} events/s; half load…\n`);
    return { full: measured, halfLoad: await atRate(client, probe, measured.eventsPerSecond / 2) };
  });
  process.stdout.write(`  baseline (one event per transaction), ${String(BASELINE_TOTAL)} events…\n`);
  const baseline = await withApp(createApp, shape, { ANCHOR_BATCH_SIZE: '1', ANCHOR_LINGER_MS: '0' }, async (client, probe) => {
    await saturate(client, probe, 100);
    return saturate(client, probe, BASELINE_TOTAL);
  });
  return {
    shape: shape.name,
    full,
    halfLoad,
    baselineOneEventPerTransaction: baseline,
    speedupOverBaseline: full.eventsPerSecond / baseline.eventsPerSecond,
  };
}

async function main(): Promise<void> {
  const root = repoRoot();
  const { createLotledgerApp } = (await import(pathToFileURL(join(root, 'cli', 'dist', 'runtime', 'lotledger-app.js')).href)) as {
    createLotledgerApp: CreateApp;
  };
  const shapes: PipelineShape[] = [EMBEDDED_SHAPE];
  const real = (process.env['KAFKA_BROKERS'] ?? '') !== '' && (process.env['DATABASE_URL'] ?? '') !== '';
  if (real) shapes.push(realStackShape((process.env['FABRIC_IDENTITIES'] ?? '') !== ''));
  else process.stdout.write('KAFKA_BROKERS / DATABASE_URL not set: the real stack is not measured in this run.\n');

  const results: ShapeResult[] = [];
  for (const shape of shapes) results.push(await benchShape(createLotledgerApp, shape));

  const rows = results.map((r) => ({
    shape: r.shape,
    'events/s': Math.round(r.full.eventsPerSecond),
    'p50 ms (full)': r.full.p50Ms,
    'p99 ms (full)': r.full.p99Ms,
    'events/s (half)': Math.round(r.halfLoad.eventsPerSecond),
    'p50 ms (half)': r.halfLoad.p50Ms,
    'p99 ms (half)': r.halfLoad.p99Ms,
    'baseline events/s': Math.round(r.baselineOneEventPerTransaction.eventsPerSecond),
    '× baseline': Number(r.speedupOverBaseline.toFixed(1)),
  }));
  console.table(rows);
  const out = join(root, 'bench-results', 'pipeline.json');
  await mkdir(dirname(out), { recursive: true });
  await writeFile(
    out,
    `${JSON.stringify(
      {
        bench: 'pipeline',
        measuredAt: new Date().toISOString(),
        machine: { cpus: cpus().length, node: process.version },
        parameters: {
          events: TOTAL,
          organisations: ORGS,
          eventsPerDocument: EVENTS_PER_DOCUMENT,
          inFlightCaptures: IN_FLIGHT,
          halfLoadSeconds: HALF_LOAD_SECONDS,
          baselineEvents: BASELINE_TOTAL,
        },
        latency: 'recordTime (capture accepted) → batch durable in the read model',
        results,
      },
      null,
      2,
    )}\n`,
  );
  process.stdout.write(`written ${out}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
