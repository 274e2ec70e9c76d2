import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthModule, createAuthRuntime, generateSigningKey, verifyIntakeMessage, type AuthRuntime, type TokenRole } from '@lotledger/auth';
import { EmbeddedEventBusAdapter } from '@lotledger/bus';
import { EmbeddedLedgerAdapter } from '@lotledger/ledger';
import { InfrastructureModule, loadConfig } from '@lotledger/platform';
import { ReadModelStore } from '@lotledger/store';
import { calculateJwkThumbprint, CompactSign, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayModule } from '../../gateway.module.js';
import { MSP, seedProvenance } from '../../testing/provenance.fixtures.js';

interface GraphqlAnswer {
  readonly data: Record<string, unknown> | null | undefined;
  readonly errors: readonly { readonly message: string; readonly extensions?: Record<string, unknown> }[] | undefined;
}

interface Registered {
  readonly mspId: string;
  readonly kid: string;
  readonly jwk: Record<string, unknown>;
  readonly added: boolean;
  readonly keyCount: number;
}

// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- Nest identifies a dynamic module by a class
class SigningKeyTestAppModule {}

const REGISTER = 'mutation($m: String!, $k: JSON!) { registerSigningKey(mspId: $m, jwk: $k) { mspId kid jwk added keyCount } }';

let dir: string;
let app: NestFastifyApplication;
let ledger: EmbeddedLedgerAdapter;
let store: ReadModelStore;
let bus: EmbeddedEventBusAdapter;
let auth: AuthRuntime;

async function token(role: TokenRole, org?: string): Promise<string> {
  return (await auth.issuer.issue({ subject: `${role}-${org ?? 'none'}`, role, ...(org === undefined ? {} : { org }) })).token;
}

async function register(mspId: string, jwk: unknown, bearer?: string): Promise<GraphqlAnswer> {
  const response = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', ...(bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }) },
    payload: JSON.stringify({ query: REGISTER, variables: { m: mspId, k: jwk } }),
  });
  return response.json<GraphqlAnswer>();
}

async function registered(mspId: string, jwk: unknown, bearer: string): Promise<Registered> {
  const answer = await register(mspId, jwk, bearer);
  expect(answer.errors).toBeUndefined();
  return answer.data?.['registerSigningKey'] as Registered;
}

async function refusalCode(mspId: string, jwk: unknown, bearer?: string): Promise<unknown> {
  const answer = await register(mspId, jwk, bearer);
  expect(answer.data?.['registerSigningKey'] ?? null).toBeNull();
  expect(answer.errors).toHaveLength(1);
  return answer.errors?.[0]?.extensions?.['code'];
}

async function keysOf(mspId: string): Promise<readonly unknown[]> {
  return (await store.getOrganisation(mspId))?.signingKeys ?? [];
}

async function newKeyPair(): Promise<{ publicJwk: JWK; privateJwk: JWK; privateKey: CryptoKey }> {
  const pair = await generateKeyPair('ES256', { extractable: true });
  return { publicJwk: await exportJWK(pair.publicKey), privateJwk: await exportJWK(pair.privateKey), privateKey: pair.privateKey };
}

let pharma: string;
let steel: string;
let regulator: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lotledger-signing-key-'));
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
      module: SigningKeyTestAppModule,
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
  pharma = await token('supplier', MSP.pharma);
  steel = await token('supplier', MSP.steel);
  regulator = await token('regulator', MSP.regulator);
}, 120_000);

