import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTH_RUNTIME, auditRouteAccess, hashClientSecret, type AuthRuntime } from '@lotledger/auth';
import { EmbeddedEventBusAdapter, type BusMessage, type ConsumedMessage, type EventBus, type EventBusConsumer } from '@lotledger/bus';
import {
  createLogger,
  createPipelineMetrics,
  decodeCapturedEvent,
  HEADERS,
  loadConfig,
  projectCapturedEvent,
  TOPICS,
} from '@lotledger/platform';
import { ReadModelStore } from '@lotledger/store';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CompactSign, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createIngestApp } from './ingest.app.js';

const EXAMPLE = JSON.parse(
  readFileSync(new URL('../../../libs/domain/src/epcis/examples/pharma-serialised-packs.epcis.json', import.meta.url), 'utf8'),
) as { '@context': unknown; epcisBody: { eventList: Record<string, unknown>[] } } & Record<string, unknown>;
/** The pharma manufacturer's own events (the fourth happens at the automotive company's site). */
const PHARMA_EVENTS = EXAMPLE.epcisBody.eventList.slice(0, 3);
const FOREIGN_EVENT = EXAMPLE.epcisBody.eventList[3] as Record<string, unknown>;
const MAX_BYTES = 64 * 1024;
const CLIENT_SECRET = 'pharma-client-secret-0123456789';

function documentOf(events: readonly Record<string, unknown>[]): Record<string, unknown> {
  return { ...EXAMPLE, epcisBody: { eventList: events } };
}

/** A fresh, valid event with a unique serial (so tests do not see each other's events). */
let serial = 0;
function freshEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  serial += 1;
  return {
    type: 'ObjectEvent',
    eventTime: '2026-03-02T08:15:12.000+01:00',
    eventTimeZoneOffset: '+01:00',
    action: 'OBSERVE',
    bizStep: 'inspecting',
    epcList: [`urn:epc:id:sgtin:9520123.045678.T${String(serial)}`],
    readPoint: { id: 'urn:epc:id:sgln:9520123.00001.L3' },
    ...overrides,
  };
}

/** A bus whose publishes to lotledger.events can be made to fail. */
class FlakyBus implements EventBus {
  failEvents = false;
  constructor(private readonly inner: EventBus) {}
  ensureTopics: EventBus['ensureTopics'] = (t) => this.inner.ensureTopics(t);
  publish(topic: string, messages: readonly BusMessage[]): Promise<void> {
    if (this.failEvents && topic === TOPICS.events) return Promise.reject(new Error('broker unavailable'));
    return this.inner.publish(topic, messages);
  }
  createConsumer: EventBus['createConsumer'] = (o) => this.inner.createConsumer(o);
  partitionCount: EventBus['partitionCount'] = (t) => this.inner.partitionCount(t);
  health: EventBus['health'] = () => this.inner.health();
  close: EventBus['close'] = () => this.inner.close();
}

