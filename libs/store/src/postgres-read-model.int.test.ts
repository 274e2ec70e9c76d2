import pg from 'pg';
import { describe, it } from 'vitest';
import { ReadModelStore } from './read-model-store.js';
import { registerReadModelConformance } from './testing/read-model-conformance.js';

// Real parts: a PostgreSQL server (DATABASE_URL), the pg driver, TypeORM migrations. Nothing is faked.
const url = process.env.DATABASE_URL;

if (url === undefined || url === '') {
  describe('read model on PostgreSQL', () => {
    it('needs DATABASE_URL', () => {
      throw new Error(
        'DATABASE_URL is not set. Start PostgreSQL with `bash network/stack.sh up pg` and export the DATABASE_URL it prints (test/run-all.sh does both).',
      );
    });
  });
} else {
  const databaseUrl = url;
  registerReadModelConformance('PostgreSQL, fresh schema', async () => {
    // A fresh schema per run: runs never see each other's rows, and dropping it leaves the database clean.
    const schema = `lotledger_test_${String(process.pid)}_${Date.now().toString(36)}`;
    const store = await ReadModelStore.open({ kind: 'postgres', url: databaseUrl, schema, poolSize: 4 });
    return {
      store,
      dispose: async () => {
        await store.close();
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        try {
          await client.query(`DROP SCHEMA ${schema} CASCADE`);
        } finally {
          await client.end();
        }
      },
    };
  });
}
