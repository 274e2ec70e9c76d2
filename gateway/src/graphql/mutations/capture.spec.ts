import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthModule, createAuthRuntime, generateSigningKey, type AuthRuntime, type TokenRole } from '@lotledger/auth';
import { EmbeddedEventBusAdapter } from '@lotledger/bus';
import { eventHashId } from '@lotledger/domain';
import { configureIngestHttp, IngestModule } from '@lotledger/ingest';
import { EmbeddedLedgerAdapter } from '@lotledger/ledger';
import { InfrastructureModule, loadConfig } from '@lotledger/platform';
import { ReadModelStore } from '@lotledger/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayModule } from '../../gateway.module.js';
import { DOCUMENT_CONTEXT, MSP, seedProvenance } from '../../testing/provenance.fixtures.js';

// captureEvents over the REAL capture use case: the gateway composed with ingest's IngestModule (as
// `lotledger start` does, strict JSON parser included) over PGlite, the embedded bus and ledger.

interface GraphqlAnswer {
  readonly data: Record<string, unknown> | null | undefined;
  readonly errors: readonly { readonly message: string; readonly extensions?: Record<string, unknown> }[] | undefined;
}
interface CaptureResult {
  readonly captureId: string;
  readonly status: string;
  readonly eventCount: number;
  readonly events: readonly { readonly hashId: string; readonly status: string }[];
  readonly issues: readonly { readonly pointer: string; readonly code: string }[];
}

// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- Nest identifies a dynamic module by a class
class CaptureTestAppModule {}

const CAPTURE = `mutation($document: JSON!, $errorBehaviour: CaptureErrorBehaviour) {
  captureEvents(document: $document, errorBehaviour: $errorBehaviour) { captureId status eventCount events { hashId status } issues { pointer code message expected } }
}`;

let dir: string;
let app: NestFastifyApplication;
let ledger: EmbeddedLedgerAdapter;
let store: ReadModelStore;
let bus: EmbeddedEventBusAdapter;
let auth: AuthRuntime;
let pharma: string;

async function token(role: TokenRole, org?: string): Promise<string> {
  return (await auth.issuer.issue({ subject: `${role}-${org ?? 'none'}`, role, ...(org === undefined ? {} : { org }) })).token;
}

async function gql(variables: Record<string, unknown>, bearer?: string): Promise<GraphqlAnswer> {
  const response = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', ...(bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }) },
    payload: JSON.stringify({ query: CAPTURE, variables }),
  });
  return response.json<GraphqlAnswer>();
}

let serial = 0;
/** A valid event of the pharma manufacturer at its own site, with a serial no other test uses. */
function freshEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  serial += 1;
  return {
    type: 'ObjectEvent',
    eventTime: '2026-03-05T08:15:12.000+01:00',
    eventTimeZoneOffset: '+01:00',
    action: 'OBSERVE',
    bizStep: 'inspecting',
    epcList: [`urn:epc:id:sgtin:9520123.045678.GQL${String(serial)}`],
    readPoint: { id: 'urn:epc:id:sgln:9520123.00001.L3' },
    ...overrides,
  };
}

function documentOf(events: readonly Record<string, unknown>[]): Record<string, unknown> {
  return {
    '@context': DOCUMENT_CONTEXT,
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: '2026-03-05T08:20:00.000+01:00',
    epcisBody: { eventList: events },
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lotledger-capture-gql-'));
  ledger = await EmbeddedLedgerAdapter.open({ dataDir: dir });
  store = await ReadModelStore.open({ kind: 'pglite', dataDir: join(dir, 'pg') });
  bus = await EmbeddedEventBusAdapter.open({ dataDir: join(dir, 'bus') });
  await seedProvenance(ledger, store);
  const { key } = await generateSigningKey();
  auth = createAuthRuntime({
    signingKey: key,
    issuer: 'http://localhost:8080',
    audience: 'lotledger',
    registry: { getOrganisationByClientId: () => Promise.resolve(null) },
  });
  const config = loadConfig({ LOTLEDGER_DATA_DIR: dir, LOG_LEVEL: 'silent' });
  app = await NestFactory.create<NestFastifyApplication>(
    {
      module: CaptureTestAppModule,
      imports: [
        InfrastructureModule.forRoot(config, { service: 'gateway', adapters: { ledger, store, bus } }),
        AuthModule.forRoot(auth),
        IngestModule.forRoot({ intake: false }),
        GatewayModule.forRoot({ publicBaseUrl: 'https://trace.example.com' }),
      ],
    },
    new FastifyAdapter(),
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Nest's options type is a class; a literal is its documented use
    { logger: false },
  );
  configureIngestHttp(app, { maxBytes: config.capture.maxBytes });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  pharma = await token('supplier', MSP.pharma);
}, 120_000);

