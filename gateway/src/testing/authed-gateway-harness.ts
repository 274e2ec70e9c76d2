import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthModule, createAuthRuntime, generateSigningKey, type AuthRuntime, type TokenRole } from '@lotledger/auth';
import { EmbeddedEventBusAdapter } from '@lotledger/bus';
import { EmbeddedLedgerAdapter } from '@lotledger/ledger';
import { InfrastructureModule, loadConfig } from '@lotledger/platform';
import { ReadModelStore } from '@lotledger/store';
import { GatewayModule } from '../gateway.module.js';
import { seedProvenance } from './provenance.fixtures.js';

/** The gateway with the auth guard (as `lotledger start` composes it) over real embedded adapters, seeded. */
export interface AuthedGateway {
  readonly app: NestFastifyApplication;
  readonly store: ReadModelStore;
  readonly ledger: EmbeddedLedgerAdapter;
  readonly auth: AuthRuntime;
  token(role: TokenRole, org?: string, ttlSeconds?: number): Promise<string>;
  /** A token signed with the gateway's key that expired an hour ago. */
  expiredToken(role: TokenRole, org?: string): Promise<string>;
  close(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- Nest identifies a dynamic module by a class
class AuthedGatewayTestModule {}

export async function openAuthedGateway(): Promise<AuthedGateway> {
  const dir = await mkdtemp(join(tmpdir(), 'lotledger-regulator-'));
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
  // Same key and claims, issued two hours ago for one hour.
  const past = createAuthRuntime({
    signingKey: key,
    issuer: 'http://localhost:8080',
    audience: 'lotledger',
    registry: { getOrganisationByClientId: () => Promise.resolve(null) },
    now: () => Date.now() - 2 * 3600_000,
  });
  const config = loadConfig({ LOTLEDGER_DATA_DIR: dir, LOG_LEVEL: 'silent' });
  const app = await NestFactory.create<NestFastifyApplication>(
    {
      module: AuthedGatewayTestModule,
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
    store,
    ledger,
    auth,
    async token(role, org, ttlSeconds) {
      const issued = await auth.issuer.issue({
        subject: `${role}-${org ?? 'none'}`,
        role,
        ...(org === undefined ? {} : { org }),
        ...(ttlSeconds === undefined ? {} : { ttlSeconds }),
      });
      return issued.token;
    },
    async expiredToken(role, org) {
      return (await past.issuer.issue({ subject: `${role}-${org ?? 'none'}`, role, ...(org === undefined ? {} : { org }) })).token;
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
