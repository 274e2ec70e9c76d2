/**
 * `npm run bench:ledger`: events/s through AnchorBatch.
 *
 * - Embedded adapter (on disk: every block appended, fsynced and signed) at batch sizes 100,
 *   500 and 2,000, one transaction in flight; the events are commissionings and
 *   shipments of new items (each accepted: every rule runs, every object is written).
 * - When the FABRIC_* settings are present: the same on Fabric, with p50/p99 commit latency,
 *   beside a baseline of one event per transaction measured in the same run.
 *
 * Prints a table and writes bench-results/ledger.json (relative to the working directory).
 * Not a test: nothing here asserts.
 */
import '../embedded/quiet-contract-logs.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EmbeddedLedgerAdapter } from '../embedded/embedded-ledger.adapter.js';
import { fabricConfigFromEnv } from '../fabric/fabric-config.js';
import { FabricLedgerAdapter } from '../fabric/fabric-ledger.adapter.js';
import type { EventFacts, LedgerPort } from '../ledger.port.js';
import { TraceFixtures, type TraceParties } from '../testing/trace-fixtures.js';

interface Run {
  readonly adapter: string;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly batches: number;
  readonly events: number;
  readonly accepted: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function prepare(ledger: LedgerPort, f: TraceFixtures): Promise<void> {
  const { regulator } = f.parties;
  if ((await ledger.getOrganization(regulator)) === undefined) await ledger.registerOrganization(regulator, f.organization('regulator'));
  await ledger.registerOrganization(regulator, f.organization('manufacturer'));
  await ledger.registerOrganization(regulator, f.organization('distributor'));
}

/** One manufacturer batch: each new item is commissioned, then shipped to the distributor. */
function manufacturerBatch(f: TraceFixtures, size: number): EventFacts[] {
  const events: EventFacts[] = [];
  while (events.length < size) {
    const item = f.item();
    events.push(f.commission('manufacturer', [item]));
    if (events.length < size) events.push(f.ship('manufacturer', [item], 'distributor'));
  }
  return events;
}

async function measure(
  adapter: string,
  ledger: LedgerPort,
  f: TraceFixtures,
  batchSize: number,
  totalEvents: number,
  concurrency: number,
): Promise<Run> {
  const batches = Math.max(1, Math.round(totalEvents / batchSize));
  const work = Array.from({ length: batches }, () => f.batch(manufacturerBatch(f, batchSize)));
  const latencies: number[] = [];
  let accepted = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < work.length; i = next++) {
        const batch = work[i];
        if (batch === undefined) break;
        const t0 = performance.now();
        const result = await ledger.anchorBatch(f.parties.manufacturer, batch);
        latencies.push(performance.now() - t0);
        accepted += result.accepted.length;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const events = batches * batchSize;
  return {
    adapter,
    batchSize,
    concurrency,
    batches,
    events,
    accepted,
    seconds: round(seconds, 3),
    eventsPerSecond: Math.round(events / seconds),
    p50Ms: round(percentile(latencies, 50), 1),
    p99Ms: round(percentile(latencies, 99), 1),
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

const parties: TraceParties = {
  regulator: process.env['FABRIC_TEST_REGULATOR_MSP'] ?? 'RegulatorMSP',
  manufacturer: process.env['FABRIC_TEST_MANUFACTURER_MSP'] ?? 'Org1MSP',
  distributor: process.env['FABRIC_TEST_DISTRIBUTOR_MSP'] ?? 'Org2MSP',
};

async function embeddedRuns(): Promise<Run[]> {
  const runs: Run[] = [];
  for (const batchSize of [100, 500, 2000]) {
    const dir = mkdtempSync(join(tmpdir(), 'lotledger-bench-'));
    try {
      const ledger = await EmbeddedLedgerAdapter.open({ dataDir: dir });
      const f = new TraceFixtures(parties, `bench${batchSize}`);
      await prepare(ledger, f);
      await measure('embedded', ledger, f, batchSize, 2000, 1); // warm-up
      // One transaction in flight, as one anchor partition submits; a fresh ledger per batch size.
      runs.push(await measure('embedded', ledger, f, batchSize, 40_000, 1));
      await ledger.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return runs;
}

async function fabricRuns(): Promise<{ runs: Run[]; note: string }> {
  if (process.env['FABRIC_CHANNEL'] === undefined)
    return { runs: [], note: 'not run: FABRIC_* settings absent (source .stack/fabric/connection.env to include Fabric)' };
  const ledger = await FabricLedgerAdapter.connect({ config: fabricConfigFromEnv(process.env) });
  try {
    const f = new TraceFixtures(parties, `fb${Date.now().toString(36)}`);
    await prepare(ledger, f);
    const runs: Run[] = [];
    runs.push(await measure('fabric-baseline-1-event-per-tx', ledger, f, 1, 1000, 32));
    for (const batchSize of [100, 500, 2000]) runs.push(await measure('fabric', ledger, f, batchSize, 20_000, 4));
    return { runs, note: 'same run: baseline one event per transaction (32 in flight) beside batches (4 in flight)' };
  } finally {
    await ledger.close();
  }
}

const embedded = await embeddedRuns();
const fabric = await fabricRuns();
const all = [...embedded, ...fabric.runs];
console.log('adapter                          batch  conc  events   accepted  s        events/s  p50 ms  p99 ms');
for (const r of all) {
  console.log(
    `${r.adapter.padEnd(32)} ${String(r.batchSize).padStart(5)} ${String(r.concurrency).padStart(5)} ${String(r.events).padStart(7)} ${String(r.accepted).padStart(9)}  ${r.seconds.toFixed(2).padStart(7)} ${String(r.eventsPerSecond).padStart(9)} ${r.p50Ms.toFixed(1).padStart(7)} ${r.p99Ms.toFixed(1).padStart(7)}`,
  );
}
console.log(`fabric: ${fabric.note}`);
const out = {
  benchmark: 'ledger',
  measuredAt: new Date().toISOString(),
  node: process.version,
  cpu: `${cpus()[0]?.model ?? 'unknown'} × ${availableParallelism()}`,
  // The machine is shared: the 1-minute load average at the end says how contended the figures are.
  loadAverage1m: round(loadavg()[0] ?? 0, 2),
  targetEmbeddedEventsPerSecond: 20_000,
  embedded,
  fabric: { note: fabric.note, runs: fabric.runs },
};
mkdirSync('bench-results', { recursive: true });
writeFileSync(join('bench-results', 'ledger.json'), JSON.stringify(out, null, 2) + '\n');
console.log('written bench-results/ledger.json');
