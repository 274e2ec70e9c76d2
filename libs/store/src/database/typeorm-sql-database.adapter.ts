import { Mutex } from 'async-mutex';
import type { DataSource, QueryRunner } from 'typeorm';
import type { SqlDatabase, SqlSession } from './sql-session.port.js';

interface StructuredResult {
  readonly records?: unknown;
}

function recordsOf<Row extends object>(result: unknown): Row[] {
  const records = (result as StructuredResult | undefined)?.records;
  return Array.isArray(records) ? (records as Row[]) : [];
}

class QueryRunnerSession implements SqlSession {
  constructor(private readonly runner: QueryRunner) {}

  async query<Row extends object>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    return recordsOf<Row>(await this.runner.query(sql, [...params], true));
  }
}

export interface TypeOrmSqlDatabaseOptions {
  /**
   * PGlite has ONE session shared by every query runner, so interleaved transactions would see (and a
   * rollback would undo) each other's writes. When set, every statement and every whole transaction
   * runs one at a time through a mutex. A PostgreSQL server gives each pooled connection its own
   * session, so there it stays off.
   */
  readonly serialise: boolean;
}

/** SqlDatabase over a TypeORM DataSource (postgres driver: pg for a server, typeorm-pglite in-process). */
export class TypeOrmSqlDatabase implements SqlDatabase {
  readonly #dataSource: DataSource;
  readonly #mutex: Mutex | null;

  constructor(dataSource: DataSource, options: Readonly<TypeOrmSqlDatabaseOptions>) {
    this.#dataSource = dataSource;
    this.#mutex = options.serialise ? new Mutex() : null;
  }

  get dataSource(): DataSource {
    return this.#dataSource;
  }

  /** Runs `work` exclusively in the embedded shape, directly otherwise. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.#mutex ? this.#mutex.runExclusive(work) : work();
  }

  query<Row extends object>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    return this.exclusive(async () => {
      const runner = this.#dataSource.createQueryRunner();
      try {
        return await new QueryRunnerSession(runner).query<Row>(sql, params);
      } finally {
        await runner.release();
      }
    });
  }

  transaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      const runner = this.#dataSource.createQueryRunner();
      await runner.connect();
      try {
        await runner.startTransaction();
        try {
          const result = await work(new QueryRunnerSession(runner));
          await runner.commitTransaction();
          return result;
        } catch (error) {
          await runner.rollbackTransaction();
          throw error;
        }
      } finally {
        await runner.release();
      }
    });
  }

  async close(): Promise<void> {
    await this.exclusive(async () => {
      if (this.#dataSource.isInitialized) await this.#dataSource.destroy();
    });
  }
}
