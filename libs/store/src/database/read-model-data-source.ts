import 'reflect-metadata';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { PGliteDriver } from 'typeorm-pglite';
import { READ_MODEL_ENTITIES } from '../entities/index.js';
import { READ_MODEL_MIGRATIONS } from '../migrations/index.js';
import { DURABLE_START_PARAMS, DurableNodeFS } from './durable-node-fs.js';

export type ReadModelStoreConfig =
  | {
      readonly kind: 'postgres';
      /** postgres://user:password@host:port/database */
      readonly url: string;
      /** A schema to use instead of `public` (created if missing): tests get a fresh one per run. */
      readonly schema?: string;
      readonly poolSize?: number;
    }
  | {
      readonly kind: 'pglite';
      /** Folder the database persists to; omitted = in memory. */
      readonly dataDir?: string;
    };

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

const COMMON = {
  type: 'postgres',
  entities: READ_MODEL_ENTITIES,
  migrations: READ_MODEL_MIGRATIONS,
  migrationsRun: true,
  migrationsTransactionMode: 'each',
  synchronize: false,
  // TypeORM's default `CREATE EXTENSION "uuid-ossp"` crashes PGlite; ids come from the application.
  installExtensions: false,
  logging: false,
} as const;

export function readModelDataSourceOptions(config: ReadModelStoreConfig): DataSourceOptions {
  if (config.kind === 'pglite') {
    // On disk: commits fsynced (DurableNodeFS), as PostgreSQL's are; in memory there is nothing to sync.
    const options = config.dataDir === undefined ? {} : { fs: new DurableNodeFS(config.dataDir), startParams: [...DURABLE_START_PARAMS] };
    // typeorm-pglite types PGlite's options from its CommonJS build, DurableNodeFS from the ES module build:
    // the same class at run time (PGlite only calls the filesystem's methods), two types to the compiler.
    return { ...COMMON, driver: new PGliteDriver(options as ConstructorParameters<typeof PGliteDriver>[0]).driver };
  }
  if (config.schema !== undefined && !SCHEMA_NAME.test(config.schema))
    throw new Error(`Invalid schema name "${config.schema}": use lower-case letters, digits and _.`);
  return {
    ...COMMON,
    url: config.url,
    ...(config.schema === undefined ? {} : { schema: config.schema }),
    poolSize: config.poolSize ?? 10,
    // The adapters' SQL names tables unqualified: the search path puts them in the chosen schema.
    extra: config.schema === undefined ? {} : { options: `-c search_path=${config.schema}` },
  };
}

/** typeorm-pglite keeps ONE PGlite per process (a module-level singleton), so only one embedded store may be open at a time. */
let embeddedOpen = false;

export async function initialiseReadModelDataSource(config: ReadModelStoreConfig): Promise<DataSource> {
  if (config.kind === 'pglite') {
    if (embeddedOpen) throw new Error('An embedded (PGlite) read model is already open in this process; close it first.');
    embeddedOpen = true;
  }
  try {
    if (config.kind === 'postgres' && config.schema !== undefined) {
      const bootstrap = new DataSource({ type: 'postgres', url: config.url, installExtensions: false, poolSize: 1 });
      await bootstrap.initialize();
      try {
        await bootstrap.query(`CREATE SCHEMA IF NOT EXISTS ${config.schema}`);
      } finally {
        await bootstrap.destroy();
      }
    }
    const dataSource = new DataSource(readModelDataSourceOptions(config));
    await dataSource.initialize();
    return dataSource;
  } catch (error) {
    if (config.kind === 'pglite') embeddedOpen = false;
    throw error;
  }
}

export function releaseEmbeddedSlot(config: ReadModelStoreConfig): void {
  if (config.kind === 'pglite') embeddedOpen = false;
}
