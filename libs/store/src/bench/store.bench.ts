/**
 * Read-model figures: applyAnchoredBatch throughput on 2,000-event batches and trace latency over a
 * generated 1,000-node genealogy — on PGlite (temp dir) always, and on PostgreSQL when DATABASE_URL is
 * set (in a throw-away schema). Prints the figures and writes bench-results/store.json.
 *   node libs/store/dist/bench/store.bench.js [--batches N] [--trace-runs N] [--sub-batch N]
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type { GenealogyEdge, ObjectState } from '../ports/read-model.types.js';
import { ReadModelStore } from '../read-model-store.js';
import type { ReadModelStoreConfig } from '../database/read-model-data-source.js';
import { fixtureBatch, fixtureEvent, hashIdOf, sgtin } from '../testing/read-model-fixtures.js';

const BATCH_SIZE = 2000;

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

function round(value: number, digits = 2): number {
  return Number(value.toFixed(digits));
}

/** A 2,000-event batch like the anchor writes: each event names 2 objects, updates 1 state and adds 1 edge. */
function benchBatch(index: number) {
  const events = Array.from({ length: BATCH_SIZE }, (_, i) => {
    const n = index * BATCH_SIZE + i;
    return fixtureEvent({
      label: `bench-${String(n)}`,
      bizStep: i % 2 === 0 ? 'shipping' : 'receiving',
      eventTime: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
      readPoint: `urn:epc:id:sgln:4012345.00001.${String(i % 50)}`,
      objects: [
        { objectId: sgtin(n), role: 'epc' },
        { objectId: `urn:epc:id:sscc:4012345.${String(n).padStart(10, '0')}`, role: 'parent' },
      ],
      extra: { 'example:payload': 'x'.repeat(400) },
    });
  });
  const objectStates: ObjectState[] = events.map((e, i) => ({
    id: sgtin(index * BATCH_SIZE + i),
    kind: 'sgtin',
    gtin: '04012345123456',
    lot: null,
    serial: String(i),
    status: 'in_transit',
    custodianMsp: 'Org1MSP',
    location: null,
    holds: [],
    lastEventHash: e.hashId,
    updatedAt: e.facts.eventTime,
  }));
  const edges: GenealogyEdge[] = events.map((e, i) => ({
    parentId: `urn:epc:id:sscc:4012345.${String(index * BATCH_SIZE + i).padStart(10, '0')}`,
    childId: sgtin(index * BATCH_SIZE + i),
    kind: 'aggregation',
    hashId: e.hashId,
  }));
  return fixtureBatch(`bench-batch-${String(index)}`, events, { objectStates, edges });
}

/** 1,000 nodes in four transformation layers (1 → 9 → 90 → 900); every leaf also has a second parent (a DAG). */
function genealogy(): { root: string; leaf: string; edges: GenealogyEdge[] } {
  const layers = [1, 9, 90, 900].map((size, layer) =>
    Array.from({ length: size }, (_, i) => `urn:bench:node:${String(layer)}:${String(i)}`),
  );
  const edges: GenealogyEdge[] = [];
  for (let layer = 1; layer < layers.length; layer++) {
    const parents = layers[layer - 1] ?? [];
    (layers[layer] ?? []).forEach((child, i) => {
      const parent = parents[Math.floor(i / (layer === 1 ? 9 : 10))] ?? '';
      edges.push({ parentId: parent, childId: child, kind: 'transformation', hashId: hashIdOf(`edge:${parent}:${child}`) });
      if (layer === 3) {
        const second = parents[(Math.floor(i / 10) + 1) % parents.length] ?? '';
        edges.push({ parentId: second, childId: child, kind: 'transformation', hashId: hashIdOf(`edge:${second}:${child}`) });
      }
    });
  }
  return { root: layers[0]?.[0] ?? '', leaf: layers[3]?.[0] ?? '', edges };
}

