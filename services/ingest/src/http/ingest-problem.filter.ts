import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { PROBLEM_CONTENT_TYPE, problemFor, type Logger, type ProblemDetails } from '@lotledger/platform';
import { CaptureProblem } from '../capture/capture.problem.js';

/**
 * Fastify rejects some requests before any Nest handler runs (body too large, media type without a
 * parser, bad Content-Length). Those errors carry a 4xx `statusCode` and an FST_ code; this turns
 * them into coded HttpExceptions so the platform mapping answers them as the right problem.
 */
export function normaliseHttpError(error: unknown): unknown {
  if (error instanceof CaptureProblem || !(error instanceof Error)) return error;
  let statusCode: unknown;
  let code: unknown;
  if (error instanceof HttpException) {
    // Nest wraps Fastify's errors in a plain HttpException: only those lack a `code` of their own.
    const body = error.getResponse();
    if (typeof body === 'object' && typeof (body as { code?: unknown }).code === 'string') return error;
    statusCode = error.getStatus();
  } else {
    statusCode = (error as { statusCode?: unknown }).statusCode;
    code = (error as { code?: unknown }).code;
  }
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode > 499) return error;
  if (statusCode === 413)
    return new CaptureProblem(413, 'PAYLOAD_TOO_LARGE', 'the body is larger than GS1-EPCIS-Capture-File-Size-Limit bytes');
  if (statusCode === 415) return new CaptureProblem(415, 'UNSUPPORTED_MEDIA_TYPE', 'send application/json or application/ld+json');
  if (error instanceof HttpException) return error;
  return new HttpException({ code: typeof code === 'string' ? code : `HTTP_${String(statusCode)}`, message: error.message }, statusCode);
}

interface ReplyLike {
  status(code: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  send(body: string): unknown;
}

/** Answers every error as application/problem+json (RFC 9457), using the platform's mapping. */
@Catch()
export class IngestProblemFilter implements ExceptionFilter {
  constructor(private readonly logger?: Logger) {}

  catch(error: unknown, host: ArgumentsHost): unknown {
    // Installed globally, it also sees GraphQL resolver errors (the composed app): those have no HTTP
    // reply to write to, and handing the error back lets the GraphQL driver answer it with its code.
    if (host.getType() !== 'http') return error;
    const http = host.switchToHttp();
    const request = http.getRequest<{ url?: string }>();
    const problem: ProblemDetails = problemFor(normaliseHttpError(error), request.url === undefined ? {} : { instance: request.url });
    if (problem.status >= 500) this.logger?.error({ err: error, problem }, 'request failed');
    http.getResponse<ReplyLike>().status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
    return undefined;
  }
}
