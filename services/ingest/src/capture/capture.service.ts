import { randomUUID } from 'node:crypto';
import { eventFacts, eventHashId, validateEpcis, type EpcisEvent, type EpcisValidation, type ValidationIssue } from '@lotledger/domain';
import {
  encodeCapturedEvent,
  projectCapturedEvent,
  TOPICS,
  type CapturedEventMessage,
  type Logger,
  type PipelineMetrics,
} from '@lotledger/platform';
import { hasFreshRegistryReads, type CaptureErrorBehaviour, type JsonValue, type RegistryReads } from '@lotledger/store';
import { CaptureProblem } from './capture.problem.js';
import { CAPTURE_MAX_EVENTS, type CaptureBus, type CaptureStore } from './capture.port.js';
import { PartyAuthorisation } from './party.authorisation.js';
import { checkProfiles } from './profile-checks.js';

export type CaptureChannel = 'rest' | 'kafka';

export interface CaptureRequest {
  /** The body, parsed with the domain's strict JSON parser. */
  readonly body: unknown;
  readonly submitterMsp: string;
  readonly errorBehaviour: CaptureErrorBehaviour;
  /** `document`: an EPCISDocument (or EPCISQueryDocument); `event`: one event; `any`: either (Kafka). */
  readonly expect: 'document' | 'event' | 'any';
  readonly channel: CaptureChannel;
  /** Check that readPoint / bizLocation / owning party belong to the submitter (suppliers). */
  readonly checkParties: boolean;
  /** A caller-chosen capture id (Kafka: derived from the message, so a redelivery reuses it). */
  readonly captureId?: string;
  /** `event` only: refuse with 409 when the event's hash ID is already known. */
  readonly refuseDuplicate?: boolean;
}

export interface CaptureOutcome {
  readonly captureId: string;
  /** Hash IDs of the accepted events, in document order (duplicates within the capture once). */
  readonly hashIds: readonly string[];
  /** Issues of events not accepted (proceed mode). */
  readonly errors: readonly ValidationIssue[];
}

const EVENT_POINTER = /^(\/epcisBody\/eventList\/\d+|\/epcisBody\/queryResults\/resultsBody\/eventList\/\d+)(?:\/|$)/;

/**
 * The capture use case shared by REST and the Kafka intake: strict validation (every issue, with its
 * pointer), party authorisation, then durability in this order — the job and the pending events in
 * the store, then the events on lotledger.events. The caller acknowledges (202/201, offset commit)
 * only after this resolves, i.e. after the bus has the events durably (acks=all / fsync).
 */