afterAll(async () => {
  await app.close();
  await bus.close();
  await ledger.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('registerSigningKey', () => {
  it('lets a supplier add a public key for its own organisation, named by its RFC 7638 thumbprint', async () => {
    const before = await keysOf(MSP.pharma);
    const { publicJwk } = await newKeyPair();
    const answer = await registered(MSP.pharma, publicJwk, pharma);
    const thumbprint = await calculateJwkThumbprint(publicJwk, 'sha256');
    expect(answer).toEqual({
      mspId: MSP.pharma,
      kid: thumbprint,
      jwk: { kty: 'EC', crv: 'P-256', x: publicJwk.x, y: publicJwk.y, kid: thumbprint },
      added: true,
      keyCount: before.length + 1,
    });
    expect(await keysOf(MSP.pharma)).toEqual([...before, { kty: 'EC', crv: 'P-256', x: publicJwk.x, y: publicJwk.y, kid: thumbprint }]);
  });

  it('keeps a key registered twice once, and appends a second key after the first', async () => {
    const first = await newKeyPair();
    const second = await newKeyPair();
    const a = await registered(MSP.steel, first.publicJwk, steel);
    const again = await registered(MSP.steel, { ...first.publicJwk, kid: a.kid, use: 'sig', alg: 'ES256' }, steel);
    expect(again).toMatchObject({ kid: a.kid, added: false, keyCount: a.keyCount });
    const b = await registered(MSP.steel, second.publicJwk, steel);
    expect(b).toMatchObject({ added: true, keyCount: a.keyCount + 1 });
    expect((await keysOf(MSP.steel)).map((k) => (k as { kid: string }).kid).slice(-2)).toEqual([a.kid, b.kid]);
  });

  it('registers a key the Kafka intake verifier then accepts for messages signed with it', async () => {
    const { publicJwk, privateKey } = await newKeyPair();
    const { kid } = await registered(MSP.distributor, publicJwk, await token('supplier', MSP.distributor));
    const jws = await new CompactSign(new TextEncoder().encode('{"type":"EPCISDocument"}'))
      .setProtectedHeader({ alg: 'ES256', kid, org: MSP.distributor })
      .sign(privateKey);
    const verified = await verifyIntakeMessage(new TextEncoder().encode(jws), (m) => store.getOrganisation(m));
    expect(verified.org).toBe(MSP.distributor);
    expect(new TextDecoder().decode(verified.payload)).toBe('{"type":"EPCISDocument"}');
  });

  it('lets an admin and a regulator register a key for any organisation', async () => {
    const admin = await token('admin');
    expect(await registered(MSP.steel, (await newKeyPair()).publicJwk, admin)).toMatchObject({ mspId: MSP.steel, added: true });
    expect(await registered(MSP.pharma, (await newKeyPair()).publicJwk, regulator)).toMatchObject({ mspId: MSP.pharma, added: true });
  });

  it('refuses a supplier a key for another organisation with FORBIDDEN, and stores nothing', async () => {
    const before = await keysOf(MSP.steel);
    expect(await refusalCode(MSP.steel, (await newKeyPair()).publicJwk, pharma)).toBe('FORBIDDEN');
    expect(await keysOf(MSP.steel)).toEqual(before);
  });

  it('refuses a private key with SIGNING_KEY_PRIVATE and does not store it', async () => {
    const before = await keysOf(MSP.pharma);
    const { privateJwk } = await newKeyPair();
    expect(await refusalCode(MSP.pharma, privateJwk, pharma)).toBe('SIGNING_KEY_PRIVATE');
    expect(JSON.stringify(await keysOf(MSP.pharma))).not.toContain(privateJwk.d ?? 'no d');
    expect(await keysOf(MSP.pharma)).toEqual(before);
  });

  it('refuses other key types, curves and algorithms with SIGNING_KEY_UNSUPPORTED', async () => {
    const rsa = await exportJWK((await generateKeyPair('RS256', { extractable: true })).publicKey);
    const p384 = await exportJWK((await generateKeyPair('ES384', { extractable: true })).publicKey);
    const ed = await exportJWK((await generateKeyPair('EdDSA', { extractable: true })).publicKey);
    for (const jwk of [rsa, p384, ed, { ...(await newKeyPair()).publicJwk, alg: 'ES384' }])
      expect(await refusalCode(MSP.pharma, jwk, pharma), JSON.stringify(jwk).slice(0, 40)).toBe('SIGNING_KEY_UNSUPPORTED');
    // A symmetric key is refused for its secret before its type.
    expect(await refusalCode(MSP.pharma, { kty: 'oct', k: 'c2VjcmV0' }, pharma)).toBe('SIGNING_KEY_PRIVATE');
  });

  it('refuses a key that is not a P-256 point, or whose kid is not its thumbprint, with SIGNING_KEY_INVALID', async () => {
    const { publicJwk } = await newKeyPair();
    const offCurve = { ...publicJwk, y: publicJwk.x };
    expect(await refusalCode(MSP.pharma, offCurve, pharma)).toBe('SIGNING_KEY_INVALID');
    expect(await refusalCode(MSP.pharma, { ...publicJwk, x: 'short' }, pharma)).toBe('SIGNING_KEY_INVALID');
    expect(await refusalCode(MSP.pharma, { ...publicJwk, kid: 'my-key-1' }, pharma)).toBe('SIGNING_KEY_INVALID');
    expect(await refusalCode(MSP.pharma, ['not', 'a', 'key'], pharma)).toBe('SIGNING_KEY_INVALID');
  });

  it('says NOT_FOUND for an organisation that is not registered', async () => {
    expect(await refusalCode('NobodyMSP', (await newKeyPair()).publicJwk, regulator)).toBe('NOT_FOUND');
    expect(await store.getOrganisation('NobodyMSP')).toBeNull();
  });

  it('refuses a caller without a token with UNAUTHENTICATED', async () => {
    expect(await refusalCode(MSP.pharma, (await newKeyPair()).publicJwk)).toBe('UNAUTHENTICATED');
  });
});
