import { describe, expect, it } from 'vitest';
import { AuthError } from './auth.error.js';
import { BASELINE_SECURITY_HEADERS, HSTS_VALUE, HttpProtection, type ProtectedReply, type ProtectedRequest } from './http-protection.js';
import type { TokenVerifierPort } from './token.verifier.js';

class FakeReply implements ProtectedReply {
  readonly headers = new Map<string, string>();
  status = 200;
  body: string | undefined;
  hasHeader(name: string): boolean {
    return this.headers.has(name.toLowerCase());
  }
  header(name: string, value: string): this {
    this.headers.set(name.toLowerCase(), value);
    return this;
  }
  code(statusCode: number): this {
    this.status = statusCode;
    return this;
  }
  send(payload: string): this {
    this.body = payload;
    return this;
  }
}

const request = (url: string, ip = '10.0.0.1', authorization?: string): ProtectedRequest => ({
  url,
  method: 'GET',
  ip,
  headers: authorization === undefined ? {} : { authorization },
});

// Tokens "good-<sub>" verify as that subject; anything else is refused like a forged token.
const verifier: TokenVerifierPort = {
  verify: (token) =>
    token.startsWith('good-')
      ? Promise.resolve({ role: 'supplier', subject: token.slice(5), org: 'A', issuer: 'https://i' })
      : Promise.reject(new AuthError(401, 'TOKEN_INVALID', 'no')),
};

describe('HttpProtection', () => {
  it('allows max requests per window, then answers 429 with Retry-After, and a new window starts afresh', async () => {
    let now = 1_000_000;
    const p = new HttpProtection({ max: 2, windowMs: 10_000, hsts: false, now: () => now });
    const replies = [new FakeReply(), new FakeReply(), new FakeReply()];
    for (const r of replies) await p.onRequest(request('/epcis/events'), r);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 429]);
    expect(replies[2]?.headers.get('retry-after')).toBe('10');
    expect(JSON.parse(replies[2]?.body ?? '{}')).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    now += 4_000;
    const later = new FakeReply();
    await p.onRequest(request('/epcis/events'), later);
    expect([later.status, later.headers.get('retry-after')]).toEqual([429, '6']);
    now += 6_000;
    const fresh = new FakeReply();
    await p.onRequest(request('/epcis/events'), fresh);
    expect(fresh.status).toBe(200);
  });

  it('counts a verified token against its subject and a forged one against the IP', async () => {
    const p = new HttpProtection({ max: 5, windowMs: 60_000, hsts: false, verifier });
    expect(await p.clientOf(request('/x', '10.0.0.9', 'Bearer good-alice'))).toBe('sub:https://i alice');
    expect(await p.clientOf(request('/x', '10.0.0.9', 'Bearer forged'))).toBe('ip:10.0.0.9');
    expect(await p.clientOf(request('/x', '10.0.0.9'))).toBe('ip:10.0.0.9');
  });

  it('never limits probes or preflights, and is off with max 0', async () => {
    const p = new HttpProtection({ max: 1, windowMs: 60_000, hsts: false });
    for (const url of ['/health', '/ready', '/metrics', '/health', '/ready']) {
      const r = new FakeReply();
      await p.onRequest(request(url), r);
      expect(r.status).toBe(200);
    }
    const off = new HttpProtection({ max: 0, windowMs: 60_000, hsts: false });
    for (let i = 0; i < 10; i++) {
      const r = new FakeReply();
      await off.onRequest(request('/epcis/events'), r);
      expect(r.status).toBe(200);
    }
  });

  it('keeps at most maxClients windows under a spray of addresses', async () => {
    const p = new HttpProtection({ max: 1, windowMs: 60_000, hsts: false, maxClients: 100 });
    for (let i = 0; i < 1000; i++) await p.onRequest(request('/x', `10.1.${String(i >> 8)}.${String(i & 255)}`), new FakeReply());
    // The first address was forgotten (evicted), so it is allowed again rather than the map growing.
    const first = new FakeReply();
    await p.onRequest(request('/x', '10.1.0.0'), first);
    expect(first.status).toBe(200);
  });

  it('adds the baseline headers without overriding a route’s own, and HSTS only when served over https', async () => {
    const plain = new HttpProtection({ max: 0, windowMs: 1000, hsts: false });
    const own = new FakeReply().header('Content-Security-Policy', "default-src 'self'");
    await plain.onSend(request('/'), own, 'x');
    expect(own.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(own.headers.get('x-content-type-options')).toBe(BASELINE_SECURITY_HEADERS['X-Content-Type-Options']);
    expect(own.headers.has('strict-transport-security')).toBe(false);
    const secure = new HttpProtection({ max: 0, windowMs: 1000, hsts: true });
    const r = new FakeReply();
    expect(await secure.onSend(request('/'), r, 'payload')).toBe('payload');
    expect(r.headers.get('strict-transport-security')).toBe(HSTS_VALUE);
    expect(HSTS_VALUE).not.toMatch(/includeSubDomains|preload/);
  });
});
