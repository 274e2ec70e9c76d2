import type { TokenVerifierPort } from './token.verifier.js';

/** The little of an HTTP request the protection reads (Fastify's request satisfies it). */
export interface ProtectedRequest {
  readonly url: string;
  readonly method: string;
  readonly ip: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** The little of an HTTP reply the protection writes (Fastify's reply satisfies it). */
export interface ProtectedReply {
  hasHeader(name: string): boolean;
  header(name: string, value: string): unknown;
  code(statusCode: number): unknown;
  send(payload: string): unknown;
}

export interface HttpProtectionOptions {
  /** Requests per client per window; 0 turns the limit off (RATE_LIMIT_MAX). */
  readonly max: number;
  /** RATE_LIMIT_WINDOW_MS. */
  readonly windowMs: number;
  /** Verifies bearer tokens, so that a client is its token's subject (and a forged token is only an IP). */
  readonly verifier?: TokenVerifierPort;
  /** Send Strict-Transport-Security: only when the service is served over HTTPS (PUBLIC_BASE_URL https://). */
  readonly hsts: boolean;
  /** Clients tracked at most; the oldest windows are dropped first (bounded memory under a spray of IPs). */
  readonly maxClients?: number;
  /** Clock (epoch ms) for tests. */
  readonly now?: () => number;
}

/**
 * Headers every answer carries unless its route set its own (the consumer page sets a CSP for its
 * HTML): no MIME sniffing, no referrer, never framed, and a CSP under which a JSON or problem answer
 * opened in a browser can run and load nothing.
 */
export const BASELINE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'Cross-Origin-Resource-Policy': 'same-site',
};

/**
 * HSTS for a year, without includeSubDomains or preload: those bind every subdomain (or the browser
 * vendors' lists) and cannot be taken back quickly, so they are an operator's decision, not a default.
 */
export const HSTS_VALUE = 'max-age=31536000';

const PROBLEM_CONTENT_TYPE = 'application/problem+json';
/** Probes and scrapes are never limited: a limited /ready would take an instance out of service. */
const EXEMPT = /^\/(health|ready|metrics)(\/|\?|$)/;
const BEARER = /^Bearer[ \t]+([A-Za-z0-9._~+/-]+=*)[ \t]*$/i;

interface Window {
  count: number;
  readonly resetAt: number;
}

/**
 * Per-client rate limiting and baseline security headers for the HTTP surface, as two Fastify hooks
 * (`onRequest`, `onSend`). A client is the subject of a token that verifies (issuer + sub), otherwise
 * its IP address: a made-up token does not buy a fresh allowance. Fixed windows per client; above
 * `max`, 429 problem+json with Retry-After and the RateLimit-* fields of draft-ietf-httpapi-ratelimit-headers.
 */
export class HttpProtection {
  readonly #windows = new Map<string, Window>();
  readonly #now: () => number;

  constructor(private readonly options: HttpProtectionOptions) {
    this.#now = options.now ?? Date.now;
  }

  /** The client a request is counted against. */
  async clientOf(request: ProtectedRequest): Promise<string> {
    const header = request.headers['authorization'];
    const bearer = BEARER.exec((Array.isArray(header) ? header[0] : header) ?? '');
    if (bearer !== null && this.options.verifier !== undefined) {
      try {
        const principal = await this.options.verifier.verify(bearer[1] ?? '');
        return `sub:${principal.issuer ?? ''} ${principal.subject ?? ''}`;
      } catch {
        // An invalid token: the guard answers 401; the request still counts against the IP.
      }
    }
    return `ip:${request.ip}`;
  }

  readonly onRequest = async (request: ProtectedRequest, reply: ProtectedReply): Promise<void> => {
    if (this.options.max <= 0 || request.method === 'OPTIONS' || EXEMPT.test(request.url)) return;
    const client = await this.clientOf(request);
    const now = this.#now();
    let window = this.#windows.get(client);
    if (window === undefined || window.resetAt <= now) {
      if (window !== undefined) this.#windows.delete(client);
      window = { count: 0, resetAt: now + this.options.windowMs };
      this.#evictIfFull(now);
      this.#windows.set(client, window);
    }
    window.count += 1;
    const resetSeconds = Math.max(1, Math.ceil((window.resetAt - now) / 1000));
    const remaining = Math.max(0, this.options.max - window.count);
    reply.header('RateLimit-Limit', String(this.options.max));
    reply.header('RateLimit-Remaining', String(remaining));
    reply.header('RateLimit-Reset', String(resetSeconds));
    if (window.count <= this.options.max) return;
    reply.header('Retry-After', String(resetSeconds));
    reply.header('Content-Type', PROBLEM_CONTENT_TYPE);
    reply.code(429);
    reply.send(
      JSON.stringify({
        type: 'urn:lotledger:problem:rate-limited',
        title: 'Too Many Requests',
        status: 429,
        detail: `more than ${String(this.options.max)} requests in ${String(this.options.windowMs / 1000)} s from this client; retry after ${String(resetSeconds)} s`,
        code: 'RATE_LIMITED',
        instance: request.url,
      }),
    );
  };

  readonly onSend = (_request: ProtectedRequest, reply: ProtectedReply, payload: unknown): Promise<unknown> => {
    for (const [name, value] of Object.entries(BASELINE_SECURITY_HEADERS)) if (!reply.hasHeader(name)) reply.header(name, value);
    if (this.options.hsts && !reply.hasHeader('Strict-Transport-Security')) reply.header('Strict-Transport-Security', HSTS_VALUE);
    return Promise.resolve(payload);
  };

  /** Drops expired windows, then the oldest ones, so the map never grows past maxClients. */
  #evictIfFull(now: number): void {
    const max = this.options.maxClients ?? 100_000;
    if (this.#windows.size < max) return;
    for (const [client, w] of this.#windows) if (w.resetAt <= now) this.#windows.delete(client);
    for (const client of this.#windows.keys()) {
      if (this.#windows.size < max) break;
      this.#windows.delete(client);
    }
  }
}
