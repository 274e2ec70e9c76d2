import { HEADERS } from '@lotledger/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadInputWorld, type Reply } from './bad-input-world.js';
import { badInputCorpus, countByCategory, type BadInputCase } from './corpus/index.js';

type CaseOf<T extends BadInputCase['transport']> = Extract<BadInputCase, { transport: T }>;

interface ProblemBody {
  readonly type?: string;
  readonly status?: number;
  readonly code?: string;
  readonly errors?: readonly { readonly pointer?: string; readonly code?: string; readonly parameter?: string }[];
}

const PROBLEM = 'application/problem+json';
// The corpus is built for the default CAPTURE_MAX_BYTES (5 MiB), which is what the app runs with here.
const CORPUS = badInputCorpus(5_242_880);
const byTransport = <T extends BadInputCase['transport']>(t: T): CaseOf<T>[] => CORPUS.filter((c): c is CaseOf<T> => c.transport === t);

function problemOf(reply: Reply): ProblemBody {
  expect(String(reply.headers['content-type']), reply.body.slice(0, 2000)).toContain(PROBLEM);
  return JSON.parse(reply.body) as ProblemBody;
}

function expectNoHeaderInjection(reply: Reply): void {
  for (const [name, value] of Object.entries(reply.headers)) {
    expect(name.toLowerCase()).not.toBe('set-cookie');
    expect(String(value)).not.toMatch(/[\r\n]/);
  }
}

/**
 * The bad-input corpus (issue 8 §2) against the composed app: every case gets its precise refusal, the
 * service stays up after each group (health, readiness and a canary event anchored), and nothing of a
 * refused input is stored (event count in the read model and on the ledger grows by the canaries only).
 */
