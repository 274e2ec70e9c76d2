import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditRouteAccess } from '@lotledger/auth';
import { canonicalObjectId } from '@lotledger/domain';
import { createLogger, loadConfig } from '@lotledger/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HIGHLIGHTS, DEMO_STEPS } from '../demo/demo-chains.js';
import { DemoSeeder, type DemoOutcome } from '../demo/demo-seeder.js';
import { createLotledgerApp } from './lotledger-app.js';

// The composed application of `lotledger start`, on the embedded shape for real (PGlite, the
// embedded bus and ledger in a temp folder): every part wired once, every route guarded or public,
// and the demo chains going through capture → anchor → query without a rejection.
describe('lotledger start (embedded shape)', () => {
  let dataDir: string;
  let app: NestFastifyApplication;
  let outcome: DemoOutcome;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'lotledger-app-'));
    const config = loadConfig({ LOTLEDGER_DATA_DIR: dataDir, PORT: '8080', LOG_LEVEL: 'silent' });
    app = await createLotledgerApp(config, { publicBaseUrl: 'http://127.0.0.1:8080' }, createLogger({ level: 'silent', service: 'test' }));
    await app.init();
    outcome = await new DemoSeeder(app, {
      markerFile: join(dataDir, 'demo-seeded.json'),
      timeoutMs: 60_000,
      now: () => new Date('2026-11-01T00:00:00Z'),
      log: () => undefined,
    }).seed();
  }, 120_000);

  afterAll(async () => {
    await (app as NestFastifyApplication | undefined)?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('leaves no route of the composed application without a guard or an explicit @Public()', () => {
    const routes = auditRouteAccess(app);
    const undeclared = routes.filter((r) => !r.guarded || r.access === 'undeclared');
    expect(undeclared, JSON.stringify(undeclared)).toEqual([]);
    // The capture routes stay behind a token in the composed app too.
    expect(routes.find((r) => r.method === 'POST' && r.path === '/epcis/capture')?.access).not.toBe('public');
  });

  it('anchors every event of every demo chain, with no rejection', () => {
    expect(outcome.seeded).toBe(true);
    expect(outcome.steps.map((s) => [s.title, s.status, s.rejected])).toEqual(DEMO_STEPS.map((s) => [s.title, 'success', []]));
    expect(outcome.steps.reduce((n, s) => n + s.anchored, 0)).toBe(DEMO_STEPS.reduce((n, s) => n + s.events.length, 0));
  });

  it('seeds the simulated chains around the story, refusing exactly their deliberate custody violations', () => {
    const simulation = outcome.simulation;
    expect(simulation?.eventsSent).toBeGreaterThanOrEqual(100);
    expect((simulation?.accepted ?? 0) + (simulation?.rejected ?? 0)).toBe(simulation?.eventsSent);
    expect(simulation?.expectedViolations).toBeGreaterThan(0);
    expect(simulation?.violationsRejectedAsExpected).toBe(simulation?.expectedViolations);
    expect(simulation?.rejected).toBe(simulation?.expectedViolations);
  });

  it('seeds once: a second run finds the marker and captures nothing', async () => {
    const again = await new DemoSeeder(app, {
      markerFile: join(dataDir, 'demo-seeded.json'),
      timeoutMs: 5_000,
      now: () => new Date(),
      log: () => undefined,
    }).seed();
    expect(again).toMatchObject({ seeded: false, steps: [] });
  });

  it('shows a consumer the coil page with its EN 10204 3.1 values and the ledger verification, without a token', async () => {
    const path = new URL(canonicalObjectId(DEMO_HIGHLIGHTS.steelCoil)).pathname;
    const page = await app.inject({ method: 'GET', url: path, headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('S355J2 hot-rolled coil');
    expect(page.body).toContain('EN 10204 3.1');
    expect(page.body).toMatch(/Verified on the ledger/);
    // Commercial data never reaches a consumer: the shipment's owning parties are not on the page.
    expect(page.body).not.toContain('pgln');
  });

  it('traces the vehicle back to the coil and the heat it was made from', async () => {
    const store = (await import('@lotledger/platform')).READ_MODEL;
    const reader = app.get<{ trace: (id: string, d: 'upstream', n: number) => Promise<{ nodes: readonly { id: string }[] }> }>(store);
    const trace = await reader.trace(canonicalObjectId(DEMO_HIGHLIGHTS.vehicle), 'upstream', 10);
    const ids = trace.nodes.map((n) => n.id);
    expect(ids).toContain(canonicalObjectId(DEMO_HIGHLIGHTS.steelCoil));
    expect(ids).toContain(canonicalObjectId(DEMO_HIGHLIGHTS.steelHeat));
  });
});
