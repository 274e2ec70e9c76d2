import { AUTH_RUNTIME, HttpProtection, type AuthRuntime } from '@lotledger/auth';
import { parseJson } from '@lotledger/domain';
import { APP_CONFIG, PROBLEM_CONTENT_TYPE, problemFor, type AppConfig } from '@lotledger/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { CaptureProblem } from '../capture/capture.problem.js';
import { captureHeaders } from './capture.headers.js';
import { normaliseHttpError } from './ingest-problem.filter.js';

/** The media types capture accepts (EPCIS 2.0 REST binding: JSON and JSON-LD). */
export const CAPTURE_MEDIA_TYPES = ['application/json', 'application/ld+json'] as const;

const STRICTLY_PARSED = new WeakSet<object>();

/** True when the request body went through the strict parser (the capture routes insist on it). */
export function wasParsedStrictly(request: object): boolean {
  return STRICTLY_PARSED.has(request);
}

export interface IngestHttpOptions {
  /** Largest body accepted, in bytes (CAPTURE_MAX_BYTES); larger bodies get 413 before they are read whole. */
  readonly maxBytes: number;
}

/**
 * Per-client rate limits (RATE_LIMIT_MAX per RATE_LIMIT_WINDOW_MS) and baseline security headers on every
 * answer of the application, from its configuration; clients are told apart by verified token subject.
 * HSTS only when the service says it is served over HTTPS (its token issuer URL is https).
 */
export function installHttpProtection(app: NestFastifyApplication): HttpProtection {
  const config = app.get<AppConfig>(APP_CONFIG);
  let auth: AuthRuntime | undefined;
  try {
    auth = app.get<AuthRuntime>(AUTH_RUNTIME, { strict: false });
  } catch {
    auth = undefined;
  }
  const protection = new HttpProtection({
    max: config.rateLimit.max,
    windowMs: config.rateLimit.windowMs,
    hsts: config.auth.issuer.startsWith('https://'),
    ...(auth === undefined ? {} : { verifier: auth.verifier }),
  });
  const instance = app.getHttpAdapter().getInstance();
  instance.addHook('onRequest', protection.onRequest);
  instance.addHook('onSend', protection.onSend);
  return protection;
}

/**
 * Installs the strict JSON parser for application/json and application/ld+json on the application:
 * duplicate keys and `__proto__` / `constructor` / `prototype` members are refused with their JSON
 * pointer (JSON.parse would silently keep the last duplicate), and so is invalid UTF-8. Call before
 * `app.init()`; it applies to every JSON route of the application, which is what every route wants.
 */
export function configureIngestHttp(app: NestFastifyApplication, options: IngestHttpOptions): void {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  app.useBodyParser(
    [...CAPTURE_MEDIA_TYPES],
    { bodyLimit: options.maxBytes },
    (request: FastifyRequest, body: Buffer, done: (error: Error | null, value?: unknown) => void) => {
      let text: string;
      try {
        text = decoder.decode(body);
      } catch {
        done(
          new CaptureProblem(400, 'INVALID_JSON', 'the body is not valid UTF-8', [
            { pointer: '', code: 'ENCODING', message: 'the body is not valid UTF-8', expected: 'UTF-8 encoded JSON (RFC 8259 §8.1)' },
          ]),
        );
        return;
      }
      const parsed = parseJson(text);
      if (!parsed.ok) {
        done(new CaptureProblem(400, 'INVALID_JSON', 'the body is not acceptable JSON', parsed.issues));
        return;
      }
      STRICTLY_PARSED.add(request);
      done(null, parsed.value);
    },
  );
  // Set before the body is read, so the limits are advertised on 413 and 415 answers as well.
  const headers = Object.entries(captureHeaders(options.maxBytes));
  const instance = app.getHttpAdapter().getInstance();
  instance.addHook('onRequest', (request, reply, done) => {
    if (/^\/epcis\/(capture|events)(\/|\?|$)/.test(request.url)) for (const [name, value] of headers) void reply.header(name, value);
    done();
  });
  // Errors raised before a Nest handler runs (this parser, 413 body too large, 415 no parser) reach the
  // instance's error handler, which another plugin may own: in the composed app (GraphQL on the same
  // Fastify) they were answered as Fastify's plain JSON. A route-level handler always wins, so every
  // route except GraphQL's (which answers GraphQL errors itself) answers them as problem+json.
  instance.addHook('onRoute', (route) => {
    if (route.url === '/graphql' || route.errorHandler !== undefined) return;
    route.errorHandler = (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const problem = problemFor(normaliseHttpError(error), { instance: request.url });
      void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
    };
  });
  installHttpProtection(app);
}
