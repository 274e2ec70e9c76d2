import { sha256, toHex } from '../crypto/sha256.js';
import { DomainError } from '../errors/domain-error.js';
import { BareWordExpansion } from './bare-word.expansion.js';
import { buildPreHash } from './pre-hash.builder.js';
import { eventTree, type Namespaces } from './pre-hash.tree.js';

/**
 * The CBV 2.0 §8.9 EPCIS event hash ID: `ni:///sha-256;<hex>?ver=CBV2.0` (RFC 6920 named information).
 *
 * Algorithm version: GS1's reference implementation RalphTro/epcis-event-hash-generator at its newest
 * commit 5d2f1c389a1599af40fe1b530b62e0ca59ab818f (2025-10-17; package version 1.9.3 + later
 * `ignoreFields` / query-document support). Equal to it on every JSON-LD vector of its test suite
 * (see event-hash-id.spec.ts and tools/hash-reference/). Deliberate differences, where the reference
 * would make one event's ID depend on how it is written or on its neighbours:
 *  - business transaction / source / destination: always (type, identifier), whatever the key order;
 *  - a bare CBV word in a user extension is expanded by looking at the event, not the whole document;
 *  - an event's own `@context` supplies namespaces and is not hashed as if it were a field.
 */
export const EVENT_HASH_ALGORITHM = 'sha-256';
export const EVENT_HASH_VERSION = 'CBV2.0';

export function eventHashId(event: unknown, context?: unknown): string {
  return hashIdOf(preHashString(event, context));
}

/** The string that is hashed; for debugging and `lotledger hash --verbose`. */
export function preHashString(event: unknown, context?: unknown): string {
  const record = asRecord(event, 'an EPCIS event must be a JSON object');
  const contexts = new ContextInfo([context, record['@context']]);
  return preHashOf(record, contexts, NO_FIELDS);
}

/** Hash IDs of every event of an EPCIS document or EPCIS query document, in document order. */
export function documentEventHashIds(doc: unknown): string[] {
  return documentPreHashStrings(doc).map(hashIdOf);
}

/** Pre-hash strings of every event of an EPCIS (query) document, in document order. */
export function documentPreHashStrings(doc: unknown): string[] {
  const record = asRecord(doc, 'an EPCIS document must be a JSON object');
  const contexts = new ContextInfo([record['@context']]);
  const body = asRecord(record['epcisBody'], 'an EPCIS document needs an epcisBody object');
  let events: unknown;
  let ignoreHolder: Readonly<Record<string, unknown>> = record;
  if ('eventList' in body) {
    events = body['eventList'];
  } else if ('queryResults' in body) {
    const results = asRecord(body['queryResults'], 'queryResults must be an object');
    events = asRecord(results['resultsBody'], 'queryResults.resultsBody must be an object')['eventList'];
    ignoreHolder = results;
  } else {
    events = [body['event']];
  }
  if (!Array.isArray(events)) throw new DomainError('HASH_INPUT', 'epcisBody.eventList must be an array');
  const ignored = contexts.ignoredFields(ignoreHolder);
  return (events as unknown[]).map((event, i) =>
    preHashOf(asRecord(event, `event ${String(i)} must be a JSON object`), contexts.withEvent(event), ignored),
  );
}

export function hashIdOf(preHash: string): string {
  return `ni:///${EVENT_HASH_ALGORITHM};${toHex(sha256(utf8Scratch(preHash)))}?ver=${EVENT_HASH_VERSION}`;
}

const encoder = new TextEncoder();
/** Reused for every pre-hash string of ordinary size (UTF-8 needs at most 3 bytes per UTF-16 unit). */
let scratch = new Uint8Array(8192);
const SCRATCH_MAX = 65_536;

/**
 * The UTF-8 bytes of `text`, encoded into a reused buffer: a fresh array per event cost more than the
 * encoding itself. Valid until the next call, which is fine for the synchronous hash right after.
 */
function utf8Scratch(text: string): Uint8Array {
  const needed = text.length * 3;
  if (needed > SCRATCH_MAX) return encoder.encode(text); // a huge event: not kept around
  if (needed > scratch.length) scratch = new Uint8Array(SCRATCH_MAX);
  const { written } = encoder.encodeInto(text, scratch);
  return scratch.subarray(0, written);
}

const NO_FIELDS: ReadonlySet<string> = new Set();

function preHashOf(event: Readonly<Record<string, unknown>>, contexts: ContextInfo, ignored: ReadonlySet<string>): string {
  const expansion = BareWordExpansion.of(event, contexts.prefixes);
  // Not copied: an `@xmlns:` member (JSON converted from XML) declares a prefix for the rest of the
  // document, as in the reference, whose namespace table is global.
  const tree = eventTree(event, { namespaces: contexts.namespaces, expandBareWord: (v) => expansion.expand(v) }, ignored);
  return buildPreHash(tree);
}

function asRecord(value: unknown, message: string): Readonly<Record<string, unknown>> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new DomainError('HASH_INPUT', message);
  return value as Readonly<Record<string, unknown>>;
}

/** The reference's "internal domain" whose `ignoreFields` member lists event fields left out of the hash. */
const IGNORE_FIELDS_NAMESPACE = 'https://repository-x.example.com/';

/** Namespaces (`prefix` → `{uri}`) and CURIE prefixes declared by the `@context` values in scope. */
class ContextInfo {
  readonly namespaces: Namespaces = new Map();
  readonly prefixes = new Map<string, string>();

  constructor(contexts: readonly unknown[]) {
    for (const context of contexts) this.#add(context);
  }

  withEvent(event: unknown): ContextInfo {
    const own = (event as Readonly<Record<string, unknown>> | null)?.['@context'];
    if (own === undefined) return this;
    const merged = new ContextInfo([]);
    for (const [k, v] of this.namespaces) merged.namespaces.set(k, v);
    for (const [k, v] of this.prefixes) merged.prefixes.set(k, v);
    merged.#add(own);
    return merged;
  }

  ignoredFields(holder: Readonly<Record<string, unknown>>): ReadonlySet<string> {
    let prefix = '';
    for (const [key, ns] of this.namespaces) {
      if (ns === `{${IGNORE_FIELDS_NAMESPACE}}`) {
        prefix = key;
        break;
      }
    }
    const fields = holder[`${prefix}:ignoreFields`];
    return Array.isArray(fields) ? new Set(fields.filter((f): f is string => typeof f === 'string')) : NO_FIELDS;
  }

  #add(context: unknown): void {
    if (context === undefined || context === null) return;
    const entries = Array.isArray(context) ? (context as unknown[]) : [context];
    for (const entry of entries) {
      if (typeof entry === 'string') {
        this.namespaces.set(entry, `{${entry}}`);
      } else if (entry !== null && typeof entry === 'object') {
        for (const [key, value] of Object.entries(entry)) {
          if (typeof value !== 'string') continue;
          this.namespaces.set(key, `{${value}}`);
          this.prefixes.set(key, value);
        }
      }
    }
  }
}
