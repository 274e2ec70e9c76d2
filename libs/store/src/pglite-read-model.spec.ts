import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReadModelStore } from './read-model-store.js';
import { registerReadModelConformance } from './testing/read-model-conformance.js';
import { fixtureBatch, fixtureEvent, hashIdOf } from './testing/read-model-fixtures.js';

registerReadModelConformance('PGlite, temp dir', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'lotledger-store-'));
  const store = await ReadModelStore.open({ kind: 'pglite', dataDir });
  return {
    store,
    dispose: async () => {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
});

describe('embedded read model (PGlite)', () => {
  it('keeps every event across a restart and does not re-run applied migrations', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lotledger-store-'));
    try {
      const first = await ReadModelStore.open({ kind: 'pglite', dataDir });
      await first.applyAnchoredBatch(fixtureBatch('restart', [fixtureEvent({ label: 'kept' })]));
      await first.close();
      const second = await ReadModelStore.open({ kind: 'pglite', dataDir });
      try {
        expect((await second.getEvent(hashIdOf('kept')))?.status).toBe('anchored');
        expect(await second.runMigrations()).toEqual([]);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('runs PostgreSQL with fsync on, through a filesystem that reaches the disk', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lotledger-store-'));
    const store = await ReadModelStore.open({ kind: 'pglite', dataDir });
    try {
      const settings = await store.unsafeTransaction(async (tx) => ({
        fsync: (await tx.query<{ fsync: string }>('SHOW fsync'))[0]?.fsync,
        method: (await tx.query<{ wal_sync_method: string }>('SHOW wal_sync_method'))[0]?.wal_sync_method,
      }));
      expect(settings).toEqual({ fsync: 'on', method: 'fsync' });
    } finally {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses a second embedded store in the same process while one is open', async () => {
    const store = await ReadModelStore.open({ kind: 'pglite' });
    try {
      await expect(ReadModelStore.open({ kind: 'pglite' })).rejects.toThrow(/already open/);
    } finally {
      await store.close();
    }
  }, 120_000);
});
