/**
 * The whole pipeline under load: the composed app of `lotledger start` (REST capture → lotledger.events
 * → anchor → ledger → read model), driven over REST by the organisations of a simulated supply chain.
 *
 * Load: the supply-chain simulator (`lotledger simulate --industry all --seed pipeline-bench`), registered
 * through the GraphQL registration mutations as `lotledger simulate --to` does, its capture documents
 * (the simulator's capture plan: up to EVENTS_PER_DOCUMENT events, one organisation each, closed at a
 * hand-over) POSTed to /epcis/capture with each organisation's token, IN_FLIGHT at once. An organisation's
 * documents go one after another (the bus keeps them in that order); a document that builds on another
 * organisation's hand-over waits until those events reached a final status. The simulation has deliberate
 * custody violations (rejected by the ledger) and hand-overs across organisations (a receipt anchored
 * before its shipment is retried by the anchor, NOT_IN_TRANSIT): every figure counts anchored and
 * rejected events apart, and throughput is over every event that reached a final status.
 *
 * Figures per shape: sustained events/s from the first capture to the last event final (anchored or
 * rejected) in the read model, anchored events checked queryable; capture→anchored latency p50/p99 (the
 * event's recordTime, stamped when ingest accepts it, to the moment its batch is durable in the read
 * model) at full load and at half of the measured maximum (open loop); and a one-event-per-transaction
 * baseline (ANCHOR_BATCH_SIZE=1) on the same shape with the first events of the same simulation.
 *
 * Shapes: embedded always; the real stack (Kafka + PostgreSQL, ledger embedded unless FABRIC_IDENTITIES
 * is set) when KAFKA_BROKERS and DATABASE_URL are set. Each real-shape app gets a fresh database and starts
 * on emptied lotledger.events.raw / lotledger.events topics (kafka-leftovers.ts: what an interrupted run left
 * there would otherwise be consumed by this one) — so point it at a development stack only.
 *
 * Run: `npm run bench:pipeline [-- events] [--only embedded|real]` → prints a table and writes
 * bench-results/pipeline.json.
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  captureDocument,
  embeddedTarget,
  generateSimulation,
  registerSimulation,
  type CaptureTransport,
  type SimCapture,
  type Simulation,
  type TokenSource,
} from '@lotledger/cli/simulate';
import { documentEventHashIds } from '@lotledger/domain';
import { ANCHOR_GROUP_ID } from '@lotledger/anchor';
import { INTAKE_GROUP } from '@lotledger/ingest';
import { createLogger, loadConfig, READ_MODEL, TOPICS } from '@lotledger/platform';
import type { ReadModelStore } from '@lotledger/store';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EMBEDDED_SHAPE, realStackShape, type PipelineShape } from '../integration/pipeline/pipeline-shape.js';
import { clearLeftovers } from './kafka-leftovers.js';

type CreateApp = typeof import('../../cli/dist/runtime/lotledger-app.js').createLotledgerApp;

const TOTAL = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 20_000);
/** `--only embedded` or `--only real`: one shape (for profiling one of them); both by default. */
const ONLY_SHAPE = ((): 'embedded' | 'real' | undefined => {
  const value = process.argv[process.argv.indexOf('--only') + 1];
  if (!process.argv.includes('--only')) return undefined;
  if (value === 'embedded' || value === 'real') return value;
  throw new Error(`--only takes embedded or real, not ${String(value)}`);
})();
const BASELINE_TOTAL = Math.max(200, Math.round(TOTAL / 20));
const WARMUP = 1_000;
const SEED = 'pipeline-bench';
/** Most events per capture document (the simulator's plan closes a document earlier at a hand-over). */
const EVENTS_PER_DOCUMENT = 250;
const IN_FLIGHT = 8;
const HALF_LOAD_SECONDS = 10;
/** Longest wait for every sent event to reach a final status. */
const SETTLE_TIMEOUT_MS = 600_000;

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

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Records, per event, when its batch became durable in the read model (the store the app itself uses)
 * and with which status; deferred retries are written only once final, so a status seen here is final.
 */
class FinalStatusProbe {
  readonly status = new Map<string, { status: 'anchored' | 'rejected'; code: string | null }>();
  latencies: number[] = [];

