import { createLotledgerApp } from '@lotledger/cli/runtime';
import {
  embeddedTarget,
  registerSimulation,
  SIMULATION_CONTEXT,
  SimulationSender,
  type Simulation,
  type SimulationSummary,
  type TokenSource,
} from '@lotledger/cli/simulate';
import { createLogger, loadConfig } from '@lotledger/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EMBEDDED_SHAPE, type PipelineShape } from '../integration/pipeline/pipeline-shape.js';

/**
 * A business scenario's world: the composed app of `lotledger start` on a deployment shape — embedded
 * (PGlite, the embedded bus and ledger in a temp folder) or the real stack (a fresh PostgreSQL
 * database, Kafka, the embedded ledger) — fed by the simulator through the REST capture path.
 */
export interface ScenarioWorld {
  readonly app: NestFastifyApplication;
  readonly tokens: TokenSource;
  capture(simulation: Simulation): Promise<SimulationSummary>;
  graphql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** GET as the regulator; the parsed JSON body. */
  get<T>(url: string): Promise<T>;
  /** Captures one document as an organisation and waits for its job: each event's status and rejection code. */
  captureAs(mspId: string, events: readonly Record<string, unknown>[]): Promise<{ status: string; code: string | null }[]>;
  close(): Promise<void>;
}

export async function embeddedScenarioWorld(): Promise<ScenarioWorld> {
  return scenarioWorld(EMBEDDED_SHAPE);
}

export async function scenarioWorld(shape: PipelineShape): Promise<ScenarioWorld> {
  const deployment = await shape.prepare();
  const config = loadConfig({ ...deployment.env, LOG_LEVEL: 'silent' });
  const app = await createLotledgerApp(
    config,
    { publicBaseUrl: 'http://127.0.0.1:8080' },
    createLogger({ level: 'silent', service: 'scenario' }),
  );
  await app.init();
  const { transport, tokens } = embeddedTarget(app);
  return {
    app,
    tokens,
    async capture(simulation) {
      await registerSimulation(simulation, transport, tokens);
      return new SimulationSender({ transport, tokens, jobTimeoutMs: 60_000 }).send(simulation);
    },
    /** A GraphQL query as the regulator (who sees custody everywhere). */
    async graphql<T>(query: string, variables: Record<string, unknown> = {}) {
      const reply = await app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { authorization: `Bearer ${await tokens('RegulatorMSP', 'regulator')}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ query, variables }),
      });
      const body = JSON.parse(reply.body) as { data?: T; errors?: unknown };
      if (reply.statusCode !== 200 || body.errors !== undefined || body.data === undefined)
        throw new Error(`GraphQL ${String(reply.statusCode)}: ${reply.body}`);
      return body.data;
    },
    async get<T>(url: string) {
      const reply = await app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${await tokens('RegulatorMSP', 'regulator')}` },
      });
      if (reply.statusCode !== 200) throw new Error(`GET ${url}: ${String(reply.statusCode)} ${reply.body}`);
      return JSON.parse(reply.body) as T;
    },
    async captureAs(mspId, events) {
      const authorization = `Bearer ${await tokens(mspId, 'supplier')}`;
      const document = {
        '@context': SIMULATION_CONTEXT,
        type: 'EPCISDocument',
        schemaVersion: '2.0',
        creationDate: '2026-11-30T12:00:00Z',
        epcisBody: { eventList: events },
      };
      const reply = await app.inject({
        method: 'POST',
        url: '/epcis/capture',
        headers: { authorization, 'content-type': 'application/ld+json' },
        payload: JSON.stringify(document),
      });
      const location = reply.headers.location;
      if (reply.statusCode !== 202 || typeof location !== 'string')
        throw new Error(`capture refused: ${String(reply.statusCode)} ${reply.body}`);
      for (let attempt = 0; attempt < 2400; attempt++) {
        const job = JSON.parse((await app.inject({ method: 'GET', url: location, headers: { authorization } })).body) as {
          status: string;
          events: { status: string; rejection?: { code: string | null } }[];
        };
        if (job.status !== 'running') return job.events.map((e) => ({ status: e.status, code: e.rejection?.code ?? null }));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`capture job ${location} did not finish`);
    },
    async close() {
      await app.close();
      await deployment.cleanup();
    },
  };
}
