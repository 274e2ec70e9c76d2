import { DomainError, type ValidationIssue } from '@lotledger/domain';
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

/**
 * The message key: the submitting organisation. Every event one organisation submits lands on one
 * partition, in the order it was captured, so the anchor applies a document's events in document
 * order. Keying by each event's primary object (the first design) split one document over several
 * partitions: a coil's shipment could reach the ledger before the transformation that created the
 * coil, or a pack's aggregation before the packs' commissioning, and be rejected for it. Only the
 * custodian acts on an object, so per-organisation order also keeps per-object order; a hand-over
 * (ship by A, receive by B) spans two organisations and is ordered by time, not by the bus.
 * Throughput still scales with partitions: organisations spread over them.
 */
export function partitionKey(message: Pick<CapturedEventMessage, 'submitterMsp'>): string {
  return message.submitterMsp;
}

export function encodeCapturedEvent(message: CapturedEventMessage): BusMessage {
  return {
    key: partitionKey(message),
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
