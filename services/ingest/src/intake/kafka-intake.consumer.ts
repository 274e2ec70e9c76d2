import { createHash } from 'node:crypto';
import { AuthError, verifyIntakeMessage } from '@lotledger/auth';
import type { BatchContext, BusMessage, ConsumedMessage, EventBus, EventBusConsumer, PartitionBatch } from '@lotledger/bus';
import { parseJson, type ValidationIssue } from '@lotledger/domain';
import { HEADERS, TOPICS, type Logger, type PipelineMetrics } from '@lotledger/platform';
import { hasFreshRegistryReads, type Organisation, type RegistryStore } from '@lotledger/store';
import { CaptureProblem } from '../capture/capture.problem.js';
import type { CaptureService } from '../capture/capture.service.js';

export const INTAKE_GROUP = 'lotledger-ingest';
export const DLQ_SOURCE = 'ingest';
/** Issues carried in x-error-reason; a document with thousands must not make the DLQ message too large to publish. */
export const DLQ_MAX_ISSUES = 100;
const LAG_REPORT_INTERVAL_MS = 5_000;
/** Failed attempts at one message, with the store and the bus up, before it is set aside to the DLQ. */
export const DEFAULT_MAX_ATTEMPTS = 5;
/** DLQ code of a message that failed every attempt although the intake's dependencies were up. */
export const RETRIES_EXHAUSTED = 'INTAKE_RETRIES_EXHAUSTED';
/** Attempt counters kept at most; beyond, the oldest are forgotten (a partition moved away leaves its own). */
const MAX_TRACKED_MESSAGES = 10_000;

export interface KafkaIntakeOptions {
  readonly maxBatchSize?: number;
  readonly maxWaitMs?: number;
  /** Attempts at a message that keeps failing while the store and bus are up, before the DLQ (default 5). */
  readonly maxAttempts?: number;
}

/** What the intake reads of the registry: organisations, and a liveness probe of the store behind it. */
export type IntakeRegistry = Pick<RegistryStore, 'getOrganisation'> & { ping?(): Promise<boolean> };

/** Why a message cannot be captured: it goes to the DLQ with these. */
interface Refusal {
  readonly code: string;
  readonly issues: readonly ValidationIssue[];
}

/**
 * The Kafka intake: consumes lotledger.events.raw (group lotledger-ingest). Each message is a JWS
 * signed by a registered organisation; verified, validated and authorised exactly like REST capture
 * (rollback semantics: a message is captured whole or not at all), its events go to lotledger.events.
 * A message that cannot be captured — bad signature, unknown key or organisation, invalid or foreign
 * events — goes to lotledger.dlq with its original key, value and headers plus x-error-code,
 * x-error-reason (the issues as JSON) and x-error-source. Offsets are committed after both, so a
 * crash redelivers; the capture id is derived from the message, so a redelivery reuses its job and the
 * anchor's idempotency on the hash ID drops the repeated events. Infrastructure failures (store or bus
 * down) throw, and the bus redelivers the batch after its back-off, for as long as the outage lasts.
 * A message whose capture keeps failing while the store and the bus answer is poison, not an outage:
 * after `maxAttempts` it goes to the DLQ as INTAKE_RETRIES_EXHAUSTED, so it cannot block its partition.
 */
export class KafkaIntake {
  #consumer: EventBusConsumer | undefined;
  /** Failed attempts per message position (topic, partition, offset), while the dependencies were up. */
  readonly #attempts = new Map<string, number>();

  constructor(
    private readonly bus: EventBus,
    private readonly registry: IntakeRegistry,
    private readonly capture: CaptureService,
    private readonly logger: Logger,
    private readonly metrics: Pick<PipelineMetrics, 'dlqMessages' | 'consumerLag'>,
    private readonly options: KafkaIntakeOptions = {},
  ) {}

