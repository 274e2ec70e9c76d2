import { describe, expect, it } from 'vitest';
import type { JsonValue } from '@lotledger/store';
import { pharmaEvents, steelEvents } from '../testing/provenance.fixtures.js';
import { publicEvent } from './public-event.projection.js';

const HASH = 'ni:///sha-256;' + 'a'.repeat(64) + '?ver=CBV2.0';
const PLACES = new Map([
  ['https://id.gs1.org/414/9520123000011', 'Cardiomed plant, Basel'],
  ['https://id.gs1.org/414/4012345000122', 'Northline distribution centre, Köln'],
]);

/** Every key at any depth of a JSON value. */
function keysDeep(value: JsonValue): string[] {
  if (Array.isArray(value)) return (value as readonly JsonValue[]).flatMap(keysDeep);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => [k, ...keysDeep(v)]);
}

const [commission, packing, shipping, sensors] = pharmaEvents as unknown as JsonValue[];
const transformation = (steelEvents as unknown as JsonValue[])[1] ?? null;

describe('the public projection of an event', () => {
  it('never carries bizTransactionList, owning or possessing parties, readPoint, quantities or their units', () => {
    const all = [commission, packing, shipping, sensors, transformation].map((e) => publicEvent(e ?? null, HASH, PLACES));
    for (const out of all) {
      const keys = keysDeep(out);
      expect(keys).not.toContain('bizTransactionList');
      expect(keys).not.toContain('bizTransaction');
      expect(keys).not.toContain('readPoint');
      expect(keys).not.toContain('quantity');
      // Quantity elements keep their class only (a sensor reading's uom, e.g. CEL, is not commercial).
      for (const list of ['quantityList', 'childQuantityList', 'inputQuantityList', 'outputQuantityList']) {
        for (const q of (out[list] ?? []) as JsonValue[]) expect(Object.keys(q as object)).toEqual(['epcClass']);
      }
      expect(keys).not.toContain('deviceID');
      const text = JSON.stringify(out);
      expect(text).not.toContain('owning_party');
      expect(text).not.toContain('possessing_party');
      expect(text).not.toContain('urn:epc:id:pgln');
    }
  });

  it('keeps what happened, when and to what, field by field', () => {
    const out = publicEvent(shipping ?? null, HASH, PLACES);
    expect(out).toEqual({
      type: 'ObjectEvent',
      eventID: HASH,
      eventTime: '2026-03-02T15:30:00.000+01:00',
      eventTimeZoneOffset: '+01:00',
      action: 'OBSERVE',
      bizStep: 'shipping',
      disposition: 'in_transit',
      epcList: ['urn:epc:id:sscc:9520123.0000004711'],
      bizLocation: { id: 'urn:epc:id:sgln:9520123.00001.0' },
      sourceList: [{ type: 'location', source: 'urn:epc:id:sgln:9520123.00001.0' }],
      destinationList: [{ type: 'location', destination: 'https://id.gs1.org/414/4012345000122' }],
    });
  });

  it('keeps a location only when it is a registered public place', () => {
    const out = publicEvent(shipping ?? null, HASH, new Map());
    expect(out['bizLocation']).toBeUndefined();
    expect(out['sourceList']).toBeUndefined();
    expect(out['destinationList']).toBeUndefined();
  });

  it('keeps lot master data but drops commercial keys from ilmd at any depth', () => {
    const out = publicEvent(commission ?? null, HASH, PLACES);
    expect(out['ilmd']).toEqual({
      'cbvmda:lotNumber': 'LT2603A',
      'cbvmda:itemExpirationDate': '2028-02-29',
      'lotledger:storageTemperatureRange': { 'lotledger:minCelsius': 2, 'lotledger:maxCelsius': 8 },
    });
    const steel = publicEvent(transformation, HASH, PLACES);
    const ilmd = JSON.stringify(steel['ilmd']);
    expect(ilmd).toContain('"steel:yieldStrengthMPa":389');
    expect(ilmd).not.toContain('orderPricePerTonne');
    expect(ilmd).not.toContain('netWeightKg');
    expect(steel['inputQuantityList']).toEqual([{ epcClass: 'urn:epc:class:lgtin:0614141.077001.H26-40718' }]);
    expect(steel['certificationInfo']).toEqual(['https://certs.mill.lotledger.example/en10204/3.1/H26-40718']);
  });

  it('keeps sensor readings and the period they cover, without the device', () => {
    const out = publicEvent(sensors ?? null, HASH, PLACES);
    expect(out['sensorElementList']).toEqual([
      {
        sensorMetadata: { startTime: '2026-03-02T15:30:00.000+01:00', endTime: '2026-03-03T06:10:00.000+01:00' },
        sensorReport: [{ type: 'gs1:MT-Temperature', minValue: 3.1, maxValue: 7.4, meanValue: 5.2, uom: 'CEL' }],
      },
    ]);
  });

  it('drops any extension field nobody listed', () => {
    const out = publicEvent(
      {
        type: 'ObjectEvent',
        eventTime: '2026-01-01T00:00:00Z',
        'acme:unitPrice': 12.4,
        'acme:customer': 'Pharmacy 42',
        errorDeclaration: { declarationTime: '2026-01-02T00:00:00Z' },
      },
      HASH,
      PLACES,
    );
    expect(Object.keys(out).sort()).toEqual(['eventID', 'eventTime', 'type']);
  });
});