describe('the bad-input corpus', () => {
  let world: BadInputWorld;
  let storedBefore = 0;
  let ledgerBefore = 0;
  let canaries = 0;

  beforeAll(async () => {
    world = await BadInputWorld.open();
    await world.canary(240_000);
    canaries = 1;
    storedBefore = await world.storedEventCount();
    ledgerBefore = await world.ledgerEventCount();
  });

  afterAll(async () => {
    await world.close();
  });

  async function expectUpAndNothingStored(): Promise<void> {
    await world.canary();
    canaries += 1;
    expect(await world.storedEventCount()).toBe(storedBefore + canaries - 1);
    expect(await world.ledgerEventCount()).toBe(ledgerBefore + canaries - 1);
  }

  it('holds at least 300 cases, every name unique, in every category of the issue', () => {
    // The figures docs/RELIABILITY.md reports.
    process.stdout.write(`bad-input corpus: ${String(CORPUS.length)} cases ${JSON.stringify(countByCategory(CORPUS))}\n`);
    expect(CORPUS.length).toBeGreaterThanOrEqual(300);
    expect(new Set(CORPUS.map((c) => c.name)).size).toBe(CORPUS.length);
    expect(Object.keys(countByCategory(CORPUS)).sort()).toEqual(
      [
        'check-digit',
        'deep-nesting',
        'duplicate-key',
        'future-event',
        'graphql-limits',
        'impossible-time',
        'kafka-garbage',
        'malformed-json',
        'missing-required',
        'oversized',
        'prototype-key',
        'query-injection',
        'unicode-confusable',
        'unknown-vocabulary',
        'wrong-type',
      ].sort(),
    );
  });

  describe.each([['rest-capture' as const], ['rest-events' as const]])('over %s', (transport) => {
    it.each(byTransport(transport).map((c) => [c.name, c] as const))('refuses %s precisely', async (_, c) => {
      const reply = await world.post(transport === 'rest-capture' ? '/epcis/capture' : '/epcis/events', c.body, c.contentType);
      expect(reply.statusCode, reply.body.slice(0, 2000)).toBe(c.expect.status);
      const problem = problemOf(reply);
      expect(problem.code, reply.body.slice(0, 2000)).toBe(c.expect.code);
      expect(problem.type).toMatch(/\S/);
      // A refusal creates no capture job: nothing to poll, nothing half-captured.
      expect(reply.headers['location']).toBeUndefined();
      const errors = problem.errors ?? [];
      if (c.expect.pointer !== undefined)
        expect(
          errors.some((e) => e.pointer === c.expect.pointer && (c.expect.issueCode === undefined || e.code === c.expect.issueCode)),
          `no issue at ${c.expect.pointer}${c.expect.issueCode === undefined ? '' : ` (${c.expect.issueCode})`}: ${reply.body.slice(0, 2000)}`,
        ).toBe(true);
      else if (c.expect.issueCode !== undefined)
        expect(
          errors.map((e) => e.code),
          reply.body.slice(0, 2000),
        ).toContain(c.expect.issueCode);
    });

    it('stays up and stores nothing of what it refused', expectUpAndNothingStored, 180_000);
  });

  describe('over the EPCIS query (GET /epcis/events)', () => {
    it.each(byTransport('rest-query').map((c) => [c.name, c] as const))('answers %s precisely', async (_, c) => {
      const reply = await world.get(`/epcis/events?${c.query}`);
      expectNoHeaderInjection(reply);
      expect(reply.statusCode, reply.body.slice(0, 2000)).toBe(c.expect.status);
      const expected = c.expect;
      if ('events' in expected) {
        const body = JSON.parse(reply.body) as { epcisBody: { queryResults: { resultsBody: { eventList: unknown[] } } } };
        expect(body.epcisBody.queryResults.resultsBody.eventList).toHaveLength(expected.events);
        return;
      }
      const problem = problemOf(reply);
      expect(problem.code).toBe(expected.code);
      if (expected.parameter !== undefined)
        expect(
          (problem.errors ?? []).map((e) => e.parameter),
          reply.body.slice(0, 2000),
        ).toContain(expected.parameter);
    });

    it('stays up and stores nothing', expectUpAndNothingStored, 180_000);
  });

  describe('over GraphQL', () => {
    it.each(byTransport('graphql').map((c) => [c.name, c] as const))('answers %s with its error code', async (_, c) => {
      const reply = await world.graphql(c.query, c.variables);
      expect(reply.statusCode, reply.body.slice(0, 2000)).toBeLessThan(500);
      const body = JSON.parse(reply.body) as { data?: unknown; errors?: readonly { message?: string; extensions?: { code?: string } }[] };
      // Refused whole: no partial data next to the error.
      expect(body.data ?? null).toBeNull();
      if ('errorCode' in c.expect) expect(body.errors?.[0]?.extensions?.code, reply.body.slice(0, 2000)).toBe(c.expect.errorCode);
      else expect(body.errors?.[0]?.message ?? '').toMatch(c.expect.message);
    });

    it('stays up and stores nothing', expectUpAndNothingStored, 180_000);
  });

  describe('over the Kafka intake (lotledger.events.raw)', () => {
    const cases = byTransport('kafka');
    let dlq: Map<string, { headers: Readonly<Record<string, string>> }>;

    beforeAll(async () => {
      const messages = await Promise.all(
        cases.map(async (c, i) => ({
          key: `${world.runId}-${String(i)}`,
          value: await c.message(world.signer),
          ...(c.headers === undefined ? {} : { headers: c.headers }),
        })),
      );
      dlq = await world.intake(messages);
    }, 300_000);

    it.each(cases.map((c, i) => [c.name, c, i] as const))('sends %s to the DLQ with its reason', (_, c, i) => {
      const dead = dlq.get(`${world.runId}-${String(i)}`);
      expect(dead, 'not in lotledger.dlq').toBeDefined();
      const headers = dead?.headers ?? {};
      expect(headers[HEADERS.errorCode]).toBe(c.expect.code);
      expect(headers[HEADERS.errorSource]).toBe('ingest');
      const issues = JSON.parse(headers[HEADERS.errorReason] ?? '[]') as { pointer: string; code: string }[];
      expect(issues.length).toBeGreaterThan(0);
      if (c.expect.pointer !== undefined)
        expect(
          issues.map((e) => e.pointer),
          headers[HEADERS.errorReason],
        ).toContain(c.expect.pointer);
      if (c.expect.issueCode !== undefined) expect(issues.map((e) => e.code)).toContain(c.expect.issueCode);
    });

    it('stays up and stores nothing', expectUpAndNothingStored, 180_000);
  });
});
