import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireEnv } from '../integration/pipeline/pipeline-shape.js';
import { killAndRestart } from './faults.js';
import { repoRoot } from './lotledger-process.js';
import { formatTable, runScenario, type FaultReport } from './scenario.js';

// The short fault run for CI: the same load, faults and checker as `npm run test:faults`, with a few
// kills. It asserts the promise (nothing acknowledged is lost, nothing is anchored twice), never timing.
// `lotledger start` runs from dist: `npx tsc -b` (npm install's prepare) builds it.
const logDir = join(repoRoot(), '.cache', 'faults');

function expectKept(report: FaultReport): void {
  process.stdout.write(`${formatTable([report])}\n`);
  expect(report.eventsAcknowledged, 'the load got acknowledgements').toBeGreaterThan(0);
  expect(report.recoveryMs, 'every injection was followed by a recovery').toHaveLength(report.injections);
  expect(report.examples.lost, 'lost events').toEqual([]);
  expect(report.lost).toBe(0);
  expect(report.examples.duplicated, 'duplicated events').toEqual([]);
  expect(report.duplicated).toBe(0);
  expect(report.examples.rejected, 'acknowledged valid events rejected').toEqual([]);
  expect(report.load.unexpected, 'valid documents refused').toEqual([]);
}

describe('faults under load (short run)', () => {
  it(
    'loses no acknowledged event and anchors none twice when the embedded lotledger is killed with SIGKILL and restarted',
    { timeout: 300_000 },
    async () => {
      await mkdir(logDir, { recursive: true });
      const report = await runScenario(
        { fault: 'kill -9 lotledger, restart', shape: 'embedded', injections: 3, inject: killAndRestart(), loadBetweenMs: 1_500 },
        { logDir, settleTimeoutMs: 120_000, recoveryTimeoutMs: 120_000 },
      );
      expectKept(report);
    },
  );

  it(
    'loses no acknowledged event and anchors none twice when lotledger on PostgreSQL and Kafka is killed with SIGKILL and restarted',
    { timeout: 300_000 },
    async () => {
      const env = requireEnv(['DATABASE_URL', 'KAFKA_BROKERS'], 'the real-stack fault run');
      await mkdir(logDir, { recursive: true });
      const report = await runScenario(
        {
          fault: 'kill -9 lotledger, restart',
          shape: 'real stack (PostgreSQL, Kafka, embedded ledger)',
          injections: 2,
          inject: killAndRestart(),
          servers: { databaseUrl: env['DATABASE_URL'] ?? '', kafkaBrokers: env['KAFKA_BROKERS'] ?? '' },
          loadBetweenMs: 1_500,
        },
        { logDir, settleTimeoutMs: 120_000, recoveryTimeoutMs: 150_000 },
      );
      expectKept(report);
    },
  );
});
