import type { CaptureErrorBehaviour } from '@lotledger/store';

/**
 * What the gateway needs of the ingest service's capture use case: the port, not ingest's classes.
 * The token is ingest's CAPTURE_SERVICE (a registered symbol, so both name the same provider without
 * either package importing the other); `lotledger start` composes IngestModule, which provides it
 * globally. The gateway alone has no capture and says so.
 */
export const EVENT_CAPTURE = Symbol.for('lotledger.ingest.CAPTURE_SERVICE');

export interface CaptureIssue {
  readonly pointer: string;
  readonly code: string;
  readonly message: string;
  readonly expected: string;
}

export interface EventCaptureRequest {
  readonly body: unknown;
  readonly submitterMsp: string;
  readonly errorBehaviour: CaptureErrorBehaviour;
  readonly expect: 'document';
  readonly channel: 'rest';
  readonly checkParties: boolean;
}

export interface EventCaptureOutcome {
  readonly captureId: string;
  readonly hashIds: readonly string[];
  readonly errors: readonly CaptureIssue[];
}

export interface EventCapturePort {
  capture(request: EventCaptureRequest): Promise<EventCaptureOutcome>;
}
