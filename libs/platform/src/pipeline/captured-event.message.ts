import { canonicalObjectId, DomainError, type ValidationIssue } from '@lotledger/domain';
import type { BusMessage } from '@lotledger/bus';
import { HEADERS } from './topics.js';

/** The value of a lotledger.events message (PIPELINE.md). */
export interface CapturedEventMessage {
  readonly hashId: string;
  readonly captureId: string | null;
  readonly submitterMsp: string;
  /** ISO 8601 instant the capture was accepted: EPCIS recordTime, and the start of the capture→anchored latency. */
  readonly receivedAt: string;
  /** The EPCIS 2.0 event as captured. */
  readonly event: Readonly<Record<string, unknown>>;
}

const HASH_ID = /^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/;

function firstString(value: unknown): string | undefined {
  if (!Array.isArray(value)) return undefined;
  const first: unknown = value[0];
  return typeof first === 'string' ? first : undefined;
}

function firstClass(value: unknown): string | undefined {
  if (!Array.isArray(value)) return undefined;
  const first: unknown = value[0];
  if (typeof first !== 'object' || first === null) return undefined;
  const epcClass = (first as Record<string, unknown>)['epcClass'];
  return typeof epcClass === 'string' ? epcClass : undefined;
}

/**
 * The message key: the event's primary object, canonical, so that every event about one object
 * lands on one partition in order (first of epcList[0], parentID, inputEPCList[0], the first
 * quantity's epcClass, else the hash ID).
 */
export function primaryObjectKey(event: Readonly<Record<string, unknown>>, hashId: string): string {
  const parent = typeof event['parentID'] === 'string' ? event['parentID'] : undefined;
  const id =
    firstString(event['epcList']) ??
    parent ??
    firstString(event['inputEPCList']) ??
    firstClass(event['quantityList']) ??
    firstClass(event['childQuantityList']) ??
    firstClass(event['inputQuantityList']) ??
    firstClass(event['outputQuantityList']);
  return id === undefined ? hashId : canonicalObjectId(id);
}

export function encodeCapturedEvent(message: CapturedEventMessage): BusMessage {
  return {
    key: primaryObjectKey(message.event, message.hashId),
    value: JSON.stringify(message),
    headers: {
      [HEADERS.hashId]: message.hashId,
      ...(message.captureId === null ? {} : { [HEADERS.captureId]: message.captureId }),
      [HEADERS.submitterMsp]: message.submitterMsp,
      [HEADERS.receivedAt]: message.receivedAt,
    },
  };
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes and checks a lotledger.events value; throws DomainError('MALFORMED_MESSAGE') listing every problem. */
export function decodeCapturedEvent(value: Uint8Array): CapturedEventMessage {
  let raw: unknown;
  try {
    raw = JSON.parse(decoder.decode(value));
  } catch {
    throw new DomainError('MALFORMED_MESSAGE', 'the message value is not UTF-8 JSON', [
      { pointer: '', code: 'NOT_JSON', message: 'the value is not UTF-8 JSON', expected: 'a JSON object' },
    ]);
  }
  const issues: ValidationIssue[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new DomainError('MALFORMED_MESSAGE', 'the message value is not a JSON object', [
      { pointer: '', code: 'NOT_OBJECT', message: 'the value is not a JSON object', expected: 'a JSON object' },
    ]);
  }
  const r = raw as Record<string, unknown>;
  const need = (key: string, ok: (v: unknown) => boolean, expected: string): void => {
    if (!ok(r[key]))
      issues.push({
        pointer: `/${key}`,
        code: r[key] === undefined ? 'MISSING' : 'INVALID',
        message: `${key} is ${r[key] === undefined ? 'missing' : 'invalid'}`,
        expected,
      });
  };
  need('hashId', (v) => typeof v === 'string' && HASH_ID.test(v), 'a CBV 2.0 event hash ID (ni:///sha-256;<64 hex>?ver=CBV2.0)');
  need('captureId', (v) => v === undefined || v === null || (typeof v === 'string' && v !== ''), 'a capture id or null');
  need('submitterMsp', (v) => typeof v === 'string' && v !== '', 'the MSP id of the submitting organisation');
  need('receivedAt', (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)), 'an ISO 8601 instant');
  need(
    'event',
    (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Record<string, unknown>)['type'] === 'string',
    'an EPCIS 2.0 event object',
  );
  if (issues.length > 0)
    throw new DomainError('MALFORMED_MESSAGE', `the message is malformed: ${issues.map((i) => i.message).join('; ')}`, issues);
  return {
    hashId: r['hashId'] as string,
    captureId: typeof r['captureId'] === 'string' ? r['captureId'] : null,
    submitterMsp: r['submitterMsp'] as string,
    receivedAt: r['receivedAt'] as string,
    event: r['event'] as Record<string, unknown>,
  };
}
