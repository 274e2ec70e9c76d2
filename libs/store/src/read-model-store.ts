import { mkdir } from 'node:fs/promises';
import { ReadModelReaderAdapter } from './adapters/read-model-reader.adapter.js';
import { ReadModelWriterAdapter } from './adapters/read-model-writer.adapter.js';
import { CaptureJobStoreAdapter } from './adapters/capture-job-store.adapter.js';
import { AlertStoreAdapter } from './adapters/alert-store.adapter.js';
import type { AlertPage, AlertPageRequest, AlertQuery, AlertStore, StoredAlert } from './ports/alert-store.port.js';
import { RegistryReadCache } from './adapters/registry-read-cache.js';
import { RegistryStoreAdapter } from './adapters/registry-store.adapter.js';
import { initialiseReadModelDataSource, releaseEmbeddedSlot, type ReadModelStoreConfig } from './database/read-model-data-source.js';
import type { SqlSession } from './database/sql-session.port.js';
import { TypeOrmSqlDatabase } from './database/typeorm-sql-database.adapter.js';
import type { CaptureJob, CaptureJobStore, CaptureJobUpdate, NewCaptureJob } from './ports/capture-job-store.port.js';
import type {
  EpcisEventQuery,
  EventPage,
  PageRequest,
  ReadModelReader,
  RecallImpact,
  RecordKeys,
  TraceDirection,
  TraceResult,
  GenealogyVersionAsOf,
} from './ports/read-model-reader.port.js';
import type { ObjectStateWriter, ReadModelWriter } from './ports/read-model-writer.port.js';
import type {
  AnchoredBatch,
  ApplyBatchResult,
  EventToStore,
  ObjectState,
  StoredBatch,
  StoredEvent,
  StoredObject,
} from './ports/read-model.types.js';
import type { FreshRegistryReads, Location, Organisation, Product, RegistryReads, RegistryStore } from './ports/registry-store.port.js';

export interface ReadModelStoreOptions {
  /** Rows per bulk statement (default 1000). */
  readonly subBatch?: number;
}

