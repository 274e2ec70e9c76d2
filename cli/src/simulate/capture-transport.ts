import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export interface TransportRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface TransportReply {
  readonly status: number;
  readonly location: string | undefined;
  /** Seconds, from a 429's Retry-After. */
  readonly retryAfter?: number;
  readonly body: string;
}

/** How the simulator reaches a lotledger: over HTTP, or in-process for the demo and the tests. */
export interface CaptureTransport {
  send(request: TransportRequest): Promise<TransportReply>;
}

/** A running lotledger at `baseUrl` (e.g. http://127.0.0.1:8080). */
export function httpTransport(baseUrl: string): CaptureTransport {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    async send(request) {
      const response = await fetch(`${base}${request.path}`, {
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
      });
      const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
      return {
        status: response.status,
        location: response.headers.get('location') ?? undefined,
        ...(Number.isFinite(retryAfter) ? { retryAfter } : {}),
        body: await response.text(),
      };
    },
  };
}

/** The composed app in this process (Fastify inject: the same routes, guards and pipeline, no socket). */
export function injectTransport(app: NestFastifyApplication): CaptureTransport {
  return {
    async send(request) {
      const reply = await app.inject({
        method: request.method,
        url: request.path,
        headers: request.headers,
        ...(request.body === undefined ? {} : { payload: request.body }),
      });
      const location = reply.headers.location;
      const retryAfter = Number(reply.headers['retry-after'] ?? Number.NaN);
      return {
        status: reply.statusCode,
        location: typeof location === 'string' ? location : undefined,
        ...(Number.isFinite(retryAfter) ? { retryAfter } : {}),
        body: reply.body,
      };
    },
  };
}
