import { parseJson } from '@lotledger/domain';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { CaptureProblem } from '../capture/capture.problem.js';
import { captureHeaders } from './capture.headers.js';

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
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      if (/^\/epcis\/(capture|events)(\/|\?|$)/.test(request.url)) for (const [name, value] of headers) void reply.header(name, value);
      done();
    });
}