  constructor(readonly store: ReadModelStore) {
    const apply = store.applyAnchoredBatches.bind(store);
    // Wrapping the instance the anchor already holds: no hook in the product for a bench.
    store.applyAnchoredBatches = async (batches) => {
      const results = await apply(batches);
      const now = Date.now();
      for (const e of batches.flatMap((b) => b.events)) {
        if (this.status.has(e.hashId)) continue;
        this.status.set(e.hashId, { status: e.status, code: e.rejectCode ?? null });
        if (e.status === 'anchored') this.latencies.push(now - Date.parse(e.facts.recordTime));
      }
      return results;
    };
  }

  resetLatencies(): void {
    this.latencies = [];
  }
}

/** What became of the events of one run. */
interface Outcome {
  readonly events: number;
  readonly documents: number;
  /** Events of documents ingest accepted (202). */
  readonly acceptedAtCapture: number;
  readonly anchored: number;
  readonly rejected: number;
  /** Rejected by the ledger (custody codes) and refused whole at capture (HTTP_<status>_<code>). */
  readonly rejectedByReason: Readonly<Record<string, number>>;
  /** The simulator's deliberate custody violations, and how many were rejected with the expected code. */
  readonly deliberateViolations: number;
  readonly violationsRejectedAsExpected: number;
}

interface Run extends Outcome {
  readonly seconds: number;
  /** (anchored + rejected) / seconds: every event that reached a final status. */
  readonly eventsPerSecond: number;
  readonly anchoredPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /**
   * CPU time of this process (user + system) per final event: the whole pipeline in the embedded shape;
   * in the real shape only the app's own share (PostgreSQL and Kafka run in their own processes). Steadier
   * than events/s on a shared machine.
   */
  readonly cpuMsPerEvent: number;
}

/** Sends captures of a simulation and follows every event to its final status. */
class Driver {
  readonly #hashes = new Map<number, readonly string[]>();
  /** Captures refused whole at capture: their events count as rejected with the HTTP code. */
  readonly #refused = new Map<number, string>();

  constructor(
    private readonly simulation: Simulation,
    private readonly transport: CaptureTransport,
    private readonly tokens: TokenSource,
    readonly probe: FinalStatusProbe,
  ) {}

  hashesOf(capture: SimCapture): readonly string[] {
    let known = this.#hashes.get(capture.index);
    if (known === undefined) {
      known = documentEventHashIds(captureDocument(capture));
      this.#hashes.set(capture.index, known);
    }
    return known;
  }

  isFinal(index: number): boolean {
    if (this.#refused.has(index)) return true;
    const capture = this.simulation.captures[index];
    return capture !== undefined && this.hashesOf(capture).every((h) => this.probe.status.has(h));
  }

  async #post(capture: SimCapture): Promise<void> {
    const token = await this.tokens(capture.submitterMsp, 'supplier');
    for (let attempt = 1; ; attempt++) {
      const reply = await this.transport.send({
        method: 'POST',
        path: '/epcis/capture',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/ld+json' },
        body: JSON.stringify(captureDocument(capture)),
      });
      if (reply.status === 202) return;
      if (reply.status === 429 && attempt < 20) {
        await sleep(Math.min(60, reply.retryAfter ?? attempt) * 1000);
        continue;
      }
      let code = `HTTP_${String(reply.status)}`;
      try {
        const problem = JSON.parse(reply.body) as { code?: unknown };
        if (typeof problem.code === 'string') code = `${code}_${problem.code}`;
      } catch {
        // not a problem document; the status says enough
      }
      this.#refused.set(capture.index, code);
      return;
    }
  }

