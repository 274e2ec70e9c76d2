import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { brotliDecompressSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  AuthModule,
  createAuthRuntime,
  generateSigningKey,
  IS_PUBLIC_KEY,
  ROLES_KEY,
  type AuthRuntime,
  type TokenRole,
} from '@lotledger/auth';
import { EmbeddedEventBusAdapter } from '@lotledger/bus';
import { gs1CheckDigit } from '@lotledger/domain';
import { EmbeddedLedgerAdapter } from '@lotledger/ledger';
import { InfrastructureModule, loadConfig } from '@lotledger/platform';
import { ReadModelStore } from '@lotledger/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayModule } from '../../gateway.module.js';
import { IDS, MSP, pathOf, seedProvenance } from '../../testing/provenance.fixtures.js';

interface GraphqlAnswer {
  readonly data: Record<string, unknown> | null | undefined;
  readonly errors: readonly { readonly message: string; readonly extensions?: Record<string, unknown> }[] | undefined;
}

// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- Nest identifies a dynamic module by a class
class MutationTestAppModule {}

let dir: string;
let app: NestFastifyApplication;
let ledger: EmbeddedLedgerAdapter;
let store: ReadModelStore;
let bus: EmbeddedEventBusAdapter;
let auth: AuthRuntime;

async function token(role: TokenRole, org?: string): Promise<string> {
  return (await auth.issuer.issue({ subject: `${role}-${org ?? 'none'}`, role, ...(org === undefined ? {} : { org }) })).token;
}

async function gql(query: string, variables: Record<string, unknown>, bearer?: string): Promise<GraphqlAnswer> {
  const response = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', ...(bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }) },
    payload: JSON.stringify({ query, variables }),
  });
  return response.json<GraphqlAnswer>();
}

/** The error's code and the contract's code when the ledger refused. */
async function refusal(query: string, variables: Record<string, unknown>, bearer?: string): Promise<Record<string, unknown>> {
  const answer = await gql(query, variables, bearer);
  expect(answer.data?.[Object.keys(answer.data).at(0) ?? ''] ?? null).toBeNull();
  expect(answer.errors).toHaveLength(1);
  return answer.errors?.[0]?.extensions ?? {};
}

async function ok<T>(query: string, variables: Record<string, unknown>, bearer?: string): Promise<T> {
  const answer = await gql(query, variables, bearer);
  expect(answer.errors).toBeUndefined();
  return answer.data as T;
}

const gln = (body12: string): string => body12 + String(gs1CheckDigit(body12));
const wrongCheckDigit = (key: string): string => key.slice(0, -1) + String((Number(key.at(-1)) + 1) % 10);

const RECALL = 'mutation($id: String!, $reason: String!) { recall(id: $id, reason: $reason) { id status holds } }';
const QUARANTINE = 'mutation($id: String!, $reason: String!) { quarantine(id: $id, reason: $reason) { id status holds } }';
const RELEASE = 'mutation($id: String!, $kind: HoldKind!) { release(id: $id, kind: $kind) { id status holds } }';
const REGISTER_ORG =
  'mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { mspId name role companyPrefixes glns } }';
const REGISTER_PRODUCT = 'mutation($input: RegisterProductInput!) { registerProduct(input: $input) { gtin name industry ownerMsp } }';
const REGISTER_LOCATION = 'mutation($input: RegisterLocationInput!) { registerLocation(input: $input) { gln name ownerMsp } }';

let regulator: string;
let pharma: string;
let steel: string;
let distributor: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lotledger-mutations-'));
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
      module: MutationTestAppModule,
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
  regulator = await token('regulator', MSP.regulator);
  pharma = await token('supplier', MSP.pharma);
  steel = await token('supplier', MSP.steel);
  distributor = await token('supplier', MSP.distributor);
}, 120_000);

