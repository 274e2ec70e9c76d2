import { Inject, Injectable, Optional } from '@nestjs/common';
import type { DocumentNode, FieldNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { TOKEN_VERIFIER, type TokenVerifierPort } from '@lotledger/auth';
import type { TraceDirection, TraceResult } from '@lotledger/store';
import { EncodedBody } from '../http/encoded-body.js';
import { TraceCache } from '../provenance/trace-cache.js';
import { graphqlRuntime } from './graphql-runtime.js';

/** Most kept answers (least recently used dropped first); a 1,000-node trace answer is about 250 kB. */
const ANSWER_CACHE_SIZE = 32;
/** Most query texts whose cacheability is remembered. */
const SHAPE_CACHE_SIZE = 256;

const BEARER = /^Bearer[ \t]+([A-Za-z0-9._~+/-]+=*)[ \t]*$/i;

/** A walk an answer was made from, and the walk object it was made from. */
export interface TraceDependency {
  readonly root: string;
  readonly direction: TraceDirection;
  readonly maxDepth: number;
  readonly result: TraceResult;
}

interface Candidate {
  readonly key: string;
  readonly deps: TraceDependency[];
  /** Set by the trace resolver: false when the caller was not a regulator (the answer then depends on more). */
  regulator: boolean;
}

interface KeptAnswer {
  /**
   * The answer's bytes, encoded once per content coding on first use (writing a 250 kB string to the
   * socket would encode it on every send; br is a tenth of the bytes for a client that accepts it).
   */
  readonly payload: EncodedBody;
  readonly deps: readonly TraceDependency[];
}

interface GraphqlBody {
  readonly query?: unknown;
  readonly variables?: unknown;
  readonly operationName?: unknown;
}

const CANDIDATE = Symbol('lotledger.traceAnswerCandidate');
type WithCandidate = object & { [CANDIDATE]?: Candidate };

/**
 * Whole GraphQL answers to a regulator's `trace` queries, kept while every walk they were made from is
 * still what the read model says.
 *
 * A 1,000-node trace answer is about 250 kB of JSON; building it (graphql-jit's execution and
 * JSON.stringify) costs far more than the walk's freshness check, which TraceCache already shares
 * between requests. So an answer is kept when it is a pure function of its walks: the query asks only
 * `trace` at its root and below it only plain data fields (no field with a resolver of its own, which
 * could read something else), the caller is a regulator (who sees every node and edge, so no event is
 * read to decide visibility), and it has no errors. A request with the same token, query, operation
 * name and variables is answered with the kept bytes when the token still verifies and every walk,
 * checked again by TraceCache (a check that began after this request arrived), is still the same walk
 * object — a new edge or a changed node state makes TraceCache walk again, and the answer is made anew.
 */
@Injectable()
export class TraceAnswerCache {
  readonly #answers = new Map<string, KeptAnswer>();
  readonly #shapes = new Map<string, boolean>();

  constructor(
    @Inject(TraceCache) private readonly traces: TraceCache,
    // Absent in a gateway composed without authentication (some tests): then nothing is kept.
    @Optional() @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifierPort | null = null,
  ) {}

  /**
   * Before execution: answers from a kept answer when it still holds (returns the payload), or marks
   * the request as one whose answer may be kept (returns null: execute as usual).
   */
  async answer(
    request: object,
    headers: Readonly<Record<string, unknown>>,
    body: unknown,
    schema: GraphQLSchema,
  ): Promise<EncodedBody | null> {
    const auth = headers['authorization'];
    if (this.verifier === null) return null;
    if (typeof auth !== 'string' || !BEARER.test(auth) || typeof body !== 'object' || body === null) return null;
    const { query, variables, operationName } = body as GraphqlBody;
    if (typeof query !== 'string' || !this.#isPureTrace(query, schema)) return null;
    const key = JSON.stringify([auth, query, operationName ?? null, variables ?? null]);
    (request as WithCandidate)[CANDIDATE] = { key, deps: [], regulator: true };
    const kept = this.#answers.get(key);
    if (kept === undefined) return null;
    const token = BEARER.exec(auth)?.[1] ?? '';
    try {
      if ((await this.verifier.verify(token)).role !== 'regulator') return null;
    } catch {
      return null; // the guard answers a bad or expired token as it always does
    }
    for (const dep of kept.deps) {
      if ((await this.traces.trace(dep.root, dep.direction, dep.maxDepth)) !== dep.result) {
        this.#answers.delete(key);
        return null;
      }
    }
    this.#answers.delete(key);
    this.#answers.set(key, kept);
    return kept.payload;
  }

  /** From the trace resolver: the walk this answer is made from, and whether the caller sees everything. */
  static record(request: object | undefined, dep: TraceDependency, regulator: boolean): void {
    const candidate = request === undefined ? undefined : (request as WithCandidate)[CANDIDATE];
    if (candidate === undefined) return;
    candidate.deps.push(dep);
    if (!regulator) candidate.regulator = false;
  }

  /** After serialisation: keeps a successful answer made only from recorded walks. */
  keep(request: object, statusCode: number, payload: unknown): void {
    const candidate = (request as WithCandidate)[CANDIDATE];
    if (candidate === undefined || !candidate.regulator || candidate.deps.length === 0) return;
    // `"errors":[` can only be a key here: inside a JSON string the quotes are escaped.
    if (statusCode !== 200 || typeof payload !== 'string' || payload.includes('"errors":[')) return;
    this.#answers.delete(candidate.key);
    this.#answers.set(candidate.key, { payload: new EncodedBody(payload), deps: candidate.deps });
    if (this.#answers.size > ANSWER_CACHE_SIZE) {
      const oldest = this.#answers.keys().next();
      if (oldest.done !== true) this.#answers.delete(oldest.value);
    }
  }

  /** Whether this query asks only `trace` at its root and only plain data fields below. */
  #isPureTrace(query: string, schema: GraphQLSchema): boolean {
    let pure = this.#shapes.get(query);
    if (pure === undefined) {
      pure = pureTraceQuery(query, schema);
      if (this.#shapes.size >= SHAPE_CACHE_SIZE) this.#shapes.clear();
      this.#shapes.set(query, pure);
    }
    return pure;
  }
}

/**
 * True for one query operation whose root fields are all `trace` and whose other fields are all read
 * as plain properties (no resolver: see graphql-plain-fields.ts) or are `__typename`. Anything the
 * schema does not know, or a document that does not parse, is not pure (the normal path answers it).
 */
export function pureTraceQuery(query: string, schema: GraphQLSchema): boolean {
  const { parse, visit, visitWithTypeInfo, TypeInfo, Kind, OperationTypeNode } = graphqlRuntime;
  let document: DocumentNode;
  try {
    document = parse(query, { noLocation: true });
  } catch {
    return false;
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1 || operations[0]?.operation !== OperationTypeNode.QUERY) return false;
  const queryType = schema.getQueryType();
  const typeInfo = new TypeInfo(schema);
  let pure = true;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node: FieldNode) {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (node.name.value === '__typename') return;
        if (parent === null || field === null || field === undefined) pure = false;
        else if (parent === queryType) pure &&= node.name.value === 'trace';
        else pure &&= field.resolve === undefined;
      },
    }),
  );
  return pure;
}