interface ShapeFigures {
  readonly shape: string;
  readonly batches: number;
  readonly eventsPerBatch: number;
  readonly eventsPerSecond: number;
  readonly rowsPerSecond: number;
  readonly batchMs: { readonly p50: number; readonly max: number };
  readonly replayMs: number;
  readonly trace: {
    readonly nodes: number;
    readonly edges: number;
    readonly runs: number;
    readonly downstreamMs: { p50: number; p99: number };
    readonly upstreamMs: { p50: number; p99: number };
  };
}

async function timeTraces(
  store: ReadModelStore,
  id: string,
  direction: 'upstream' | 'downstream',
  runs: number,
): Promise<{ p50: number; p99: number; nodes: number; edges: number }> {
  const samples: number[] = [];
  let nodes = 0;
  let edges = 0;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = await store.trace(id, direction, 10);
    samples.push(performance.now() - started);
    nodes = result.nodes.length;
    edges = result.edges.length;
  }
  samples.sort((a, b) => a - b);
  return { p50: round(percentile(samples, 50)), p99: round(percentile(samples, 99)), nodes, edges };
}

async function measure(shape: string, config: ReadModelStoreConfig, batches: number, traceRuns: number): Promise<ShapeFigures> {
  const store = await ReadModelStore.open(config, { subBatch: argument('sub-batch', 1000) });
  try {
    const prepared = Array.from({ length: batches }, (_, i) => benchBatch(i));
    const batchMs: number[] = [];
    for (const batch of prepared) {
      const started = performance.now();
      await store.applyAnchoredBatch(batch);
      batchMs.push(performance.now() - started);
    }
    const replayStarted = performance.now();
    const replay = await store.applyAnchoredBatch(prepared[0] ?? benchBatch(0));
    const replayMs = performance.now() - replayStarted;
    if (replay.eventsChanged !== 0) throw new Error('replay changed events: the write path is not idempotent');
    const totalSeconds = batchMs.reduce((a, b) => a + b, 0) / 1000;
    // Rows per event: the event, 2 event_objects, 1 object state, 1 edge.
    const events = batches * BATCH_SIZE;
    const graph = genealogy();
    await store.applyAnchoredBatch({ ...fixtureBatch('bench-genealogy', []), edges: graph.edges });
    const down = await timeTraces(store, graph.root, 'downstream', traceRuns);
    const up = await timeTraces(store, graph.leaf, 'upstream', traceRuns);
    batchMs.sort((a, b) => a - b);
    return {
      shape,
      batches,
      eventsPerBatch: BATCH_SIZE,
      eventsPerSecond: Math.round(events / totalSeconds),
      rowsPerSecond: Math.round((events * 5) / totalSeconds),
      batchMs: { p50: round(percentile(batchMs, 50)), max: round(batchMs[batchMs.length - 1] ?? 0) },
      replayMs: round(replayMs),
      trace: {
        nodes: down.nodes,
        edges: down.edges,
        runs: traceRuns,
        downstreamMs: { p50: down.p50, p99: down.p99 },
        upstreamMs: { p50: up.p50, p99: up.p99 },
      },
    };
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const batches = argument('batches', 10);
  const traceRuns = argument('trace-runs', 200);
  const results: ShapeFigures[] = [];
  const dataDir = await mkdtemp(join(tmpdir(), 'lotledger-store-bench-'));
  try {
    results.push(await measure('pglite', { kind: 'pglite', dataDir }, batches, traceRuns));
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  const url = process.env.DATABASE_URL;
  if (url) {
    const schema = `lotledger_bench_${Date.now().toString(36)}`;
    try {
      results.push(await measure('postgres', { kind: 'postgres', url, schema }, batches, traceRuns));
    } finally {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  }
  const report = {
    benchmark: 'store',
    node: process.version,
    subBatch: argument('sub-batch', 1000),
    at: new Date().toISOString(),
    postgres: url ? 'measured' : 'not measured (DATABASE_URL unset)',
    results,
  };
  const outDir = resolve(process.cwd(), 'bench-results');
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'store.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify(report, null, 2));
}

await main();
