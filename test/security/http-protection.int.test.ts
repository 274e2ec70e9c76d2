import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadInputWorld, type Reply } from '../bad-input/bad-input-world.js';
import { GTIN, OTHER_ORG, SUBMITTER } from '../bad-input/corpus/epcis-fixtures.js';

const LIMIT = 5;

/**
 * Rate limits per client and security headers on the composed app, configured through the platform
 * configuration (RATE_LIMIT_MAX, RATE_LIMIT_WINDOW_MS; AUTH_ISSUER https → HSTS).
 */
describe('the HTTP surface under abuse', () => {
  let world: BadInputWorld;

  beforeAll(async () => {
    world = await BadInputWorld.open({
      RATE_LIMIT_MAX: String(LIMIT),
      RATE_LIMIT_WINDOW_MS: '600000',
      AUTH_ISSUER: 'https://trace.example.com',
    });
  });

  afterAll(async () => {
    await world.close();
  });

  // Each test speaks from its own address, so one test's spent allowance does not answer another's requests.
  let address = 0;
  const nextAddress = (): string => `10.0.${String(++address >> 8)}.${String(address & 255)}`;
  let from = nextAddress();
  const get = (url: string, headers: Record<string, string> = {}): Promise<Reply> =>
    world.app.inject({ method: 'GET', url, headers, remoteAddress: from });
  const post = (url: string, payload: string, headers: Record<string, string>): Promise<Reply> =>
    world.app.inject({ method: 'POST', url, payload, headers, remoteAddress: from });

  function expectRateLimited(reply: Reply): void {
    expect(reply.statusCode, reply.body).toBe(429);
    expect(String(reply.headers['content-type'])).toContain('application/problem+json');
    expect(JSON.parse(reply.body)).toMatchObject({ status: 429, code: 'RATE_LIMITED', type: 'urn:lotledger:problem:rate-limited' });
    const retryAfter = Number(reply.headers['retry-after']);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 600).toBe(true);
  }

  describe('rate limits per client', () => {
    it('answers an anonymous client 429 problem+json with Retry-After once its allowance is spent, counting down RateLimit-Remaining', async () => {
      const remaining: string[] = [];
      for (let i = 0; i < LIMIT; i++) {
        const reply = await get('/epcis/events');
        expect(reply.statusCode).toBe(200);
        remaining.push(String(reply.headers['ratelimit-remaining']));
      }
      expect(remaining).toEqual(['4', '3', '2', '1', '0']);
      expectRateLimited(await get('/epcis/events'));
      expectRateLimited(await get(`/01/${GTIN}/21/X1`, { accept: 'application/json' }));
    });

    it('gives each token subject its own allowance, apart from the IP it comes from', async () => {
      from = nextAddress();
      const tokenA = await world.supplierToken(SUBMITTER.mspId);
      for (let i = 0; i < LIMIT; i++) expect((await get('/epcis/events', { authorization: `Bearer ${tokenA}` })).statusCode).toBe(200);
      expectRateLimited(await get('/epcis/events', { authorization: `Bearer ${tokenA}` }));
      // Another organisation's client is not held back by A's traffic.
      const tokenB = await world.supplierToken(OTHER_ORG.mspId);
      expect((await get('/epcis/events', { authorization: `Bearer ${tokenB}` })).statusCode).toBe(200);
    });

    it('does not give a made-up token a fresh allowance: it counts against the IP', async () => {
      from = '10.0.0.1';
      expectRateLimited(await get('/epcis/events', { authorization: 'Bearer eyJhbGciOiJFUzI1NiJ9.e30.c2ln' }));
    });

    it('never limits the health and readiness probes', async () => {
      from = '10.0.0.1';
      for (let i = 0; i < LIMIT + 2; i++) expect((await get('/health')).statusCode).toBe(200);
      expect((await get('/ready')).statusCode).toBe(200);
    });
  });

  describe('security headers on every answer', () => {
    // A subject of its own: SUBMITTER's allowance is spent by the tests above.
    const token = (): Promise<string> => world.supplierToken('HeadersTestMSP');
    const answers: readonly (readonly [string, () => Promise<Reply>])[] = [
      ['the health probe', () => get('/health')],
      ['a 404', () => get('/no/such/route')],
      ['a 401 problem on capture', () => post('/epcis/capture', '{}', { 'content-type': 'application/json' })],
      [
        'a 400 problem from the body parser',
        async () => post('/epcis/capture', '{', { 'content-type': 'application/json', authorization: `Bearer ${await token()}` }),
      ],
      ['a GraphQL answer', () => post('/graphql', '{"query":"{ __typename }"}', { 'content-type': 'application/json' })],
      [
        'a 429',
        async () => {
          for (let i = 0; i < LIMIT; i++) await get('/epcis/events');
          return get('/epcis/events');
        },
      ],
      ['the consumer page', () => get(`/01/${GTIN}/21/X1`, { accept: 'text/html' })],
      ['the JWKS', () => get('/.well-known/jwks.json')],
    ];

    it.each(answers)('sets nosniff, no-referrer, no framing and HSTS on %s', async (what, request) => {
      from = nextAddress();
      const reply = await request();
      // Each answer is the one named, not a 429 (except where that is the point).
      if (!what.includes('429')) expect(reply.statusCode).not.toBe(429);
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
      expect(reply.headers['referrer-policy']).toBe('no-referrer');
      expect(reply.headers['x-frame-options']).toBe('DENY');
      expect(String(reply.headers['content-security-policy'])).toMatch(/frame-ancestors 'none'/);
      expect(String(reply.headers['content-security-policy'])).toMatch(/default-src 'none'/);
      // Served over https (AUTH_ISSUER): HSTS, without includeSubDomains or preload, which an operator opts into.
      expect(reply.headers['strict-transport-security']).toBe('max-age=31536000');
    });

    it("keeps the consumer page's own CSP (styles from this origin, images over https) rather than the API one", async () => {
      from = nextAddress();
      const page = await get(`/01/${GTIN}/21/X1`, { accept: 'text/html' });
      expect(String(page.headers['content-security-policy'])).toMatch(/style-src 'self'/);
      expect(String(page.headers['content-security-policy'])).not.toMatch(/script-src/);
    });
  });
});
