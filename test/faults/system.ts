import { join } from 'node:path';
import { LotledgerProcess } from './lotledger-process.js';

/** What the load and the checker talk to, and what a fault acts on: one process or several. */
export interface SystemUnderTest {
  /** POST /epcis/capture and GET /epcis/capture/{id}. */
  readonly ingestUrl: string;
  /** GET /epcis/events; undefined when the shape runs no gateway (the read model is then checked directly). */
  readonly queryUrl: string | undefined;
  /** The data folder of the embedded ledger (and of the token signing key). */
  readonly ledgerDataDir: string;
  readonly processNames: readonly string[];
  process(name: string): LotledgerProcess;
  start(): Promise<void>;
  /** Graceful stop of every process (the checker then opens the ledger and the store). */
  stop(): Promise<void>;
  close(): Promise<void>;
}

interface ProcessSettings {
  readonly dataDir: string;
  readonly logFile: string;
  readonly env: Readonly<Record<string, string>>;
  readonly ports: () => Promise<number>;
}

/** `lotledger start`: ingest, anchor and gateway in one process. */
export class ComposedSystem implements SystemUnderTest {
  readonly processNames = ['lotledger'];
  private constructor(
    private readonly lotledger: LotledgerProcess,
    readonly ledgerDataDir: string,
  ) {}

  static async create(settings: ProcessSettings): Promise<ComposedSystem> {
    const port = await settings.ports();
    return new ComposedSystem(
      new LotledgerProcess({ name: 'lotledger', dataDir: settings.dataDir, port, env: settings.env, logFile: settings.logFile }),
      settings.dataDir,
    );
  }

  get ingestUrl(): string {
    return this.lotledger.baseUrl;
  }

  get queryUrl(): string {
    return this.lotledger.baseUrl;
  }

  process(name: string): LotledgerProcess {
    if (name !== 'lotledger') throw new Error(`no process ${name} in the composed shape`);
    return this.lotledger;
  }

  start(): Promise<void> {
    return this.lotledger.start();
  }

  stop(): Promise<void> {
    return this.lotledger.stop();
  }

  close(): Promise<void> {
    return this.lotledger.close();
  }
}

/**
 * The services as separate processes on PostgreSQL and Kafka: services/ingest, services/anchor and
 * the gateway, each from its own main.js. The gateway answers the checker's queries (EQ_eventID) from
 * PostgreSQL; its ledger is an empty embedded one of its own, so it is not asked to verify proofs. The anchor owns the embedded ledger (in the scenario's data
 * folder); ingest and the gateway get folders of their own and verify tokens with the same signing
 * key. A `lotledger start` on the anchor's folder runs once first, to seed the demo organisations
 * into the ledger and the database, and is stopped again.
 */
export class SplitSystem implements SystemUnderTest {
  readonly processNames = ['ingest', 'anchor', 'gateway'];
  private constructor(
    private readonly seeder: LotledgerProcess,
    private readonly services: ReadonlyMap<string, LotledgerProcess>,
    readonly ledgerDataDir: string,
  ) {}

  static async create(settings: ProcessSettings): Promise<SplitSystem> {
    const keyFile = join(settings.dataDir, 'keys', 'auth-signing.pem');
    const make = async (
      name: string,
      main: string | undefined,
      dataDir: string,
      env: Readonly<Record<string, string>>,
    ): Promise<LotledgerProcess> =>
      new LotledgerProcess({
        name,
        main,
        dataDir,
        port: await settings.ports(),
        env: { ...settings.env, ...env },
        logFile: settings.logFile,
      });
    const seeder = await make('seed (lotledger start)', undefined, settings.dataDir, {});
    const shared = { AUTH_SIGNING_KEY_FILE: keyFile };
    const services = new Map<string, LotledgerProcess>([
      ['ingest', await make('ingest', 'services/ingest/dist/main.js', join(settings.dataDir, 'ingest'), shared)],
      ['anchor', await make('anchor', 'services/anchor/dist/main.js', settings.dataDir, {})],
      ['gateway', await make('gateway', 'gateway/dist/main.js', join(settings.dataDir, 'gateway'), shared)],
    ]);
    return new SplitSystem(seeder, services, settings.dataDir);
  }

  get ingestUrl(): string {
    return this.process('ingest').baseUrl;
  }

  get queryUrl(): string {
    return this.process('gateway').baseUrl;
  }

  process(name: string): LotledgerProcess {
    const p = this.services.get(name);
    if (p === undefined) throw new Error(`no process ${name} in the split shape (${this.processNames.join(', ')})`);
    return p;
  }

  async start(): Promise<void> {
    await this.seeder.start();
    await this.seeder.stop();
    await this.seeder.close();
    // The anchor first: it opens the ledger the seeding wrote.
    for (const name of ['anchor', 'ingest', 'gateway']) await this.process(name).start();
  }

  async stop(): Promise<void> {
    for (const name of ['ingest', 'gateway', 'anchor']) await this.process(name).stop();
  }

  async close(): Promise<void> {
    for (const p of this.services.values()) await p.close();
    await this.seeder.close();
  }
}