  /**
   * Sends `captures` (consecutive in plan order) and resolves once every event of them is final. With
   * `eventsPerSecond`, open loop: a capture is not sent before its share of the offered rate is due.
   */
  async run(captures: readonly SimCapture[], eventsPerSecond?: number): Promise<Run> {
    this.probe.resetLatencies();
    const queues = new Map<string, SimCapture[]>();
    const due = new Map<number, number>();
    const start = performance.now();
    const cpuAtStart = process.cpuUsage();
    let offered = 0;
    for (const c of captures) {
      queues.set(c.submitterMsp, [...(queues.get(c.submitterMsp) ?? []), c]);
      due.set(c.index, eventsPerSecond === undefined ? 0 : start + (offered / eventsPerSecond) * 1000);
      offered += c.events.length;
    }
    const posting = new Set<string>();
    const inFlight = new Set<Promise<void>>();
    let reported = Date.now();
    while (queues.size > 0) {
      if (Date.now() - reported > 30_000) {
        reported = Date.now();
        this.#reportWaiting(captures, queues);
      }
      let sent = false;
      for (const [msp, queue] of queues) {
        if (inFlight.size >= IN_FLIGHT) break;
        const head = queue[0];
        if (head === undefined) {
          queues.delete(msp);
          continue;
        }
        // One organisation's documents in order; another organisation's hand-overs final first.
        if (posting.has(msp) || (due.get(head.index) ?? 0) > performance.now() || !head.after.every((a) => this.isFinal(a))) continue;
        queue.shift();
        if (queue.length === 0) queues.delete(msp);
        posting.add(msp);
        const p: Promise<void> = this.#post(head).finally(() => {
          posting.delete(msp);
          inFlight.delete(p);
        });
        inFlight.add(p);
        sent = true;
      }
      if (!sent) await (inFlight.size > 0 ? Promise.race([...inFlight, sleep(2)]) : sleep(2));
    }
    await Promise.all(inFlight);
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    while (!captures.every((c) => this.isFinal(c.index))) {
      if (Date.now() > deadline) {
        const open = captures.flatMap((c) => this.hashesOf(c).filter((h) => !this.probe.status.has(h) && !this.#refused.has(c.index)));
        throw new Error(`${String(open.length)} events still without a final status after ${String(SETTLE_TIMEOUT_MS)} ms`);
      }
      if (Date.now() - reported > 30_000) {
        reported = Date.now();
        this.#reportWaiting(captures, new Map());
      }
      await sleep(5);
    }
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuAtStart);
    const outcome = this.#outcome(captures);
    await this.#checkQueryable(captures);
    const sorted = [...this.probe.latencies].sort((a, b) => a - b);
    return {
      ...outcome,
      seconds,
      eventsPerSecond: (outcome.anchored + outcome.rejected) / seconds,
      anchoredPerSecond: outcome.anchored / seconds,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      cpuMsPerEvent: Number(((cpu.user + cpu.system) / 1000 / Math.max(1, outcome.anchored + outcome.rejected)).toFixed(3)),
    };
  }

  /** A line on stderr while a run waits long: what is sent, final, and what the next documents wait for. */
  #reportWaiting(captures: readonly SimCapture[], queues: ReadonlyMap<string, readonly SimCapture[]>): void {
    const heads = [...queues.values()].flatMap((q) => (q[0] === undefined ? [] : [q[0]]));
    const waitingFor = [...new Set(heads.flatMap((h) => h.after.filter((a) => !this.isFinal(a))))].slice(0, 5);
    const final = captures.filter((c) => this.isFinal(c.index)).length;
    process.stderr.write(
      `  … ${String(final)} of ${String(captures.length)} documents final, ${String(this.probe.status.size)} events final; next documents wait for ${waitingFor.map((i) => `#${String(i)} (${String(this.simulation.captures[i]?.events.length ?? 0)} events, ${String(this.hashesOf(this.simulation.captures[i] ?? { index: -1, submitterMsp: '', events: [], after: [] }).filter((h) => this.probe.status.has(h)).length)} final)`).join(', ') || 'nothing'}\n`,
    );
  }

  #outcome(captures: readonly SimCapture[]): Outcome {
    const byReason: Record<string, number> = {};
    let events = 0;
    let acceptedAtCapture = 0;
    let anchored = 0;
    let rejected = 0;
    let deliberate = 0;
    let asExpected = 0;
    for (const c of captures) {
      events += c.events.length;
      const refused = this.#refused.get(c.index);
      if (refused === undefined) acceptedAtCapture += c.events.length;
      const hashes = this.hashesOf(c);
      for (const [i, e] of c.events.entries()) {
        const final = refused === undefined ? this.probe.status.get(hashes[i] ?? '') : { status: 'rejected' as const, code: refused };
        if (final?.status === 'anchored') anchored += 1;
        else {
          rejected += 1;
          const code = final?.code ?? 'REJECTED';
          byReason[code] = (byReason[code] ?? 0) + 1;
        }
        if (e.expectedRejection === undefined) continue;
        deliberate += 1;
        if (final?.status === 'rejected' && final.code === e.expectedRejection) asExpected += 1;
      }
    }
    return {
      events,
      documents: captures.length,
      acceptedAtCapture,
      anchored,
      rejected,
      rejectedByReason: Object.fromEntries(Object.entries(byReason).sort(([a], [b]) => a.localeCompare(b))),
      deliberateViolations: deliberate,
      violationsRejectedAsExpected: asExpected,
    };
  }

  /** Queryable: the anchored events of the last documents read back anchored from the read model. */
  async #checkQueryable(captures: readonly SimCapture[]): Promise<void> {
    const store = this.probe.store;
    const sample = captures
      .slice(-10)
      .flatMap((c) => this.hashesOf(c))
      .filter((h) => this.probe.status.get(h)?.status === 'anchored')
      .slice(0, 20);
    for (const hashId of sample) {
      const stored = await store.getEvent(hashId);
      if (stored?.status !== 'anchored') throw new Error('an anchored event is not queryable in the read model');
    }
  }
}

