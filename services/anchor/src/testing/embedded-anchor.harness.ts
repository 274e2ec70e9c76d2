import { EmbeddedEventBusAdapter, type BusMessage, type EventBus, type EventBusConsumer, type HandlerFailure } from '@lotledger/bus';
import { EmbeddedLedgerAdapter, type LedgerPort } from '@lotledger/ledger';
import { createLogger, createPipelineMetrics, PIPELINE_TOPIC_SPECS, TOPICS, type Logger, type PipelineMetrics } from '@lotledger/platform';
import { ReadModelStore, type ReadModelWriter, type StoredEvent } from '@lotledger/store';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AnchorBatchUseCase, type AnchorBatchOutcome } from '../application/anchor-batch.use-case.js';
import { EpcisEventFixtures, MSP } from './epcis-event.fixtures.js';

export interface HarnessOptions {
  readonly dataDir: string;
  readonly batchSize?: number;
  readonly lingerMs?: number;
  /** Wraps the real ledger (e.g. LedgerOutageTestTool). */
  readonly wrapLedger?: (ledger: LedgerPort) => LedgerPort;
  /** Wraps the real store writer (e.g. to simulate a crash before the store write). */
  readonly wrapStore?: (store: ReadModelWriter) => ReadModelWriter;
  readonly retryInitialMs?: number;
  readonly logger?: Logger;
}

/**
 * Test and bench tool: the anchor use case over the REAL embedded adapters (on-disk bus, embedded
 * ledger running the chaincode, PGlite read model) in one data directory, consuming lotledger.events.
 */
export class EmbeddedAnchorHarness {
  readonly failures: HandlerFailure[] = [];
  readonly outcomes: AnchorBatchOutcome[] = [];
  private consumer: EventBusConsumer | undefined;

  private constructor(
    readonly bus: EventBus,
    readonly realLedger: EmbeddedLedgerAdapter,
    readonly ledger: LedgerPort,
    readonly store: ReadModelStore,
    readonly metrics: PipelineMetrics,
    private readonly options: HarnessOptions,
    private readonly logger: Logger,
  ) {}

  static async open(options: HarnessOptions): Promise<EmbeddedAnchorHarness> {
    const bus = await EmbeddedEventBusAdapter.open({ dataDir: join(options.dataDir, 'bus') });
    const realLedger = await EmbeddedLedgerAdapter.open({ dataDir: options.dataDir });
    const store = await ReadModelStore.open({ kind: 'pglite', dataDir: join(options.dataDir, 'pg') });
    await bus.ensureTopics(PIPELINE_TOPIC_SPECS);
    const fixtures = new EpcisEventFixtures('orgs');
    if ((await realLedger.getOrganization(MSP.regulator)) === undefined) {
      await realLedger.registerOrganization(MSP.regulator, fixtures.organization('regulator'));
      await realLedger.registerOrganization(MSP.regulator, fixtures.organization('manufacturer'));
      await realLedger.registerOrganization(MSP.regulator, fixtures.organization('distributor'));
    }
    const ledger = options.wrapLedger?.(realLedger) ?? realLedger;
    const logger = options.logger ?? createLogger({ level: 'silent', service: 'anchor-test' });
    return new EmbeddedAnchorHarness(bus, realLedger, ledger, store, createPipelineMetrics(), options, logger);
  }

  async start(): Promise<void> {
    const store = this.options.wrapStore?.(this.store) ?? this.store;
    const useCase = new AnchorBatchUseCase(
      { ledger: this.ledger, store, bus: this.bus, logger: this.logger, metrics: this.metrics },
      { maxEventsPerTransaction: this.options.batchSize ?? 500 },
    );
    const consumer = this.bus.createConsumer({
      groupId: 'lotledger-anchor',
      topics: [TOPICS.events],
      maxBatchSize: this.options.batchSize ?? 500,
      maxWaitMs: this.options.lingerMs ?? 20,
      retry: { initialMs: this.options.retryInitialMs ?? 20, maxMs: 200, multiplier: 2 },
      onHandlerError: (failure) => this.failures.push(failure),
    });
    this.consumer = consumer;
    await consumer.run(async (batch) => {
      this.outcomes.push(await useCase.handle(batch));
    });
  }

  publish(messages: readonly BusMessage[]): Promise<void> {
    return this.bus.publish(TOPICS.events, messages);
  }

  /** Waits until every hash ID has a final status in the read model (or the deadline passes). */
  async waitForFinal(hashIds: readonly string[], timeoutMs = 20_000): Promise<StoredEvent[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const events = await Promise.all(hashIds.map((h) => this.store.getEvent(h)));
      const final = events.filter((e): e is StoredEvent => e !== null && e.status !== 'pending');
      if (final.length === hashIds.length || Date.now() > deadline) return final;
      await sleep(25);
    }
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.stop();
  }

  async close(): Promise<void> {
    await this.stop();
    await this.bus.close();
    await this.realLedger.close();
    await this.store.close();
  }
}
