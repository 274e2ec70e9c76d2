import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthModule, createAuthRuntime, generateSigningKey, IS_PUBLIC_KEY, ROLES_KEY, type AuthRuntime } from '@lotledger/auth';
import { EmbeddedEventBusAdapter } from '@lotledger/bus';
import { EmbeddedLedgerAdapter } from '@lotledger/ledger';
import { InfrastructureModule, loadConfig } from '@lotledger/platform';
import { ReadModelStore } from '@lotledger/store';
import { GatewayModule } from '../gateway.module.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyInclusion } from '@lotledger/domain';
import { COMMERCIAL_TEXT, IDS, MSP, RECALL_REASON, seedProvenance } from '../testing/provenance.fixtures.js';
import { MAX_QUERY_DEPTH } from './graphql-limits.js';

interface GraphqlAnswer {
  readonly status: number;
  readonly data: Record<string, unknown> | null | undefined;
  readonly errors: readonly { readonly message: string; readonly extensions?: Record<string, unknown> }[] | undefined;
}

interface GraphqlHarness {
  readonly app: NestFastifyApplication;
  readonly ledger: EmbeddedLedgerAdapter;
  readonly store: ReadModelStore;
  readonly auth: AuthRuntime;
  token(role: 'supplier' | 'regulator', org?: string): Promise<string>;
  query(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphqlAnswer>;
  close(): Promise<void>;
}

// A plain class given as the module of a dynamic module: no decorator needed.
// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- Nest identifies a dynamic module by a class
class GraphqlTestAppModule {}

/**
 * The gateway with the auth guard (as `lotledger start` composes it) over REAL embedded adapters
 * (PGlite read model, embedded ledger and bus) in a temp dir, seeded with the three stories.
 */
async function openGraphqlHarness(): Promise<GraphqlHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'lotledger-graphql-'));
  const ledger = await EmbeddedLedgerAdapter.open({ dataDir: dir });
  const store = await ReadModelStore.open({ kind: 'pglite', dataDir: join(dir, 'pg') });
  const bus = await EmbeddedEventBusAdapter.open({ dataDir: join(dir, 'bus') });
  await seedProvenance(ledger, store);
  const { key } = await generateSigningKey();
  const auth = createAuthRuntime({
    signingKey: key,
    issuer: 'http://localhost:8080',
    audience: 'lotledger',
    registry: { getOrganisationByClientId: () => Promise.resolve(null) },
  });
  const config = loadConfig({ LOTLEDGER_DATA_DIR: dir, LOG_LEVEL: 'silent' });
  const app = await NestFactory.create<NestFastifyApplication>(
    {
      module: GraphqlTestAppModule,
      imports: [
        InfrastructureModule.forRoot(config, { service: 'gateway', adapters: { ledger, store, bus } }),
        AuthModule.forRoot(auth),
        GatewayModule.forRoot({ publicBaseUrl: 'https://trace.example.com' }),
      ],
    },
    new FastifyAdapter(),
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Nest's options type is a class; a literal is its documented use
    { logger: false },
  );
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    ledger,
    store,
    auth,
    async token(role, org) {
      return (await auth.issuer.issue({ subject: `${role}-${org ?? 'any'}`, role, ...(org === undefined ? {} : { org }) })).token;
    },
    async query(query, variables, token) {
      const response = await app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
        payload: JSON.stringify({ query, ...(variables === undefined ? {} : { variables }) }),
      });
      const body = response.json<{ data?: Record<string, unknown> | null; errors?: GraphqlAnswer['errors'] }>();
      return { status: response.statusCode, data: body.data, errors: body.errors };
    },
    async close() {
      await app.close();
      await bus.close();
      await ledger.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const PACK_URN = 'urn:epc:id:sgtin:9520123.045678.PX7K2M4Q9A';
const COMMERCIAL_FIELDS = ['submitterMsp', 'readPoint', 'captureId', 'bizTransactions', 'sources', 'destinations'] as const;
const EVENT_FIELDS =
  'hashId type bizStep visibility document objectIds submitterMsp readPoint captureId bizTransactions { type bizTransaction } sources { type id } destinations { type id }';

interface EventJson {
  readonly hashId: string;
  readonly visibility: 'FULL' | 'PUBLIC';
  readonly document: unknown;
  readonly submitterMsp: string | null;
  readonly bizTransactions: readonly { readonly bizTransaction: string }[] | null;
  readonly [field: string]: unknown;
}
interface Page {
  readonly nodes: readonly EventJson[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}

let h: GraphqlHarness;
let regulator: string;
let pharma: string;
let distributor: string;

beforeAll(async () => {
  h = await openGraphqlHarness();
  regulator = await h.token('regulator');
  pharma = await h.token('supplier', MSP.pharma);
  distributor = await h.token('supplier', MSP.distributor);
});
afterAll(async () => {
  await h.close();
});

async function data<T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T> {
  const answer = await h.query(query, variables, token);
  expect(answer.errors).toBeUndefined();
  return answer.data as T;
}

async function allEvents(token: string | undefined): Promise<EventJson[]> {
  const page = await data<{ events: Page }>(
    `{ events(first: 100) { nodes { ${EVENT_FIELDS} } pageInfo { hasNextPage endCursor } } }`,
    undefined,
    token,
  );
  expect(page.events.pageInfo.hasNextPage).toBe(false);
  return [...page.events.nodes];
}

describe('GraphQL product, lot, item and organization', () => {
  it('answers product(gtin) with master data and its owner (through the loader)', async () => {
    const d = await data<{
      product: { name: string; industry: string; publicAttributes: unknown; owner: { mspId: string; name: string } };
    }>('{ product(gtin: "09520123456788") { name industry publicAttributes owner { mspId name } } }');
    expect(d.product).toEqual({
      name: 'Cardiostat 10 mg tablets',
      industry: 'pharma',
      publicAttributes: { form: 'film-coated tablets', packSize: '30 tablets' },
      owner: { mspId: MSP.pharma, name: 'Cardiomed AG' },
    });
  });

  it('finds the same item by EPC URN and by Digital Link, canonicalised', async () => {
    const q = 'query($id: String!) { item(id: $id) { id kind serial status product { gtin } } }';
    const byUrn = await data<{ item: unknown }>(q, { id: PACK_URN });
    const byLink = await data<{ item: unknown }>(q, { id: `${IDS.pack}?linkType=all` });
    expect(byUrn.item).toMatchObject({ id: IDS.pack, kind: 'sgtin', serial: 'PX7K2M4Q9A', product: { gtin: '09520123456788' } });
    expect(byLink.item).toEqual(byUrn.item);
  });

  it('answers lot(gtin, lot) with the recall hold', async () => {
    const d = await data<{ lot: { id: string; status: string; holds: unknown } }>(
      '{ lot(gtin: "09520123456795", lot: "LT2602R") { id status holds } }',
    );
    expect(d.lot.id).toBe(IDS.recalledLot);
    expect(d.lot.status).toBe('recalled');
    expect(JSON.stringify(d.lot.holds)).toContain(RECALL_REASON);
  });

  it('answers null for an unknown item and the organisation without credentials', async () => {
    expect((await data<{ item: unknown }>('{ item(id: "urn:epc:id:sgtin:9520123.45678.NOPE") { id } }')).item).toBeNull();
    const d = await data<{ organization: unknown }>(`{ organization(id: "${MSP.steel}") { mspId name role companyPrefixes } }`);
    expect(d.organization).toEqual({ mspId: MSP.steel, name: 'Ruhrstahl GmbH', role: 'manufacturer', companyPrefixes: ['0614141'] });
    const secret = await h.query(`{ organization(id: "${MSP.steel}") { clientSecretHash } }`);
    expect(secret.errors?.[0]?.message).toContain('clientSecretHash');
  });

  it("shows an item's custodian to a regulator and to the custodian, never to a consumer or another supplier", async () => {
    const q = `{ item(id: "${PACK_URN}") { custodianMsp } }`;
    expect((await data<{ item: { custodianMsp: unknown } }>(q, undefined, regulator)).item.custodianMsp).toBe(MSP.distributor);
    expect((await data<{ item: { custodianMsp: unknown } }>(q, undefined, distributor)).item.custodianMsp).toBe(MSP.distributor);
    expect((await data<{ item: { custodianMsp: unknown } }>(q)).item.custodianMsp).toBeNull();
    expect((await data<{ item: { custodianMsp: unknown } }>(q, undefined, pharma)).item.custodianMsp).toBeNull();
  });
});

describe('GraphQL events: who sees what', () => {
  it('never gives a consumer a commercial field (field by field, and none of the commercial text)', async () => {
    const events = await allEvents(undefined);
    expect(events.length).toBeGreaterThan(5);
    for (const event of events) {
      expect(event.visibility).toBe('PUBLIC');
      for (const field of COMMERCIAL_FIELDS) expect(event[field], `${field} of ${event.hashId}`).toBeNull();
      const text = JSON.stringify(event);
      for (const secret of COMMERCIAL_TEXT) expect(text, `${secret} in ${event.hashId}`).not.toContain(secret);
    }
  });

  it('gives a supplier its own events whole and only public fields of the others', async () => {
    const events = await allEvents(pharma);
    const own = events.filter((e) => e.visibility === 'FULL');
    const others = events.filter((e) => e.visibility === 'PUBLIC');
    expect(own.length).toBeGreaterThan(0);
    expect(others.length).toBeGreaterThan(0);
    for (const e of own) expect(e.submitterMsp).toBe(MSP.pharma);
    expect(own.flatMap((e) => e.bizTransactions ?? []).map((b) => b.bizTransaction)).toContain(
      'urn:epcglobal:cbv:bt:4012345000009:PO-2026-88213',
    );
    for (const e of others) for (const field of COMMERCIAL_FIELDS) expect(e[field]).toBeNull();
    expect(JSON.stringify(others)).not.toContain('MO-26-5521');
  });

  it('gives a regulator every event whole', async () => {
    const events = await allEvents(regulator);
    expect(events.every((e) => e.visibility === 'FULL')).toBe(true);
    expect(new Set(events.map((e) => e.submitterMsp))).toEqual(new Set([MSP.pharma, MSP.distributor, MSP.steel]));
    expect(JSON.stringify(events)).toContain('MO-26-5521');
  });

  it('pages with first/after until the end, each event once', async () => {
    const total = (await allEvents(regulator)).length;
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const d: { events: Page } = await data<{ events: Page }>(
        'query($after: String) { events(first: 3, after: $after) { nodes { hashId } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      seen.push(...d.events.nodes.map((e) => e.hashId));
      after = d.events.pageInfo.hasNextPage ? d.events.pageInfo.endCursor : null;
      pages++;
    } while (after !== null && pages < 20);
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 3));
  });

  it('filters events and resolves their objects', async () => {
    const d = await data<{ events: { nodes: { bizStep: string; objects: { id: string; kind: string }[] }[] } }>(
      `{ events(filter: { bizStep: ["packing"], anyEPC: ["${PACK_URN}"] }) { nodes { bizStep objects { id kind } } } }`,
    );
    expect(d.events.nodes).toHaveLength(1);
    expect(d.events.nodes[0]?.objects.map((o) => o.id)).toEqual(expect.arrayContaining([IDS.case, IDS.pack]));
  });

  it('refuses a page size over the limit', async () => {
    const answer = await h.query('{ events(first: 1000) { nodes { hashId } } }');
    expect(answer.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });

  it('refuses a bad token instead of answering as a consumer', async () => {
    const answer = await h.query('{ product(gtin: "09520123456788") { name } }', undefined, 'not.a.token');
    expect(answer.data?.['product'] ?? null).toBeNull();
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
  });

  it('codes what graphql-js refuses before any resolver: a syntax error and an unknown field', async () => {
    expect((await h.query('{ events(first: 1) { nodes { hashId }')).errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_PARSE_FAILED');
    expect((await h.query('{ events(first: 1) { nodes { price } } }')).errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('GraphQL trace and recall impact', () => {
  const TRACE = `query($id: String!, $direction: TraceDirection!) {
    trace(id: $id, direction: $direction, maxDepth: 10) {
      root nodes { id visible depth object { id status } } edges { parentId childId kind event { hashId bizStep } }
    }
  }`;
  interface TraceJson {
    readonly trace: {
      readonly root: string;
      readonly nodes: readonly {
        readonly id: string;
        readonly visible: boolean;
        readonly depth: number | null;
        readonly object: unknown;
      }[];
      readonly edges: readonly {
        readonly parentId: string;
        readonly childId: string;
        readonly kind: string;
        readonly event: { readonly bizStep: string };
      }[];
    };
  }

  it('traces a coil upstream to its heat with the transformation that links them (regulator)', async () => {
    const d = await data<TraceJson>(TRACE, { id: 'urn:epc:id:sgtin:0614141.077002.C2640718-01', direction: 'UPSTREAM' }, regulator);
    expect(d.trace.root).toBe(IDS.coil);
    expect(d.trace.nodes.map((n) => [n.id, n.visible])).toEqual(expect.arrayContaining([[IDS.heat, true]]));
    expect(d.trace.edges).toEqual([
      expect.objectContaining({
        parentId: IDS.heat,
        childId: IDS.coil,
        kind: 'transformation',
        event: expect.objectContaining({}) as unknown,
      }),
    ]);
    expect(d.trace.edges[0]?.event.bizStep).toContain('hot_rolling');
  });

  it('gives a supplier of another organisation placeholders for nodes it may not see', async () => {
    const d = await data<TraceJson>(TRACE, { id: IDS.coil, direction: 'UPSTREAM' }, pharma);
    const heat = d.trace.nodes.find((n) => n.id === IDS.heat);
    expect(heat).toEqual({ id: IDS.heat, visible: false, depth: null, object: null });
    expect(d.trace.edges).toEqual([]);
  });

  it('shows a supplier the nodes its own events link', async () => {
    const d = await data<TraceJson>(TRACE, { id: IDS.pack, direction: 'BOTH' }, pharma);
    expect(d.trace.nodes.find((n) => n.id === IDS.case)?.visible).toBe(true);
    expect(d.trace.edges.map((e) => e.kind)).toEqual(['aggregation']);
  });

  it('gives a consumer the root and placeholders only', async () => {
    const d = await data<TraceJson>(TRACE, { id: IDS.pack, direction: 'BOTH' });
    expect(d.trace.nodes.filter((n) => n.visible).map((n) => n.id)).toEqual([IDS.pack]);
    expect(d.trace.nodes.filter((n) => !n.visible).length).toBeGreaterThan(0);
    expect(d.trace.edges).toEqual([]);
  });

  it('lists what is downstream of a heat with custodian, status and counts by organisation (regulator)', async () => {
    const q = `{ recallImpact(id: "${IDS.heat}") { root affected { id status custodianMsp } byOrganisation { mspId count } } }`;
    const d = await data<{
      recallImpact: { affected: { id: string; custodianMsp: string | null }[]; byOrganisation: { mspId: string | null; count: number }[] };
    }>(q, undefined, regulator);
    expect(d.recallImpact.affected.map((a) => a.id)).toContain(IDS.coil);
    expect(d.recallImpact.affected.find((a) => a.id === IDS.coil)?.custodianMsp).not.toBeNull();
    expect(d.recallImpact.byOrganisation.reduce((n, b) => n + b.count, 0)).toBe(d.recallImpact.affected.length);
    const consumer = await data<typeof d>(q);
    expect(consumer.recallImpact.affected.map((a) => a.custodianMsp)).toEqual(consumer.recallImpact.affected.map(() => null));
    expect(consumer.recallImpact.byOrganisation).toEqual([{ mspId: null, count: d.recallImpact.affected.length }]);
  });
});

describe('GraphQL verifyEvent', () => {
  it('returns a Merkle proof that verifies against the root the ledger holds', async () => {
    const [event] = await allEvents(undefined);
    const q = `{ verifyEvent(eventId: "${event?.hashId ?? ''}") { hashId verified batchId batchRoot ledgerRoot ledgerRootMatches leafIndex treeSize proofPath txId blockNumber } }`;
    const d = await data<{
      verifyEvent: {
        hashId: string;
        verified: boolean;
        batchRoot: string;
        ledgerRoot: string;
        ledgerRootMatches: boolean;
        leafIndex: number;
        treeSize: number;
        proofPath: string[];
        txId: string;
      };
    }>(q);
    const v = d.verifyEvent;
    expect(v.verified).toBe(true);
    expect(v.ledgerRootMatches).toBe(true);
    expect(v.ledgerRoot).toBe(v.batchRoot);
    expect(v.txId).toMatch(/\S/);
    expect(verifyInclusion(v.hashId, { leafIndex: v.leafIndex, treeSize: v.treeSize, path: v.proofPath }, v.ledgerRoot)).toBe(true);
    expect(verifyInclusion(v.hashId, { leafIndex: v.leafIndex, treeSize: v.treeSize, path: v.proofPath.slice(1) }, v.ledgerRoot)).toBe(
      v.proofPath.length === 0,
    );
  });

  it('says NOT_FOUND for an unknown event', async () => {
    const answer = await h.query('{ verifyEvent(eventId: "ni:///sha-256;00?ver=CBV2.0") { verified } }');
    expect(answer.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  });
});

describe('GraphQL limits', () => {
  it(`refuses a query nested deeper than ${String(MAX_QUERY_DEPTH)} levels with QUERY_TOO_DEEP`, async () => {
    const deep = `{ events(first: 1) { nodes { objects { events(first: 1) { objects { events(first: 1) { objects { product { owner { name } } } } } } } } } }`;
    const answer = await h.query(deep);
    expect(answer.data ?? null).toBeNull();
    expect(answer.errors?.[0]?.extensions?.['code']).toBe('QUERY_TOO_DEEP');
  });

  it('counts fragments towards the depth', async () => {
    const answer = await h.query(
      `query { events(first: 1) { nodes { ...E } } } fragment E on Event { objects { events(first: 1) { objects { events(first: 1) { objects { id product { owner { name } } } } } } } }`,
    );
    expect(answer.errors?.[0]?.extensions?.['code']).toBe('QUERY_TOO_DEEP');
  });

  it('refuses a query whose page sizes multiply past the complexity limit with QUERY_TOO_COMPLEX', async () => {
    const answer = await h.query('{ events(first: 100) { nodes { objects { events(first: 100) { hashId } } } } }');
    expect(answer.data ?? null).toBeNull();
    expect(answer.errors?.[0]?.extensions?.['code']).toBe('QUERY_TOO_COMPLEX');
  });
});

describe('GraphQL access declarations', () => {
  it('marks every query and field resolver @Public() or @Roles(...) (enumerated from the running app)', () => {
    // @nestjs/graphql's metadata keys (RESOLVER_TYPE_METADATA, RESOLVER_NAME_METADATA, RESOLVER_PROPERTY_METADATA) mark resolver methods.
    const declared = (target: object): boolean =>
      Reflect.getMetadata(IS_PUBLIC_KEY, target) === true || Reflect.getMetadata(ROLES_KEY, target) !== undefined;
    const handlers: string[] = [];
    const undeclared: string[] = [];
    for (const module of h.app.get(ModulesContainer).values()) {
      for (const wrapper of module.providers.values()) {
        const type = wrapper.metatype as (abstract new (...args: never[]) => unknown) | null;
        // Factory providers' metatypes are plain functions (arrow functions have no prototype).
        if (typeof type !== 'function' || (type.prototype as object | undefined) === undefined) continue;
        const proto = type.prototype as object;
        for (const name of Object.getOwnPropertyNames(proto)) {
          // The descriptor, not proto[name]: reading a getter on a prototype runs it.
          const method: unknown = Object.getOwnPropertyDescriptor(proto, name)?.value;
          if (name === 'constructor' || typeof method !== 'function') continue;
          const isResolver = ['graphql:resolver_type', 'graphql:resolver_name', 'graphql:resolve_property'].some(
            (key) => Reflect.getMetadata(key, method) !== undefined,
          );
          if (!isResolver) continue;
          handlers.push(`${type.name}.${name}`);
          if (!declared(method) && !declared(type)) undeclared.push(`${type.name}.${name}`);
        }
      }
    }
    expect(handlers).toEqual(
      expect.arrayContaining([
        'ProvenanceQueryResolver.trace',
        'ProvenanceQueryResolver.verifyEvent',
        'ProvenanceQueryResolver.events',
        'EventFieldsResolver.objects',
      ]),
    );
    expect(undeclared).toEqual([]);
  });
});

describe('GraphQL execution', () => {
  it('reads plain data fields as properties and keeps the resolvers that fetch something', () => {
    const schema = h.app.get(GraphQLSchemaHost).schema;
    const fields = (type: string) => {
      const named = schema.getType(type);
      if (named === undefined || !('getFields' in named)) throw new Error(`no object type ${type}`);
      return named.getFields() as Record<string, { resolve?: unknown }>;
    };
    // The trace's nodes, edges and object states: no resolver call per field (graphql-plain-fields.ts).
    for (const [type, field] of [
      ['Trace', 'nodes'],
      ['TraceNode', 'object'],
      ['TraceEdge', 'childId'],
      ['ObjectState', 'custodianMsp'],
    ] as const)
      expect(fields(type)[field]?.resolve, `${type}.${field}`).toBeUndefined();
    // @ResolveField and root fields keep theirs (the guard runs there).
    expect(fields('ObjectState')['product']?.resolve).toBeTypeOf('function');
    expect(fields('TraceEdge')['event']?.resolve).toBeTypeOf('function');
    expect(fields('Query')['trace']?.resolve).toBeTypeOf('function');
  });
});