export class CaptureService {
  constructor(
    private readonly store: CaptureStore,
    private readonly bus: CaptureBus,
    private readonly logger: Logger,
    private readonly metrics: Pick<PipelineMetrics, 'eventsCaptured'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async capture(request: CaptureRequest): Promise<CaptureOutcome> {
    const receivedAt = this.now();
    const validated = this.validate(request, receivedAt);
    const registry = await this.registry();
    const { validation, setAside } = await checkProfiles(registry, request.errorBehaviour, validated);
    const accepted = await this.authoriseAndHash(request, validation, registry);

    const first = accepted[0];
    if (request.refuseDuplicate === true && first !== undefined && (await this.store.getEvent(first.hashId)) !== null) {
      throw new CaptureProblem(409, 'EVENT_EXISTS', 'this event was captured before', [], {
        hashId: first.hashId,
        location: eventLocation(first.hashId),
      });
    }

    const captureId = request.captureId ?? randomUUID();
    const messages: CapturedEventMessage[] = accepted.map(({ hashId, event }) => ({
      hashId,
      captureId,
      submitterMsp: request.submitterMsp,
      receivedAt: receivedAt.toISOString(),
      event,
    }));
    const log = this.logger.child({ captureId, submitterMsp: request.submitterMsp, channel: request.channel });
    const retried = await this.record(request, captureId, messages, setAside, log);
    await this.publish(captureId, messages, setAside, log);
    if (retried)
      await this.store.updateCaptureJob(captureId, { status: 'running', errors: setAside as unknown as JsonValue, finishedAt: null });
    // Nothing to anchor (an empty document): the job is complete now.
    if (messages.length === 0) await this.store.updateCaptureJob(captureId, { status: 'success', finishedAt: this.now().toISOString() });

    this.metrics.eventsCaptured.inc({ channel: request.channel }, messages.length);
    for (const m of messages) log.debug({ hashId: m.hashId }, 'event captured');
    log.info({ events: messages.length, setAside: setAside.length }, 'capture accepted');
    return { captureId, hashIds: messages.map((m) => m.hashId), errors: setAside };
  }

  /**
   * The registry as of now (GLN owners, products): kept lookups when the store offers them, read again only
   * after a registration changed something. A store that cannot be read refuses the capture (503).
   */
  private async registry(): Promise<Pick<RegistryReads, 'findOrganisationOwningGln'>> {
    if (!hasFreshRegistryReads(this.store)) return this.store;
    try {
      return await this.store.freshRegistryReads();
    } catch (error: unknown) {
      throw new CaptureProblem(
        503,
        'CAPTURE_UNAVAILABLE',
        `the registry could not be read (${String(error)}); nothing was accepted, try again`,
      );
    }
  }

  /** Every issue at once; in proceed mode the issues of invalid events are set aside, not thrown. */
  private validate(request: CaptureRequest, receivedAt: Date): { validation: EpcisValidation; setAside: readonly ValidationIssue[] } {
    // Counted before validating, so an oversized document costs no validation work.
    const eventTotal = countEvents(request.body);
    if (eventTotal > CAPTURE_MAX_EVENTS) {
      throw new CaptureProblem(
        413,
        'TOO_MANY_EVENTS',
        `the document has ${String(eventTotal)} events; at most ${String(CAPTURE_MAX_EVENTS)} per capture (GS1-EPCIS-Capture-Limit)`,
      );
    }
    const validation = validateEpcis(request.body, { now: receivedAt });
    if (request.expect === 'document' && validation.kind !== 'document') {
      throw new CaptureProblem(
        400,
        'VALIDATION_FAILED',
        'the body is not an EPCISDocument (use POST /epcis/events for a single event)',
        kindIssues(validation.issues, 'an EPCISDocument'),
      );
    }
    if (request.expect === 'event' && validation.kind !== 'event') {
      throw new CaptureProblem(
        400,
        'VALIDATION_FAILED',
        'the body is not a single EPCIS event (use POST /epcis/capture for a document)',
        kindIssues(validation.issues, 'one EPCIS event'),
      );
    }
    if (validation.ok) return { validation, setAside: [] };
    // In proceed mode only issues inside an event may be set aside; a broken document is refused whole.
    const documentIssues = validation.issues.filter((i) => validation.kind !== 'document' || !EVENT_POINTER.test(i.pointer));
    if (request.errorBehaviour === 'rollback' || documentIssues.length > 0 || validation.events.length === 0) {
      throw new CaptureProblem(
        400,
        'VALIDATION_FAILED',
        `the capture has ${String(validation.issues.length)} validation error(s); nothing was captured`,
        validation.issues,
      );
    }
    return { validation, setAside: validation.issues };
  }

  /** Party checks for every valid event (all refused together), then hash IDs; duplicates within the capture once. */
  private async authoriseAndHash(
    request: CaptureRequest,
    validation: EpcisValidation,
    registry: Pick<RegistryReads, 'findOrganisationOwningGln'>,
  ): Promise<{ hashId: string; event: Record<string, unknown> }[]> {
    const documentContext = validation.kind === 'document' ? (request.body as Record<string, unknown>)['@context'] : undefined;
    const parties = new PartyAuthorisation(registry, request.submitterMsp);
    const forbidden: ValidationIssue[] = [];
    const seen = new Set<string>();
    const accepted: { hashId: string; event: Record<string, unknown> }[] = [];
    for (const { pointer, event } of validation.events) {
      if (request.checkParties) forbidden.push(...(await parties.check(eventFacts(event), pointer)));
      // A document's @context declares the prefixes its events use: an event travels alone from
      // here on, so it carries that context itself, and its hash ID is computed on exactly that.
      const standalone = withContext(event, documentContext);
      const hashId = eventHashId(standalone);
      if (seen.has(hashId)) continue;
      seen.add(hashId);
      accepted.push({ hashId, event: standalone });
    }
    if (forbidden.length > 0) {
      throw new CaptureProblem(
        403,
        'FORBIDDEN_PARTY',
        `${String(forbidden.length)} location(s) or part(ies) do not belong to ${request.submitterMsp}; nothing was captured`,
        forbidden,
      );
    }
    return accepted;
  }

  /** The job and its pending events, before anything is published. Returns true when this retries a failed job. */
  private async record(
    request: CaptureRequest,
    captureId: string,
    messages: readonly CapturedEventMessage[],
    setAside: readonly ValidationIssue[],
    log: Logger,
  ): Promise<boolean> {
    try {
      const retried = request.captureId !== undefined && (await this.store.getCaptureJob(captureId))?.status === 'failed';
      await this.store.recordCapture(
        {
          id: captureId,
          submitterMsp: request.submitterMsp,
          errorBehaviour: request.errorBehaviour,
          hashIds: messages.map((m) => m.hashId),
          ...(setAside.length === 0 ? {} : { errors: setAside as unknown as JsonValue }),
        },
        messages.map((m) => projectCapturedEvent(m).record),
      );
      return retried;
    } catch (error: unknown) {
      log.error({ err: error }, 'recording the capture in the store failed');
      throw new CaptureProblem(503, 'CAPTURE_UNAVAILABLE', 'the capture could not be recorded; nothing was accepted, try again');
    }
  }

  /** Resolves once the bus holds every event durably; otherwise marks the job failed and throws 503. */
  private async publish(
    captureId: string,
    messages: readonly CapturedEventMessage[],
    setAside: readonly ValidationIssue[],
    log: Logger,
  ): Promise<void> {
    if (messages.length === 0) return;
    try {
      await this.bus.publish(TOPICS.events, messages.map(encodeCapturedEvent));
    } catch (error: unknown) {
      log.error({ err: error }, 'publishing the capture to the bus failed');
      const errors = [
        ...setAside,
        {
          pointer: '',
          code: 'BUS_UNAVAILABLE',
          message: 'the events could not be written to the event log',
          expected: 'a retry of the capture',
        },
      ];
      await this.store
        .updateCaptureJob(captureId, { status: 'failed', errors: errors as unknown as JsonValue, finishedAt: this.now().toISOString() })
        .catch((e: unknown) => {
          log.error({ err: e }, 'marking the capture job failed did not work either');
        });
      throw new CaptureProblem(
        503,
        'CAPTURE_UNAVAILABLE',
        'the events could not be written to the event log; nothing was accepted, try again',
        [],
        { captureID: captureId },
      );
    }
  }
}

/** Where a captured event is served (the gateway's EPCIS query binding). */
export function eventLocation(hashId: string): string {
  return `/epcis/events/${encodeURIComponent(hashId)}`;
}

function withContext(event: EpcisEvent, context: unknown): Record<string, unknown> {
  const record = event as unknown as Record<string, unknown>;
  if (context === undefined || '@context' in record) return record;
  return { '@context': context, ...record };
}

function kindIssues(issues: readonly ValidationIssue[], expected: string): ValidationIssue[] {
  return issues.length > 0
    ? [...issues]
    : [{ pointer: '/type', code: 'WRONG_KIND', message: 'the body is a different kind of EPCIS object', expected }];
}

function countEvents(body: unknown): number {
  if (typeof body !== 'object' || body === null) return 1;
  const epcisBody = (body as Record<string, unknown>)['epcisBody'];
  if (typeof epcisBody !== 'object' || epcisBody === null) return 1;
  return listLength(epcisBody as Record<string, unknown>);
}

function listLength(epcisBody: Record<string, unknown>): number {
  const list =
    epcisBody['eventList'] ??
    ((epcisBody['queryResults'] as Record<string, unknown> | undefined)?.['resultsBody'] as Record<string, unknown> | undefined)?.[
      'eventList'
    ];
  return Array.isArray(list) ? list.length : 0;
}
