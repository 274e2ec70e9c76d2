import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { checkLive, checkStored, type DuplicatedEvent, type LostEvent } from './checker.js';
import { FaultLoadGenerator } from './generator.js';
import { CaptureLoad, Tokens, type LoadTotals } from './load.js';
import { sleep } from './lotledger-process.js';
import { ComposedSystem, SplitSystem, type SystemUnderTest } from './system.js';

/** What one fault does to the running system; it returns once the fault is over (servers started again). */
export type FaultAction = (system: SystemUnderTest) => Promise<void>;

export interface FaultScenario {
  readonly fault: string;
  readonly shape: string;
  readonly injections: number;
  readonly inject: FaultAction;
  /** The real-stack shape: the PostgreSQL server (a fresh database is made per scenario) and the Kafka brokers. */
  readonly servers?: { readonly databaseUrl: string; readonly kafkaBrokers: string };
  /** Ingest, anchor and gateway as separate processes (needs `servers`); default: `lotledger start`. */
  readonly split?: boolean;
  /** Anchor on Hyperledger Fabric (every FABRIC_* of this environment is passed on); the ledger half of the check is then the live one only. */
  readonly fabric?: boolean;
  /** Steady load between faults, ms (default 3000). */
  readonly loadBetweenMs?: number;
}

export interface FaultReport {
  readonly fault: string;
  readonly shape: string;
  readonly status: 'ok' | 'FAILED' | 'BLOCKED';
  readonly reason?: string;
  readonly injections: number;
  readonly eventsOffered: number;
  readonly eventsAcknowledged: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly rejected: number;
  /** Per injection: from the fault until a capture sent after it was acknowledged and anchored. */
  readonly recoveryMs: readonly number[];
  /** Per injection: from the fault until the fault was over (process ready again / server started again). */
  readonly faultOverMs: readonly number[];
  readonly recoveryMedianMs: number | null;
  readonly recoveryMaxMs: number | null;
  readonly settleMs: number;
  readonly ledgerBatches: number;
  readonly load: LoadTotals;
  readonly examples: {
    readonly lost: readonly LostEvent[];
    readonly duplicated: readonly DuplicatedEvent[];
    readonly rejected: readonly LostEvent[];
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolvePort(port);
      });
    });
  });
}

async function freshDatabase(baseUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(baseUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: baseUrl });
  try {
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } catch (error) {
    process.stderr.write(`faults: could not drop ${name}: ${String(error)}\n`);
  } finally {
    await admin.end().catch(() => undefined);
  }
}

const median = (xs: readonly number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? null;
};

/**
 * Until a capture sent after the fault is acknowledged and then anchored: the service is back for
 * its clients, end to end. Undefined when that did not happen within the timeout.
 */
async function timeToRecover(
  load: CaptureLoad,
  tokens: Tokens,
  target: SystemUnderTest,
  faultAt: number,
  timeoutMs: number,
): Promise<number | undefined> {
  const deadline = faultAt + timeoutMs;
  while (Date.now() < deadline) {
    const ack = await load.sendOne();
    if (ack === undefined) {
      await sleep(100);
      continue;
    }
    while (Date.now() < deadline) {
      try {
        const res = await fetch(`${target.ingestUrl}/epcis/capture/${ack.captureId}`, {
          headers: { authorization: `Bearer ${await tokens.supplier(ack.submitterMsp)}` },
          signal: AbortSignal.timeout(5_000),
        });
        const job = (await res.json()) as { status?: string };
        if (job.status !== undefined && job.status !== 'running') return Date.now() - faultAt;
      } catch {
        // the service may still be coming back: ask again
      }
      await sleep(50);
    }
  }
  return undefined;
}

