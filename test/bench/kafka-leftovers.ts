import { Kafka, logLevel } from 'kafkajs';

/** A topic the app consumes, and the consumer group it consumes it with. */
export interface ConsumedTopic {
  readonly topic: string;
  readonly groupId: string;
}

/**
 * Empties the pipeline's topics before a real-shape run starts its app; answers how many of the removed
 * messages the app's groups had not consumed yet (left by an interrupted run).
 *
 * The bench's topics and the app's consumer groups are the fixed lotledger.* names, and its simulation seed
 * is fixed: messages an interrupted run (or a copy the anchor put back after its event was final) left on
 * lotledger.events would be consumed first by the next run's app — the same events, against a fresh ledger
 * and database — and the run would measure them too, or wait for events the ledger reports as anchored
 * before. Deleting the records up to each partition's end (Kafka DeleteRecords, kafkajs deleteTopicRecords)
 * leaves every committed offset before the log start, so the app's groups begin at the end.
 *
 * The bench runs against a development stack (it also creates and drops databases there): never point it
 * at a deployment whose messages matter.
 */
export async function clearLeftovers(brokers: string, consumed: readonly ConsumedTopic[]): Promise<number> {
  const admin = new Kafka({ clientId: 'lotledger-bench', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    let unconsumed = 0;
    for (const { topic, groupId } of consumed.filter((c) => existing.has(c.topic))) {
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const offsetOf = new Map((committed?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
      const left = ends.filter((o) => Number(o.high) > Number(o.low));
      if (left.length === 0) continue;
      // A group that never committed on a partition (-1) starts at the log start.
      for (const o of left) unconsumed += Number(o.high) - Math.max(Number(o.low), offsetOf.get(o.partition) ?? -1);
      await admin.deleteTopicRecords({ topic, partitions: left.map((o) => ({ partition: o.partition, offset: o.high })) });
    }
    return unconsumed;
  } finally {
    await admin.disconnect();
  }
}
