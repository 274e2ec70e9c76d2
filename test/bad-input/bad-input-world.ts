import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AUTH_RUNTIME, type AuthRuntime } from '@lotledger/auth';
import type { ConsumedMessage, EventBus, EventBusConsumer } from '@lotledger/bus';
import { createLotledgerApp } from '@lotledger/cli/runtime';
import { parseIdentifier } from '@lotledger/domain';
import type { LedgerPort } from '@lotledger/ledger';
import { createLogger, EVENT_BUS, LEDGER, loadConfig, READ_MODEL, TOPICS, type AppConfig } from '@lotledger/platform';
import type { ReadModelStore } from '@lotledger/store';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CompactSign, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import type { Body, IntakeSigner } from './corpus/bad-input-case.js';
import { OTHER_ORG, SITE, standaloneEvent, SUBMITTER, validEvent } from './corpus/epcis-fixtures.js';

export interface Reply {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[] | number | undefined>;
  readonly body: string;
}

interface Org {
  readonly mspId: string;
  readonly name: string;
  readonly role: 'manufacturer' | 'distributor' | 'regulator';
  readonly prefix: string;
}

const REGULATOR: Org = { mspId: 'RegulatorMSP', name: 'Product Safety Authority (test)', role: 'regulator', prefix: '' };

function glnOf(sgln: string): string {
  const parsed = parseIdentifier(sgln);
  if (!parsed.ok) throw new Error(`${sgln} is not a GS1 identifier`);
  return parsed.value.primaryKey.value;
}

/**
 * The composed application of `lotledger start` (ingest + anchor + gateway in one process) on the
 * embedded shape — PGlite, embedded ledger — with its bus on the real Kafka when KAFKA_BROKERS is set
 * (the intake works the same over the EventBus port), and the clients the corpus needs.
 */
export class BadInputWorld {
  readonly runId = randomBytes(4).toString('hex');
  #token = '';
  #signingKey: CryptoKey | undefined;

  private constructor(
    readonly app: NestFastifyApplication,
    readonly config: AppConfig,
    private readonly dataDir: string,
  ) {}

  static async open(extraEnv: Readonly<Record<string, string>> = {}): Promise<BadInputWorld> {
    const dataDir = await mkdtemp(join(tmpdir(), 'lotledger-bad-input-'));
    const brokers = (process.env['KAFKA_BROKERS'] ?? '').trim();
    const env = { LOTLEDGER_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...(brokers === '' ? {} : { KAFKA_BROKERS: brokers }), ...extraEnv };
    const config = loadConfig(env, dataDir);
    const app = await createLotledgerApp(
      config,
      { publicBaseUrl: 'http://127.0.0.1:8080' },
      createLogger({ level: 'silent', service: 'bad-input' }),
    );
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const world = new BadInputWorld(app, config, dataDir);
    await world.registerOrganisations();
    return world;
  }

  get onKafka(): boolean {
    return this.config.bus.kind === 'kafka';
  }

  get store(): ReadModelStore {
    return this.app.get<ReadModelStore>(READ_MODEL);
  }

  get ledger(): LedgerPort {
    return this.app.get<LedgerPort>(LEDGER);
  }

  get bus(): EventBus {
    return this.app.get<EventBus>(EVENT_BUS);
  }

