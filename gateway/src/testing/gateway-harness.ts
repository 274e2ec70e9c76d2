import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { EmbeddedEventBusAdapter } from '@lotledger/bus';
import { EmbeddedLedgerAdapter } from '@lotledger/ledger';
import { loadConfig } from '@lotledger/platform';
import { ReadModelStore } from '@lotledger/store';
import { createGatewayApp } from '../gateway-app.js';
import { seedProvenance, type SeededProvenance } from './provenance.fixtures.js';

export interface GatewayHarness {
  readonly app: NestFastifyApplication;
  readonly ledger: EmbeddedLedgerAdapter;
  readonly store: ReadModelStore;
  readonly seeded: SeededProvenance;
  readonly publicBaseUrl: string;
  close(): Promise<void>;
}

/**
 * The gateway over REAL embedded adapters in a temp dir: PGlite read model, embedded ledger, embedded
 * bus; seeded with the three stories through the ledger and store ports.
 */
export async function openGatewayHarness(publicBaseUrl = 'https://trace.example.com'): Promise<GatewayHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'lotledger-gateway-'));
  const ledger = await EmbeddedLedgerAdapter.open({ dataDir: dir });
  const store = await ReadModelStore.open({ kind: 'pglite', dataDir: join(dir, 'pg') });
  const bus = await EmbeddedEventBusAdapter.open({ dataDir: join(dir, 'bus') });
  const seeded = await seedProvenance(ledger, store);
  const config = loadConfig({ LOTLEDGER_DATA_DIR: dir, LOG_LEVEL: 'silent' });
  const app = await createGatewayApp({ config, gateway: { publicBaseUrl }, adapters: { ledger, store, bus } });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    ledger,
    store,
    seeded,
    publicBaseUrl,
    async close() {
      await app.close();
      await bus.close();
      await ledger.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
