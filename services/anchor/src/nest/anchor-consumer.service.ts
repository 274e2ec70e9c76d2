import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { EventBus, EventBusConsumer } from '@lotledger/bus';
import type { LedgerPort } from '@lotledger/ledger';
import {
  APP_CONFIG,
  EVENT_BUS,
  LEDGER,
  LOGGER,
  METRICS,
  PIPELINE_TOPIC_SPECS,
  READ_MODEL,
  TOPICS,
  type AppConfig,
  type Logger,
  type PipelineMetrics,
} from '@lotledger/platform';
import type { ReadModelWriter } from '@lotledger/store';
import { AnchorBatchUseCase } from '../application/anchor-batch.use-case.js';

export const ANCHOR_GROUP_ID = 'lotledger-anchor';

/** How often the consumer-lag gauge is refreshed. */
const LAG_INTERVAL_MS = 5000;

/**
 * The Kafka-handler edge of the anchor service: runs the consumer of lotledger.events (group
 * lotledger-anchor), hands each partition batch to the use case, and stops gracefully before the
 * adapters close (the batch in hand finishes and commits, or is handed back uncommitted).
 */
@Injectable()
export class AnchorConsumerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer: EventBusConsumer | undefined;
  private lagTimer: NodeJS.Timeout | undefined;
  private readonly useCase: AnchorBatchUseCase;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(LEDGER) ledger: LedgerPort,
    // The read model: a writer, and the reader of master data and genealogy the profile alerts need.
    @Inject(READ_MODEL) store: ReadModelWriter,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly metrics: PipelineMetrics,
  ) {
    this.useCase = new AnchorBatchUseCase(
      { ledger, store, bus, logger, metrics },
      {
        maxEventsPerTransaction: config.anchor.batchSize,
        maxDeferrals: config.anchor.maxDeferrals,
        deferralDelayMs: config.anchor.deferralDelayMs,
      },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.ensureTopics(PIPELINE_TOPIC_SPECS);
    const consumer = this.bus.createConsumer({
      groupId: ANCHOR_GROUP_ID,
      topics: [TOPICS.events],
      maxBatchSize: this.config.anchor.batchSize,
      maxWaitMs: Math.max(1, this.config.anchor.lingerMs),
      onHandlerError: (failure) => {
        this.logger.warn(
          {
            err: failure.error,
            topic: failure.topic,
            partition: failure.partition,
            attempt: failure.attempt,
            retryInMs: failure.delayMs,
            firstOffset: failure.firstOffset,
            lastOffset: failure.lastOffset,
          },
          'anchoring failed; the batch will be redelivered after a back-off',
        );
      },
    });
    this.consumer = consumer;
    await consumer.run(async (batch) => {
      const outcome = await this.useCase.handle(batch);
      this.logger.debug(
        { topic: batch.topic, partition: batch.partition, messages: batch.messages.length, ...outcome },
        'partition batch done',
      );
    });
    this.lagTimer = setInterval(() => void this.refreshLag(), LAG_INTERVAL_MS);
    this.lagTimer.unref();
    this.logger.info(
      { group: ANCHOR_GROUP_ID, batchSize: this.config.anchor.batchSize, lingerMs: this.config.anchor.lingerMs },
      'anchor consumer running',
    );
  }

  async refreshLag(): Promise<void> {
    const consumer = this.consumer;
    if (consumer === undefined) return;
    try {
      for (const p of await consumer.lag())
        this.metrics.consumerLag.set({ topic: p.topic, partition: String(p.partition), group: ANCHOR_GROUP_ID }, p.lag);
    } catch (error) {
      this.logger.debug({ err: error }, 'consumer lag not available');
    }
  }

  /** Before the infrastructure closes the adapters: finish (and commit) or hand back the batch in hand. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.lagTimer !== undefined) clearInterval(this.lagTimer);
    const consumer = this.consumer;
    this.consumer = undefined;
    if (consumer === undefined) return;
    await consumer.stop();
    this.logger.info('anchor consumer stopped');
  }
}
