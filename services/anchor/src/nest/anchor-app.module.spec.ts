import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { EventBus } from '@lotledger/bus';
import type { LedgerPort } from '@lotledger/ledger';
import { createLogger, EVENT_BUS, LEDGER, loadConfig, READ_MODEL, TOPICS } from '@lotledger/platform';
import type { ReadModelStore } from '@lotledger/store';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EpcisEventFixtures, MSP } from '../testing/epcis-event.fixtures.js';
import { AnchorAppModule } from './anchor-app.module.js';

// Nest declares its options as a class but reads them as plain data; pino writes instead of Nest's logger.
const NEST_OPTIONS = { logger: false as const };

describe('the anchor service as a Nest application (embedded shape)', () => {
  let dataDir: string;
  let app: NestFastifyApplication;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'lotledger-anchor-app-'));
    const config = loadConfig({ LOTLEDGER_DATA_DIR: dataDir, ANCHOR_LINGER_MS: '10', LOG_LEVEL: 'debug' });
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const logger = createLogger({ level: 'debug', service: 'anchor', destination });
    // Nest types its options as a class but reads them as plain data (pino replaces Nest's logger).
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    app = await NestFactory.create<NestFastifyApplication>(AnchorAppModule.forRoot(config, { logger }), new FastifyAdapter(), NEST_OPTIONS);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers /health, and /ready naming store, bus and ledger', async () => {
    const fastify = app.getHttpAdapter().getInstance();
    expect((await fastify.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    const ready = await fastify.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', checks: { store: { ok: true }, bus: { ok: true }, ledger: { ok: true } } });
  });

  it('anchors what is published to lotledger.events, logs each event with its capture id and hash ID, and counts it in /metrics', async () => {
    const ledger = app.get<LedgerPort>(LEDGER);
    const f = new EpcisEventFixtures('app');
    await ledger.registerOrganization(MSP.regulator, f.organization('regulator'));
    await ledger.registerOrganization(MSP.regulator, f.organization('manufacturer'));
    const message = f.message('manufacturer', f.commission('manufacturer', [f.item()]));
    await app.get<EventBus>(EVENT_BUS).publish(TOPICS.events, [f.busMessage('manufacturer', message.event, message.receivedAt)]);
    const store = app.get<ReadModelStore>(READ_MODEL);
    for (let i = 0; i < 400 && (await store.getEvent(message.hashId))?.status !== 'anchored'; i += 1)
      await new Promise((r) => setTimeout(r, 25));
    expect((await store.getEvent(message.hashId))?.status).toBe('anchored');

    expect(lines.find((l) => l['msg'] === 'event anchored')).toMatchObject({
      service: 'anchor',
      level: 'debug',
      hashId: message.hashId,
      captureId: message.captureId,
    });
    const metrics = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/metrics' });
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.body).toMatch(/lotledger_events_anchored_total 1/);
    expect(metrics.body).toMatch(/lotledger_capture_to_anchored_seconds_count 1/);
  });
});