afterAll(async () => {
  await app.close();
  await bus.close();
  await ledger.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('captureEvents', () => {
  it('captures a document as a capture job and returns each event hash ID with its status', async () => {
    const events = [freshEvent(), freshEvent()];
    const answer = await gql({ document: documentOf(events) }, pharma);
    expect(answer.errors).toBeUndefined();
    const result = answer.data?.['captureEvents'] as CaptureResult;
    const expected = events.map((e) => eventHashId({ '@context': DOCUMENT_CONTEXT, ...e }));
    expect(result).toMatchObject({ status: 'running', eventCount: 2, issues: [] });
    expect(result.events).toEqual(expected.map((hashId) => ({ hashId, status: 'pending' })));
    const job = await store.getCaptureJob(result.captureId);
    expect(job).toMatchObject({ submitterMsp: MSP.pharma, errorBehaviour: 'rollback', eventCount: 2 });
    expect(job?.events.map((e) => e.hashId)).toEqual(expected);
    expect((await store.getEvent(expected[0] ?? ''))?.status).toBe('pending');
  });

  it('takes the same path as POST /epcis/capture: the same document gets the same hash IDs there', async () => {
    const document = documentOf([freshEvent()]);
    const viaGraphql = (await gql({ document }, pharma)).data?.['captureEvents'] as CaptureResult;
    const rest = await app.inject({
      method: 'POST',
      url: '/epcis/capture',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${pharma}` },
      payload: JSON.stringify(document),
    });
    expect(rest.statusCode, rest.body).toBe(202);
    expect(rest.json<{ hashIds: string[] }>().hashIds).toEqual(viaGraphql.events.map((e) => e.hashId));
  });

  it('refuses an invalid document with VALIDATION_FAILED and the JSON pointer of every error, capturing nothing', async () => {
    const good = freshEvent();
    const answer = await gql({ document: documentOf([good, freshEvent({ eventTime: 'yesterday' })]) }, pharma);
    expect(answer.data?.['captureEvents'] ?? null).toBeNull();
    const extensions = answer.errors?.[0]?.extensions ?? {};
    expect(extensions).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    expect(extensions['pointers']).toContain('/epcisBody/eventList/1/eventTime');
    expect(extensions['issues']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pointer: '/epcisBody/eventList/1/eventTime', expected: expect.any(String) as string }),
      ]),
    );
    expect(await store.getEvent(eventHashId({ '@context': DOCUMENT_CONTEXT, ...good }))).toBeNull();
  });

  it('with PROCEED captures the valid events and lists the invalid ones as issues', async () => {
    const answer = await gql(
      { document: documentOf([freshEvent(), freshEvent({ eventTime: 'yesterday' })]), errorBehaviour: 'PROCEED' },
      pharma,
    );
    expect(answer.errors).toBeUndefined();
    const result = answer.data?.['captureEvents'] as CaptureResult;
    expect(result.eventCount).toBe(1);
    expect(result.issues.map((i) => i.pointer)).toContain('/epcisBody/eventList/1/eventTime');
    expect((await store.getCaptureJob(result.captureId))?.errorBehaviour).toBe('proceed');
  });

  it("refuses a supplier's event at another organisation's site with FORBIDDEN_PARTY and its pointer", async () => {
    const foreign = freshEvent({ readPoint: { id: 'urn:epc:id:sgln:0614141.00003.HSM1' } });
    const answer = await gql({ document: documentOf([foreign]) }, pharma);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN_PARTY', status: 403 });
    expect(answer.errors?.[0]?.extensions?.['pointers']).toEqual([expect.stringMatching(/^\/epcisBody\/eventList\/0\//)]);
  });

  it('refuses a caller without a token with UNAUTHENTICATED and a regulator with FORBIDDEN', async () => {
    const document = documentOf([freshEvent()]);
    expect((await gql({ document })).errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_MISSING' });
    expect((await gql({ document }, await token('regulator', MSP.regulator))).errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'FORBIDDEN_ROLE',
    });
  });
});
