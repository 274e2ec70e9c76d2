/**
 * The anchor stage in the embedded shape: events/s from publish to lotledger.events until anchored
 * in the read model (embedded bus → anchor use case → embedded ledger running the chaincode →
 * PGlite), and publish→anchored latency p50/p99 at half the measured maximum.
 *
 * Run: `node services/anchor/dist/bench/anchor.bench.js [events]` (after `npx tsc -b`)
 * → prints and writes bench-results/anchor.json. ANCHOR_BATCH_SIZE / ANCHOR_LINGER_MS apply.
 */
import 'reflect-metadata';
import type { BusMessage } from '@lotledger/bus';
import type { ReadModelWriter } from '@lotledger/store';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EmbeddedAnchorHarness } from '../testing/embedded-anchor.harness.js';
import { EpcisEventFixtures } from '../testing/epcis-event.fixtures.js';

const total = Number(process.argv[2] ?? 20_000);
const batchSize = Number(process.env['ANCHOR_BATCH_SIZE'] ?? 500);
const lingerMs = Number(process.env['ANCHOR_LINGER_MS'] ?? 100);

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Records, per event, when its batch became durable in the store: publish→anchored latency. */
class LatencyProbe {
  readonly latencies: number[] = [];
  anchored = 0;
  wrap = (store: ReadModelWriter): ReadModelWriter => ({
    applyAnchoredBatch: (batch) => store.applyAnchoredBatch(batch),
    applyAnchoredBatches: async (batches) => {
      const results = await store.applyAnchoredBatches(batches);
      const now = Date.now();
      for (const batch of batches) {
        for (const e of batch.events) this.latencies.push(now - Date.parse(e.facts.recordTime));
        this.anchored += batch.events.length;
      }
      return results;
    },
    insertPending: (events) => store.insertPending(events),
  });
}

function messages(f: EpcisEventFixtures, count: number): { build: () => BusMessage }[] {
  return Array.from({ length: count }, () => {
    const event = f.commission('manufacturer', [f.item()]);
    // receivedAt is stamped when the message is built, right before it is published.
    return { build: () => f.busMessage('manufacturer', event, new Date().toISOString()) };
  });
}

async function saturate(
  dataDir: string,
  f: EpcisEventFixtures,
): Promise<{ eventsPerSecond: number; seconds: number; p50: number; p99: number; batches: number }> {
  const probe = new LatencyProbe();
  const harness = await EmbeddedAnchorHarness.open({ dataDir, batchSize, lingerMs, wrapStore: probe.wrap });
  try {
    const pending = messages(f, total);
    await harness.start();
    const started = Date.now();
    for (let i = 0; i < pending.length; i += 1000) await harness.publish(pending.slice(i, i + 1000).map((m) => m.build()));
    while (probe.anchored < total) await sleep(5);
    const seconds = (Date.now() - started) / 1000;
    const sorted = [...probe.latencies].sort((a, b) => a - b);
    return {
      eventsPerSecond: Math.round(total / seconds),
      seconds,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      batches: harness.outcomes.reduce((n, o) => n + o.ledgerBatches, 0),
    };
  } finally {
    await harness.close();
  }
}

async function paced(
  dataDir: string,
  f: EpcisEventFixtures,
  rate: number,
  seconds: number,
): Promise<{ rate: number; events: number; p50: number; p99: number }> {
  const probe = new LatencyProbe();
  const harness = await EmbeddedAnchorHarness.open({ dataDir, batchSize, lingerMs, wrapStore: probe.wrap });
  try {
    await harness.start();
    const tickMs = 50;
    const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
    const ticks = Math.round((seconds * 1000) / tickMs);
    const pending = messages(f, perTick * ticks);
    const started = Date.now();
    for (let t = 0; t < ticks; t += 1) {
      await harness.publish(pending.slice(t * perTick, (t + 1) * perTick).map((m) => m.build()));
      const wait = started + (t + 1) * tickMs - Date.now();
      if (wait > 0) await sleep(wait);
    }
    while (probe.anchored < pending.length) await sleep(5);
    const sorted = [...probe.latencies].sort((a, b) => a - b);
    return {
      rate: Math.round((perTick * 1000) / tickMs),
      events: pending.length,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
    };
  } finally {
    await harness.close();
  }
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'lotledger-anchor-bench-'));
  try {
    const f = new EpcisEventFixtures(`bench${String(Date.now())}`);
    const max = await saturate(join(root, 'max'), f);
    const half = await paced(join(root, 'half'), f, max.eventsPerSecond / 2, 5);
    const report = {
      bench: 'anchor (embedded shape): publish to lotledger.events → anchored on the embedded ledger → written to PGlite',
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      settings: { events: total, batchSize, lingerMs },
      maximum: {
        eventsPerSecond: max.eventsPerSecond,
        seconds: max.seconds,
        ledgerBatches: max.batches,
        latencyMs: { p50: max.p50, p99: max.p99 },
      },
      halfLoad: { offeredEventsPerSecond: half.rate, events: half.events, latencyMs: { p50: half.p50, p99: half.p99 } },
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    await mkdir('bench-results', { recursive: true });
    await writeFile(join('bench-results', 'anchor.json'), `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

await main();
