import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The pipeline's named metrics, all on one Registry that `/metrics` serves. */
export interface PipelineMetrics {
  readonly registry: Registry;
  readonly eventsCaptured: Counter<'channel'>;
  readonly eventsAnchored: Counter;
  readonly eventsRejected: Counter<'reason'>;
  readonly batchSize: Histogram;
  /** Seconds from capture (the message's receivedAt) to anchored-in-store. */
  readonly captureToAnchoredSeconds: Histogram;
  readonly consumerLag: Gauge<'topic' | 'partition' | 'group'>;
  readonly dlqMessages: Counter<'source' | 'code'>;
  /** Industry-profile alerts stored with their anchored event (replays not counted), by finding code. */
  readonly alertsRaised: Counter<'code'>;
}

export interface MetricsOptions {
  /** Node's process metrics too (off in tests, where several registries share one process). */
  readonly defaultMetrics?: boolean;
}

export function createPipelineMetrics(options: MetricsOptions = {}): PipelineMetrics {
  const registry = new Registry();
  if (options.defaultMetrics === true) collectDefaultMetrics({ register: registry, prefix: 'lotledger_' });
  const registers = [registry];
  return {
    registry,
    eventsCaptured: new Counter({
      name: 'lotledger_events_captured_total',
      help: 'Events accepted at capture and published to lotledger.events',
      labelNames: ['channel'],
      registers,
    }),
    eventsAnchored: new Counter({
      name: 'lotledger_events_anchored_total',
      help: 'Events anchored on the ledger and written to the read model',
      registers,
    }),
    eventsRejected: new Counter({
      name: 'lotledger_events_rejected_total',
      help: 'Events rejected, by reason code',
      labelNames: ['reason'],
      registers,
    }),
    batchSize: new Histogram({
      name: 'lotledger_anchor_batch_size',
      help: 'Events per anchored batch',
      buckets: [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
      registers,
    }),
    captureToAnchoredSeconds: new Histogram({
      name: 'lotledger_capture_to_anchored_seconds',
      help: 'Latency from capture to anchored in the read model',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2.5, 5, 10, 30, 60],
      registers,
    }),
    consumerLag: new Gauge({
      name: 'lotledger_consumer_lag',
      help: 'Messages published but not yet committed by a consumer group',
      labelNames: ['topic', 'partition', 'group'],
      registers,
    }),
    dlqMessages: new Counter({
      name: 'lotledger_dlq_messages_total',
      help: 'Messages sent to lotledger.dlq',
      labelNames: ['source', 'code'],
      registers,
    }),
    alertsRaised: new Counter({
      name: 'lotledger_alerts_raised_total',
      help: 'Industry-profile alerts raised when their event was anchored, by finding code',
      labelNames: ['code'],
      registers,
    }),
  };
}
