import { AUTH_RUNTIME, type AuthRuntime } from '@lotledger/auth';
import { createLotledgerApp } from '@lotledger/cli/runtime';
import { createLogger, loadConfig } from '@lotledger/platform';
import type { Product } from '@lotledger/store';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EMBEDDED_SHAPE, type PipelineDeployment, type PipelineShape } from '../integration/pipeline/pipeline-shape.js';
import { PipelineClient, REGULATOR, type EpcisEvent, type PipelineOrg } from '../integration/pipeline/pipeline-world.js';

/**
 * The world of the industry-profile scenarios (issue 7): the whole app as `lotledger start` composes
 * it, on a deployment shape (embedded by default), with organisations registered on the ledger and in
 * the registry. Everything goes through the app's own doors: REST capture, GraphQL, the resolver.
 */

/** EPCIS 2.0 plus the extension namespaces the profiles read (as the demo declares them). */
export const PROFILE_CONTEXT: readonly unknown[] = [
  'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
  { lotledger: 'https://lotledger.example/voc/', steel: 'https://lotledger.example/voc/steel/' },
];

export const sgln = (org: PipelineOrg, location = '00001', extension = '0'): { id: string } => ({
  id: `urn:epc:id:sgln:${org.prefix}.${location}.${extension}`,
});
export const pgln = (org: PipelineOrg): string => `urn:epc:id:pgln:${org.prefix}.00000`;

export interface GraphqlAnswer {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: readonly { readonly message: string; readonly extensions?: Record<string, unknown> }[];
}

export interface CaptureReply {
  readonly statusCode: number;
  readonly body: Record<string, unknown>;
  readonly location: string | undefined;
}

export class ProfileWorld {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly client: PipelineClient,
    private readonly deployment: PipelineDeployment,
  ) {}

  static async open(orgs: readonly PipelineOrg[], shape: PipelineShape = EMBEDDED_SHAPE): Promise<ProfileWorld> {
    const deployment = await shape.prepare();
    const config = loadConfig(deployment.env, deployment.env['LOTLEDGER_DATA_DIR']);
    const app = await createLotledgerApp(
      config,
      { publicBaseUrl: 'http://127.0.0.1:8080' },
      createLogger({ level: 'silent', service: 'scenario' }),
    );
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const client = new PipelineClient(app);
    await client.registerOrganisations(orgs);
    return new ProfileWorld(app, client, deployment);
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.deployment.cleanup();
  }

  /** Product master data: its industry selects the profile. */
  async registerProduct(product: Omit<Product, 'imageUrl'>): Promise<void> {
    await this.client.store.upsertProduct({ ...product, imageUrl: null });
  }

  /** POST /epcis/capture of one document by `org`. */
  async capture(org: PipelineOrg, events: readonly EpcisEvent[]): Promise<CaptureReply> {
    const reply = await this.client.post(org, '/epcis/capture', {
      '@context': PROFILE_CONTEXT,
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: new Date().toISOString(),
      epcisBody: { eventList: events },
    });
    const location = reply.headers['location'];
    return {
      statusCode: reply.statusCode,
      body: reply.body === '' ? {} : (JSON.parse(reply.body) as Record<string, unknown>),
      location: typeof location === 'string' ? location : undefined,
    };
  }

  /** Captures and waits until every event is anchored; fails naming what went wrong otherwise. */
  async captureAnchored(org: PipelineOrg, events: readonly EpcisEvent[]): Promise<void> {
    const reply = await this.capture(org, events);
    if (reply.statusCode !== 202 || reply.location === undefined)
      throw new Error(`capture by ${org.mspId} refused: ${String(reply.statusCode)} ${JSON.stringify(reply.body)}`);
    const job = await this.client.waitForJob(org, reply.location, 120_000, 100);
    if (job.status !== 'success') throw new Error(`capture by ${org.mspId} ended ${job.status}: ${JSON.stringify(job.events)}`);
  }

  private async tokenOf(who: PipelineOrg | 'consumer'): Promise<string | undefined> {
    if (who === 'consumer') return undefined;
    if (who.mspId !== REGULATOR.mspId) return this.client.token(who);
    const auth = this.app.get<AuthRuntime>(AUTH_RUNTIME);
    return (await auth.issuer.issue({ subject: 'scenario:regulator', role: 'regulator', org: REGULATOR.mspId, ttlSeconds: 3600 })).token;
  }

  async graphql(who: PipelineOrg | 'consumer', query: string, variables: Record<string, unknown> = {}): Promise<GraphqlAnswer> {
    const token = await this.tokenOf(who);
    const reply = await this.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
      payload: JSON.stringify({ query, variables }),
    });
    return JSON.parse(reply.body) as GraphqlAnswer;
  }

  /** GET on the resolver, as a browser (html) or an API client (json). */
  async resolve(path: string, as: 'html' | 'json'): Promise<{ statusCode: number; body: string }> {
    const reply = await this.app.inject({
      method: 'GET',
      url: path,
      headers: { accept: as === 'html' ? 'text/html' : 'application/json' },
    });
    return { statusCode: reply.statusCode, body: reply.body };
  }
}

export const PROFILE_FINDINGS_QUERY = `query Findings($id: String!) {
  profileFindings(id: $id) { id industry ownerMsp findings { code field observed limitMin limitMax unit source message eventHashId } }
}`;

export interface FindingView {
  readonly code: string;
  readonly field: string;
  readonly observed: number;
  readonly limitMin: number | null;
  readonly limitMax: number | null;
  readonly unit: string;
  readonly source: string;
  readonly message: string;
  readonly eventHashId: string | null;
}

export function findingsOf(answer: GraphqlAnswer): readonly FindingView[] {
  const result = answer.data?.['profileFindings'] as { findings?: readonly FindingView[] } | null | undefined;
  if (result?.findings === undefined) throw new Error(`no findings in ${JSON.stringify(answer)}`);
  return result.findings;
}
