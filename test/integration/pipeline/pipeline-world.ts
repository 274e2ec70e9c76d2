import { AUTH_RUNTIME, type AuthRuntime } from '@lotledger/auth';
import { parseIdentifier } from '@lotledger/domain';
import type { LedgerPort } from '@lotledger/ledger';
import { LEDGER, READ_MODEL } from '@lotledger/platform';
import type { ReadModelStore } from '@lotledger/store';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CompactSign, exportJWK, generateKeyPair, type CryptoKey } from 'jose';

/** The organisations of a pipeline run: one GS1 company prefix and one site (SGLN) each. */
export interface PipelineOrg {
  readonly mspId: string;
  readonly name: string;
  readonly role: 'manufacturer' | 'distributor' | 'regulator';
  /** 7-digit GS1 company prefix (the 952 range is GS1's documentation range). */
  readonly prefix: string;
}

export const REGULATOR: PipelineOrg = { mspId: 'RegulatorMSP', name: 'Product Safety Authority (test)', role: 'regulator', prefix: '' };

/** The EPCIS 2.0 context every generated document carries. */
export const EPCIS_CONTEXT: readonly unknown[] = ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'];

export const siteSgln = (org: PipelineOrg): string => `urn:epc:id:sgln:${org.prefix}.00001.0`;
export const itemEpc = (org: PipelineOrg, serial: string): string => `urn:epc:id:sgtin:${org.prefix}.000001.${serial}`;
const party = (org: PipelineOrg): string => `urn:epc:id:pgln:${org.prefix}.00000`;

function gs1Key(uri: string): string {
  const parsed = parseIdentifier(uri);
  if (!parsed.ok) throw new Error(`${uri} is not a GS1 identifier`);
  return parsed.value.primaryKey.value;
}

export type EpcisEvent = Readonly<Record<string, unknown>>;

/** Commissioning of serialised items at the organisation's own site (valid EPCIS 2.0 / CBV 2.0). */
export function commissioning(org: PipelineOrg, serials: readonly string[], eventTime = new Date()): EpcisEvent {
  return {
    type: 'ObjectEvent',
    eventTime: eventTime.toISOString(),
    eventTimeZoneOffset: '+00:00',
    epcList: serials.map((s) => itemEpc(org, s)),
    action: 'ADD',
    bizStep: 'commissioning',
    disposition: 'active',
    readPoint: { id: siteSgln(org) },
    bizLocation: { id: siteSgln(org) },
  };
}

/** `from` ships `epcs` to `to` (only the custodian may). */
export function shipping(from: PipelineOrg, to: PipelineOrg, epcs: readonly string[], eventTime = new Date()): EpcisEvent {
  return {
    type: 'ObjectEvent',
    eventTime: eventTime.toISOString(),
    eventTimeZoneOffset: '+00:00',
    epcList: epcs,
    action: 'OBSERVE',
    bizStep: 'shipping',
    disposition: 'in_transit',
    readPoint: { id: siteSgln(from) },
    sourceList: [{ type: 'owning_party', source: party(from) }],
    destinationList: [{ type: 'owning_party', destination: party(to) }],
  };
}

export function epcisDocument(events: readonly EpcisEvent[]): Record<string, unknown> {
  return {
    '@context': EPCIS_CONTEXT,
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: new Date().toISOString(),
    epcisBody: { eventList: events },
  };
}

export interface JobEventView {
  readonly hashId: string;
  readonly status: string;
  readonly batchId?: string;
  readonly rejection?: { readonly code: string | null; readonly reason: string | null };
}

export interface JobView {
  readonly captureID: string;
  readonly status: string;
  readonly anchoredCount: number;
  readonly rejectedCount: number;
  readonly events: readonly JobEventView[];
}

export interface Reply {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[] | number | undefined>;
  readonly body: string;
}

/**
 * Talks to a running composed app the way its clients do: REST with bearer tokens of the
 * organisation, signed JWS documents on lotledger.events.raw, and job polling.
 */
export class PipelineClient {
  private readonly tokens = new Map<string, string>();
  private readonly signingKeys = new Map<string, CryptoKey>();

  constructor(private app: NestFastifyApplication) {}

  /** After a restart: the same organisations and keys, the new app. */
  attach(app: NestFastifyApplication): void {
    this.app = app;
    this.tokens.clear();
  }

  get ledger(): LedgerPort {
    return this.app.get<LedgerPort>(LEDGER);
  }