export interface ScenarioOptions {
  readonly logDir: string;
  /** One document (4 commissionings + 1 shipping) every intervalMs. */
  readonly intervalMs?: number;
  readonly recoveryTimeoutMs?: number;
  readonly settleTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

/** Runs one fault scenario end to end: boot, steady load, the faults, recovery, then the checker. */
function processEnv(scenario: FaultScenario, databaseUrl: string | undefined): Record<string, string> {
  return {
    // Small, quick batches: a kill almost always lands while a batch is being anchored.
    ANCHOR_BATCH_SIZE: '50',
    ANCHOR_LINGER_MS: '20',
    ...(scenario.servers === undefined || databaseUrl === undefined
      ? {}
      : { DATABASE_URL: databaseUrl, KAFKA_BROKERS: scenario.servers.kafkaBrokers }),
    ...(scenario.fabric === true
      ? Object.fromEntries(
          Object.entries(process.env).filter((e): e is [string, string] => e[0].startsWith('FABRIC_') && e[1] !== undefined),
        )
      : {}),
  };
}

interface Injected {
  readonly recoveries: number[];
  readonly faultOver: number[];
  readonly failures: string[];
}

/** The faults, one after another under the steady load, each followed by the wait for recovery. */
async function injectAll(
  scenario: FaultScenario,
  target: SystemUnderTest,
  load: CaptureLoad,
  tokens: Tokens,
  options: ScenarioOptions,
  log: (line: string) => void,
): Promise<Injected> {
  const out: Injected = { recoveries: [], faultOver: [], failures: [] };
  const timeoutMs = options.recoveryTimeoutMs ?? 600_000;
  for (let i = 1; i <= scenario.injections; i += 1) {
    // A little irregular, so the faults do not fall at the same point of the anchor's cycle.
    await sleep((scenario.loadBetweenMs ?? 3_000) + ((i * 7919) % 1_500));
    const faultAt = Date.now();
    const which = `[${scenario.fault}] injection ${String(i)}/${String(scenario.injections)}`;
    log(`${which} at ${new Date(faultAt).toISOString()}`);
    await scenario.inject(target);
    out.faultOver.push(Date.now() - faultAt);
    const recovered = await timeToRecover(load, tokens, target, faultAt, timeoutMs);
    if (recovered === undefined) {
      out.failures.push(`did not recover within ${String(timeoutMs)} ms after injection ${String(i)}`);
      log(`${which}: NOT RECOVERED`);
      for (const name of target.processNames) if (!target.process(name).running) await target.process(name).start();
    } else {
      out.recoveries.push(recovered);
      log(`${which}: recovered in ${String(recovered)} ms (${String(load.totals().eventsAcknowledged)} events acknowledged so far)`);
    }
  }
  return out;
}

/** Runs one fault scenario end to end: boot, steady load, the faults, recovery, then the checker. */
export async function runScenario(scenario: FaultScenario, options: ScenarioOptions): Promise<FaultReport> {
  const log =
    options.log ??
    ((line: string) => {
      process.stdout.write(`${line}\n`);
    });
  const runId = randomBytes(4).toString('hex');
  const dataDir = await mkdtemp(join(tmpdir(), 'lotledger-faults-'));
  const dbName = `lotledger_faults_${runId}`;
  const databaseUrl = scenario.servers === undefined ? undefined : await freshDatabase(scenario.servers.databaseUrl, dbName);
  if (scenario.split === true && databaseUrl === undefined) throw new Error('the split shape needs PostgreSQL and Kafka (servers)');
  const logFile = join(options.logDir, `faults-${runId}.log`);
  const settings = { dataDir, ports: freePort, logFile, env: processEnv(scenario, databaseUrl) };
  const target: SystemUnderTest = scenario.split === true ? await SplitSystem.create(settings) : await ComposedSystem.create(settings);
  const tokens = new Tokens(dataDir);
  const load = new CaptureLoad(() => target.ingestUrl, tokens, new FaultLoadGenerator(runId), {
    intervalMs: options.intervalMs ?? 50,
    maxInFlight: 8,
  });
  try {
    log(`[${scenario.fault}] ${scenario.shape}: data ${dataDir}, log ${logFile}`);
    await target.start();
    load.start();
    const injected = await injectAll(scenario, target, load, tokens, options, log);
    await sleep(2_000);
    await load.stop();
    const totals = load.totals();
    log(
      `[${scenario.fault}] load stopped: ${String(totals.eventsOffered)} events offered, ${String(totals.eventsAcknowledged)} acknowledged; checking…`,
    );
    const live = await checkLive(target, tokens, load.acknowledged, options.settleTimeoutMs ?? 300_000);
    await target.stop();
    const stored = await checkStored(dataDir, databaseUrl, load.acknowledged, scenario.fabric !== true);
    const lost = uniqueBy([...live.lost, ...stored.lost]);
    const duplicated = uniqueBy([...live.duplicated, ...stored.duplicated]);
    const lostCount = new Set(lost.map((l) => l.hashId)).size;
    const dupCount = new Set(duplicated.map((d) => d.hashId)).size;
    log(
      `[${scenario.fault}] checked: ${String(totals.eventsAcknowledged)} acknowledged, ${String(lostCount)} lost, ${String(dupCount)} duplicated, ${String(live.rejected.length)} rejected`,
    );
    const problems = [
      ...injected.failures,
      ...totals.unexpected,
      ...(live.rejected.length > 0 ? [`${String(live.rejected.length)} acknowledged events rejected`] : []),
      ...(lostCount + dupCount > 0 ? [`${String(lostCount)} lost, ${String(dupCount)} duplicated`] : []),
    ];
    return {
      fault: scenario.fault,
      shape: scenario.shape,
      status: problems.length === 0 ? 'ok' : 'FAILED',
      ...(problems.length === 0 ? {} : { reason: problems.join('; ') }),
      injections: scenario.injections,
      eventsOffered: totals.eventsOffered,
      eventsAcknowledged: totals.eventsAcknowledged,
      lost: lostCount,
      duplicated: dupCount,
      rejected: live.rejected.length,
      recoveryMs: injected.recoveries,
      faultOverMs: injected.faultOver,
      recoveryMedianMs: median(injected.recoveries),
      recoveryMaxMs: injected.recoveries.length === 0 ? null : Math.max(...injected.recoveries),
      settleMs: live.settleMs,
      ledgerBatches: stored.ledgerBatches,
      load: totals,
      examples: { lost: lost.slice(0, 10), duplicated: duplicated.slice(0, 10), rejected: live.rejected.slice(0, 10) },
    };
  } finally {
    await load.stop();
    await target.close();
    if (databaseUrl !== undefined && scenario.servers !== undefined) await dropDatabase(scenario.servers.databaseUrl, dbName);
    if (process.env['FAULTS_KEEP_DATA'] !== '1') await rm(dataDir, { recursive: true, force: true });
  }
}

function uniqueBy<T extends { readonly hashId: string; readonly why: string }>(xs: readonly T[]): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => {
    const k = `${x.hashId} ${x.why}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** A report for a fault that cannot run here: printed as BLOCKED with the reason, never silently left out. */
export function blocked(fault: string, shape: string, reason: string): FaultReport {
  const totals: LoadTotals = {
    documentsOffered: 0,
    eventsOffered: 0,
    documentsAcknowledged: 0,
    eventsAcknowledged: 0,
    refusals: {},
    unexpected: [],
  };
  return {
    fault,
    shape,
    status: 'BLOCKED',
    reason,
    injections: 0,
    eventsOffered: 0,
    eventsAcknowledged: 0,
    lost: 0,
    duplicated: 0,
    rejected: 0,
    recoveryMs: [],
    faultOverMs: [],
    recoveryMedianMs: null,
    recoveryMaxMs: null,
    settleMs: 0,
    ledgerBatches: 0,
    load: totals,
    examples: { lost: [], duplicated: [], rejected: [] },
  };
}

/** The fault table, as printed at the end of a run. */
export function formatTable(reports: readonly FaultReport[]): string {
  const rows = [
    ['fault', 'shape', 'n', 'offered', 'acked', 'lost', 'dup', 'recover p50', 'recover max', 'status'],
    ...reports.map((r) => [
      r.fault,
      r.shape,
      String(r.injections),
      String(r.eventsOffered),
      String(r.eventsAcknowledged),
      String(r.lost),
      String(r.duplicated),
      r.recoveryMedianMs === null ? '—' : `${(r.recoveryMedianMs / 1000).toFixed(1)} s`,
      r.recoveryMaxMs === null ? '—' : `${(r.recoveryMaxMs / 1000).toFixed(1)} s`,
      r.status,
    ]),
  ];
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length))) ?? [];
  const lines = rows.map((row) =>
    row
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of reports) if (r.status === 'FAILED') lines.push(`${r.status}: ${r.fault} (${r.shape}): ${r.reason ?? ''}`);
  return lines.join('\n');
}
