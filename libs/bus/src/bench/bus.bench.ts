/**
 * Bus throughput: publish N messages (EPCIS-event-sized JSON, 10k distinct keys, several publishes
 * in flight) while one consumer reads them, and report messages/s for publishing alone and for
 * publish→consume end to end. Embedded always; Kafka too when KAFKA_BROKERS is set.
 * Run: `node libs/bus/dist/bench/bus.bench.js [messages]` → prints and writes bench-results/bus.json.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedEventBusAdapter } from '../embedded/embedded-event-bus.adapter.js';
import type { BusMessage, EventBus } from '../event-bus.port.js';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaEventBusAdapter } from '../kafka/kafka-event-bus.adapter.js';

interface BenchResult {
  readonly adapter: string;
  readonly messages: number;
  readonly messageBytes: number;
  readonly partitions: number;
  readonly publishBatch: number;
  readonly publishesInFlight: number;
  readonly publishMsgsPerSec: number;
  readonly endToEndMsgsPerSec: number;
  readonly publishSeconds: number;
  readonly endToEndSeconds: number;
}

const PARTITIONS = 6;
const PUBLISH_BATCH = 500;
const IN_FLIGHT = 8;
const KEYS = 10_000;

function message(i: number): BusMessage {
  const key = `urn:epc:id:sgtin:0614141.107346.${i % KEYS}`;
  const value = JSON.stringify({
    type: 'ObjectEvent',
    eventTime: '2026-11-24T10:00:00.000Z',
    eventTimeZoneOffset: '+01:00',
    epcList: [key],
    action: 'OBSERVE',
    bizStep: 'https://ref.gs1.org/cbv/BizStep-shipping',
    disposition: 'https://ref.gs1.org/cbv/Disp-in_transit',
    readPoint: { id: 'urn:epc:id:sgln:0614141.00777.0' },
    seq: i,
  });
  return { key, value, headers: { 'x-capture-id': 'bench', 'content-type': 'application/json' } };
}

async function measure(adapter: string, bus: EventBus, topic: string, total: number): Promise<BenchResult> {
  await bus.ensureTopics([{ topic, partitions: PARTITIONS }]);
  const messages = Array.from({ length: total }, (_, i) => message(i));
  let consumed = 0;
  let done: () => void = () => undefined;
  const allConsumed = new Promise<void>((resolve) => {
    done = resolve;
  });
  const consumer = bus.createConsumer({ groupId: `${topic}-bench`, topics: [topic], maxBatchSize: 2000, maxWaitMs: 50 });
  await consumer.run((batch) => {
    consumed += batch.messages.length;
    if (consumed >= total) done();
    return Promise.resolve();
  });
  const start = performance.now();
  let next = 0;
  const publisher = async (): Promise<void> => {
    while (next < total) {
      const from = next;
      next += PUBLISH_BATCH;
      await bus.publish(topic, messages.slice(from, from + PUBLISH_BATCH));
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, publisher));
  const published = performance.now();
  await allConsumed;
  const end = performance.now();
  await consumer.stop();
  const seconds = (ms: number): number => Math.round(ms) / 1000;
  return {
    adapter,
    messages: total,
    messageBytes: Buffer.byteLength(messages[0]?.value ?? ''),
    partitions: PARTITIONS,
    publishBatch: PUBLISH_BATCH,
    publishesInFlight: IN_FLIGHT,
    publishMsgsPerSec: Math.round(total / ((published - start) / 1000)),
    endToEndMsgsPerSec: Math.round(total / ((end - start) / 1000)),
    publishSeconds: seconds(published - start),
    endToEndSeconds: seconds(end - start),
  };
}

/** Deletes the bench's throw-away topic so repeated runs do not fill the development broker. */
async function deleteTopic(brokers: string[], topic: string): Promise<void> {
  const admin = new Kafka({ brokers, clientId: 'lotledger-bench-cleanup', logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: [topic] });
  } finally {
    await admin.disconnect();
  }
}

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 200_000);
  const runs = Number(process.argv[3] ?? 3);
  const results: BenchResult[] = [];

  for (let run = 0; run < runs; run++) {
    const dataDir = await mkdtemp(join(tmpdir(), 'lotledger-bus-bench-'));
    const embedded = await EmbeddedEventBusAdapter.open({ dataDir });
    try {
      results.push(await measure('embedded', embedded, 'bench', total));
    } finally {
      await embedded.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }

  const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',').filter((b) => b.trim().length > 0);
  if (brokers.length > 0) {
    for (let run = 0; run < runs; run++) {
      const kafka = new KafkaEventBusAdapter({ brokers, clientId: 'lotledger-bench' });
      const topic = `lotledger-bench-${randomUUID().slice(0, 8)}`;
      try {
        results.push(await measure(`kafka (${brokers.join(',')})`, kafka, topic, total));
      } finally {
        await kafka.close();
        await deleteTopic(brokers, topic);
      }
    }
  } else {
    console.log('KAFKA_BROKERS not set: Kafka not measured.');
  }

  for (const r of results) {
    console.log(
      `${r.adapter}: ${r.messages} msgs of ${r.messageBytes} B, ${r.partitions} partitions — publish ${r.publishMsgsPerSec} msgs/s (${r.publishSeconds} s), publish+consume end to end ${r.endToEndMsgsPerSec} msgs/s (${r.endToEndSeconds} s)`,
    );
  }
  await mkdir('bench-results', { recursive: true });
  const median = (adapter: string, field: 'publishMsgsPerSec' | 'endToEndMsgsPerSec'): number | undefined => {
    const values = results
      .filter((r) => r.adapter.startsWith(adapter))
      .map((r) => r[field])
      .sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)];
  };
  const summary = Object.fromEntries(
    ['embedded', 'kafka'].map((adapter) => [
      adapter,
      { publishMsgsPerSecMedian: median(adapter, 'publishMsgsPerSec'), endToEndMsgsPerSecMedian: median(adapter, 'endToEndMsgsPerSec') },
    ]),
  );
  console.log(`medians: ${JSON.stringify(summary)}`);
  // The machine is shared: the load average says how much the figures were disturbed.
  const report = {
    benchmark: 'bus',
    measuredAt: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    loadAverage1m: loadavg()[0],
    summary,
    results,
  };
  await writeFile(join('bench-results', 'bus.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log('wrote bench-results/bus.json');
}

await main();
