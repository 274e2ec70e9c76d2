import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DURABLE_START_PARAMS, DurableNodeFS } from './durable-node-fs.js';

describe('DurableNodeFS (PGlite on disk with fsync)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lotledger-durable-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('fsyncs the WAL at every commit, with PostgreSQL running fsync on', async () => {
    const fs = new DurableNodeFS(join(dir, 'pg'));
    const db = await PGlite.create({ fs, startParams: [...DURABLE_START_PARAMS] });
    try {
      expect((await db.query<{ fsync: string }>('SHOW fsync')).rows[0]?.fsync).toBe('on');
      expect((await db.query<{ wal_sync_method: string }>('SHOW wal_sync_method')).rows[0]?.wal_sync_method).toBe('fsync');
      await db.exec('CREATE TABLE t (id int PRIMARY KEY)');
      const before = fs.syncs;
      for (let i = 0; i < 5; i += 1) await db.query('INSERT INTO t VALUES ($1)', [i]);
      expect(fs.syncs - before).toBeGreaterThanOrEqual(5);
      // A read-only statement writes no WAL and syncs nothing.
      const afterWrites = fs.syncs;
      await db.query('SELECT count(*) FROM t');
      expect(fs.syncs).toBe(afterWrites);
    } finally {
      await db.close();
    }
  }, 120_000);

  it('opens the same folder again with every committed row', async () => {
    const first = await PGlite.create({ fs: new DurableNodeFS(join(dir, 'pg')), startParams: [...DURABLE_START_PARAMS] });
    await first.exec('CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1), (2), (3);');
    await first.close();
    const second = await PGlite.create({ fs: new DurableNodeFS(join(dir, 'pg')), startParams: [...DURABLE_START_PARAMS] });
    try {
      expect((await second.query<{ n: number }>('SELECT count(*)::int AS n FROM t')).rows[0]?.n).toBe(3);
    } finally {
      await second.close();
    }
  }, 120_000);
});
