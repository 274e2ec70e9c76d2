import { captureIdOf } from '@lotledger/ingest';
import { HEADERS, TOPICS } from '@lotledger/platform';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import type { IntakeSigner } from './intake-signer.js';
import { captureDocument } from './simulation-documents.js';
import type { CaptureSubmitter } from './simulation-sender.js';

/** Where a signed capture landed on lotledger.events.raw, and the capture job the intake makes of it. */
export interface ProducedCapture {
  readonly partition: number;
  readonly offset: number;
  /** The id the intake derives from the message (captureIdOf): its job is GET /epcis/capture/{captureId}. */
  readonly captureId: string;
}

/** How the simulator hands a signed document to the Kafka intake; a fake in unit tests. */
export interface IntakeProducer {
  produce(mspId: string, document: unknown): Promise<ProducedCapture>;
  close(): Promise<void>;
}

/** The intake message of one capture: keyed by the organisation, its MSP id in x-submitter-msp, the JWS as value. */
export async function intakeMessage(
  signer: IntakeSigner,
  mspId: string,
  document: unknown,
): Promise<{ key: string; value: Buffer; headers: Record<string, string> }> {
  const value = Buffer.from(await signer.sign(mspId, document));
  // The key keeps one organisation's documents on one partition, in order, as the capture plan assumes.
  return { key: mspId, value, headers: { [HEADERS.submitterMsp]: mspId } };
}

/** The capture id the intake gives the message at (partition, offset) with this value. */
export function intakeCaptureId(partition: number, offset: number, key: string, value: Uint8Array): string {
  return captureIdOf(TOPICS.raw, partition, { offset, key: Buffer.from(key), value, headers: {}, timestamp: 0 });
}

/**
 * Produces signed captures to lotledger.events.raw with kafkajs directly (not the bus port): a send
 * answers with the partition and offset the message was written at, and the intake's capture id is
 * derived from exactly those, so the simulator can poll the capture job as it does over REST.
 * Idempotent with acks=all, so a retried send is written once, at the offset reported.
 */
export class KafkaIntakeProducer implements IntakeProducer {
  readonly #producer: Producer;
  #connected: Promise<void> | undefined;

  constructor(
    brokers: readonly string[],
    private readonly signer: IntakeSigner,
  ) {
    const kafka = new Kafka({ clientId: 'lotledger-simulate', brokers: [...brokers], logLevel: logLevel.NOTHING });
    this.#producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      // The partitioner the bus and the Java clients use: the same key lands where the pipeline expects.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async produce(mspId: string, document: unknown): Promise<ProducedCapture> {
    this.#connected ??= this.#producer.connect();
    await this.#connected;
    const message = await intakeMessage(this.signer, mspId, document);
    const [written] = await this.#producer.send({ topic: TOPICS.raw, acks: -1, messages: [message] });
    const offset = Number(written?.baseOffset ?? Number.NaN);
    if (written === undefined || !Number.isInteger(offset))
      throw new Error(`Kafka did not report where the message of ${mspId} was written on ${TOPICS.raw}`);
    return { partition: written.partition, offset, captureId: intakeCaptureId(written.partition, offset, message.key, message.value) };
  }

  async close(): Promise<void> {
    if (this.#connected !== undefined) await this.#producer.disconnect();
  }
}

/** A comma list of host:port, as KAFKA_BROKERS. */
export function parseBrokers(list: string): string[] {
  const brokers = list
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  const bad = brokers.filter((b) => !/^[^\s:]+:\d{1,5}$/.test(b));
  if (brokers.length === 0 || bad.length > 0)
    throw new Error(`--kafka must be a comma list of host:port${bad.length > 0 ? `, not ${bad.join(', ')}` : ''}`);
  return brokers;
}

/** Hands each capture to the Kafka intake, signed by its organisation; its job is polled at the derived capture id. */
export function kafkaSubmitter(producer: IntakeProducer): CaptureSubmitter {
  return async (capture) => {
    const produced = await producer.produce(capture.submitterMsp, captureDocument(capture));
    return { location: `/epcis/capture/${produced.captureId}`, jobPending: true };
  };
}
