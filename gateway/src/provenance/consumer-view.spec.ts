import { describe, expect, it } from 'vitest';
import type { JsonValue, StoredEvent, StoredObject } from '@lotledger/store';
import { consumerPage } from '../consumer-page/consumer-page.view.js';
import { IDS, pharmaEvents } from '../testing/provenance.fixtures.js';
import { consumerView, fieldLabel, formatWhen, type ProvenanceFacts } from './consumer-view.js';
import type { VerificationOutcome } from './ledger-verification.js';

const OK: VerificationOutcome = { verified: true, txId: 'a'.repeat(64), blockNumber: 3, batchId: 'b', merkleRoot: 'c', leafIndex: 0 };
const INJECTION = `<script>alert(1)</script><img src=x onerror=alert(2)>"'`;

function stored(event: JsonValue, i: number): StoredEvent {
  const e = event as { eventTime: string; eventTimeZoneOffset: string; type: string };
  return {
    hashId: `h${String(i)}`,
    eventId: null,
    type: e.type,
    action: null,
    bizStep: null,
    disposition: null,
    eventTime: new Date(e.eventTime).toISOString(),
    eventTimeZoneOffset: e.eventTimeZoneOffset,
    recordTime: e.eventTime,
    readPoint: null,
    bizLocation: null,
    submitterMsp: 'PharmaMSP',
    captureId: null,
    event,
    status: 'anchored',
    rejectCode: null,
    rejectReason: null,
    batchId: 'b',
    txId: 'a'.repeat(64),
    blockNumber: 3,
    leafIndex: i,
    merkleRoot: 'c',
  };
}

function object(overrides: Partial<StoredObject> = {}): StoredObject {
  return {
    id: IDS.pack,
    kind: 'sgtin',
    gtin: '09520123456788',
    lot: null,
    serial: 'PX7K2M4Q9A',
    status: 'active',
    custodianMsp: 'DistributorMSP',
    location: null,
    holds: [],
    lastEventHash: null,
    updatedAt: '2026-03-03T00:00:00Z',
    ...overrides,
  };
}

function facts(
  overrides: Partial<ProvenanceFacts> = {},
  events: readonly JsonValue[] = pharmaEvents as unknown as JsonValue[],
): ProvenanceFacts {
  return {
    id: IDS.pack,
    object: object(),
    lotObject: null,
    product: {
      gtin: '09520123456788',
      name: 'Cardiostat 10 mg tablets',
      industry: 'pharma',
      imageUrl: null,
      publicAttributes: {},
      ownerMsp: 'PharmaMSP',
    },
    manufacturer: null,
    location: null,
    events: events.map((e, i) => ({ stored: stored(e, i), verification: OK })),
    edges: [],
    places: new Map(),
    ...overrides,
  };
}

describe('the consumer view', () => {
  it('flags a temperature excursion against the storage limits of the lot', () => {
    const hot = (pharmaEvents as unknown as JsonValue[]).map((e) =>
      JSON.stringify(e).includes('MT-Temperature')
        ? (JSON.parse(JSON.stringify(e).replace('"maxValue":7.4', '"maxValue":11.2')) as JsonValue)
        : e,
    );
    expect(consumerView(facts({}, hot)).coldChain).toMatchObject({ status: 'excursion', limits: { min: 2, max: 8 } });
    expect(consumerView(facts()).coldChain.status).toBe('within-limits');
    expect(consumerView(facts({}, [pharmaEvents[0] as unknown as JsonValue])).coldChain.status).toBe('no-readings');
  });

  it("shows a quarantine of the item's lot as the item's alert", () => {
    const lot = object({
      id: 'https://id.gs1.org/01/09520123456788/10/LT2603A',
      kind: 'lgtin',
      status: 'quarantined',
      holds: [{ kind: 'quarantine', reason: 'Seal check', since: '2026-03-04T00:00:00Z', setBy: 'PharmaMSP' }],
    });
    expect(consumerView(facts({ lotObject: lot })).alert).toEqual({
      kind: 'quarantine',
      reason: 'Seal check',
      since: '2026-03-04T00:00:00Z',
      scope: 'lot LT2603A',
    });
  });

  it('says which steps are not verified and why', () => {
    const f = facts();
    const events = f.events.map((e, i) =>
      i === 3
        ? {
            ...e,
            verification: {
              verified: false as const,
              reason: 'root-mismatch' as const,
              detail: 'the fingerprint on the ledger does not match this record',
            },
          }
        : e,
    );
    const view = consumerView({ ...f, events });
    expect(view.ledger).toMatchObject({ total: 4, verified: 3, problems: ['the fingerprint on the ledger does not match this record'] });
    expect(consumerPage(view, { hostLink: 'https://r.example/01/x', qrPath: '/qr/01/x.svg' })).toContain(
      'Partly verified on the ledger: 3 of 4 steps',
    );
  });

  it('escapes registry and event text on the page (injection string)', () => {
    const f = facts({
      product: {
        gtin: '09520123456788',
        name: INJECTION,
        industry: 'pharma',
        imageUrl: 'javascript:alert(3)',
        publicAttributes: { [INJECTION]: INJECTION },
        ownerMsp: 'PharmaMSP',
      },
      object: object({
        status: 'recalled',
        holds: [{ kind: 'recall', reason: INJECTION, since: '2026-03-04T00:00:00Z', setBy: 'PharmaMSP' }],
      }),
    });
    const page = consumerPage(consumerView(f), { hostLink: 'https://r.example/01/x', qrPath: '/qr/01/x.svg' });
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<img src=x');
    expect(page).not.toContain('javascript:');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it("writes times in the event's own time zone and field names in words", () => {
    expect(formatWhen('2026-03-02T07:15:12.000Z', '+01:00')).toBe('2 March 2026, 08:15 (UTC+01:00)');
    expect(fieldLabel('steel:yieldStrengthMPa')).toBe('Yield strength (MPa)');
    expect(fieldLabel('steel:Mn')).toBe('Mn');
  });
});
