import { describe, expect, it } from 'vitest';
import type { JsonValue, Product, StoredEvent } from '@lotledger/store';
import { consumerView, type ProvenanceFacts } from '../provenance/consumer-view.js';
import type { VerificationOutcome } from '../provenance/ledger-verification.js';
import { consumerPage } from './consumer-page.view.js';

const OK: VerificationOutcome = { verified: true, txId: 'a'.repeat(64), blockNumber: 3, batchId: 'b', merkleRoot: 'c', leafIndex: 0 };
const PACK = 'https://id.gs1.org/01/09520123000011/21/SN1';
const COIL = 'https://id.gs1.org/01/00614141000203/21/C1';

function stored(event: Record<string, JsonValue>, i: number): StoredEvent {
  const time = typeof event['eventTime'] === 'string' ? event['eventTime'] : '';
  return {
    hashId: `h${String(i)}`,
    eventId: null,
    type: typeof event['type'] === 'string' ? event['type'] : '',
    action: null,
    bizStep: null,
    disposition: null,
    eventTime: new Date(time).toISOString(),
    eventTimeZoneOffset: '+00:00',
    recordTime: time,
    readPoint: null,
    bizLocation: null,
    submitterMsp: 'M',
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

function product(industry: Product['industry'], publicAttributes: Product['publicAttributes']): Product {
  return { gtin: '09520123000011', name: 'P', industry, imageUrl: null, publicAttributes, ownerMsp: 'M' };
}

function facts(id: string, p: Product, events: readonly Record<string, JsonValue>[]): ProvenanceFacts {
  return {
    id,
    object: null,
    lotObject: null,
    product: p,
    manufacturer: null,
    location: null,
    events: events.map((e, i) => ({ stored: stored(e, i), verification: OK })),
    edges: [],
    places: new Map(),
  };
}

const reading = (max: number): Record<string, JsonValue> => ({
  type: 'ObjectEvent',
  eventTime: '2026-10-07T14:25:00.000Z',
  eventTimeZoneOffset: '+00:00',
  action: 'OBSERVE',
  epcList: ['urn:epc:id:sgtin:9520123.000001.SN1'],
  sensorElementList: [{ sensorReport: [{ type: 'gs1:MT-Temperature', minValue: 3, maxValue: max, uom: 'CEL' }] }],
});

describe('profile facts on the consumer page', () => {
  it("shows an excursion against the product's registered storage range when the lot names none", () => {
    const view = consumerView(facts(PACK, product('pharma', { storage: 'Store at 2–8 °C' }), [reading(12.5)]));
    expect(view.coldChain.status).toBe('excursion');
    expect(view.coldChain.excursions).toEqual([expect.objectContaining({ message: expect.stringContaining('12.5 °C') as unknown })]);
    const page = consumerPage(view, { hostLink: 'https://x/01/1', qrPath: '/qr/01/1.svg' });
    expect(page).toContain('Temperature excursion');
    expect(page).toContain('above the storage maximum of 8 °C');
  });

  it('keeps a pack kept cold free of any excursion notice', () => {
    const view = consumerView(facts(PACK, product('pharma', { storage: 'Store at 2–8 °C' }), [reading(7)]));
    expect(view.coldChain).toMatchObject({ status: 'within-limits', excursions: [] });
    expect(consumerPage(view, { hostLink: 'h', qrPath: '/q.svg' })).not.toContain('Temperature excursion');
  });

  it('flags certificate values outside the grade with their limit', () => {
    const transformation: Record<string, JsonValue> = {
      type: 'TransformationEvent',
      eventTime: '2026-09-29T11:40:00.000Z',
      eventTimeZoneOffset: '+00:00',
      outputEPCList: ['urn:epc:id:sgtin:0614141.000020.C1'],
      ilmd: {
        'cbvmda:lotNumber': 'H1',
        'steel:grade': 'S355J2',
        'steel:inspectionDocument': {
          'steel:type': 'EN 10204 3.1',
          'steel:number': '31-H1',
          'steel:chemicalCompositionPercent': { 'steel:C': 0.16, 'steel:Mn': 1.42 },
          'steel:yieldStrengthMPa': 341,
          'steel:tensileStrengthMPa': 521,
          'steel:elongationPercent': 26.5,
          'steel:impactEnergyJ': 64,
        },
      },
    };
    const view = consumerView(facts(COIL, { ...product('steel', { thickness: '8 mm' }), gtin: '00614141000203' }, [transformation]));
    const doc = view.certificates[0];
    expect(doc?.checkedAgainst).toBe('S355J2 (EN 10025-2:2019)');
    expect(doc?.rows.find((r) => r.label === 'Yield strength (MPa)')).toMatchObject({ value: '341', limit: '≥ 355', spec: 'outside' });
    expect(doc?.rows.find((r) => r.label === 'Tensile strength (MPa)')).toMatchObject({ spec: 'within' });
    expect(doc?.outOfSpec).toEqual([expect.stringContaining('Yield strength 341 MPa')]);
    const page = consumerPage(view, { hostLink: 'h', qrPath: '/q.svg' });
    expect(page).toContain('out of spec (limit ≥ 355)');
    expect(page).toContain('Outside the grade');
  });
});