let dir: string;
let store: ReadModelStore;
let realBus: EmbeddedEventBusAdapter;
let bus: FlakyBus;
let app: NestFastifyApplication;
let auth: AuthRuntime;
let pharmaToken: string;
let autoToken: string;
let regulatorToken: string;
let pharmaSigningKey: CryptoKey;
let collector: EventBusConsumer;
const published: ConsumedMessage[] = [];
const deadLetters: ConsumedMessage[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lotledger-ingest-'));
  store = await ReadModelStore.open({ kind: 'pglite', dataDir: join(dir, 'pg') });
  realBus = await EmbeddedEventBusAdapter.open({ dataDir: join(dir, 'bus') });
  bus = new FlakyBus(realBus);
  const pharmaPair = await generateKeyPair('ES256', { extractable: true });
  pharmaSigningKey = pharmaPair.privateKey;
  await store.upsertOrganisation({
    mspId: 'PharmaMSP',
    name: 'Pharma Manufacturer',
    role: 'manufacturer',
    companyPrefixes: ['9520123'],
    glns: [],
    signingKeys: [{ ...(await exportJWK(pharmaPair.publicKey)), kid: 'pharma-2026' }],
    clientId: 'pharma-client',
    clientSecretHash: await hashClientSecret(CLIENT_SECRET),
  });
  await store.upsertOrganisation({
    mspId: 'AutoMSP',
    name: 'Automotive',
    role: 'manufacturer',
    companyPrefixes: ['4012345'],
    glns: [],
    signingKeys: [],
    clientId: null,
    clientSecretHash: null,
  });

  const config = loadConfig({ LOTLEDGER_DATA_DIR: dir, LOG_LEVEL: 'silent', CAPTURE_MAX_BYTES: String(MAX_BYTES) }, dir);
  app = await createIngestApp(config, {
    adapters: { store, bus },
    logger: createLogger({ level: 'silent', service: 'ingest-test' }),
    metrics: createPipelineMetrics(),
    intakeOptions: { maxWaitMs: 20 },
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  auth = app.get<AuthRuntime>(AUTH_RUNTIME);
  pharmaToken = (await auth.issuer.issue({ subject: 'pharma-client', role: 'supplier', org: 'PharmaMSP' })).token;
  autoToken = (await auth.issuer.issue({ subject: 'auto-client', role: 'supplier', org: 'AutoMSP' })).token;
  regulatorToken = (await auth.issuer.issue({ subject: 'inspector', role: 'regulator' })).token;

  collector = realBus.createConsumer({
    groupId: 'ingest-test-observer',
    topics: [TOPICS.events, TOPICS.dlq],
    maxBatchSize: 500,
    maxWaitMs: 20,
  });
  await collector.run((batch) => {
    (batch.topic === TOPICS.dlq ? deadLetters : published).push(...batch.messages);
    return Promise.resolve();
  });
}, 120_000);

afterAll(async () => {
  await collector.stop();
  await app.close();
  await realBus.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

interface Reply {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- mirrors light-my-request's json<T>()
  json<T = Record<string, unknown>>(): T;
}

function inject(options: {
  method: 'GET' | 'POST' | 'OPTIONS';
  url: string;
  token?: string;
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}): Promise<Reply> {
  const payload = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  return app.inject({
    method: options.method,
    url: options.url,
    headers: {
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
      ...(payload === undefined ? {} : { 'content-type': options.contentType ?? 'application/ld+json' }),
      ...options.headers,
    },
    ...(payload === undefined ? {} : { payload }),
  });
}

interface Problem {
  status: number;
  code: string;
  errors?: { pointer: string; code: string; message: string; expected: string }[];
}

function problemOf(reply: Reply, status: number): Problem {
  expect(reply.statusCode, reply.body).toBe(status);
  expect(String(reply.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const problem = reply.json<Problem>();
  expect(problem.status).toBe(status);
  return problem;
}

function messagesOf(captureId: string): ConsumedMessage[] {
  return published.filter((m) => m.headers[HEADERS.captureId] === captureId);
}

describe('EPCIS capture over REST', () => {
  it('accepts a document with 202 and a Location, records the job, and publishes every event keyed by its organisation, in document order', async () => {
    const reply = await inject({ method: 'POST', url: '/epcis/capture', token: pharmaToken, body: documentOf(PHARMA_EVENTS) });
    expect(reply.statusCode, reply.body).toBe(202);
    const location = String(reply.headers['location']);
    expect(location).toMatch(/^\/epcis\/capture\/[0-9a-f-]{36}$/);
    expect(reply.headers['gs1-epcis-version']).toBe('2.0.0');
    expect(reply.headers['gs1-cbv-version']).toBe('2.0.0');
    const captureId = location.split('/').pop() ?? '';

    const job = await inject({ method: 'GET', url: location, token: pharmaToken });
    expect(job.statusCode).toBe(200);
    const view = job.json<{ captureID: string; status: string; running: boolean; events: { hashId: string; status: string }[] }>();
    expect(view).toMatchObject({ captureID: captureId, status: 'running', running: true });
    expect(view.events).toHaveLength(3);
    expect(view.events.every((e) => e.status === 'pending' && e.hashId.startsWith('ni:///sha-256;'))).toBe(true);

    await vi.waitFor(
      () => {
        expect(messagesOf(captureId)).toHaveLength(3);
      },
      { timeout: 10_000 },
    );
    const messages = messagesOf(captureId);
    const keys = messages.map((m) => new TextDecoder().decode(m.key ?? new Uint8Array()));
    // Keyed by the submitting organisation, so the document's events stay in order on one partition.
    expect(new Set(keys)).toEqual(new Set(['PharmaMSP']));
    for (const m of messages) {
      const value = JSON.parse(new TextDecoder().decode(m.value)) as {
        hashId: string;
        submitterMsp: string;
        captureId: string;
        event: Record<string, unknown>;
      };
      expect(m.headers[HEADERS.hashId]).toBe(value.hashId);
      expect(m.headers[HEADERS.submitterMsp]).toBe('PharmaMSP');
      expect(m.headers[HEADERS.receivedAt]).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(value.captureId).toBe(captureId);
      expect(view.events.map((e) => e.hashId)).toContain(value.hashId);
      // The document's @context travels with each event (its extension prefixes are declared there).
      expect(value.event['@context']).toEqual(EXAMPLE['@context']);
    }
  });

  it('refuses an invalid document with 400 listing every error with its pointer, and writes nothing', async () => {
    const good = freshEvent();
    const badTime = freshEvent({ eventTime: 'yesterday' });
    const badEpc = freshEvent({ epcList: ['urn:epc:id:sgtin:9520123.045678'] });
    const before = published.length;
    const problem = problemOf(
      await inject({ method: 'POST', url: '/epcis/capture', token: pharmaToken, body: documentOf([good, badTime, badEpc]) }),
      400,
    );
    expect(problem.code).toBe('VALIDATION_FAILED');
    const pointers = (problem.errors ?? []).map((e) => e.pointer);
    expect(pointers).toContain('/epcisBody/eventList/1/eventTime');
    expect(pointers.some((p) => p.startsWith('/epcisBody/eventList/2/epcList/0'))).toBe(true);
    for (const e of problem.errors ?? []) expect(e.message.length > 0 && e.expected.length > 0 && e.code.length > 0).toBe(true);
    const { eventHashId } = await import('@lotledger/domain');
    expect(await store.getEvent(eventHashId({ '@context': EXAMPLE['@context'], ...good }))).toBeNull();
    expect(published.length).toBe(before);
  });

  it('with GS1-Capture-Error-Behaviour: proceed accepts the valid events and lists the invalid ones in the job', async () => {
    const reply = await inject({
      method: 'POST',
      url: '/epcis/capture',
      token: pharmaToken,
      body: documentOf([freshEvent(), freshEvent({ action: 'JUMP' }), freshEvent()]),
      headers: { 'GS1-Capture-Error-Behaviour': 'proceed' },
    });
    expect(reply.statusCode, reply.body).toBe(202);
    const captureId = String(reply.headers['location']).split('/').pop() ?? '';
    const job = (await inject({ method: 'GET', url: String(reply.headers['location']), token: pharmaToken })).json<{
      captureErrorBehaviour: string;
      events: unknown[];
      errors: { pointer: string }[];
    }>();
    expect(job.captureErrorBehaviour).toBe('proceed');
    expect(job.events).toHaveLength(2);
    expect(job.errors.map((e) => e.pointer)).toContain('/epcisBody/eventList/1/action');
    await vi.waitFor(
      () => {
        expect(messagesOf(captureId)).toHaveLength(2);
      },
      { timeout: 10_000 },
    );
  });

  it('with rollback (said explicitly) refuses the same document whole', async () => {
    const reply = await inject({
      method: 'POST',
      url: '/epcis/capture',
      token: pharmaToken,
      body: documentOf([freshEvent(), freshEvent({ action: 'JUMP' })]),
      headers: { 'GS1-Capture-Error-Behaviour': 'rollback' },
    });
    expect(problemOf(reply, 400).errors?.map((e) => e.pointer)).toEqual(['/epcisBody/eventList/1/action']);
  });

  it('refuses an unknown error behaviour', async () => {
    const reply = await inject({
      method: 'POST',
      url: '/epcis/capture',
      token: pharmaToken,
      body: documentOf([freshEvent()]),
      headers: { 'GS1-Capture-Error-Behaviour': 'maybe' },
    });
    expect(problemOf(reply, 400).code).toBe('INVALID_HEADER');
  });

  it('captures a single event with 201 and refuses it the second time with 409', async () => {
    const event = { '@context': EXAMPLE['@context'], ...freshEvent() };
    const first = await inject({ method: 'POST', url: '/epcis/events', token: pharmaToken, body: event, contentType: 'application/json' });
    expect(first.statusCode, first.body).toBe(201);
    const hashId = first.json<{ hashId: string }>().hashId;
    expect(first.headers['location']).toBe(`/epcis/events/${encodeURIComponent(hashId)}`);
    const second = await inject({ method: 'POST', url: '/epcis/events', token: pharmaToken, body: event, contentType: 'application/json' });
    const problem = problemOf(second, 409);
    expect(problem.code).toBe('EVENT_EXISTS');
    expect((problem as unknown as { hashId: string }).hashId).toBe(hashId);
  });

  it('refuses a document sent to the single-event endpoint', async () => {
    expect(
      problemOf(await inject({ method: 'POST', url: '/epcis/events', token: pharmaToken, body: documentOf([freshEvent()]) }), 400).code,
    ).toBe('VALIDATION_FAILED');
  });

  it('answers 413 above the advertised size limit, and advertises the limits', async () => {
    const big = documentOf([freshEvent({ 'lotledger:note': 'x'.repeat(MAX_BYTES) })]);
    const reply = await inject({ method: 'POST', url: '/epcis/capture', token: pharmaToken, body: big });
    expect(problemOf(reply, 413).code).toBe('PAYLOAD_TOO_LARGE');
    expect(reply.headers['gs1-epcis-capture-file-size-limit']).toBe(String(MAX_BYTES));
    expect(reply.headers['gs1-epcis-capture-limit']).toBe('10000');
    const options = await inject({ method: 'OPTIONS', url: '/epcis/capture' });
    expect(options.statusCode).toBe(204);
    expect(options.headers['gs1-epcis-capture-file-size-limit']).toBe(String(MAX_BYTES));
    expect(options.headers['gs1-capture-error-behaviour']).toBe('rollback, proceed');
  });

  it('answers 415 for media types other than JSON and JSON-LD', async () => {
    for (const contentType of ['application/xml', 'text/plain']) {
      const reply = await inject({ method: 'POST', url: '/epcis/capture', token: pharmaToken, body: '<EPCISDocument/>', contentType });
      expect(problemOf(reply, 415).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('refuses duplicate keys and __proto__ with the pointer where they occur', async () => {
    const duplicate = `{"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-03-02T16:40:00Z","epcisBody":{"eventList":[{"type":"ObjectEvent","action":"ADD","action":"DELETE"}]}}`;
    const dup = problemOf(await inject({ method: 'POST', url: '/epcis/capture', token: pharmaToken, body: duplicate }), 400);
    expect(dup.code).toBe('INVALID_JSON');
    expect(dup.errors?.[0]?.pointer).toBe('/epcisBody/eventList/0/action');
    const proto = problemOf(
      await inject({ method: 'POST', url: '/epcis/capture', token: pharmaToken, body: '{"type":"EPCISDocument","__proto__":{"x":1}}' }),
      400,
    );
    expect(proto.errors?.[0]?.pointer).toBe('/__proto__');
  });

  it('answers 401 without a token or with a bad one, with a Bearer challenge', async () => {
    const none = await inject({ method: 'POST', url: '/epcis/capture', body: documentOf([freshEvent()]) });
    expect(problemOf(none, 401).code).toBe('TOKEN_MISSING');
    expect(String(none.headers['www-authenticate'])).toMatch(/^Bearer/);
    const bad = await inject({
      method: 'POST',
      url: '/epcis/capture',
      token: `${pharmaToken.slice(0, -4)}AAAA`,
      body: documentOf([freshEvent()]),
    });
    expect(problemOf(bad, 401).code).toBe('TOKEN_INVALID');
    expect(String(bad.headers['www-authenticate'])).toMatch(/error="invalid_token"/);
  });

  it("answers 403 when a supplier submits an event at another organisation's location, naming the pointer", async () => {
    const reply = await inject({
      method: 'POST',
      url: '/epcis/capture',
      token: pharmaToken,
      body: documentOf([freshEvent(), FOREIGN_EVENT]),
    });
    const problem = problemOf(reply, 403);
    expect(problem.code).toBe('FORBIDDEN_PARTY');
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: '/epcisBody/eventList/1/readPoint/id', code: 'PARTY_NOT_OWNED' })]);
    expect(problem.errors?.[0]?.message).toMatch(/AutoMSP/);
  });

  it('answers 403 to a role that may not capture', async () => {
    expect(
      problemOf(await inject({ method: 'POST', url: '/epcis/capture', token: regulatorToken, body: documentOf([freshEvent()]) }), 403).code,
    ).toBe('FORBIDDEN_ROLE');
  });

  it('shows a supplier its own capture jobs only; a regulator sees them all', async () => {
    const reply = await inject({ method: 'POST', url: '/epcis/capture', token: pharmaToken, body: documentOf([freshEvent()]) });
    const location = String(reply.headers['location']);
    expect(problemOf(await inject({ method: 'GET', url: location, token: autoToken }), 404).code).toBe('NOT_FOUND');
    expect((await inject({ method: 'GET', url: location, token: regulatorToken })).statusCode).toBe(200);
  });

  it('reports each event as anchored with batch, tx id and block, or rejected with its code and reason, once the anchor wrote them', async () => {
    const reply = await inject({
      method: 'POST',
      url: '/epcis/capture',
      token: pharmaToken,
      body: documentOf([freshEvent(), freshEvent()]),
    });
    const captureId = String(reply.headers['location']).split('/').pop() ?? '';
    await vi.waitFor(
      () => {
        expect(messagesOf(captureId)).toHaveLength(2);
      },
      { timeout: 10_000 },
    );
    // What the anchor does with these messages, written directly: one accepted, one refused by the ledger.
    const [accepted, refused] = messagesOf(captureId).map((m) => projectCapturedEvent(decodeCapturedEvent(m.value)).record) as [
      ReturnType<typeof projectCapturedEvent>['record'],
      ReturnType<typeof projectCapturedEvent>['record'],
    ];
    await store.applyAnchoredBatch({
      batch: {
        id: `batch-${captureId}`,
        merkleRoot: 'ab'.repeat(32),
        txId: 'tx-42',
        blockNumber: 7,
        submitterMsp: 'PharmaMSP',
        eventCount: 2,
        accepted: 1,
        rejected: 1,
        anchoredAt: new Date().toISOString(),
      },
      events: [
        { ...accepted, status: 'anchored', leafIndex: 0 },
        { ...refused, status: 'rejected', leafIndex: 1, rejectCode: 'CUSTODY_VIOLATION', rejectReason: 'PharmaMSP is not the custodian' },
      ],
      objectStates: [],
      edges: [],
    });
    const job = (await inject({ method: 'GET', url: `/epcis/capture/${captureId}`, token: pharmaToken })).json<{
      running: boolean;
      status: string;
      events: Record<string, unknown>[];
    }>();
    expect(job.running).toBe(false);
    expect(job.events).toEqual(
      expect.arrayContaining([
        { hashId: accepted.hashId, status: 'anchored', batchId: `batch-${captureId}`, txId: 'tx-42', blockNumber: 7 },
        { hashId: refused.hashId, status: 'rejected', rejection: { code: 'CUSTODY_VIOLATION', reason: 'PharmaMSP is not the custodian' } },
      ]),
    );
  });

  it('answers 503 and marks the job failed when the bus cannot take the events', async () => {
    bus.failEvents = true;
    try {
      const reply = await inject({ method: 'POST', url: '/epcis/capture', token: pharmaToken, body: documentOf([freshEvent()]) });
      const problem = problemOf(reply, 503) as Problem & { captureID: string };
      expect(problem.code).toBe('CAPTURE_UNAVAILABLE');
      const job = await store.getCaptureJob(problem.captureID);
      expect(job?.status).toBe('failed');
    } finally {
      bus.failEvents = false;
    }
  });
});

describe('tokens', () => {
  it('issues a working supplier token for registered client credentials', async () => {
    const basic = Buffer.from(`pharma-client:${CLIENT_SECRET}`).toString('base64');
    const reply = await app.inject({
      method: 'POST',
      url: '/auth/token',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=client_credentials',
    });
    expect(reply.statusCode, reply.body).toBe(200);
    expect(reply.headers['cache-control']).toBe('no-store');
    const token = reply.json<{ access_token: string; token_type: string }>();
    expect(token.token_type).toBe('Bearer');
    await expect(auth.verifier.verify(token.access_token)).resolves.toMatchObject({ role: 'supplier', org: 'PharmaMSP' });
  });

  it('refuses a wrong secret and an unknown client alike', async () => {
    for (const [id, secret] of [
      ['pharma-client', 'wrong-secret-wrong-secret'],
      ['nobody', CLIENT_SECRET],
    ] as const) {
      const reply = await app.inject({
        method: 'POST',
        url: '/auth/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `grant_type=client_credentials&client_id=${id}&client_secret=${secret}`,
      });
      expect(reply.statusCode).toBe(401);
      expect(reply.json<{ code: string }>().code).toBe('INVALID_CLIENT');
    }
  });

  it('publishes the JWKS without a token', async () => {
    const reply = await app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
    expect(reply.statusCode).toBe(200);
    expect(reply.json<{ keys: { kty: string; d?: string }[] }>().keys[0]).toMatchObject({ kty: 'EC' });
    expect(reply.json<{ keys: { d?: string }[] }>().keys[0]?.d).toBeUndefined();
  });
});

describe('route protection', () => {
  it('guards every route of the ingest application and has each declare public access or its roles', () => {
    const routes = auditRouteAccess(app);
    expect(routes.length).toBeGreaterThanOrEqual(6);
    const open = routes.filter((r) => !r.guarded || r.access === 'undeclared');
    expect(open, JSON.stringify(open)).toEqual([]);
    expect(
      routes
        .filter((r) => r.access === 'public')
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual(['GET /.well-known/jwks.json', 'GET /health', 'GET /metrics', 'GET /ready', 'OPTIONS /epcis/capture', 'POST /auth/token']);
  });

  it('answers the operations endpoints without a token', async () => {
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    const ready = await app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode, ready.body).toBe(200);
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toMatch(/lotledger_events_captured_total\{channel="rest"\} [1-9]/);
  });
});

describe('Kafka intake', () => {
  const encoder = new TextEncoder();

  async function signed(body: unknown, header: Record<string, unknown> = {}, key: CryptoKey = pharmaSigningKey): Promise<Uint8Array> {
    const jws = await new CompactSign(encoder.encode(JSON.stringify(body)))
      .setProtectedHeader({ alg: 'ES256', kid: 'pharma-2026', org: 'PharmaMSP', ...header })
      .sign(key);
    return encoder.encode(jws);
  }

  function deadLetter(id: string): ConsumedMessage | undefined {
    return deadLetters.find((m) => m.headers['x-test-id'] === id);
  }

  it('captures a signed document and publishes its events to lotledger.events', async () => {
    const event = freshEvent();
    await bus.publish(TOPICS.raw, [{ key: 'PharmaMSP', value: await signed(documentOf([event])), headers: { 'x-test-id': 'valid' } }]);
    const { eventHashId } = await import('@lotledger/domain');
    const hashId = eventHashId({ '@context': EXAMPLE['@context'], ...event });
    await vi.waitFor(
      () => {
        expect(published.find((m) => m.headers[HEADERS.hashId] === hashId)).toBeDefined();
      },
      { timeout: 10_000 },
    );
    const message = published.find((m) => m.headers[HEADERS.hashId] === hashId);
    expect(message?.headers[HEADERS.submitterMsp]).toBe('PharmaMSP');
    expect(await store.getCaptureJob(message?.headers[HEADERS.captureId] ?? '')).toMatchObject({
      submitterMsp: 'PharmaMSP',
      eventCount: 1,
    });
  });

  it('sends bad signatures, unknown keys, wrong organisations and invalid events to the DLQ with the reason', async () => {
    const other = (await generateKeyPair('ES256')).privateKey;
    const valid = await signed(documentOf([freshEvent()]));
    const [h, , s] = new TextDecoder().decode(valid).split('.') as [string, string, string];
    const tampered = encoder.encode(`${h}.${Buffer.from(JSON.stringify(documentOf([freshEvent()]))).toString('base64url')}.${s}`);
    const cases: [string, Uint8Array, string][] = [
      ['bad-signature', tampered, 'JWS_BAD_SIGNATURE'],
      ['unknown-key', await signed(documentOf([freshEvent()]), { kid: 'pharma-1999' }, other), 'JWS_UNKNOWN_KEY'],
      ['wrong-org', await signed(documentOf([freshEvent()]), { org: 'AutoMSP' }), 'JWS_UNKNOWN_KEY'],
      ['foreign-location', await signed(documentOf([FOREIGN_EVENT])), 'FORBIDDEN_PARTY'],
      ['invalid-event', await signed(documentOf([freshEvent({ eventTime: 'soon' })])), 'VALIDATION_FAILED'],
      ['not-jws', encoder.encode(JSON.stringify(documentOf([freshEvent()]))), 'JWS_MALFORMED'],
    ];
    await bus.publish(
      TOPICS.raw,
      cases.map(([id, value]) => ({ key: id, value, headers: { 'x-test-id': id } })),
    );
    await vi.waitFor(
      () => {
        expect(cases.every(([id]) => deadLetter(id) !== undefined)).toBe(true);
      },
      { timeout: 10_000 },
    );
    for (const [id, value, code] of cases) {
      const dead = deadLetter(id);
      expect(dead?.headers[HEADERS.errorCode], id).toBe(code);
      expect(dead?.headers[HEADERS.errorSource]).toBe('ingest');
      expect(Buffer.from(dead?.value ?? new Uint8Array()).equals(Buffer.from(value))).toBe(true);
      expect(new TextDecoder().decode(dead?.key ?? new Uint8Array())).toBe(id);
      const reasons = JSON.parse(dead?.headers[HEADERS.errorReason] ?? '[]') as { pointer: string; code: string }[];
      expect(reasons.length).toBeGreaterThan(0);
    }
    const invalid = JSON.parse(deadLetter('invalid-event')?.headers[HEADERS.errorReason] ?? '[]') as { pointer: string }[];
    expect(invalid.map((r) => r.pointer)).toContain('/epcisBody/eventList/0/eventTime');
  });

  it('keeps the DLQ reason bounded for a document with very many errors', async () => {
    const events = Array.from({ length: 150 }, () => freshEvent({ eventTime: 'never' }));
    await bus.publish(TOPICS.raw, [{ key: 'many', value: await signed(documentOf(events)), headers: { 'x-test-id': 'many-errors' } }]);
    await vi.waitFor(
      () => {
        expect(deadLetter('many-errors')).toBeDefined();
      },
      { timeout: 10_000 },
    );
    const reasons = JSON.parse(deadLetter('many-errors')?.headers[HEADERS.errorReason] ?? '[]') as { code: string; message: string }[];
    expect(reasons).toHaveLength(101);
    expect(reasons[100]).toMatchObject({ code: 'MORE_ISSUES' });
    expect(reasons[100]?.message).toMatch(/^50 more/);
  });
});
