import { HttpException } from '@nestjs/common';
import type { ValidationIssue } from '@lotledger/domain';

export type CaptureProblemCode =
  | 'INVALID_JSON'
  | 'VALIDATION_FAILED'
  | 'FORBIDDEN_PARTY'
  | 'EVENT_EXISTS'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_MANY_EVENTS'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'INVALID_HEADER'
  | 'NOT_FOUND'
  | 'CAPTURE_UNAVAILABLE'
  | 'INGEST_NOT_CONFIGURED';

/**
 * A capture failure the caller can act on, with every issue. An HttpException whose body is
 * `{code, message, errors}`, which the platform's problem+json mapping turns into RFC 9457 details.
 */
export class CaptureProblem extends HttpException {
  override readonly name = 'CaptureProblem';

  constructor(
    status: number,
    readonly code: CaptureProblemCode,
    message: string,
    readonly issues: readonly ValidationIssue[] = [],
    extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super({ ...extensions, code, message, ...(issues.length > 0 ? { errors: issues } : {}) }, status);
  }

  /** Client errors go to the DLQ on the Kafka path; server errors are retried. */
  get isClientError(): boolean {
    return this.getStatus() < 500;
  }
}
