/**
 * One case of the bad-input corpus: a name, the input, the transport it goes through, and the precise
 * refusal expected. The corpus is data: tables in this folder generate the cases, `bad-input.int.test.ts`
 * replays them against the composed application and checks each answer, that the service stays up and
 * that nothing of a refused input is stored.
 */
export type BadInputCategory =
  | 'malformed-json'
  | 'wrong-type'
  | 'missing-required'
  | 'check-digit'
  | 'unknown-vocabulary'
  | 'impossible-time'
  | 'future-event'
  | 'oversized'
  | 'deep-nesting'
  | 'duplicate-key'
  | 'prototype-key'
  | 'unicode-confusable'
  | 'query-injection'
  | 'graphql-limits'
  | 'kafka-garbage';

/** A JSON body: a value serialised with JSON.stringify, or exact text/bytes (for what JSON.stringify cannot write). */
export type Body =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array };

/** What a refused REST request must answer: status, problem code, and the JSON pointer (or query parameter) it names. */
export interface ProblemExpectation {
  readonly status: number;
  readonly code: string;
  /** A member of `errors` must name this pointer (REST capture) — omitted when the problem concerns the whole body. */
  readonly pointer?: string;
  /** …with this issue code (e.g. CHECK_DIGIT, JSON_DUPLICATE_KEY). */
  readonly issueCode?: string;
  /** A member of `errors` must name this query parameter (EPCIS query). */
  readonly parameter?: string;
}

/** EPCIS query with a hostile value: refused precisely, or answered as an empty result (the value is only ever data). */
export type QueryExpectation = ProblemExpectation | { readonly status: 200; readonly events: 0 };

/**
 * A refused GraphQL operation: `extensions.code` of the first error, or — for what the GraphQL engine
 * refuses before our rules run (syntax, unknown fields, argument types), which Mercurius answers without
 * a code — a message naming the problem.
 */
export type GraphqlExpectation = { readonly errorCode: string } | { readonly message: RegExp };

/** A refused Kafka intake message: DLQ'd with this x-error-code, and (when given) an issue naming this pointer. */
export interface DlqExpectation {
  readonly code: string;
  readonly pointer?: string;
  readonly issueCode?: string;
}

/** Keys a Kafka case can sign with: the organisation's registered key, or another one. */
export interface IntakeSigner {
  readonly org: string;
  signCompact(payload: Uint8Array, header?: Readonly<Record<string, unknown>>): Promise<string>;
  signWithUnregisteredKey(payload: Uint8Array): Promise<string>;
}

export type BadInputCase =
  | {
      readonly name: string;
      readonly category: BadInputCategory;
      readonly transport: 'rest-capture' | 'rest-events';
      readonly body: Body;
      readonly contentType?: string;
      readonly expect: ProblemExpectation;
    }
  | {
      readonly name: string;
      readonly category: BadInputCategory;
      readonly transport: 'rest-query';
      /** The raw query string after `?` (already percent-encoded as a client would send it). */
      readonly query: string;
      readonly expect: QueryExpectation;
    }
  | {
      readonly name: string;
      readonly category: BadInputCategory;
      readonly transport: 'graphql';
      readonly query: string;
      readonly variables?: Readonly<Record<string, unknown>>;
      readonly expect: GraphqlExpectation;
    }
  | {
      readonly name: string;
      readonly category: BadInputCategory;
      readonly transport: 'kafka';
      /** The message value; built with the run's keys. */
      message(signer: IntakeSigner): Promise<Uint8Array>;
      readonly headers?: Readonly<Record<string, string>>;
      readonly expect: DlqExpectation;
    };