/** The captures of a simulation cut into consecutive slices of at least `sizes[i]` events each (plan order). */
function slices(simulation: Simulation, sizes: readonly number[]): SimCapture[][] {
  const out: SimCapture[][] = [];
  let next = 0;
  for (const size of sizes) {
    const slice: SimCapture[] = [];
    let events = 0;
    while (events < size && next < simulation.captures.length) {
      const c = simulation.captures[next++];
      if (c === undefined) break;
      slice.push(c);
      events += c.events.length;
    }
    out.push(slice);
  }
  out.push(simulation.captures.slice(next));
  return out;
}

async function withApp<T>(
  createApp: CreateApp,
  shape: PipelineShape,
  extraEnv: Record<string, string>,
  simulation: Simulation,
  run: (driver: Driver) => Promise<T>,
): Promise<T> {
  const deployment = await shape.prepare();
  let app: NestFastifyApplication | undefined;
  try {
    const env = { ...deployment.env, ...extraEnv };
    const brokers = env['KAFKA_BROKERS'] ?? '';
    if (brokers !== '') {
      const unconsumed = await clearLeftovers(brokers, [
        { topic: TOPICS.raw, groupId: INTAKE_GROUP },
        { topic: TOPICS.events, groupId: ANCHOR_GROUP_ID },
      ]);
      if (unconsumed > 0)
        process.stdout.write(
          `  removed ${String(unconsumed)} messages an earlier run left unconsumed on ${TOPICS.raw} / ${TOPICS.events}\n`,
        );
    }
    app = await createApp(
      loadConfig(env, env['LOTLEDGER_DATA_DIR']),
      { publicBaseUrl: 'http://127.0.0.1:8080' },
      createLogger({ level: 'silent', service: 'bench' }),
    );
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const { transport, tokens } = embeddedTarget(app);
    // As `lotledger simulate --to` does: organisations, sites and GTINs through the registration mutations.
    await registerSimulation(simulation, transport, tokens);
    const probe = new FinalStatusProbe(app.get<ReadModelStore>(READ_MODEL));
    return await run(new Driver(simulation, transport, tokens, probe));
  } finally {
    await app?.close();
    await deployment.cleanup();
  }
}

interface ShapeResult {
  readonly shape: string;
  readonly full: Run;
  readonly halfLoad: Run & { readonly offeredPerSecond: number };
  readonly baselineOneEventPerTransaction: Run;
  readonly speedupOverBaseline: number;
}

function line(label: string, r: Run): string {
  const reasons = Object.entries(r.rejectedByReason)
    .map(([code, n]) => `${code} ${String(n)}`)
    .join(', ');
  return `  ${label}: ${String(r.events)} events in ${String(r.documents)} documents, ${r.seconds.toFixed(1)} s → ${r.eventsPerSecond.toFixed(0)} final events/s (${r.anchoredPerSecond.toFixed(0)} anchored/s); anchored ${String(r.anchored)}, rejected ${String(r.rejected)}${reasons === '' ? '' : ` (${reasons})`}; deliberate violations ${String(r.deliberateViolations)}, rejected as expected ${String(r.violationsRejectedAsExpected)}; capture→anchored p50 ${String(r.p50Ms)} ms, p99 ${String(r.p99Ms)} ms; app CPU ${r.cpuMsPerEvent.toFixed(2)} ms/event\n`;
}