  get store(): ReadModelStore {
    return this.app.get<ReadModelStore>(READ_MODEL);
  }

  /** Registers the organisations on the ledger (the regulator first) and in the registry, each with a Kafka signing key. */
  async registerOrganisations(orgs: readonly PipelineOrg[]): Promise<void> {
    for (const org of [REGULATOR, ...orgs]) {
      const glns = org.prefix === '' ? [] : [gs1Key(siteSgln(org))];
      if ((await this.ledger.getOrganization(org.mspId)) === undefined) {
        await this.ledger.registerOrganization(REGULATOR.mspId, {
          mspId: org.mspId,
          name: org.name,
          role: org.role,
          companyPrefixes: org.prefix === '' ? [] : [org.prefix],
          glns,
        });
      }
      const pair = await generateKeyPair('ES256', { extractable: true });
      this.signingKeys.set(org.mspId, pair.privateKey);
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
  }

  async token(org: PipelineOrg): Promise<string> {
    const known = this.tokens.get(org.mspId);
    if (known !== undefined) return known;
    const auth = this.app.get<AuthRuntime>(AUTH_RUNTIME);
    const { token } = await auth.issuer.issue({ subject: `e2e:${org.mspId}`, role: 'supplier', org: org.mspId, ttlSeconds: 3600 });
    this.tokens.set(org.mspId, token);
    return token;
  }

  async post(org: PipelineOrg, url: string, body: unknown, contentType = 'application/ld+json'): Promise<Reply> {
    return this.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${await this.token(org)}`, 'content-type': contentType },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  /** POST /epcis/capture; returns the job location (throws unless 202). */
  async capture(org: PipelineOrg, events: readonly EpcisEvent[]): Promise<string> {
    const reply = await this.post(org, '/epcis/capture', epcisDocument(events));
    const location = reply.headers['location'];
    if (reply.statusCode !== 202 || typeof location !== 'string')
      throw new Error(`capture refused: ${String(reply.statusCode)} ${reply.body}`);
    return location;
  }

  async job(org: PipelineOrg, location: string): Promise<JobView> {
    const reply = await this.app.inject({ method: 'GET', url: location, headers: { authorization: `Bearer ${await this.token(org)}` } });
    if (reply.statusCode !== 200) throw new Error(`job ${location}: ${String(reply.statusCode)} ${reply.body}`);
    return JSON.parse(reply.body) as JobView;
  }

  /** Polls the capture job until it is no longer running. */
  async waitForJob(org: PipelineOrg, location: string, timeoutMs = 60_000, pollMs = 50): Promise<JobView> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await this.job(org, location);
      if (job.status !== 'running') return job;
      if (Date.now() > deadline)
        throw new Error(`job ${location} still running after ${String(timeoutMs)} ms (${String(job.anchoredCount)} anchored)`);
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  /** A compact JWS (ES256) of the document, signed with the organisation's registered key. */
  async signed(org: PipelineOrg, events: readonly EpcisEvent[]): Promise<Uint8Array> {
    const key = this.signingKeys.get(org.mspId);
    if (key === undefined) throw new Error(`${org.mspId} has no signing key: register the organisations first`);
    const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(epcisDocument(events))))
      .setProtectedHeader({ alg: 'ES256', kid: `${org.mspId}-key`, org: org.mspId })
      .sign(key);
    return new TextEncoder().encode(jws);
  }

  /** Waits until every hash ID has a final status in the read model. */
  async waitForFinal(hashIds: readonly string[], timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const events = await Promise.all(hashIds.map((h) => this.store.getEvent(h)));
      const open = events.filter((e) => e === null || e.status === 'pending').length;
      if (open === 0) return;
      if (Date.now() > deadline)
        throw new Error(`${String(open)} of ${String(hashIds.length)} events not final after ${String(timeoutMs)} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Every batch on the ledger (paged). */
  async ledgerBatches(): Promise<{ batchId: string; accepted: readonly string[] }[]> {
    const all: { batchId: string; accepted: readonly string[] }[] = [];
    let bookmark: string | undefined;
    for (;;) {
      const page = await this.ledger.listBatches(200, bookmark);
      all.push(...page.records.map((b) => ({ batchId: b.batchId, accepted: b.accepted })));
      if (page.bookmark === '' || page.records.length === 0 || page.bookmark === bookmark) return all;
      bookmark = page.bookmark;
    }
  }
}
