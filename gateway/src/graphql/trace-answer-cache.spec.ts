import { describe, expect, it } from 'vitest';
import type { GraphQLSchema } from 'graphql';
import type { Principal, TokenVerifierPort } from '@lotledger/auth';
import type { TraceResult } from '@lotledger/store';
import type { TraceCache } from '../provenance/trace-cache.js';
import { graphqlRuntime } from './graphql-runtime.js';
import { pureTraceQuery, TraceAnswerCache } from './trace-answer-cache.js';

/** The trace part of the schema, with resolvers where the gateway has them (a root field, a @ResolveField). */
function traceSchema(): GraphQLSchema {
  const schema = graphqlRuntime.buildSchema(`
    type Product { name: String }
    type ObjectState { id: String! status: String custodianMsp: String product: Product }
    type TraceNode { id: String! visible: Boolean! object: ObjectState }
    type Event { hashId: String! }
    type TraceEdge { parentId: String! childId: String! event: Event }
    type Trace { root: String! nodes: [TraceNode!]! edges: [TraceEdge!]! }
    type Query { trace(id: String!): Trace product(gtin: String!): Product }
    type Mutation { recall(id: String!): ObjectState }
  `);
  const resolver = (): null => null;
  const fields = (name: string) => (schema.getType(name) as unknown as { getFields(): Record<string, { resolve?: unknown }> }).getFields();
  for (const [type, field] of [
    ['Query', 'trace'],
    ['Query', 'product'],
    ['ObjectState', 'product'],
    ['TraceEdge', 'event'],
    ['Mutation', 'recall'],
  ] as const) {
    const f = fields(type)[field];
    if (f !== undefined) f.resolve = resolver;
  }
  return schema;
}

const TRACE = `query T($id: String!) { trace(id: $id) { root nodes { id visible object { id status custodianMsp } } edges { parentId childId } } }`;

describe('pureTraceQuery', () => {
  const schema = traceSchema();

  it('accepts trace queries that read only plain fields, with aliases, fragments and __typename', () => {
    expect(pureTraceQuery(TRACE, schema)).toBe(true);
    expect(
      pureTraceQuery('{ a: trace(id: "x") { root } b: trace(id: "y") { __typename ...N } } fragment N on Trace { nodes { id } }', schema),
    ).toBe(true);
  });

  it('refuses anything whose answer could depend on more than the walks', () => {
    for (const query of [
      '{ trace(id: "x") { nodes { object { product { name } } } } }', // a @ResolveField reads the registry
      '{ trace(id: "x") { edges { event { hashId } } } }', // reads events
      '{ trace(id: "x") { root } product(gtin: "1") { name } }', // another root field
      'mutation { recall(id: "x") { id } }',
      'query A { trace(id: "x") { root } } query B { trace(id: "y") { root } }',
      '{ __schema { types { name } } }',
      '{ trace(id: "x") { nope } }',
      '{ trace(id: ',
    ])
      expect(pureTraceQuery(query, schema), query).toBe(false);
  });
});

const walk = (version: string): TraceResult => ({ root: 'urn:heat', nodes: [], edges: [], eventHashes: [], truncated: false, version });

/** TraceCache and the token verifier as the answer cache sees them. */
function fixture(role: Principal['role'] = 'regulator') {
  const state = { current: walk('v1'), checks: 0, tokenValid: true };
  const traces = {
    trace: () => {
      state.checks++;
      return Promise.resolve(state.current);
    },
  } as unknown as TraceCache;
  const verifier: TokenVerifierPort = {
    verify: () =>
      state.tokenValid ? Promise.resolve({ role, subject: 'r', org: undefined, issuer: 'test' }) : Promise.reject(new Error('expired')),
  };
  return { state, cache: new TraceAnswerCache(traces, verifier) };
}

const headers = { authorization: 'Bearer abc.def.ghi' };
const body = { query: TRACE, variables: { id: 'urn:heat' } };
const payload = '{"data":{"trace":{"root":"urn:heat","nodes":[],"edges":[]}}}';

/** One request through the cache: the kept answer, or null after "executing" (recording the walk, keeping the payload). */
async function request(
  f: ReturnType<typeof fixture>,
  options: { regulator?: boolean; answer?: string; body?: unknown } = {},
): Promise<string | null> {
  const req = {};
  const kept = await f.cache.answer(req, headers, options.body ?? body, traceSchema());
  if (kept !== null) return kept.text;
  TraceAnswerCache.record(req, { root: 'urn:heat', direction: 'both', maxDepth: 10, result: f.state.current }, options.regulator ?? true);
  f.cache.keep(req, 200, options.answer ?? payload);
  return null;
}

describe('TraceAnswerCache', () => {
  it("answers a regulator's repeated query with the kept bytes while the walk is the same object", async () => {
    const f = fixture();
    expect(await request(f)).toBeNull();
    expect(await request(f)).toBe(payload);
    expect(await request(f)).toBe(payload);
  });

  it('makes the answer anew once the walk changed, and keeps the new one', async () => {
    const f = fixture();
    await request(f);
    f.state.current = walk('v2');
    expect(await request(f, { answer: '{"data":{"trace":{"root":"v2"}}}' })).toBeNull();
    expect(await request(f)).toBe('{"data":{"trace":{"root":"v2"}}}');
  });

  it('asks TraceCache again for every kept answer it serves (its check begins after the request arrived)', async () => {
    const f = fixture();
    await request(f);
    const before = f.state.checks;
    await request(f);
    await request(f);
    expect(f.state.checks - before).toBe(2);
  });

  it('keeps nothing for a caller who is not a regulator, an answer with errors, or a query that is not a pure trace', async () => {
    const supplier = fixture();
    await request(supplier, { regulator: false });
    expect(await request(supplier, { regulator: false })).toBeNull();
    const failing = fixture();
    await request(failing, { answer: '{"data":null,"errors":[{"message":"boom"}]}' });
    expect(await request(failing)).toBeNull();
    const other = fixture();
    const productBody = { query: '{ product(gtin: "1") { name } }' };
    await request(other, { body: productBody });
    expect(await request(other, { body: productBody })).toBeNull();
  });

  it('lets the normal path answer a token that no longer verifies or is not a regulator’s', async () => {
    const f = fixture();
    await request(f);
    f.state.tokenValid = false;
    expect(await f.cache.answer({}, headers, body, traceSchema())).toBeNull();
    const supplier = fixture('supplier');
    await request(supplier);
    expect(await supplier.cache.answer({}, headers, body, traceSchema())).toBeNull();
  });

  it('does not mix answers of different tokens or variables', async () => {
    const f = fixture();
    await request(f);
    expect(await f.cache.answer({}, { authorization: 'Bearer other.token.x' }, body, traceSchema())).toBeNull();
    expect(await f.cache.answer({}, headers, { ...body, variables: { id: 'urn:coil' } }, traceSchema())).toBeNull();
  });
});
