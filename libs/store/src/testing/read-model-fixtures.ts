import { createHash } from 'node:crypto';
import type { AnchoredBatch, AnchoredEvent, EventObjectFact, GenealogyEdge, JsonValue, ObjectState } from '../ports/read-model.types.js';

/** A CBV 2.0-shaped hash ID derived from a label, so fixtures are stable and readable. */
export function hashIdOf(label: string): string {
  return `ni:///sha-256;${createHash('sha256').update(label).digest('hex')}?ver=CBV2.0`;
}

export interface FixtureEventInput {
  readonly label: string;
  readonly type?: string;
  readonly action?: string | null;
  readonly bizStep?: string | null;
  readonly disposition?: string | null;
  readonly eventTime?: string;
  readonly recordTime?: string;
  readonly readPoint?: string | null;
  readonly bizLocation?: string | null;
  readonly submitterMsp?: string;
  readonly captureId?: string | null;
  readonly objects?: readonly EventObjectFact[];
  readonly status?: 'anchored' | 'rejected';
  readonly rejectCode?: string;
  readonly rejectReason?: string;
  readonly extra?: { readonly [key: string]: string };
  /** More fields of the stored event JSON (e.g. persistentDisposition), beside the indexed facts. */
  readonly eventFields?: { readonly [key: string]: JsonValue };
}

/** An EPCIS 2.0 ObjectEvent-like JSON with its facts, anchored unless told otherwise. */
export function fixtureEvent(input: FixtureEventInput, leafIndex = 0): AnchoredEvent {
  const eventTime = input.eventTime ?? '2026-03-01T10:00:00.000Z';
  const type = input.type ?? 'ObjectEvent';
  const hashId = hashIdOf(input.label);
  const eventId = `urn:uuid:${createHash('sha256')
    .update(`id:${input.label}`)
    .digest('hex')
    .slice(0, 32)
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5')}`;
  return {
    hashId,
    leafIndex,
    status: input.status ?? 'anchored',
    rejectCode: input.rejectCode ?? null,
    rejectReason: input.rejectReason ?? null,
    event: {
      type,
      eventID: eventId,
      eventTime,
      eventTimeZoneOffset: '+01:00',
      ...(input.action === undefined || input.action === null ? {} : { action: input.action }),
      ...(input.bizStep ? { bizStep: input.bizStep } : {}),
      epcList: (input.objects ?? []).filter((o) => o.role === 'epc').map((o) => o.objectId),
      ...(input.extra ?? {}),
      ...(input.eventFields ?? {}),
    },
    facts: {
      eventId,
      type,
      action: input.action === undefined ? 'OBSERVE' : input.action,
      bizStep: input.bizStep ?? null,
      disposition: input.disposition ?? null,
      eventTime,
      eventTimeZoneOffset: '+01:00',
      recordTime: input.recordTime ?? '2026-03-02T00:00:00.000Z',
      readPoint: input.readPoint ?? null,
      bizLocation: input.bizLocation ?? null,
      submitterMsp: input.submitterMsp ?? 'Org1MSP',
      captureId: input.captureId ?? null,
      objects: input.objects ?? [],
    },
  };
}

export function fixtureBatch(
  id: string,
  events: readonly AnchoredEvent[],
  extra: { objectStates?: readonly ObjectState[]; edges?: readonly GenealogyEdge[]; submitterMsp?: string } = {},
): AnchoredBatch {
  const indexed = events.map((e, i) => ({ ...e, leafIndex: i }));
  const rejected = indexed.filter((e) => e.status === 'rejected').length;
  return {
    batch: {
      id,
      merkleRoot: createHash('sha256').update(`root:${id}`).digest('hex'),
      txId: createHash('sha256').update(`tx:${id}`).digest('hex'),
      blockNumber: 42,
      submitterMsp: extra.submitterMsp ?? 'Org1MSP',
      eventCount: indexed.length,
      accepted: indexed.length - rejected,
      rejected,
      anchoredAt: '2026-03-02T00:00:01.000Z',
    },
    events: indexed,
    objectStates: extra.objectStates ?? [],
    edges: extra.edges ?? [],
  };
}

export function sgtin(serial: string | number, item = '012345'): string {
  return `urn:epc:id:sgtin:4012345.${item}.${String(serial)}`;
}

export function objectState(id: string, custodianMsp: string, updatedAt = '2026-03-02T00:00:00.000Z', status = 'active'): ObjectState {
  return {
    id,
    kind: 'sgtin',
    gtin: null,
    lot: null,
    serial: null,
    status,
    custodianMsp,
    location: null,
    holds: [],
    lastEventHash: null,
    updatedAt,
  };
}