  async close(): Promise<void> {
    await this.app.close();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  private async registerOrganisations(): Promise<void> {
    for (const org of [REGULATOR, SUBMITTER, OTHER_ORG] as readonly Org[]) {
      const glns = org.prefix === '' ? [] : [glnOf(`urn:epc:id:sgln:${org.prefix}.00001.0`)];
      if ((await this.ledger.getOrganization(org.mspId)) === undefined)
        await this.ledger.registerOrganization(REGULATOR.mspId, {
          mspId: org.mspId,
          name: org.name,
          role: org.role,
          companyPrefixes: org.prefix === '' ? [] : [org.prefix],
          glns,
        });
      const pair = await generateKeyPair('ES256', { extractable: true });
      if (org.mspId === SUBMITTER.mspId) this.#signingKey = pair.privateKey;
      await this.store.upsertOrganisation({
        mspId: org.mspId,
        name: org.name,
        role: org.role,
        companyPrefixes: org.prefix === '' ? [] : [org.prefix],
        glns,
        signingKeys: [{ ...(await exportJWK(pair.publicKey)), kid: `${org.mspId}-key` }],
        clientId: null,
        clientSecretHash: null,
      });
    }
    const auth = this.app.get<AuthRuntime>(AUTH_RUNTIME);
    this.#token = (await auth.issuer.issue({ subject: 'bad-input', role: 'supplier', org: SUBMITTER.mspId, ttlSeconds: 3600 })).token;
  }

  /** A supplier token of any registered organisation (the corpus itself submits as SUBMITTER). */
  async supplierToken(mspId: string): Promise<string> {
    const auth = this.app.get<AuthRuntime>(AUTH_RUNTIME);
    return (await auth.issuer.issue({ subject: `security:${mspId}`, role: 'supplier', org: mspId, ttlSeconds: 3600 })).token;
  }

  /** Signs as the submitting organisation, with header members overridden (undefined removes one). */
  readonly signer: IntakeSigner = {
    org: SUBMITTER.mspId,
    signCompact: async (payload, header = {}) => {
      const key = this.#signingKey;
      if (key === undefined) throw new Error('organisations not registered');
      const all: Record<string, unknown> = { alg: 'ES256', kid: `${SUBMITTER.mspId}-key`, org: SUBMITTER.mspId, ...header };
      const merged = Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined));
      return new CompactSign(payload).setProtectedHeader(merged as { alg: string }).sign(key);
    },
    signWithUnregisteredKey: async (payload) => {
      const stranger = await generateKeyPair('ES256');
      return new CompactSign(payload)
        .setProtectedHeader({ alg: 'ES256', kid: `${SUBMITTER.mspId}-key`, org: SUBMITTER.mspId })
        .sign(stranger.privateKey);
    },
  };

  async post(url: string, body: Body, contentType = 'application/ld+json'): Promise<Reply> {
    const payload = body.kind === 'json' ? JSON.stringify(body.value) : body.kind === 'text' ? body.text : Buffer.from(body.bytes);
    return this.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${this.#token}`, 'content-type': contentType },
      payload,
    });
  }

  async get(url: string): Promise<Reply> {
    return this.app.inject({ method: 'GET', url });
  }

  async graphql(query: string, variables?: Readonly<Record<string, unknown>>): Promise<Reply> {
    return this.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ query, ...(variables === undefined ? {} : { variables }) }),
    });
  }

  /** Every event the read model holds, whatever its status: what "nothing partial is stored" is measured on. */
  async storedEventCount(): Promise<number> {
    let count = 0;
    let after: string | undefined;
    for (;;) {
      const page = await this.store.queryEvents(
        {},
        { first: 1000, statuses: ['anchored', 'pending', 'rejected'], ...(after === undefined ? {} : { after }) },
      );
      count += page.events.length;
      if (page.nextCursor === null) return count;
      after = page.nextCursor;
    }
  }

  /** Events anchored on the ledger, summed over its batches. */
  async ledgerEventCount(): Promise<number> {
    let count = 0;
    let bookmark: string | undefined;
    for (;;) {
      const page = await this.ledger.listBatches(200, bookmark);
      count += page.records.reduce((n, b) => n + b.accepted.length, 0);
      if (page.bookmark === '' || page.records.length === 0 || page.bookmark === bookmark) return count;
      bookmark = page.bookmark;
    }
  }

  /**
   * Proves the pipeline is alive after a group: /health and /ready answer, and a valid event goes all
   * the way to anchored. Because the pipeline keeps order per key and the canary is captured after
   * every refused input, anything a refusal had let through would be stored by now.
   */
  async canary(timeoutMs = 120_000): Promise<void> {
    for (const path of ['/health', '/ready']) {
      const reply = await this.get(path);
      if (reply.statusCode !== 200) throw new Error(`${path} answered ${String(reply.statusCode)}: ${reply.body}`);
    }
    const event = standaloneEvent({ ...validEvent(), readPoint: { id: SITE } });
    const reply = await this.post('/epcis/events', { kind: 'json', value: event });
    if (reply.statusCode !== 201) throw new Error(`canary refused: ${String(reply.statusCode)} ${reply.body}`);
    const { hashId } = JSON.parse(reply.body) as { hashId: string };
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const stored = await this.store.getEvent(hashId);
      if (stored?.status === 'anchored') return;
      if (stored?.status === 'rejected') throw new Error(`canary rejected: ${JSON.stringify(stored)}`);
      if (Date.now() > deadline) throw new Error(`canary ${hashId} not anchored after ${String(timeoutMs)} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Publishes raw messages on lotledger.events.raw and collects what reaches lotledger.dlq, by key. */
  async intake(
    messages: readonly { readonly key: string; readonly value: Uint8Array; readonly headers?: Readonly<Record<string, string>> }[],
    timeoutMs = 180_000,
  ): Promise<Map<string, ConsumedMessage>> {
    const wanted = new Set(messages.map((m) => m.key));
    const seen = new Map<string, ConsumedMessage>();
    let consumer: EventBusConsumer | undefined;
    let resolveAll: () => void = () => undefined;
    const all = new Promise<void>((resolve) => {
      resolveAll = resolve;
    });
    consumer = this.bus.createConsumer({ groupId: `bad-input-dlq-${this.runId}`, topics: [TOPICS.dlq], maxBatchSize: 500, maxWaitMs: 100 });
    await consumer.run((batch) => {
      for (const m of batch.messages) {
        const key = m.key === null ? '' : Buffer.from(m.key).toString('utf8');
        if (wanted.has(key) && !seen.has(key)) seen.set(key, m);
      }
      if (seen.size === wanted.size) resolveAll();
      return Promise.resolve();
    });
    try {
      await this.bus.publish(
        TOPICS.raw,
        messages.map((m) => ({ key: m.key, value: m.value, ...(m.headers === undefined ? {} : { headers: m.headers }) })),
      );
      await Promise.race([all, new Promise((r) => setTimeout(r, timeoutMs))]);
    } finally {
      await consumer.stop();
      consumer = undefined;
    }
    return seen;
  }
}
