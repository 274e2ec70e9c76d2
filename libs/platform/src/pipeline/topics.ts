/** The pipeline's topics (PIPELINE.md), 6 partitions each. */
export const TOPICS = {
  raw: 'lotledger.events.raw',
  events: 'lotledger.events',
  dlq: 'lotledger.dlq',
} as const;

export const TOPIC_PARTITIONS = 6;

export const PIPELINE_TOPIC_SPECS = [TOPICS.raw, TOPICS.events, TOPICS.dlq].map((topic) => ({ topic, partitions: TOPIC_PARTITIONS }));

/** Headers of lotledger.events messages and of DLQ messages. */
export const HEADERS = {
  hashId: 'x-hash-id',
  captureId: 'x-capture-id',
  submitterMsp: 'x-submitter-msp',
  receivedAt: 'x-received-at',
  errorCode: 'x-error-code',
  errorReason: 'x-error-reason',
  errorSource: 'x-error-source',
} as const;