async function benchShape(createApp: CreateApp, shape: PipelineShape, simulation: Simulation): Promise<ShapeResult> {
  process.stdout.write(
    `\n${shape.name}: ${String(TOTAL)} simulated events from ${String(simulation.organisations.length)} organisations…\n`,
  );
  const [warmup = [], measured = [], rest = []] = slices(simulation, [WARMUP, TOTAL]);
  const { full, halfLoad } = await withApp(createApp, shape, {}, simulation, async (driver) => {
    // Warm-up: JIT, connections, consumer-group joins.
    await driver.run(warmup);
    const fullRun = await driver.run(measured);
    process.stdout.write(line('full load', fullRun));
    const offered = fullRun.eventsPerSecond / 2;
    const [half = []] = slices({ ...simulation, captures: rest }, [Math.round(offered * HALF_LOAD_SECONDS)]);
    const halfRun = await driver.run(half, offered);
    process.stdout.write(line(`half load (${offered.toFixed(0)} events/s offered)`, halfRun));
    return { full: fullRun, halfLoad: { ...halfRun, offeredPerSecond: offered } };
  });
  process.stdout.write(`  baseline (one event per transaction), ${String(BASELINE_TOTAL)} events of the same simulation…\n`);
  const [baselineWarmup = [], baselineMeasured = []] = slices(simulation, [100, BASELINE_TOTAL]);
  const baseline = await withApp(createApp, shape, { ANCHOR_BATCH_SIZE: '1', ANCHOR_LINGER_MS: '0' }, simulation, async (driver) => {
    await driver.run(baselineWarmup);
    return driver.run(baselineMeasured);
  });
  process.stdout.write(line('baseline', baseline));
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
  const only = ONLY_SHAPE;
  const shapes: PipelineShape[] = only === 'real' ? [] : [EMBEDDED_SHAPE];
  const real = (process.env['KAFKA_BROKERS'] ?? '') !== '' && (process.env['DATABASE_URL'] ?? '') !== '';
  if (real && only !== 'embedded') shapes.push(realStackShape((process.env['FABRIC_IDENTITIES'] ?? '') !== ''));
  else if (!real) process.stdout.write('KAFKA_BROKERS / DATABASE_URL not set: the real stack is not measured in this run.\n');
  if (shapes.length === 0) throw new Error('--only real needs KAFKA_BROKERS and DATABASE_URL');

  // Enough for the warm-up, the measured run and a half-load run at up to TOTAL / 10 s offered.
  const scale = WARMUP + TOTAL + Math.max(TOTAL, 2_000);
  const generating = performance.now();
  const simulation = generateSimulation({ industry: 'all', scale, seed: SEED, maxEventsPerCapture: EVENTS_PER_DOCUMENT });
  process.stdout.write(
    `simulated ${String(simulation.events.length)} events in ${String(simulation.captures.length)} documents (seed ${SEED}, scale ${String(scale)}) in ${((performance.now() - generating) / 1000).toFixed(1)} s\n`,
  );

  const results: ShapeResult[] = [];
  for (const shape of shapes) results.push(await benchShape(createLotledgerApp, shape, simulation));

  const rows = results.map((r) => ({
    shape: r.shape,
    'final events/s': Math.round(r.full.eventsPerSecond),
    'anchored/rejected': `${String(r.full.anchored)}/${String(r.full.rejected)}`,
    'p50 ms (full)': r.full.p50Ms,
    'p99 ms (full)': r.full.p99Ms,
    'events/s (half)': Math.round(r.halfLoad.eventsPerSecond),
    'p50 ms (half)': r.halfLoad.p50Ms,
    'p99 ms (half)': r.halfLoad.p99Ms,
    'app CPU ms/event': r.full.cpuMsPerEvent,
    'baseline events/s': Math.round(r.baselineOneEventPerTransaction.eventsPerSecond),
    '× baseline': Number(r.speedupOverBaseline.toFixed(1)),
  }));
  console.table(rows);
  process.stdout.write('events/s counts every event that reached a final status (anchored or rejected); latency is of anchored events.\n');
  const out = join(root, 'bench-results', 'pipeline.json');
  await mkdir(dirname(out), { recursive: true });
  await writeFile(
    out,
    `${JSON.stringify(
      {
        bench: 'pipeline',
        measuredAt: new Date().toISOString(),
        machine: { cpus: cpus().length, node: process.version },
        load: {
          source: 'supply-chain simulator (lotledger simulate --industry all), registered through the GraphQL mutations',
          seed: SEED,
          scale,
          simulatedEvents: simulation.events.length,
          organisations: simulation.organisations.length,
        },
        parameters: {
          events: TOTAL,
          warmupEvents: WARMUP,
          maxEventsPerDocument: EVENTS_PER_DOCUMENT,
          inFlightCaptures: IN_FLIGHT,
          halfLoadSeconds: HALF_LOAD_SECONDS,
          baselineEvents: BASELINE_TOTAL,
        },
        throughput: 'events that reached a final status (anchored or rejected) per second, first capture → last final',
        latency: 'anchored events: recordTime (capture accepted) → batch durable in the read model',
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
