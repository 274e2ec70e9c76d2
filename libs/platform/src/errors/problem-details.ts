import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { ValidationIssue } from '@lotledger/domain';

/** RFC 9457 problem details, plus lotledger's `code` and, for validation failures, every issue. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly code: string;
  readonly errors?: readonly ValidationIssue[];
  readonly [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Status for each coded error the services raise; codes not listed are 400 for domain errors, 500 otherwise. */
export const DEFAULT_STATUS_BY_CODE: Readonly<Record<string, number>> = {
  VALIDATION_FAILED: 400,
  INVALID_ARGUMENT: 400,
  INVALID_JSON: 400,
  UNAUTHENTICATED: 401,
  INVALID_TOKEN: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  EVENT_EXISTS: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  LEDGER_REJECTED: 422,
  MERKLE_ROOT_MISMATCH: 422,
  LEDGER_UNAVAILABLE: 503,
  LEDGER_TIMEOUT: 503,
  LEDGER_CONFLICT: 503,
  IO: 503,
  CLOSED: 503,
  LEDGER_CORRUPT: 500,
  LEDGER_CONFIG: 500,
  CONFIG_INVALID: 500,
};

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

function field(error: object, key: string): unknown {
  return (error as Record<string, unknown>)[key];
}

function issuesOf(error: object): readonly ValidationIssue[] | undefined {
  const issues = field(error, 'issues');
  return Array.isArray(issues) && issues.length > 0 ? (issues as ValidationIssue[]) : undefined;
}

export function problemType(code: string): string {
  return `urn:lotledger:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

/**
 * Maps any thrown value to problem details. Coded errors (DomainError, LedgerError, BusError, or
 * anything with a string `code`) keep their code and message; Nest HttpExceptions keep their status;
 * anything else becomes a 500 whose detail leaks nothing.
 */
export function problemFor(
  error: unknown,
  options: { readonly instance?: string; readonly statusByCode?: Readonly<Record<string, number>> } = {},
): ProblemDetails {
  const statusByCode = { ...DEFAULT_STATUS_BY_CODE, ...options.statusByCode };
  const instance = options.instance === undefined ? {} : { instance: options.instance };
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const body = typeof response === 'object' ? (response as Record<string, unknown>) : {};
    const code = typeof body['code'] === 'string' ? body['code'] : `HTTP_${String(status)}`;
    const errors = issuesOf(body) ?? (Array.isArray(body['errors']) ? (body['errors'] as ValidationIssue[]) : undefined);
    // Other fields of an object body (e.g. readiness `checks`) ride along as extension members.
    const reserved = new Set(['message', 'statusCode', 'error', 'code', 'errors', 'issues']);
    const extensions = Object.fromEntries(Object.entries(body).filter(([key]) => !reserved.has(key)));
    return {
      ...extensions,
      type: problemType(code),
      title: TITLES[status] ?? 'Error',
      status,
      detail: error.message,
      code,
      ...instance,
      ...(errors === undefined ? {} : { errors }),
    };
  }
  if (typeof error === 'object' && error !== null && typeof field(error, 'code') === 'string' && error instanceof Error) {
    const code = field(error, 'code') as string;
    const isDomain = error.name === 'DomainError' || issuesOf(error) !== undefined;
    const status = statusByCode[code] ?? (isDomain ? 400 : 500);
    const errors = issuesOf(error);
    return {
      type: problemType(code),
      title: TITLES[status] ?? 'Error',
      status,
      // A 5xx says what failed only by code: internals stay in the logs.
      detail: status >= 500 && statusByCode[code] === undefined ? 'internal error' : error.message,
      code,
      ...instance,
      ...(errors === undefined ? {} : { errors }),
    };
  }
  return {
    type: problemType('INTERNAL'),
    title: TITLES[500] ?? 'Error',
    status: 500,
    detail: 'internal error',
    code: 'INTERNAL',
    ...instance,
  };
}

/** The little of a Fastify/Express reply and request the filter needs (no framework types). */
interface ReplyLike {
  status(code: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  send(body: string): unknown;
}

/** A Nest exception filter that answers every error as application/problem+json. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly onServerError?: (error: unknown, problem: ProblemDetails) => void) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<{ url?: string }>();
    const problem = problemFor(error, request.url === undefined ? {} : { instance: request.url });
    if (problem.status >= 500) this.onServerError?.(error, problem);
    http.getResponse<ReplyLike>().status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}
