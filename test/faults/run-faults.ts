import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { blocked } from './scenario.js';
import { fabricScenarios, killAndRestart, privateStackEnv, privateStackUp, restartServer, stack } from './faults.js';
import { repoRoot } from './lotledger-process.js';
import { formatTable, runScenario as runOne, type FaultReport, type FaultScenario, type ScenarioOptions } from './scenario.js';

/** A scenario that throws (a start that never became ready, …) is a failed fault, reported as such. */
async function runScenario(scenario: FaultScenario, options: ScenarioOptions): Promise<FaultReport> {
  try {
    return await runOne(scenario, options);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n').slice(0, 3).join(' ') : String(error);
    process.stderr.write(`[${scenario.fault}] FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return { ...blocked(scenario.fault, scenario.shape, reason), status: 'FAILED', injections: scenario.injections };
  }
}

/**
 * `npm run test:faults`: the long fault run. Steady capture load against `lotledger start` while
 * faults are injected, then the checker (lost = 0, duplicated = 0). Prints the fault table and
 * writes bench-results/faults.json. Exit 1 when any fault lost or doubled an event.
 *
 *   FAULTS_KILLS          kill -9 + restart per process fault (default 20); FAULTS_REAL_KILLS and
 *                         FAULTS_SPLIT_KILLS override it for the real-stack composed and split shapes
 *   FAULTS_OUT            where the JSON goes (default bench-results/faults.json)
 *   FAULTS_SERVER_RESTARTS restarts of Kafka and of PostgreSQL (default 3 each)
 *   FAULTS_ONLY           embedded | real (default both)
 *   FAULTS_MATCH          only the real-stack faults whose name contains this (e.g. "anchor")
 *   FAULTS_STACK_DIR, FAULTS_PG_PORT, FAULTS_KAFKA_PORT, FAULTS_KAFKA_CONTROLLER_PORT: the private stack
 *   (default .cache/faults-stack on 57432, 29192, 29193) — never the shared one on 55432/9092.
 */
const int = (name: string, fallback: number): number => {
  const v = Number(process.env[name] ?? '');
  return Number.isInteger(v) && v > 0 ? v : fallback;
};

async function main(): Promise<void> {
  const root = repoRoot();
  const kills = int('FAULTS_KILLS', 20);
  const restarts = int('FAULTS_SERVER_RESTARTS', 3);
  const realKills = int('FAULTS_REAL_KILLS', kills);
  const splitKills = int('FAULTS_SPLIT_KILLS', kills);
  const only = process.env['FAULTS_ONLY'] ?? '';
  const include = (fault: string): boolean =>
    (process.env['FAULTS_MATCH'] ?? '') === '' || fault.includes(process.env['FAULTS_MATCH'] ?? '');
  const logDir = join(root, '.cache', 'faults');
  await mkdir(logDir, { recursive: true });
  const reports: FaultReport[] = [];
  const started = Date.now();
  const out = process.env['FAULTS_OUT'] ?? join(root, 'bench-results', 'faults.json');
  await mkdir(dirname(out), { recursive: true });
  // Written after every scenario, so an interrupted long run still leaves what it measured.
  const save = (): Promise<void> => writeFile(out, `${JSON.stringify(resultsDocument(reports, started), null, 2)}\n`);

  if (only === '' || only === 'embedded') {
    reports.push(
      await runScenario(
        { fault: 'kill -9 lotledger, restart', shape: 'embedded', injections: kills, inject: killAndRestart() },
        { logDir },
      ),
    );
  }

  if (only === '' || only === 'real') {
    const env = privateStackEnv(
      process.env['FAULTS_STACK_DIR'] ?? join(root, '.cache', 'faults-stack'),
      int('FAULTS_PG_PORT', 57432),
      int('FAULTS_KAFKA_PORT', 29192),
      int('FAULTS_KAFKA_CONTROLLER_PORT', 29193),
    );
    const wasRunning = await stack(env, 'status', 'pg', 'kafka').then(
      () => true,
      () => false,
    );
    const servers = await privateStackUp(env);
    const real = 'real stack (PostgreSQL, Kafka, embedded ledger)';
    const split = 'real stack, services as separate processes';
    const scenarios: FaultScenario[] = [
      ...(['anchor', 'ingest', 'gateway'] as const).map((name) => ({
        fault: `kill -9 ${name}, restart`,
        shape: split,
        injections: splitKills,
        inject: killAndRestart(name),
        servers,
        split: true,
      })),
      { fault: 'kill -9 lotledger, restart', shape: real, injections: realKills, inject: killAndRestart(), servers },
      {
        fault: 'restart Kafka (down 5 s)',
        shape: real,
        injections: restarts,
        inject: restartServer(env, 'kafka', 5_000),
        servers,
        loadBetweenMs: 5_000,
      },
      {
        fault: 'restart PostgreSQL (down 5 s)',
        shape: real,
        injections: restarts,
        inject: restartServer(env, 'pg', 5_000),
        servers,
        loadBetweenMs: 5_000,
      },
    ];
    try {
      for (const s of scenarios) {
        if (!include(s.fault)) continue;
        reports.push(await runScenario(s, { logDir }));
        await save();
      }
      const fabric = fabricScenarios(env, restarts);
      for (const f of fabric) reports.push('inject' in f ? await runScenario({ ...f, servers, fabric: true }, { logDir }) : f);
    } finally {
      if (!wasRunning) await stack(env, 'down', 'kafka', 'pg').catch(() => '');
    }
  }

  const table = formatTable(reports);
  process.stdout.write(`\n${table}\n`);
  for (const r of reports) if (r.status === 'BLOCKED') process.stdout.write(`BLOCKED: ${r.fault}: ${r.reason ?? ''}\n`);
  await save();
  process.stdout.write(`written ${out}\n`);
  if (reports.some((r) => r.status === 'FAILED')) process.exitCode = 1;
}

function resultsDocument(reports: readonly FaultReport[], started: number): Record<string, unknown> {
  return {
    run: 'npm run test:faults',
    at: new Date().toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    machine: 'shared build machine (2 cores, other jobs running): recovery times are indicative',
    definitions: {
      lost: 'acknowledged (202 with its hash ID) but after recovery not anchored in its capture job, not returned by GET /epcis/events?EQ_eventID=, not anchored in the read model, or not on the ledger',
      duplicated: 'accepted by more than one ledger batch, listed twice in its capture job, or read model and ledger disagree on its batch',
      recovery: 'from the fault until a capture sent after it is acknowledged (202) and its job has finished anchoring',
    },
    faults: reports,
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
