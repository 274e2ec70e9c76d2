import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { EmbeddedEventBusAdapter, KafkaEventBusAdapter, type EventBus } from '@lotledger/bus';
import { EmbeddedLedgerAdapter, FabricLedgerAdapter, type LedgerPort } from '@lotledger/ledger';
import { ReadModelStore } from '@lotledger/store';
import type { AppConfig } from '../config/app-config.js';
import { createLogger, type Logger } from '../logging/logger.js';
import { createPipelineMetrics, type PipelineMetrics } from '../metrics/pipeline-metrics.js';
import { APP_CONFIG, EVENT_BUS, LEDGER, LOGGER, METRICS, READ_MODEL } from './tokens.js';

/** Adapters opened elsewhere (tests, one process composing several services); the caller closes them. */
export interface ProvidedAdapters {
  readonly ledger?: LedgerPort;
  readonly bus?: EventBus;
  readonly store?: ReadModelStore;
}

export interface InfrastructureOptions {
  /** Names the service on every log line. */
  readonly service: string;
  readonly logger?: Logger;
  readonly metrics?: PipelineMetrics;
  readonly adapters?: ProvidedAdapters;
}

export async function openEventBus(config: AppConfig): Promise<EventBus> {
  return config.bus.kind === 'kafka'
    ? new KafkaEventBusAdapter({
        brokers: config.bus.brokers,
        clientId: 'lotledger',
        partitionsConsumedConcurrently: config.bus.concurrentPartitions,
      })
    : EmbeddedEventBusAdapter.open({ dataDir: config.bus.dataDir });
}

export async function openLedger(config: AppConfig): Promise<LedgerPort> {
  return config.ledger.kind === 'fabric'
    ? FabricLedgerAdapter.connect({ config: config.ledger.fabric })
    : EmbeddedLedgerAdapter.open({ dataDir: config.ledger.dataDir });
}

export async function openReadModel(config: AppConfig): Promise<ReadModelStore> {
  return ReadModelStore.open(
    config.store.kind === 'postgres' ? { kind: 'postgres', url: config.store.url } : { kind: 'pglite', dataDir: config.store.dataDir },
  );
}

const OWNED = Symbol('lotledger.OWNED_ADAPTERS');

interface OwnedAdapters {
  readonly closers: (() => Promise<void>)[];
}

/** Closes what the module opened, bus first (it stops consumers gracefully), then ledger, then store. */
@Injectable()
class InfrastructureLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(OWNED) private readonly owned: OwnedAdapters,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    const order = ['bus', 'ledger', 'store'];
    const closers = [...this.owned.closers];
    this.owned.closers.length = 0;
    for (const [i, close] of closers.entries()) {
      try {
        await close();
      } catch (error) {
        this.logger.error({ err: error, adapter: order[i] }, 'closing an adapter failed');
      }
    }
  }
}

/**
 * Provides the shared tokens (APP_CONFIG, LOGGER, METRICS, LEDGER, EVENT_BUS, READ_MODEL) to the
 * whole application, opening each adapter by configuration: embedded when its variable is unset,
 * the real server otherwise. Global, so service modules just inject the tokens.
 */
@Module({})
export class InfrastructureModule {
  static forRoot(config: AppConfig, options: InfrastructureOptions): DynamicModule {
    const logger = options.logger ?? createLogger({ level: config.logLevel, service: options.service });
    const metrics = options.metrics ?? createPipelineMetrics({ defaultMetrics: true });
    const owned: OwnedAdapters = { closers: [] };
    // Slots in close order; filled as the factories open them.
    const slots: { bus?: () => Promise<void>; ledger?: () => Promise<void>; store?: () => Promise<void> } = {};
    const track = (): void => {
      owned.closers.length = 0;
      for (const close of [slots.bus, slots.ledger, slots.store]) if (close !== undefined) owned.closers.push(close);
    };
    const provided = options.adapters ?? {};
    const providers: Provider[] = [
      { provide: APP_CONFIG, useValue: config },
      { provide: LOGGER, useValue: logger },
      { provide: METRICS, useValue: metrics },
      { provide: OWNED, useValue: owned },
      {
        provide: READ_MODEL,
        useFactory: async (): Promise<ReadModelStore> => {
          if (provided.store !== undefined) return provided.store;
          const store = await openReadModel(config);
          slots.store = () => store.close();
          track();
          return store;
        },
      },
      {
        provide: EVENT_BUS,
        useFactory: async (): Promise<EventBus> => {
          if (provided.bus !== undefined) return provided.bus;
          const bus = await openEventBus(config);
          slots.bus = () => bus.close();
          track();
          return bus;
        },
      },
      {
        provide: LEDGER,
        useFactory: async (): Promise<LedgerPort> => {
          if (provided.ledger !== undefined) return provided.ledger;
          const ledger = await openLedger(config);
          slots.ledger = () => ledger.close();
          track();
          return ledger;
        },
      },
      InfrastructureLifecycle,
    ];
    return { module: InfrastructureModule, global: true, providers, exports: [APP_CONFIG, LOGGER, METRICS, READ_MODEL, EVENT_BUS, LEDGER] };
  }
}
