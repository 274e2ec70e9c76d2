/**
 * The batch fact format: what the anchor service sends to `AnchorBatch`. Per event, only the
 * facts the custody rules need, every object as its canonical id (GS1 Digital Link URI or EPC
 * URN, as the domain canonicalises it) and every CBV value as its bare CBV 2.0 word
 * ("shipping", "recalled", "owning_party"). Full events stay off-chain.
 */
export const EVENT_TYPES = ['ObjectEvent', 'AggregationEvent', 'TransactionEvent', 'TransformationEvent', 'AssociationEvent'] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export const ACTIONS = ['ADD', 'OBSERVE', 'DELETE'] as const;
export type EventAction = (typeof ACTIONS)[number];

/** A CBV source / destination / business transaction: `type` is the bare CBV word, `id` the canonical id. */
export interface TypedRef {
  readonly type: string;
  readonly id: string;
}

export interface EventFacts {
  readonly hashId: string;
  readonly type: EventType;
  readonly action?: EventAction | undefined;
  readonly bizStep?: string | undefined;
  readonly disposition?: string | undefined;
  readonly persistentDisposition?: { readonly set: readonly string[]; readonly unset: readonly string[] } | undefined;
  readonly eventTime: string;
  readonly readPoint?: string | undefined;
  readonly bizLocation?: string | undefined;
  readonly epcs: readonly string[];
  readonly parentId?: string | undefined;
  readonly childEpcs: readonly string[];
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly quantityClasses: readonly string[];
  readonly sources: readonly TypedRef[];
  readonly destinations: readonly TypedRef[];
  readonly bizTransactions: readonly TypedRef[];
}

export interface AnchorBatchInput {
  /** RFC 9162 Merkle root (lowercase hex) over the events' hash IDs, in batch order. */
  readonly merkleRoot: string;
  readonly events: readonly EventFacts[];
  /**
   * Set when the batch carries events retried after an out-of-order rejection: their attempt (1, 2, …).
   * Part of the batch's identity (see batchIdOf), so a retry whose leaves are exactly those of an earlier
   * batch is evaluated again instead of being answered with that batch's record.
   */
  readonly attempt?: number | undefined;
}

/** The most retry attempts a batch may name (the anchor defers a few times, never near this). */
export const MAX_BATCH_ATTEMPT = 1000;

/**
 * A batch's identity and ledger key: its Merkle root, or `<root>-a<attempt>` for a retry batch. A replay
 * of the same batch (same leaves, same attempt) keeps being answered with its stored record.
 */
export function batchIdOf(merkleRoot: string, attempt?: number): string {
  return attempt === undefined ? merkleRoot : `${merkleRoot}-a${String(attempt)}`;
}

/** A malformed argument: the whole transaction is refused (not one event). */
export class InvalidArgumentError extends Error {
  override readonly name = 'InvalidArgumentError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

export const MAX_BATCH_EVENTS = 10_000;

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(obj: Json, key: string, where: string, required: boolean): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) {
    if (required) throw new InvalidArgumentError('INVALID_ARGUMENT', `${where}.${key} is required`);
    return undefined;
  }
  if (typeof v !== 'string' || v.length === 0)
    throw new InvalidArgumentError('INVALID_ARGUMENT', `${where}.${key} must be a non-empty string`);
  return v;
}

function strList(obj: Json, key: string, where: string): string[] {
  const v = obj[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string' && x.length > 0)) {
    throw new InvalidArgumentError('INVALID_ARGUMENT', `${where}.${key} must be an array of non-empty strings`);
  }
  return v;
}

function refList(obj: Json, key: string, where: string): TypedRef[] {
  const v = obj[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new InvalidArgumentError('INVALID_ARGUMENT', `${where}.${key} must be an array`);
  return v.map((item, i) => {
    if (!isRecord(item)) throw new InvalidArgumentError('INVALID_ARGUMENT', `${where}.${key}[${i}] must be an object`);
    return { type: str(item, 'type', `${where}.${key}[${i}]`, true) ?? '', id: str(item, 'id', `${where}.${key}[${i}]`, true) ?? '' };
  });
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], what: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new InvalidArgumentError('INVALID_ARGUMENT', `${what} must be one of ${allowed.join(', ')}`);
  return value as T;
}

function parseEvent(raw: unknown, index: number): EventFacts {
  const where = `events[${index}]`;
  if (!isRecord(raw)) throw new InvalidArgumentError('INVALID_ARGUMENT', `${where} must be an object`);
  let persistentDisposition: EventFacts['persistentDisposition'];
  const pd = raw['persistentDisposition'];
  if (isRecord(pd))
    persistentDisposition = {
      set: strList(pd, 'set', `${where}.persistentDisposition`),
      unset: strList(pd, 'unset', `${where}.persistentDisposition`),
    };
  else if (pd !== undefined && pd !== null)
    throw new InvalidArgumentError('INVALID_ARGUMENT', `${where}.persistentDisposition must be an object`);
  return {
    hashId: str(raw, 'hashId', where, true) ?? '',
    type: oneOf(str(raw, 'type', where, true), EVENT_TYPES, `${where}.type`) ?? 'ObjectEvent',
    action: oneOf(str(raw, 'action', where, false), ACTIONS, `${where}.action`),
    bizStep: str(raw, 'bizStep', where, false),
    disposition: str(raw, 'disposition', where, false),
    persistentDisposition,
    eventTime: str(raw, 'eventTime', where, true) ?? '',
    readPoint: str(raw, 'readPoint', where, false),
    bizLocation: str(raw, 'bizLocation', where, false),
    epcs: strList(raw, 'epcs', where),
    parentId: str(raw, 'parentId', where, false),
    childEpcs: strList(raw, 'childEpcs', where),
    inputs: strList(raw, 'inputs', where),
    outputs: strList(raw, 'outputs', where),
    quantityClasses: strList(raw, 'quantityClasses', where),
    sources: refList(raw, 'sources', where),
    destinations: refList(raw, 'destinations', where),
    bizTransactions: refList(raw, 'bizTransactions', where),
  };
}

/** Validates the `AnchorBatch` argument on entry; throws InvalidArgumentError naming the field. */
export function parseAnchorBatch(json: string): AnchorBatchInput {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new InvalidArgumentError('INVALID_ARGUMENT', 'batch is not JSON');
  }
  if (!isRecord(raw)) throw new InvalidArgumentError('INVALID_ARGUMENT', 'batch must be an object');
  const merkleRoot = str(raw, 'merkleRoot', 'batch', true) ?? '';
  if (!/^[0-9a-f]{64}$/.test(merkleRoot))
    throw new InvalidArgumentError('INVALID_ARGUMENT', 'batch.merkleRoot must be 64 lowercase hex digits');
  const events = raw['events'];
  if (!Array.isArray(events) || events.length === 0)
    throw new InvalidArgumentError('INVALID_ARGUMENT', 'batch.events must be a non-empty array');
  if (events.length > MAX_BATCH_EVENTS)
    throw new InvalidArgumentError('BATCH_TOO_LARGE', `a batch holds at most ${MAX_BATCH_EVENTS} events`);
  const attempt = raw['attempt'];
  if (attempt === undefined || attempt === null) return { merkleRoot, events: events.map(parseEvent) };
  if (typeof attempt !== 'number' || !Number.isInteger(attempt) || attempt < 1 || attempt > MAX_BATCH_ATTEMPT)
    throw new InvalidArgumentError('INVALID_ARGUMENT', `batch.attempt must be an integer from 1 to ${String(MAX_BATCH_ATTEMPT)}`);
  return { merkleRoot, events: events.map(parseEvent), attempt };
}