/** The whole read model behind its ports, over PostgreSQL or PGlite — the same code for both. */
export class ReadModelStore
  implements ReadModelWriter, ObjectStateWriter, ReadModelReader, CaptureJobStore, RegistryStore, FreshRegistryReads, AlertStore
{
  readonly #db: TypeOrmSqlDatabase;
  readonly #config: ReadModelStoreConfig;
  readonly #writer: ReadModelWriterAdapter;
  readonly #reader: ReadModelReaderAdapter;
  readonly #jobs: CaptureJobStoreAdapter;
  readonly #registry: RegistryStoreAdapter;
  readonly #registryReads: RegistryReadCache;
  readonly #alerts: AlertStoreAdapter;

  private constructor(db: TypeOrmSqlDatabase, config: ReadModelStoreConfig, options: Readonly<ReadModelStoreOptions>) {
    this.#db = db;
    this.#config = config;
    this.#writer = new ReadModelWriterAdapter(db, options.subBatch);
    this.#reader = new ReadModelReaderAdapter(db);
    this.#jobs = new CaptureJobStoreAdapter(db, options.subBatch, config.kind === 'pglite' ? 1 : 4);
    this.#registry = new RegistryStoreAdapter(db);
    this.#registryReads = new RegistryReadCache(db);
    this.#alerts = new AlertStoreAdapter(db);
  }

  /** Connects, runs pending migrations, and returns the store. */
  static async open(config: ReadModelStoreConfig, options: Readonly<ReadModelStoreOptions> = {}): Promise<ReadModelStore> {
    // PGlite creates only the last folder of its path; a fresh `--data` folder has no parents yet.
    if (config.kind === 'pglite' && config.dataDir !== undefined) await mkdir(config.dataDir, { recursive: true });
    const dataSource = await initialiseReadModelDataSource(config);
    return new ReadModelStore(new TypeOrmSqlDatabase(dataSource, { serialise: config.kind === 'pglite' }), config, options);
  }

  get shape(): ReadModelStoreConfig['kind'] {
    return this.#config.kind;
  }

  /** For readiness probes: true when a trivial query answers. */
  async ping(): Promise<boolean> {
    try {
      await this.#db.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.#db.close();
    releaseEmbeddedSlot(this.#config);
  }

  /** Reverts every applied migration (newest first). Operations and tests only. */
  async revertAllMigrations(): Promise<number> {
    return this.#db.exclusive(async () => {
      let reverted = 0;
      const ds = this.#db.dataSource;
      while ((await this.appliedMigrationCount()) > 0) {
        await ds.undoLastMigration({ transaction: 'each' });
        reverted += 1;
      }
      return reverted;
    });
  }

  /** Applies pending migrations; returns their names. */
  async runMigrations(): Promise<string[]> {
    return this.#db.exclusive(async () => (await this.#db.dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name));
  }

  /**
   * The statements TypeORM would run to make the schema match the entities: empty when the entities and
   * the migrations agree (a test keeps them honest; `synchronize` itself stays off).
   */
  async schemaDrift(): Promise<string[]> {
    return this.#db.exclusive(async () => (await this.#db.dataSource.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query));
  }

  /** Runs raw parameterised SQL in one transaction — for tests and maintenance, not for the services. */
  unsafeTransaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T> {
    return this.#db.transaction(work);
  }

  private async appliedMigrationCount(): Promise<number> {
    const runner = this.#db.dataSource.createQueryRunner();
    try {
      if (!(await runner.hasTable('migrations'))) return 0;
      const rows = (await runner.query('SELECT count(*)::int AS n FROM migrations')) as { n: number }[];
      return rows[0]?.n ?? 0;
    } finally {
      await runner.release();
    }
  }

  applyAnchoredBatch(batch: AnchoredBatch): Promise<ApplyBatchResult> {
    return this.#writer.applyAnchoredBatch(batch);
  }
  applyAnchoredBatches(batches: readonly AnchoredBatch[]): Promise<ApplyBatchResult[]> {
    return this.#writer.applyAnchoredBatches(batches);
  }
  insertPending(events: readonly EventToStore[]): Promise<number> {
    return this.#writer.insertPending(events);
  }
  upsertObjectStates(states: readonly ObjectState[]): Promise<void> {
    return this.#writer.upsertObjectStates(states);
  }
  getEvent(hashIdOrEventId: string): Promise<StoredEvent | null> {
    return this.#reader.getEvent(hashIdOrEventId);
  }
  queryEvents(query: EpcisEventQuery, page?: PageRequest): Promise<EventPage> {
    return this.#reader.queryEvents(query, page);
  }
  getObject(id: string): Promise<StoredObject | null> {
    return this.#reader.getObject(id);
  }
  getObjects(ids: readonly string[]): Promise<ReadonlyMap<string, StoredObject>> {
    return this.#reader.getObjects(ids);
  }
  getEventsByHash(hashIds: readonly string[]): Promise<ReadonlyMap<string, StoredEvent>> {
    return this.#reader.getEventsByHash(hashIds);
  }

  decidedStatuses(hashIds: readonly string[]): Promise<ReadonlyMap<string, 'anchored' | 'rejected'>> {
    return this.#reader.decidedStatuses(hashIds);
  }
  recordVersion(keys: RecordKeys): Promise<string> {
    return this.#reader.recordVersion(keys);
  }
  getBatch(id: string): Promise<StoredBatch | null> {
    return this.#reader.getBatch(id);
  }
  trace(objectId: string, direction: TraceDirection, maxDepth: number): Promise<TraceResult> {
    return this.#reader.trace(objectId, direction, maxDepth);
  }

  genealogyVersion(objectIds: readonly string[]): Promise<string> {
    return this.#reader.genealogyVersion(objectIds);
  }

  genealogyVersionAsOf(objectIds: readonly string[]): Promise<GenealogyVersionAsOf> {
    return this.#reader.genealogyVersionAsOf(objectIds);
  }

  genealogyUnchangedSince(asOf: string): Promise<boolean> {
    return this.#reader.genealogyUnchangedSince(asOf);
  }

  /** Prunes the genealogy change log now (the writer does it at most once a minute on its own). */
  pruneGenealogyChanges(): Promise<void> {
    return this.#writer.pruneGenealogyChanges();
  }
  recallImpact(objectId: string): Promise<RecallImpact> {
    return this.#reader.recallImpact(objectId);
  }
  createCaptureJob(job: NewCaptureJob): Promise<void> {
    return this.#jobs.createCaptureJob(job);
  }
  recordCapture(job: NewCaptureJob, events: readonly EventToStore[]): Promise<void> {
    return this.#jobs.recordCapture(job, events);
  }
  updateCaptureJob(id: string, update: CaptureJobUpdate): Promise<boolean> {
    return this.#jobs.updateCaptureJob(id, update);
  }
  getCaptureJob(id: string): Promise<CaptureJob | null> {
    return this.#jobs.getCaptureJob(id);
  }
  upsertOrganisation(org: Organisation): Promise<void> {
    return this.#registry.upsertOrganisation(org);
  }
  getOrganisation(mspId: string): Promise<Organisation | null> {
    return this.#registry.getOrganisation(mspId);
  }
  getOrganisationByClientId(clientId: string): Promise<Organisation | null> {
    return this.#registry.getOrganisationByClientId(clientId);
  }
  findOrganisationOwningGln(gln: string): Promise<Organisation | null> {
    return this.#registry.findOrganisationOwningGln(gln);
  }
  listOrganisations(): Promise<readonly Organisation[]> {
    return this.#registry.listOrganisations();
  }
  deleteOrganisation(mspId: string): Promise<boolean> {
    return this.#registry.deleteOrganisation(mspId);
  }
  upsertProduct(product: Product): Promise<void> {
    return this.#registry.upsertProduct(product);
  }
  getProduct(gtin: string): Promise<Product | null> {
    return this.#registry.getProduct(gtin);
  }
  listProducts(ownerMsp?: string): Promise<readonly Product[]> {
    return this.#registry.listProducts(ownerMsp);
  }
  deleteProduct(gtin: string): Promise<boolean> {
    return this.#registry.deleteProduct(gtin);
  }
  upsertLocation(location: Location): Promise<void> {
    return this.#registry.upsertLocation(location);
  }
  getLocation(gln: string): Promise<Location | null> {
    return this.#registry.getLocation(gln);
  }
  listLocations(ownerMsp?: string): Promise<readonly Location[]> {
    return this.#registry.listLocations(ownerMsp);
  }
  deleteLocation(gln: string): Promise<boolean> {
    return this.#registry.deleteLocation(gln);
  }
  freshRegistryReads(): Promise<RegistryReads> {
    return this.#registryReads.fresh();
  }
  listAlerts(query: AlertQuery, page: AlertPageRequest): Promise<AlertPage> {
    return this.#alerts.listAlerts(query, page);
  }
  getAlert(id: string): Promise<StoredAlert | null> {
    return this.#alerts.getAlert(id);
  }
  acknowledgeAlert(id: string, by: string, at: string): Promise<StoredAlert | null> {
    return this.#alerts.acknowledgeAlert(id, by, at);
  }
}
