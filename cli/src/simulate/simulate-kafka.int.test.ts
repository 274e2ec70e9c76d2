import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { documentEventHashIds } from '@lotledger/domain';
import { createLogger, loadConfig, READ_MODEL } from '@lotledger/platform';
import type { ReadModelStore } from '@lotledger/store';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLotledgerApp } from '../runtime/lotledger-app.js';
import { runCommand, type CommandRun } from '../testing/run-command.js';
import { registerSimulateCommand } from './simulate.command.js';
import { captureDocument } from './simulation-documents.js';
import type { SimulationSummary } from './simulation-sender.js';
import { generateSimulation } from './supply-chain.generator.js';

/** Fails, naming what is missing, when Kafka is not configured: this suite never skips. */
function requireBrokers(): string {
  const brokers = (process.env['KAFKA_BROKERS'] ?? '').trim();
  if (brokers === '')
    throw new Error(
      'lotledger simulate --kafka needs KAFKA_BROKERS (start Kafka with `bash network/stack.sh up kafka` and export `bash network/stack.sh env kafka`, or run test/run-all.sh)',
    );
  return brokers;
}

const ARGS = { industry: 'pharma', scale: '60', seed: 'kafka-int', violations: '0.05' } as const;

// The --kafka path for real: the composed app on Kafka (its intake reads lotledger.events.raw) with PGlite
// and the embedded ledger in a fresh folder, listening on a port; the simulator registers through its
// GraphQL, produces signed captures to the broker and reads the outcomes from the capture jobs.
describe('lotledger simulate --kafka against a running lotledger on Kafka', () => {
  let brokers: string;
  let dataDir: string | undefined;
  let app: NestFastifyApplication | undefined;
  let base: string;

  beforeAll(async () => {
    brokers = requireBrokers();
    dataDir = await mkdtemp(join(tmpdir(), 'lotledger-simulate-kafka-'));
    const config = loadConfig({ LOTLEDGER_DATA_DIR: dataDir, LOG_LEVEL: 'silent', KAFKA_BROKERS: brokers });
    app = await createLotledgerApp(config, { publicBaseUrl: 'http://127.0.0.1' }, createLogger({ level: 'silent', service: 'test' }));
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    base = `http://127.0.0.1:${String(typeof address === 'object' && address !== null ? address.port : 0)}`;
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  it('produces every capture signed to lotledger.events.raw and prints a summary that matches the store', async () => {
    const run: CommandRun = await runCommand(
      (program, io, exit) => {
        registerSimulateCommand(program, io, exit, {}, { progress: () => undefined, isTty: false });
      },
      [
        'simulate',
        '--industry',
        ARGS.industry,
        '--scale',
        ARGS.scale,
        '--seed',
        ARGS.seed,
        '--violations',
        ARGS.violations,
        '--to',
        base,
        '--kafka',
        brokers,
        '--data',
        dataDir ?? '',
        '--json',
      ],
    );
    expect(run.stderr.filter((l) => l.startsWith('lotledger simulate:'))).toEqual([]);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout[0] ?? '{}') as SimulationSummary;

    const simulation = generateSimulation({
      industry: ARGS.industry,
      scale: Number(ARGS.scale),
      seed: ARGS.seed,
      violationRate: Number(ARGS.violations),
    });
    expect(summary.eventsSent).toBe(simulation.events.length);
    expect(summary.captures).toBe(simulation.captures.length);
    expect(summary.expectedViolations).toBeGreaterThan(0);
    expect(summary.violationsRejectedAsExpected).toBe(summary.expectedViolations);

    // The store's view of every generated event: final, and counted as the summary counts them.
    const store = app?.get<ReadModelStore>(READ_MODEL);
    const hashes = simulation.captures.flatMap((c) => documentEventHashIds(captureDocument(c)));
    const stored = await Promise.all(hashes.map((h) => store?.getEvent(h) ?? Promise.resolve(null)));
    expect(stored.filter((e) => e === null)).toEqual([]);
    const anchored = stored.filter((e) => e?.status === 'anchored').length;
    const rejected = stored.filter((e) => e?.status === 'rejected');
    expect(anchored).toBe(summary.accepted);
    expect(rejected.length).toBe(summary.rejected);
    const byReason: Record<string, number> = {};
    for (const e of rejected) byReason[e?.rejectCode ?? 'REJECTED'] = (byReason[e?.rejectCode ?? 'REJECTED'] ?? 0) + 1;
    expect(byReason).toEqual(summary.rejectedByReason);

    // Every event came in through the Kafka intake: its capture id is the one derived from the message (UUID version 8).
    for (const e of stored)
      expect(e?.captureId, e?.hashId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Each submitting organisation registered one public key through the mutation, and the message came in signed by it.
    for (const mspId of new Set(simulation.captures.map((c) => c.submitterMsp))) {
      const keys = (await store?.getOrganisation(mspId))?.signingKeys ?? [];
      expect(keys, mspId).toHaveLength(1);
      expect(JSON.stringify(keys)).not.toContain('"d"');
      expect(stored.some((e) => e?.submitterMsp === mspId)).toBe(true);
    }
  }, 600_000);
});
