import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Where one run of the pipeline suite lives: the environment `loadConfig` reads, and how to clean up. */
export interface PipelineDeployment {
  readonly runId: string;
  readonly env: Readonly<Record<string, string>>;
  cleanup(): Promise<void>;
}

/** A deployment shape of lotledger: the same suite runs against each. */
export interface PipelineShape {
  readonly name: string;
  prepare(): Promise<PipelineDeployment>;
}

function newRunId(): string {
  return randomBytes(4).toString('hex');
}

/** PGlite, the embedded bus and the embedded ledger, all in a fresh temp folder. */
export const EMBEDDED_SHAPE: PipelineShape = {
  name: 'embedded (PGlite, embedded bus, embedded ledger)',
  async prepare() {
    const dataDir = await mkdtemp(join(tmpdir(), 'lotledger-e2e-'));
    return {
      runId: newRunId(),
      env: { LOTLEDGER_DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      cleanup: () => rm(dataDir, { recursive: true, force: true }),
    };
  },
};

/** Fails, naming what is missing, when the real servers are not configured: this suite never skips. */
export function requireEnv(names: readonly string[], what: string): Record<string, string> {
  const missing = names.filter((n) => (process.env[n] ?? '').trim() === '');
  if (missing.length > 0) {
    throw new Error(
      `${what} needs ${missing.join(', ')} (start the stack with \`bash network/stack.sh up pg kafka\` and export \`bash network/stack.sh env pg kafka\`, or run test/run-all.sh)`,
    );
  }
  return Object.fromEntries(names.map((n) => [n, (process.env[n] ?? '').trim()]));
}

/**
 * A fresh PostgreSQL database per run (the composed app migrates whatever database DATABASE_URL names),
 * so reruns never see each other's events; dropped again at cleanup.
 */
async function freshDatabase(baseUrl: string, runId: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `lotledger_e2e_${runId}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      // Autovacuum workers (superuser backends) can hold the database for a moment after a large run,
      // and FORCE may not terminate them: retry, then leave the run's database behind with a warning.
      for (let attempt = 1; ; attempt += 1) {
        const client = new pg.Client({ connectionString: baseUrl });
        await client.connect();
        try {
          await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          return;
        } catch (error) {
          if (attempt >= 20) {
            process.stderr.write(`warning: could not drop the run's database ${name}: ${String(error)}\n`);
            return;
          }
        } finally {
          await client.end();
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    },
  };
}

/**
 * Real Kafka and PostgreSQL (KAFKA_BROKERS, DATABASE_URL); the ledger is the embedded one in a temp
 * folder unless `withFabric`, which passes every FABRIC_* through (and requires FABRIC_IDENTITIES).
 * Topics are the fixed lotledger.* names and the app's consumer groups are fixed: every run uses fresh
 * object serials and a fresh database, and its assertions look only at its own events.
 */
export function realStackShape(withFabric: boolean): PipelineShape {
  const required = withFabric ? ['KAFKA_BROKERS', 'DATABASE_URL', 'FABRIC_IDENTITIES'] : ['KAFKA_BROKERS', 'DATABASE_URL'];
  return {
    name: withFabric ? 'real stack (Kafka, PostgreSQL, Fabric)' : 'real stack (Kafka, PostgreSQL, embedded ledger)',
    async prepare() {
      const env = requireEnv(required, 'the real-stack pipeline suite');
      const runId = newRunId();
      const dataDir = await mkdtemp(join(tmpdir(), 'lotledger-e2e-real-'));
      const db = await freshDatabase(env['DATABASE_URL'] ?? '', runId);
      const fabric = withFabric
        ? Object.fromEntries(
            Object.entries(process.env).filter((e): e is [string, string] => e[0].startsWith('FABRIC_') && e[1] !== undefined),
          )
        : {};
      return {
        runId,
        env: {
          ...fabric,
          LOTLEDGER_DATA_DIR: dataDir,
          LOG_LEVEL: 'silent',
          KAFKA_BROKERS: env['KAFKA_BROKERS'] ?? '',
          // Passed through when set (to compare settings in bench:pipeline); the app's default otherwise.
          ...(process.env['KAFKA_CONCURRENT_PARTITIONS'] === undefined
            ? {}
            : { KAFKA_CONCURRENT_PARTITIONS: process.env['KAFKA_CONCURRENT_PARTITIONS'] }),
          DATABASE_URL: db.url,
        },
        cleanup: async () => {
          await db.drop();
          await rm(dataDir, { recursive: true, force: true });
        },
      };
    },
  };
}
