/**
 * The gateway bench's read model: a database of its own on the PostgreSQL of DATABASE_URL, filled from
 * the supply-chain simulator through the anchor's path (simulated-store.ts): ≥ 1,000,000 simulated
 * events (pharma, steel, automotive, linked; with their deliberate custody violations, rejected by the
 * ledger), their batches' Merkle roots real, the schema the store's own migrations create, and one deep
 * steel → automotive genealogy of about 1,000 objects as the trace target.
 *
 * The database is cached: once everything is written and analysed, its COMMENT records the generator
 * version and the targets; a run finding the same version skips generation. The simulation of 1M events
 * holds about 2 GB, so it runs in a child process with a larger heap.
 */
import { fork } from 'node:child_process';
import pg from 'pg';
import { SIMULATION_SCALE, SIMULATION_SEED, type BenchTargets, type SimulatedStoreResult } from './simulated-store.js';

export type { BenchTargets } from './simulated-store.js';

/** Bump when the written store changes: a cached database of another version is dropped and written again. */
export const GENERATOR_VERSION = `lotledger-gateway-bench/2 simulator seed=${SIMULATION_SEED} scale=${String(SIMULATION_SCALE)}`;
/** Heap of the writer process: the 1M-event simulation and the anchor's working set. */
const WRITER_HEAP_MB = 6144;

export interface BenchStore {
  readonly state: 'cached' | 'generated';
  readonly targets: BenchTargets;
  /** The writer's figures (only when generated in this run). */
  readonly generation?: SimulatedStoreResult & { readonly analyzeSeconds: number; readonly totalSeconds: number };
}

async function databaseComment(admin: pg.Client, database: string): Promise<string | null> {
  const { rows } = await admin.query<{ comment: string | null }>(
    `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
    [database],
  );
  return rows.length === 0 ? null : (rows[0]?.comment ?? '');
}

function cachedTargets(comment: string | null): BenchTargets | undefined {
  if (comment === null || !comment.startsWith(`${GENERATOR_VERSION}\n`)) return undefined;
  try {
    return JSON.parse(comment.slice(GENERATOR_VERSION.length + 1)) as BenchTargets;
  } catch {
    return undefined;
  }
}

function runWriter(benchUrl: string): Promise<SimulatedStoreResult> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./simulated-store.js', import.meta.url), [benchUrl], {
      execArgv: [`--max-old-space-size=${String(WRITER_HEAP_MB)}`],
    });
    let result: SimulatedStoreResult | undefined;
    child.on('message', (message: { result?: SimulatedStoreResult }) => {
      result = message.result;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0 && result !== undefined) resolve(result);
      else reject(new Error(`the store writer exited with ${String(code)}`));
    });
  });
}

/** Makes sure `benchUrl` names a database holding the simulated store of this generator version. */
export async function ensureBenchStore(adminUrl: string, benchUrl: string, log: (line: string) => void): Promise<BenchStore> {
  const database = new URL(benchUrl).pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`bench database name ${database} is not a plain identifier`);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const comment = await databaseComment(admin, database);
    const cached = cachedTargets(comment);
    if (cached !== undefined) return { state: 'cached', targets: cached };
    if (comment !== null) {
      log(`bench database ${database} is from another generator version (${comment.split('\n')[0] || 'incomplete'}): dropping it`);
      await admin.query(`DROP DATABASE ${database}`);
    }
    await admin.query(`CREATE DATABASE ${database}`);
    // A bulk load into a database of the bench's own: commits need not wait for the disk (a crash means
    // regenerating anyway). Reset once the store is written, so the gateway is measured with the default.
    await admin.query(`ALTER DATABASE ${database} SET synchronous_commit = off`);
  } finally {
    await admin.end();
  }
  const started = Date.now();
  log(`  writing the store from the simulator (seed ${SIMULATION_SEED}, scale ${String(SIMULATION_SCALE)}) through the anchor's use case`);
  const result = await runWriter(benchUrl);
  log(
    `  anchored ${String(result.anchored)}, rejected ${String(result.rejected)} (deliberate violations ${String(result.expectedViolations)}, rejected as expected ${String(result.rejectedAsExpected)}), dead-lettered ${String(result.deadLettered)}; ${String(result.ledgerBatches)} ledger batches; written in ${result.writeSeconds.toFixed(0)} s (ledger ${result.ledgerSeconds.toFixed(0)} s, store ${result.storeSeconds.toFixed(0)} s)`,
  );
  const client = new pg.Client({ connectionString: benchUrl });
  await client.connect();
  const analyzing = Date.now();
  try {
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
  const analyzeSeconds = (Date.now() - analyzing) / 1000;
  const done = new pg.Client({ connectionString: adminUrl });
  await done.connect();
  try {
    await done.query(`ALTER DATABASE ${database} RESET synchronous_commit`);
    // The comment is a literal (COMMENT takes no parameters): quotes doubled.
    const comment = `${GENERATOR_VERSION}\n${JSON.stringify(result.targets)}`.replaceAll("'", "''");
    await done.query(`COMMENT ON DATABASE ${database} IS '${comment}'`);
  } finally {
    await done.end();
  }
  const totalSeconds = (Date.now() - started) / 1000;
  log(
    `generated the store in ${totalSeconds.toFixed(0)} s (simulation ${result.generateSeconds.toFixed(0)} s, anchor path ${result.writeSeconds.toFixed(0)} s, analyze ${analyzeSeconds.toFixed(0)} s)`,
  );
  return { state: 'generated', targets: result.targets, generation: { ...result, analyzeSeconds, totalSeconds } };
}
