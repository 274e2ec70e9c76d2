import { eventFacts, type EpcisEvent, type EventFacts as DomainEventFacts } from '@lotledger/domain';
import type { EventFacts as LedgerEventFacts } from '@lotledger/ledger';
import type { EventObjectFact, EventToStore, GenealogyEdge, JsonValue } from '@lotledger/store';
import type { CapturedEventMessage } from './captured-event.message.js';

/**
 * One captured event projected three ways, from the one normalisation the domain gives
 * (`eventFacts`): the facts the chaincode checks, the row the read model stores, and the
 * genealogy edges it adds once the ledger accepts it.
 */
export interface ProjectedEvent {
  readonly message: CapturedEventMessage;
  readonly facts: DomainEventFacts;
  readonly ledger: LedgerEventFacts;
  readonly record: EventToStore;
  readonly edges: readonly GenealogyEdge[];
}

function classesOf(facts: DomainEventFacts, roles: readonly ('what' | 'child' | 'input' | 'output')[]): string[] {
  return facts.quantities.filter((q) => roles.includes(q.role)).map((q) => q.epcClass);
}

/**
 * The chaincode's batch facts. Transformation inputs and outputs include their quantity classes
 * (a heat consumed into slabs is a lot class), since the contract's transformation rules read
 * only `inputs` / `outputs`; the other events' quantities go to `quantityClasses`.
 */
export function ledgerFactsOf(hashId: string, facts: DomainEventFacts): LedgerEventFacts {
  const transformation = facts.type === 'TransformationEvent';
  return {
    hashId,
    type: facts.type,
    action: facts.action,
    bizStep: facts.bizStep,
    disposition: facts.disposition,
    persistentDisposition:
      facts.persistentDisposition.set.length + facts.persistentDisposition.unset.length > 0 ? facts.persistentDisposition : undefined,
    eventTime: facts.eventTime,
    readPoint: facts.readPoint,
    bizLocation: facts.bizLocation,
    epcs: facts.epcs,
    parentId: facts.parent,
    childEpcs: facts.children,
    inputs: transformation ? [...facts.inputs, ...classesOf(facts, ['input'])] : facts.inputs,
    outputs: transformation ? [...facts.outputs, ...classesOf(facts, ['output'])] : facts.outputs,
    quantityClasses: transformation ? [] : classesOf(facts, ['what', 'child']),
    sources: facts.sources,
    destinations: facts.destinations,
    bizTransactions: facts.bizTransactions.map((b) => ({ type: b.type ?? 'unspecified', id: b.id })),
  };
}

function objectFacts(facts: DomainEventFacts): EventObjectFact[] {
  const out: EventObjectFact[] = [];
  for (const id of facts.epcs) out.push({ objectId: id, role: 'epc' });
  if (facts.parent !== undefined) out.push({ objectId: facts.parent, role: 'parent' });
  for (const id of facts.children) out.push({ objectId: id, role: 'child' });
  for (const id of facts.inputs) out.push({ objectId: id, role: 'input' });
  for (const id of facts.outputs) out.push({ objectId: id, role: 'output' });
  for (const q of facts.quantities) {
    const role = q.role === 'input' ? 'input' : q.role === 'output' ? 'output' : 'quantity_class';
    out.push({ objectId: q.epcClass, role, quantity: q.quantity ?? null, uom: q.uom ?? null });
  }
  return out;
}

/**
 * Genealogy of an accepted event: aggregation and association parent → children (not on DELETE,
 * which ends the link rather than making one), transformation inputs → outputs.
 */
export function genealogyEdgesOf(hashId: string, facts: DomainEventFacts): GenealogyEdge[] {
  const edges: GenealogyEdge[] = [];
  if ((facts.type === 'AggregationEvent' || facts.type === 'AssociationEvent') && facts.parent !== undefined && facts.action !== 'DELETE') {
    const kind = facts.type === 'AggregationEvent' ? 'aggregation' : 'association';
    for (const child of new Set([...facts.children, ...classesOf(facts, ['child'])]))
      edges.push({ parentId: facts.parent, childId: child, kind, hashId });
  }
  if (facts.type === 'TransformationEvent') {
    const inputs = new Set([...facts.inputs, ...classesOf(facts, ['input'])]);
    const outputs = new Set([...facts.outputs, ...classesOf(facts, ['output'])]);
    for (const input of inputs)
      for (const output of outputs) edges.push({ parentId: input, childId: output, kind: 'transformation', hashId });
  }
  return edges;
}

function optionalString(event: Readonly<Record<string, unknown>>, key: string): string | null {
  const v = event[key];
  return typeof v === 'string' ? v : null;
}

/** Projects a captured event (already validated at ingest). Throws when the event cannot be read as EPCIS. */
export function projectCapturedEvent(message: CapturedEventMessage): ProjectedEvent {
  const facts = eventFacts(message.event as unknown as EpcisEvent);
  const record: EventToStore = {
    hashId: message.hashId,
    event: message.event as JsonValue,
    facts: {
      eventId: optionalString(message.event, 'eventID'),
      type: facts.type,
      action: facts.action ?? null,
      bizStep: facts.bizStep ?? null,
      disposition: facts.disposition ?? null,
      eventTime: facts.eventTime,
      eventTimeZoneOffset: optionalString(message.event, 'eventTimeZoneOffset') ?? '+00:00',
      recordTime: new Date(message.receivedAt).toISOString(),
      readPoint: facts.readPoint ?? null,
      bizLocation: facts.bizLocation ?? null,
      submitterMsp: message.submitterMsp,
      captureId: message.captureId,
      objects: objectFacts(facts),
    },
  };
  return { message, facts, ledger: ledgerFactsOf(message.hashId, facts), record, edges: genealogyEdgesOf(message.hashId, facts) };
}
