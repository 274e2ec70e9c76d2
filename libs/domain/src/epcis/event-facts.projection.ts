import { normaliseCbv, type CbvVocabulary } from '../cbv/index.js';
import { canonicalObjectId } from '../gs1/index.js';
import { parseDateTime } from './date-time.parser.js';
import type { EpcisAction, EpcisEvent, EpcisEventType, QuantityElement } from './epcis.model.js';

/** A quantity element with its canonical class id and where it appeared. */
export interface QuantityFact {
  readonly role: 'what' | 'child' | 'input' | 'output';
  /** Canonical id (`https://id.gs1.org/01/…/10/…` for GS1 classes, the URI as given otherwise). */
  readonly epcClass: string;
  readonly quantity: number | undefined;
  readonly uom: string | undefined;
}

/** A source or destination: CBV type (bare word for a standard term, URI otherwise) and canonical id. */
export interface PartyFact {
  readonly type: string;
  readonly id: string;
}

export interface BizTransactionFact {
  readonly type: string | undefined;
  readonly id: string;
}

/**
 * The facts of one event that the custody rules (chaincode) and the projections need, normalised so
 * that two spellings of the same event give equal facts: vocabulary terms as CBV bare words (or the
 * user URI), identifiers as canonical object ids (`canonicalObjectId`), time in UTC.
 */
export interface EventFacts {
  readonly type: EpcisEventType;
  /** Undefined for TransformationEvent, which has no action. */
  readonly action: EpcisAction | undefined;
  readonly bizStep: string | undefined;
  readonly disposition: string | undefined;
  readonly persistentDisposition: { readonly set: readonly string[]; readonly unset: readonly string[] };
  /** ISO 8601 UTC with milliseconds (`2026-03-01T07:15:00.000Z`). */
  readonly eventTime: string;
  readonly readPoint: string | undefined;
  readonly bizLocation: string | undefined;
  /** epcList of Object/Transaction events. */
  readonly epcs: readonly string[];
  /** parentID of Aggregation/Association/Transaction events. */
  readonly parent: string | undefined;
  /** childEPCs of Aggregation/Association events. */
  readonly children: readonly string[];
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly quantities: readonly QuantityFact[];
  readonly sources: readonly PartyFact[];
  readonly destinations: readonly PartyFact[];
  readonly bizTransactions: readonly BizTransactionFact[];
}

function term(vocab: CbvVocabulary, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const t = normaliseCbv(vocab, value);
  return t === undefined ? value : (t.bareWord ?? t.webUri);
}

function ids(list: readonly string[] | undefined): readonly string[] {
  return list === undefined ? [] : list.map(canonicalObjectId);
}

function quantities(list: readonly QuantityElement[] | undefined, role: QuantityFact['role'], out: QuantityFact[]): void {
  if (list === undefined) return;
  for (const q of list) out.push({ role, epcClass: canonicalObjectId(q.epcClass), quantity: q.quantity, uom: q.uom });
}

function utc(time: string): string {
  const parsed = parseDateTime(time);
  return parsed === undefined ? time : new Date(parsed.epochMs).toISOString();
}

/** Normalised facts of an event that `validateEpcis` accepted. */
export function eventFacts(event: EpcisEvent): EventFacts {
  const q: QuantityFact[] = [];
  let epcs: readonly string[] = [];
  let children: readonly string[] = [];
  let inputs: readonly string[] = [];
  let outputs: readonly string[] = [];
  let parent: string | undefined;
  let action: EpcisAction | undefined;
  let persistent: { readonly set?: readonly string[]; readonly unset?: readonly string[] } | undefined;
  switch (event.type) {
    case 'ObjectEvent':
      action = event.action;
      epcs = ids(event.epcList);
      quantities(event.quantityList, 'what', q);
      persistent = event.persistentDisposition;
      break;
    case 'TransactionEvent':
      action = event.action;
      epcs = ids(event.epcList);
      parent = event.parentID === undefined ? undefined : canonicalObjectId(event.parentID);
      quantities(event.quantityList, 'what', q);
      break;
    case 'AggregationEvent':
    case 'AssociationEvent':
      action = event.action;
      parent = event.parentID === undefined ? undefined : canonicalObjectId(event.parentID);
      children = ids(event.childEPCs);
      quantities(event.childQuantityList, 'child', q);
      break;
    case 'TransformationEvent':
      inputs = ids(event.inputEPCList);
      outputs = ids(event.outputEPCList);
      quantities(event.inputQuantityList, 'input', q);
      quantities(event.outputQuantityList, 'output', q);
      persistent = event.persistentDisposition;
      break;
  }
  return {
    type: event.type,
    action,
    bizStep: term('bizStep', event.bizStep),
    disposition: term('disposition', event.disposition),
    persistentDisposition: {
      set: (persistent?.set ?? []).map((d) => term('disposition', d) ?? d),
      unset: (persistent?.unset ?? []).map((d) => term('disposition', d) ?? d),
    },
    eventTime: utc(event.eventTime),
    readPoint: event.readPoint === undefined ? undefined : canonicalObjectId(event.readPoint.id),
    bizLocation: event.bizLocation === undefined ? undefined : canonicalObjectId(event.bizLocation.id),
    epcs,
    parent,
    children,
    inputs,
    outputs,
    quantities: q,
    sources: (event.sourceList ?? []).map((s) => ({ type: term('sourceDestType', s.type) ?? s.type, id: canonicalObjectId(s.source) })),
    destinations: (event.destinationList ?? []).map((d) => ({
      type: term('sourceDestType', d.type) ?? d.type,
      id: canonicalObjectId(d.destination),
    })),
    bizTransactions: (event.bizTransactionList ?? []).map((b) => ({ type: term('bizTransactionType', b.type), id: b.bizTransaction })),
  };
}
