import type { BadInputCase } from './bad-input-case.js';
import { INJECTIONS } from './query.cases.js';

const nestObjects = (levels: number): string => {
  let inner = 'id';
  for (let i = 0; i < levels; i++)
    inner = `objects { events(first: 1) { ${i === levels - 1 ? 'hashId' : ''} ${inner === 'id' ? 'hashId' : inner} } }`;
  return `{ events(first: 1) { nodes { ${inner} } } }`;
};

/** GraphQL over its depth and complexity limits, malformed operations, and hostile argument values. */
export function graphqlCases(): BadInputCase[] {
  const cases: BadInputCase[] = [];
  const limit = (name: string, query: string, expected: string | RegExp, variables?: Record<string, unknown>): void => {
    cases.push({
      name: `graphql: ${name}`,
      category: 'graphql-limits',
      transport: 'graphql',
      query,
      ...(variables === undefined ? {} : { variables }),
      expect: typeof expected === 'string' ? { errorCode: expected } : { message: expected },
    });
  };
  limit('objects/events nested 4 times (depth 10)', nestObjects(4), 'QUERY_TOO_DEEP');
  limit('objects/events nested 8 times', nestObjects(8), 'QUERY_TOO_DEEP');
  limit('objects/events nested 30 times', nestObjects(30), 'QUERY_TOO_DEEP');
  limit(
    'depth hidden in fragments',
    'query { events(first: 1) { nodes { ...A } } } fragment A on Event { objects { events(first: 1) { ...B } } } fragment B on Event { objects { events(first: 1) { objects { product { owner { name } } } } } }',
    'QUERY_TOO_DEEP',
  );
  limit(
    'depth hidden in inline fragments',
    '{ events(first: 1) { nodes { ... on Event { objects { ... on ObjectState { events(first: 1) { objects { events(first: 1) { objects { product { owner { name } } } } } } } } } } } }',
    'QUERY_TOO_DEEP',
  );
  limit(
    'page sizes multiplied past the complexity limit',
    '{ events(first: 100) { nodes { objects { events(first: 100) { hashId } } } } }',
    'QUERY_TOO_COMPLEX',
  );
  limit(
    'complexity via variables',
    'query Q($n: Int) { events(first: $n) { nodes { objects { events(first: $n) { hashId } } } } }',
    'QUERY_TOO_COMPLEX',
    { n: 100 },
  );
  limit(
    '50 aliased traces',
    `{ ${Array.from({ length: 50 }, (_, i) => `t${String(i)}: trace(id: "urn:epc:id:sgtin:9520123.000001.${String(i)}", maxDepth: 10) { nodes { id } }`).join(' ')} }`,
    'QUERY_TOO_COMPLEX',
  );
  limit(
    '40 aliased recall impacts',
    `{ ${Array.from({ length: 40 }, (_, i) => `r${String(i)}: recallImpact(id: "urn:epc:id:sgtin:9520123.000001.${String(i)}") { affected { id } }`).join(' ')} }`,
    'QUERY_TOO_COMPLEX',
  );
  limit('a syntax error', '{ events(first: 1) { nodes { hashId }', /^Syntax Error: Expected Name, found <EOF>/);
  limit('an empty query', '', /^Unknown query$/);
  limit('a query that is only a comment', '# nothing', /^Syntax Error: Unexpected <EOF>/);
  limit('an unknown field', '{ events(first: 1) { nodes { password } } }', /Cannot query field "password" on type "Event"/);
  limit('an unknown root field', '{ __schema2 { types { name } } }', /Cannot query field "__schema2"/);
  limit(
    'a string where an Int is expected',
    '{ events(first: "ten") { nodes { hashId } } }',
    /Int cannot represent non-integer value: "ten"/,
  );
  limit(
    'a variable of the wrong type',
    'query Q($n: Int) { events(first: $n) { nodes { hashId } } }',
    /Variable "\$n" got invalid value "ten"/,
    { n: 'ten' },
  );
  limit('a float page size', '{ events(first: 1.5) { nodes { hashId } } }', /Int cannot represent non-integer value: 1\.5/);
  limit(
    'an Int beyond 32 bits',
    '{ events(first: 4294967296) { nodes { hashId } } }',
    /Int cannot represent non 32-bit signed integer value: 4294967296/,
  );
  limit(
    'a fragment cycle',
    'query { events(first: 1) { nodes { ...A } } } fragment A on Event { objects { events(first: 1) { ...A } } }',
    /Cannot spread fragment "A" within itself/,
  );
  limit('a mutation that does not exist', 'mutation { deleteEverything }', /Cannot query field "deleteEverything" on type "Mutation"/);
  limit('a subscription', 'subscription { events { hashId } }', /not configured to execute subscription/);
  // Hostile strings as argument values: data, never code — a precise NOT_FOUND/BAD_USER_INPUT or an empty answer, no 500.
  for (const [what, value] of INJECTIONS)
    cases.push({
      name: `graphql: ${what} as verifyEvent's eventId`,
      category: 'query-injection',
      transport: 'graphql',
      query: 'query Q($id: String!) { verifyEvent(eventId: $id) { verified } }',
      variables: { id: value },
      // A NUL cannot even be read: the strict JSON parser refuses the request body (I-JSON).
      expect: value.includes('\u0000') ? { message: /the body is not acceptable JSON/ } : { errorCode: 'NOT_FOUND' },
    });
  return cases;
}
