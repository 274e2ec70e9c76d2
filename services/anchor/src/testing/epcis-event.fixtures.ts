import { eventHashId, gs1CheckDigit } from '@lotledger/domain';
import type { OrganizationInput } from '@lotledger/ledger';
import { encodeCapturedEvent, type CapturedEventMessage } from '@lotledger/platform';
import type { BusMessage } from '@lotledger/bus';

/**
 * Test tool: EPCIS 2.0 events (GS1 Digital Link ids with correct check digits) for three
 * organisations, and their lotledger.events messages. Ids carry a run id, so each test has its own.
 */
export type Role = 'regulator' | 'manufacturer' | 'distributor';

export const MSP: Readonly<Record<Role, string>> = { regulator: 'RegulatorMSP', manufacturer: 'Org1MSP', distributor: 'Org2MSP' };
const PREFIX: Readonly<Record<Role, string>> = { regulator: '4000001', manufacturer: '4012345', distributor: '4098765' };

function withCheck(digits: string): string {
  return digits + String(gs1CheckDigit(digits));
}

export type EpcisEventJson = Record<string, unknown>;

export class EpcisEventFixtures {
  private counter = 0;
  private seconds = 0;

  constructor(readonly runId: string) {}

  organization(role: Role): OrganizationInput {
    return { mspId: MSP[role], name: role, role, companyPrefixes: [PREFIX[role]], glns: [] };
  }

  location(role: Role): string {
    return `https://id.gs1.org/414/${withCheck(PREFIX[role] + '00001')}`;
  }

  party(role: Role): string {
    return `https://id.gs1.org/417/${withCheck(PREFIX[role] + '00000')}`;
  }

  item(): string {
    this.counter += 1;
    return `https://id.gs1.org/01/${withCheck('0' + PREFIX.manufacturer + '00001')}/21/${this.runId}-${String(this.counter)}`;
  }

  sscc(): string {
    this.counter += 1;
    return `https://id.gs1.org/00/${withCheck('0' + PREFIX.manufacturer + String(this.counter).padStart(9, '0'))}`;
  }

  private time(): string {
    this.seconds += 1;
    return new Date(Date.UTC(2026, 10, 24, 8, 0, this.seconds)).toISOString();
  }

  commission(role: Role, epcs: readonly string[]): EpcisEventJson {
    return {
      type: 'ObjectEvent',
      eventTime: this.time(),
      eventTimeZoneOffset: '+01:00',
      action: 'ADD',
      bizStep: 'commissioning',
      disposition: 'active',
      epcList: [...epcs],
      readPoint: { id: this.location(role) },
      bizLocation: { id: this.location(role) },
    };
  }

  ship(from: Role, epcs: readonly string[], to: Role): EpcisEventJson {
    return {
      type: 'ObjectEvent',
      eventTime: this.time(),
      eventTimeZoneOffset: '+01:00',
      action: 'OBSERVE',
      bizStep: 'shipping',
      disposition: 'in_transit',
      epcList: [...epcs],
      readPoint: { id: this.location(from) },
      sourceList: [{ type: 'owning_party', source: this.party(from) }],
      destinationList: [{ type: 'owning_party', destination: this.party(to) }],
    };
  }

  /** `to` receives `epcs` that `from` shipped (valid only once the shipment is on the ledger). */
  receive(to: Role, epcs: readonly string[], from: Role): EpcisEventJson {
    return {
      type: 'ObjectEvent',
      eventTime: this.time(),
      eventTimeZoneOffset: '+01:00',
      action: 'OBSERVE',
      bizStep: 'receiving',
      disposition: 'in_progress',
      epcList: [...epcs],
      readPoint: { id: this.location(to) },
      bizLocation: { id: this.location(to) },
      sourceList: [{ type: 'owning_party', source: this.party(from) }],
      destinationList: [{ type: 'owning_party', destination: this.party(to) }],
    };
  }

  pack(role: Role, parent: string, children: readonly string[]): EpcisEventJson {
    return {
      type: 'AggregationEvent',
      eventTime: this.time(),
      eventTimeZoneOffset: '+01:00',
      action: 'ADD',
      bizStep: 'packing',
      parentID: parent,
      childEPCs: [...children],
      readPoint: { id: this.location(role) },
    };
  }

  message(
    role: Role,
    event: EpcisEventJson,
    receivedAt = new Date().toISOString(),
    captureId = `capture-${this.runId}`,
  ): CapturedEventMessage {
    return { hashId: eventHashId(event), captureId, submitterMsp: MSP[role], receivedAt, event };
  }

  busMessage(role: Role, event: EpcisEventJson, receivedAt?: string): BusMessage {
    return encodeCapturedEvent(this.message(role, event, receivedAt));
  }
}