  async start(): Promise<void> {
    if (this.#consumer !== undefined) return;
    const consumer = this.bus.createConsumer({
      groupId: INTAKE_GROUP,
      topics: [TOPICS.raw],
      maxBatchSize: this.options.maxBatchSize ?? 100,
      maxWaitMs: this.options.maxWaitMs ?? 100,
      onHandlerError: (failure) => {
        this.logger.warn(
          { err: failure.error, partition: failure.partition, attempt: failure.attempt, delayMs: failure.delayMs },
          'intake batch failed; it will be retried',
        );
      },
    });
    this.#consumer = consumer;
    await consumer.run((batch, context) => this.handle(batch, context));
  }

  async stop(): Promise<void> {
    const consumer = this.#consumer;
    this.#consumer = undefined;
    await consumer?.stop();
  }

  /** One partition's messages, in order (so the events of one sender's key stay in order). */
  async handle(batch: PartitionBatch, context: BatchContext): Promise<void> {
    // Registry lookups are memoised per batch, as of the batch's start: a key revoked in the registry stops
    // verifying at the next batch. The store's kept lookups are read again only when the registry changed.
    const registry = hasFreshRegistryReads(this.registry) ? await this.registry.freshRegistryReads() : this.registry;
    const organisations = new Map<string, Promise<Organisation | null>>();
    const lookup = (mspId: string): Promise<Organisation | null> => {
      let org = organisations.get(mspId);
      if (org === undefined) {
        org = registry.getOrganisation(mspId);
        organisations.set(mspId, org);
      }
      return org;
    };
    const dead: BusMessage[] = [];
    for (const [i, message] of batch.messages.entries()) {
      // Reassigned meanwhile: the new owner redoes the batch; what was captured so far is idempotent.
      if (context.isStale()) return;
      if (i > 0 && i % 50 === 0) await context.heartbeat();
      const position = `${batch.topic}\u0000${String(batch.partition)}\u0000${String(message.offset)}`;
      let refusal: Refusal | undefined;
      try {
        refusal = await this.captureOne(batch, message, lookup);
      } catch (error: unknown) {
        refusal = await this.poisonOrRethrow(position, error);
      }
      this.#attempts.delete(position);
      if (refusal === undefined) continue;
      this.metrics.dlqMessages.inc({ source: DLQ_SOURCE, code: refusal.code });
      this.logger.warn(
        { partition: batch.partition, offset: message.offset, code: refusal.code, issues: refusal.issues.length },
        'intake message sent to the DLQ',
      );
      dead.push({
        key: message.key,
        value: message.value,
        headers: {
          ...message.headers,
          [HEADERS.errorCode]: refusal.code,
          [HEADERS.errorReason]: JSON.stringify(capIssues(refusal.issues)),
          [HEADERS.errorSource]: DLQ_SOURCE,
        },
      });
    }
    if (dead.length > 0) await this.bus.publish(TOPICS.dlq, dead);
    this.reportLag();
  }

  /**
   * Rethrows (the bus redelivers) unless this message has now failed `maxAttempts` times with the store
   * and the bus up: then it is poison, and its refusal sends it to the DLQ so the partition goes on.
   */
  private async poisonOrRethrow(position: string, error: unknown): Promise<Refusal> {
    if (!(await this.dependenciesUp())) throw error;
    const attempts = (this.#attempts.get(position) ?? 0) + 1;
    const maxAttempts = Math.max(1, this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    if (attempts < maxAttempts) {
      if (this.#attempts.size >= MAX_TRACKED_MESSAGES) this.#attempts.delete(this.#attempts.keys().next().value ?? '');
      this.#attempts.set(position, attempts);
      throw error;
    }
    const cause = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return {
      code: RETRIES_EXHAUSTED,
      issues: [
        {
          pointer: '',
          code: RETRIES_EXHAUSTED,
          message: `capturing this message failed ${String(attempts)} times while the store and the bus were up (${cause.slice(0, 500)})`,
          expected: 'a message the intake can capture; this one was set aside so that the messages after it go on',
        },
      ],
    };
  }

  /** True when the store and the bus answer: a failure then is this message's, not an outage. */
  private async dependenciesUp(): Promise<boolean> {
    try {
      const [store, bus] = await Promise.all([this.registry.ping?.() ?? Promise.resolve(true), this.bus.health()]);
      return store && bus.ok;
    } catch {
      return false;
    }
  }

  #lastLagReport = 0;

  /** Consumer lag of the intake group for /metrics, at most every few seconds (it asks the bus). */
  private reportLag(): void {
    const consumer = this.#consumer;
    const now = Date.now();
    if (consumer === undefined || now - this.#lastLagReport < LAG_REPORT_INTERVAL_MS) return;
    this.#lastLagReport = now;
    consumer.lag().then(
      (lags) => {
        for (const l of lags) this.metrics.consumerLag.set({ topic: l.topic, partition: String(l.partition), group: INTAKE_GROUP }, l.lag);
      },
      (error: unknown) => {
        this.logger.debug({ err: error }, 'reading the intake consumer lag failed');
      },
    );
  }

  private async captureOne(
    batch: PartitionBatch,
    message: ConsumedMessage,
    lookup: (mspId: string) => Promise<Organisation | null>,
  ): Promise<Refusal | undefined> {
    let org: string;
    let payload: Uint8Array;
    try {
      ({ org, payload } = await verifyIntakeMessage(message.value, lookup, message.headers[HEADERS.submitterMsp]));
    } catch (error: unknown) {
      if (error instanceof AuthError)
        return {
          code: error.code,
          issues: [
            {
              pointer: '',
              code: error.code,
              message: error.message,
              expected: 'a JWS signed ES256 with a key the organisation registered',
            },
          ],
        };
      throw error;
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(payload);
    } catch {
      return {
        code: 'INVALID_JSON',
        issues: [{ pointer: '', code: 'ENCODING', message: 'the JWS payload is not UTF-8', expected: 'UTF-8 JSON' }],
      };
    }
    const parsed = parseJson(text);
    if (!parsed.ok) return { code: 'INVALID_JSON', issues: parsed.issues };
    try {
      await this.capture.capture({
        body: parsed.value,
        submitterMsp: org,
        errorBehaviour: 'rollback',
        expect: 'any',
        channel: 'kafka',
        checkParties: true,
        captureId: captureIdOf(batch.topic, batch.partition, message),
      });
      return undefined;
    } catch (error: unknown) {
      if (error instanceof CaptureProblem && error.isClientError)
        return {
          code: error.code,
          issues:
            error.issues.length > 0
              ? error.issues
              : [{ pointer: '', code: error.code, message: error.message, expected: 'a capturable EPCIS document or event' }],
        };
      throw error;
    }
  }
}

/** A UUID derived from the message's position and content: the same message always names the same job. */
export function captureIdOf(topic: string, partition: number, message: ConsumedMessage): string {
  const digest = createHash('sha256')
    .update(`${topic}\u0000${String(partition)}\u0000${String(message.offset)}\u0000`)
    .update(message.value)
    .digest('hex');
  // RFC 9562 layout with version 8 (custom) and the RFC variant bits.
  const variant = ((parseInt(digest.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${digest.slice(0, 8)}-${digest.slice(8, 12)}-8${digest.slice(13, 16)}-${variant}${digest.slice(17, 20)}-${digest.slice(20, 32)}`;
}

function capIssues(issues: readonly ValidationIssue[]): readonly ValidationIssue[] {
  if (issues.length <= DLQ_MAX_ISSUES) return issues;
  const more = issues.length - DLQ_MAX_ISSUES;
  return [
    ...issues.slice(0, DLQ_MAX_ISSUES),
    {
      pointer: '',
      code: 'MORE_ISSUES',
      message: `${String(more)} more issue(s) not listed`,
      expected: 'the message validated with `lotledger validate` for the full list',
    },
  ];
}
