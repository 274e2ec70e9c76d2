import { gs1CheckDigit, type AnchorBatchInput, type EventFacts, type TypedRef } from '@lotledger/chaincode';
import { merkleRootHex, sha256Hex } from '@lotledger/domain';
import type { OrganizationInput } from '../ledger.port.js';

/**
 * Builders for batch facts in tests and the benchmark: GS1 ids with correct check digits
 * (Digital Link form), one company prefix per organisation, and hash IDs unique per run so
 * that suites can run again against a ledger whose state persists (Fabric).
 */
export interface TraceParties {
  readonly regulator: string;
  readonly manufacturer: string;
  readonly distributor: string;
}

const PREFIXES: Readonly<Record<keyof TraceParties, string>> = { regulator: '4000001', manufacturer: '4012345', distributor: '4098765' };

function withCheckDigit(digits: string): string {
  return digits + String(gs1CheckDigit(digits));
}

export class TraceFixtures {
  private counter = 0;

  constructor(
    readonly parties: TraceParties,
    readonly runId: string,
  ) {}

  prefixOf(role: keyof TraceParties): string {
    return PREFIXES[role];
  }

  gln(role: keyof TraceParties, ref = 1): string {
    return withCheckDigit(PREFIXES[role] + String(ref).padStart(5, '0'));
  }

  location(role: keyof TraceParties, ref = 1): string {
    return `https://id.gs1.org/414/${this.gln(role, ref)}`;
  }

  party(role: keyof TraceParties): string {
    return `https://id.gs1.org/417/${this.gln(role, 0)}`;
  }

  organization(role: keyof TraceParties): OrganizationInput {
    const orgRole = role === 'regulator' ? 'regulator' : role;
    return {
      mspId: this.parties[role],
      name: `${role} (${this.parties[role]})`,
      role: orgRole,
      companyPrefixes: [PREFIXES[role]],
      glns: [],
    };
  }

  private gtin(item = 1): string {
    return withCheckDigit('0' + PREFIXES.manufacturer + String(item).padStart(5, '0'));
  }

  /** A serialised item unique to this run. */
  item(label: string | number = ++this.counter): string {
    return `https://id.gs1.org/01/${this.gtin()}/21/${this.runId}-${String(label)}`;
  }

  lot(label: string | number = ++this.counter): string {
    return `https://id.gs1.org/01/${this.gtin(2)}/10/L${this.runId}-${String(label)}`;
  }

  sscc(): string {
    const serial = sha256Hex(`${this.runId}-${++this.counter}`).replace(/[a-f]/g, '').padEnd(9, '7').slice(0, 9);
    return `https://id.gs1.org/00/${withCheckDigit('0' + PREFIXES.distributor.slice(0, 7) + serial)}`;
  }

  hashId(): string {
    return `ni:///sha-256;${sha256Hex(`${this.runId}#${++this.counter}`)}?ver=CBV2.0`;
  }

  event(facts: Partial<EventFacts> & Pick<EventFacts, 'type'>): EventFacts {
    return {
      hashId: this.hashId(),
      eventTime: '2026-11-24T10:00:00.000Z',
      epcs: [],
      childEpcs: [],
      inputs: [],
      outputs: [],
      quantityClasses: [],
      sources: [],
      destinations: [],
      bizTransactions: [],
      ...facts,
    };
  }

  commission(role: keyof TraceParties, ids: readonly string[]): EventFacts {
    const items = ids.filter((id) => !id.includes('/10/'));
    const classes = ids.filter((id) => id.includes('/10/'));
    return this.event({
      type: 'ObjectEvent',
      action: 'ADD',
      bizStep: 'commissioning',
      disposition: 'active',
      readPoint: this.location(role),
      bizLocation: this.location(role),
      epcs: items,
      quantityClasses: classes,
    });
  }

  ship(from: keyof TraceParties, ids: readonly string[], to: keyof TraceParties, extra: Partial<EventFacts> = {}): EventFacts {
    const destinations: TypedRef[] = [{ type: 'owning_party', id: this.party(to) }];
    return this.event({
      type: 'ObjectEvent',
      action: 'OBSERVE',
      bizStep: 'shipping',
      disposition: 'in_transit',
      readPoint: this.location(from),
      epcs: [...ids],
      sources: [{ type: 'owning_party', id: this.party(from) }],
      destinations,
      ...extra,
    });
  }

  receive(at: keyof TraceParties, ids: readonly string[], from: keyof TraceParties): EventFacts {
    return this.event({
      type: 'ObjectEvent',
      action: 'OBSERVE',
      bizStep: 'receiving',
      disposition: 'in_progress',
      readPoint: this.location(at),
      bizLocation: this.location(at),
      epcs: [...ids],
      sources: [{ type: 'owning_party', id: this.party(from) }],
      destinations: [{ type: 'owning_party', id: this.party(at) }],
    });
  }

  observe(at: keyof TraceParties, ids: readonly string[], bizStep: string, extra: Partial<EventFacts> = {}): EventFacts {
    return this.event({ type: 'ObjectEvent', action: 'OBSERVE', bizStep, readPoint: this.location(at), epcs: [...ids], ...extra });
  }

  pack(at: keyof TraceParties, parentId: string, children: readonly string[]): EventFacts {
    return this.event({
      type: 'AggregationEvent',
      action: 'ADD',
      bizStep: 'packing',
      readPoint: this.location(at),
      parentId,
      childEpcs: [...children],
    });
  }

  unpack(at: keyof TraceParties, parentId: string, children: readonly string[] = []): EventFacts {
    return this.event({
      type: 'AggregationEvent',
      action: 'DELETE',
      bizStep: 'unpacking',
      readPoint: this.location(at),
      parentId,
      childEpcs: [...children],
    });
  }

  transform(at: keyof TraceParties, inputs: readonly string[], outputs: readonly string[]): EventFacts {
    return this.event({
      type: 'TransformationEvent',
      bizStep: 'commissioning',
      readPoint: this.location(at),
      inputs: [...inputs],
      outputs: [...outputs],
    });
  }

  batch(events: readonly EventFacts[]): AnchorBatchInput {
    return { merkleRoot: merkleRootHex(events.map((e) => e.hashId)), events };
  }
}