afterAll(async () => {
  await app.close();
  await bus.close();
  await ledger.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('recall, quarantine and release', () => {
  it('lets a regulator recall an item: the hold is on the ledger, in the read model and on the consumer page', async () => {
    const reason = 'Counterfeit packs found in circulation';
    const answer = await ok<{ recall: { id: string; status: string } }>(RECALL, { id: IDS.pack, reason }, regulator);
    expect(answer.recall).toMatchObject({ id: IDS.pack, status: 'recalled' });
    expect((await ledger.getObject(IDS.pack))?.holds).toEqual([expect.objectContaining({ kind: 'recall', setBy: MSP.regulator, reason })]);
    const row = await store.getObject(IDS.pack);
    expect(row?.status).toBe('recalled');
    expect(row?.holds).toEqual([expect.objectContaining({ kind: 'recall', setBy: MSP.regulator, reason })]);
    const page = await app.inject({ method: 'GET', url: pathOf(IDS.pack), headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Recalled: do not use this product');
    expect(page.body).toContain(reason);
  });

  it("writes the hold to the read model even when its row was stamped later than this host's clock", async () => {
    const row = await store.getObject(IDS.case);
    expect(row).not.toBeNull();
    if (row === null) return;
    await store.upsertObjectStates([{ ...row, updatedAt: '2100-01-01T00:00:00.000Z' }]);
    await ok(QUARANTINE, { id: IDS.case, reason: 'Seal broken' }, regulator);
    expect(await store.getObject(IDS.case)).toMatchObject({
      status: 'quarantined',
      holds: [expect.objectContaining({ kind: 'quarantine' })],
    });
    await ok(RELEASE, { id: IDS.case, kind: 'QUARANTINE' }, regulator);
    expect(await store.getObject(IDS.case)).toMatchObject({ status: row.status, holds: [] });
  });

  it('refuses a recall by a supplier of another organisation with FORBIDDEN and the contract code', async () => {
    expect(await refusal(RECALL, { id: IDS.heat, reason: 'not ours to recall' }, pharma)).toMatchObject({
      code: 'FORBIDDEN',
      contractCode: 'NOT_ALLOWED_TO_HOLD',
    });
    expect((await ledger.getObject(IDS.heat))?.holds).toEqual([]);
  });

  it('lets the owner quarantine its lot, and only the setter release it', async () => {
    const held = await ok<{ quarantine: { status: string } }>(QUARANTINE, { id: IDS.heat, reason: 'Tensile test pending' }, steel);
    expect(held.quarantine.status).toBe('quarantined');
    expect(await refusal(RELEASE, { id: IDS.heat, kind: 'QUARANTINE' }, regulator)).toMatchObject({
      code: 'FORBIDDEN',
      contractCode: 'NOT_HOLD_SETTER',
    });
    expect((await store.getObject(IDS.heat))?.status).toBe('quarantined');
    const released = await ok<{ release: { status: string; holds: unknown } }>(RELEASE, { id: IDS.heat, kind: 'QUARANTINE' }, steel);
    expect(released.release.status).not.toBe('quarantined');
    expect(released.release.holds).toEqual([]);
    expect((await ledger.getObject(IDS.heat))?.holds).toEqual([]);
    expect(await store.getObject(IDS.heat)).toMatchObject({ holds: [], status: released.release.status });
  });

  it("shows a quarantine in a regulator's repeated trace at once (a kept answer is never served stale)", async () => {
    const TRACE = 'query($id: String!) { trace(id: $id, direction: UPSTREAM, maxDepth: 5) { nodes { id object { status } } } }';
    const heatStatus = async (): Promise<string | undefined> => {
      const d = await ok<{ trace: { nodes: { id: string; object: { status: string } | null }[] } }>(TRACE, { id: IDS.coil }, regulator);
      return d.trace.nodes.find((n) => n.id === IDS.heat)?.object?.status;
    };
    const before = await heatStatus();
    expect(await heatStatus()).toBe(before); // the second answer may come from the kept one
    await ok(QUARANTINE, { id: IDS.heat, reason: 'Ultrasonic test pending' }, steel);
    expect(await heatStatus()).toBe('quarantined');
    expect(await heatStatus()).toBe('quarantined');
    await ok(RELEASE, { id: IDS.heat, kind: 'QUARANTINE' }, steel);
    expect(await heatStatus()).toBe(before);
    // The kept answer goes out compressed to a client that accepts it, the same JSON once unpacked.
    const ask = (encoding?: string) =>
      app.inject({
        method: 'POST',
        url: '/graphql',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${regulator}`,
          ...(encoding === undefined ? {} : { 'accept-encoding': encoding }),
        },
        payload: { query: TRACE, variables: { id: IDS.coil } },
      });
    const plain = await ask();
    const packed = await ask('gzip, deflate, br');
    expect(packed.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(packed.rawPayload).toString('utf8'))).toEqual(plain.json());
  });

  it('refuses to release the seeded recall for anyone but its setter, and a hold that is not there with CONFLICT', async () => {
    expect(await refusal(RELEASE, { id: IDS.recalledLot, kind: 'RECALL' }, regulator)).toMatchObject({ contractCode: 'NOT_HOLD_SETTER' });
    expect(await refusal(RELEASE, { id: IDS.coil, kind: 'RECALL' }, steel)).toMatchObject({
      code: 'CONFLICT',
      contractCode: 'NO_SUCH_HOLD',
    });
  });

  it('says NOT_FOUND for an object the ledger does not know', async () => {
    const unknown = 'urn:epc:id:sgtin:9520123.045678.NOPE';
    expect(await refusal(RECALL, { id: unknown, reason: 'x' }, regulator)).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a regulator token without an organisation with ORGANIZATION_REQUIRED', async () => {
    expect(await refusal(RECALL, { id: IDS.coil, reason: 'x' }, await token('regulator'))).toMatchObject({ code: 'ORGANIZATION_REQUIRED' });
    expect((await ledger.getObject(IDS.coil))?.holds).toEqual([]);
  });

  it('refuses a recall without a reason', async () => {
    expect(await refusal(RECALL, { id: IDS.coil, reason: '  ' }, steel)).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

describe('registration', () => {
  it('lets a regulator register an organisation on the ledger and in the registry', async () => {
    const input = {
      mspId: 'RetailMSP',
      name: 'Corner Pharmacy',
      role: 'RETAILER',
      companyPrefixes: ['7612345'],
      glns: [gln('761234500001')],
    };
    const answer = await ok<{ registerOrganization: { mspId: string } }>(REGISTER_ORG, { input }, regulator);
    expect(answer.registerOrganization.mspId).toBe('RetailMSP');
    expect(await ledger.getOrganization('RetailMSP')).toMatchObject({ name: 'Corner Pharmacy', role: 'retailer' });
    expect(await store.getOrganisation('RetailMSP')).toMatchObject({ companyPrefixes: ['7612345'], glns: input.glns, clientId: null });
  });

  it('refuses an organisation whose company prefix overlaps another one with the contract code', async () => {
    const input = { mspId: 'CopyMSP', name: 'Copycat', role: 'MANUFACTURER', companyPrefixes: ['9520123'], glns: [] };
    expect(await refusal(REGISTER_ORG, { input }, regulator)).toMatchObject({ code: 'CONFLICT', contractCode: 'PREFIX_CONFLICT' });
    expect(await store.getOrganisation('CopyMSP')).toBeNull();
  });

  it('refuses an organisation with a GLN whose check digit is wrong', async () => {
    const input = {
      mspId: 'BadMSP',
      name: 'Bad',
      role: 'RETAILER',
      companyPrefixes: ['7699999'],
      glns: [wrongCheckDigit(gln('769999900001'))],
    };
    expect(await refusal(REGISTER_ORG, { input }, regulator)).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await ledger.getOrganization('BadMSP')).toBeUndefined();
  });

  it('does not let a supplier register organisations', async () => {
    const input = { mspId: 'SelfMSP', name: 'Self', role: 'SUPPLIER', companyPrefixes: ['7688888'], glns: [] };
    const answer = await gql(REGISTER_ORG, { input }, pharma);
    expect(answer.errors?.length).toBe(1);
    expect(await ledger.getOrganization('SelfMSP')).toBeUndefined();
  });

  it('lets a supplier register a product under its company prefix, normalised to GTIN-14', async () => {
    const gtin13 = '952012304567' + String(gs1CheckDigit('952012304567'));
    const input = { gtin: gtin13, name: 'Cardiomed 5 mg', industry: 'PHARMA', publicAttributes: { strength: '5 mg' } };
    const answer = await ok<{ registerProduct: { gtin: string; ownerMsp: string } }>(REGISTER_PRODUCT, { input }, pharma);
    expect(answer.registerProduct).toEqual(expect.objectContaining({ gtin: `0${gtin13}`, ownerMsp: MSP.pharma }));
    expect(await store.getProduct(`0${gtin13}`)).toMatchObject({ name: 'Cardiomed 5 mg', publicAttributes: { strength: '5 mg' } });
  });

  it('rejects a GTIN with a wrong check digit', async () => {
    const gtin = wrongCheckDigit('952012304568' + String(gs1CheckDigit('952012304568')));
    const extensions = await refusal(REGISTER_PRODUCT, { input: { gtin, name: 'x', industry: 'PHARMA' } }, pharma);
    expect(extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await store.getProduct(`0${gtin}`)).toBeNull();
  });

  it("refuses a supplier a product under another organisation's company prefix", async () => {
    const gtin = '061414107799' + String(gs1CheckDigit('061414107799'));
    expect(await refusal(REGISTER_PRODUCT, { input: { gtin, name: 'Not mine', industry: 'STEEL' } }, pharma)).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('lets a supplier register a GLN under its prefix, and refuses a wrong check digit or a GLN of another organisation', async () => {
    const own = gln('401234500099');
    const answer = await ok<{ registerLocation: { ownerMsp: string } }>(
      REGISTER_LOCATION,
      { input: { gln: own, name: 'Cross-dock Hamm', address: { city: 'Hamm', country: 'DE' } } },
      distributor,
    );
    expect(answer.registerLocation.ownerMsp).toBe(MSP.distributor);
    expect(await store.getLocation(own)).toMatchObject({ name: 'Cross-dock Hamm', address: { city: 'Hamm' } });
    expect(
      await refusal(REGISTER_LOCATION, { input: { gln: wrongCheckDigit(gln('401234500098')), name: 'x' } }, distributor),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect(await refusal(REGISTER_LOCATION, { input: { gln: gln('952012300077'), name: 'x' } }, distributor)).toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('lets an admin register a product for a named owner, and asks for the owner', async () => {
    const admin = await token('admin');
    const gtin = '061414107798' + String(gs1CheckDigit('061414107798'));
    expect(await refusal(REGISTER_PRODUCT, { input: { gtin, name: 'Coil', industry: 'STEEL' } }, admin)).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    const answer = await ok<{ registerProduct: { ownerMsp: string } }>(
      REGISTER_PRODUCT,
      { input: { gtin, name: 'Coil', industry: 'STEEL', ownerMsp: MSP.steel } },
      admin,
    );
    expect(answer.registerProduct.ownerMsp).toBe(MSP.steel);
  });
});

describe('mutation access', () => {
  const calls: readonly [string, string, Record<string, unknown>][] = [
    ['recall', RECALL, { id: IDS.coil, reason: 'x' }],
    ['quarantine', QUARANTINE, { id: IDS.coil, reason: 'x' }],
    ['release', RELEASE, { id: IDS.recalledLot, kind: 'RECALL' }],
    ['registerOrganization', REGISTER_ORG, { input: { mspId: 'AnonMSP', name: 'a', role: 'RETAILER', companyPrefixes: ['7677777'] } }],
    ['registerProduct', REGISTER_PRODUCT, { input: { gtin: '09520123456788', name: 'a', industry: 'PHARMA' } }],
    ['registerLocation', REGISTER_LOCATION, { input: { gln: gln('952012300011'), name: 'a' } }],
  ];

  it.each(calls)('refuses %s to a consumer (no token) with an auth error and changes nothing', async (_name, query, variables) => {
    const answer = await gql(query, variables);
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors?.[0]?.message).toMatch(/bearer token/);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_MISSING' });
    expect(await ledger.getObject(IDS.coil).then((o) => o?.holds)).toEqual([]);
    expect(await ledger.getOrganization('AnonMSP')).toBeUndefined();
  });

  it('refuses a role a mutation does not allow with FORBIDDEN, and an expired or forged token with UNAUTHENTICATED', async () => {
    const [, query, variables] = calls[3] ?? ['', '', {}];
    expect((await gql(query, variables, pharma)).errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'FORBIDDEN_ROLE' });
    expect((await gql(query, variables, 'not.a.token')).errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await ledger.getOrganization('AnonMSP')).toBeUndefined();
  });

  it('says CAPTURE_UNAVAILABLE for captureEvents on a gateway composed without the capture service', async () => {
    const answer = await gql(
      'mutation($d: JSON!) { captureEvents(document: $d) { captureId } }',
      { d: { type: 'EPCISDocument', schemaVersion: '2.0', creationDate: '2026-03-05T08:20:00Z', epcisBody: { eventList: [] } } },
      pharma,
    );
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'CAPTURE_UNAVAILABLE' });
  });

  it('guards every mutation with @Roles and none with @Public', () => {
    const mutations: string[] = [];
    for (const module of app.get(ModulesContainer).values()) {
      for (const wrapper of module.providers.values()) {
        const type = wrapper.metatype as (abstract new (...args: never[]) => unknown) | null;
        if (typeof type !== 'function' || (type.prototype as object | undefined) === undefined) continue;
        const proto = type.prototype as object;
        for (const name of Object.getOwnPropertyNames(proto)) {
          const method: unknown = Object.getOwnPropertyDescriptor(proto, name)?.value;
          if (typeof method !== 'function' || Reflect.getMetadata('graphql:resolver_type', method) !== 'Mutation') continue;
          mutations.push(name);
          expect(Reflect.getMetadata(IS_PUBLIC_KEY, method), name).toBeUndefined();
          expect(Reflect.getMetadata(IS_PUBLIC_KEY, type), name).toBeUndefined();
          expect(Reflect.getMetadata(ROLES_KEY, method), name).toEqual(expect.any(Array));
        }
      }
    }
    expect(mutations.sort()).toEqual([
      'acknowledgeAlert',
      'captureEvents',
      'quarantine',
      'recall',
      'registerLocation',
      'registerOrganization',
      'registerProduct',
      'registerSigningKey',
      'release',
    ]);
  });
});
