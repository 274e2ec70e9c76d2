import { describe, expect, it } from 'vitest';
import type { ObjectEvent } from '../epcis/epcis.model.js';
import {
  coldChainFindings,
  gs1DateToIso,
  PHARMA_PROFILE,
  storageRange,
  temperatureReadings,
  verifyPack,
  type PackRecord,
} from './pharma.profile.js';
import type { ProfileProduct } from './profile.model.js';

const PRODUCT: ProfileProduct = { gtin: '09520123000011', industry: 'pharma', publicAttributes: { storage: 'Store at 2–8 °C' } };
const POINTER = '/epcisBody/eventList/0';

function commissioning(ilmd?: ObjectEvent['ilmd']): ObjectEvent {
  return {
    type: 'ObjectEvent',
    eventTime: '2026-10-05T07:30:00.000+02:00',
    eventTimeZoneOffset: '+02:00',
    action: 'ADD',
    bizStep: 'commissioning',
    epcList: ['urn:epc:id:sgtin:9520123.000001.SN1001'],
    ...(ilmd === undefined ? {} : { ilmd }),
  };
}

describe('pharma commissioning', () => {
  it('accepts serialised packs that carry lot and expiry in ilmd', () => {
    const event = commissioning({ 'cbvmda:lotNumber': 'L2611A', 'cbvmda:itemExpirationDate': '2028-09-30' });
    expect(PHARMA_PROFILE.captureIssues({ event, pointer: POINTER, product: PRODUCT })).toEqual([]);
  });

  it('refuses serialised packs without lot and expiry, pointing where they belong', () => {
    const issues = PHARMA_PROFILE.captureIssues({ event: commissioning(), pointer: POINTER, product: PRODUCT });
    expect(issues.map((i) => [i.pointer, i.code])).toEqual([
      ['/epcisBody/eventList/0/ilmd/cbvmda:lotNumber', 'PHARMA_LOT_REQUIRED'],
      ['/epcisBody/eventList/0/ilmd/cbvmda:itemExpirationDate', 'PHARMA_EXPIRY_REQUIRED'],
    ]);
    expect(issues[1]?.expected).toMatch(/YYYY-MM-DD/);
  });

  it('refuses an expiry that is no calendar date and a lot longer than AI 10 allows', () => {
    const event = commissioning({ 'cbvmda:lotNumber': 'L'.repeat(21), 'cbvmda:itemExpirationDate': '2028-02-30' });
    const issues = PHARMA_PROFILE.captureIssues({ event, pointer: POINTER, product: PRODUCT });
    expect(issues.map((i) => i.code)).toEqual(['PHARMA_LOT_INVALID', 'PHARMA_EXPIRY_INVALID']);
  });

  it('leaves packs of another GTIN and non-commissioning events alone', () => {
    const other = { ...PRODUCT, gtin: '09520123000028' };
    expect(PHARMA_PROFILE.captureIssues({ event: commissioning(), pointer: POINTER, product: other })).toEqual([]);
    const observe: ObjectEvent = { ...commissioning(), action: 'OBSERVE', bizStep: 'shipping' };
    expect(PHARMA_PROFILE.captureIssues({ event: observe, pointer: POINTER, product: PRODUCT })).toEqual([]);
  });
});

describe('cold chain', () => {
  const reading = (minValue: number, maxValue: number, uom = 'CEL'): unknown => ({
    type: 'ObjectEvent',
    eventTime: '2026-10-07T14:25:00.000+02:00',
    sensorElementList: [{ sensorReport: [{ type: 'gs1:MT-Temperature', minValue, maxValue, uom }] }],
  });

  it('takes the storage range from the lot ilmd before the master data', () => {
    const ilmd = { 'lotledger:storageTemperatureRange': { 'lotledger:minCelsius': 15, 'lotledger:maxCelsius': 25 } };
    expect(storageRange(ilmd, PRODUCT)).toEqual({ minCelsius: 15, maxCelsius: 25, source: 'ilmd' });
    expect(storageRange(undefined, PRODUCT)).toEqual({ minCelsius: 2, maxCelsius: 8, source: 'master-data' });
    expect(storageRange(undefined, { publicAttributes: { storage: 'keep dry' } })).toBeUndefined();
  });

  it('reads Fahrenheit readings in Celsius', () => {
    expect(temperatureReadings(reading(41, 50, 'FAH'))).toEqual([expect.objectContaining({ minCelsius: 5, maxCelsius: 10 })]);
  });

  it('finds an excursion above the maximum and none within the range', () => {
    const range = { minCelsius: 2, maxCelsius: 8, source: 'ilmd' as const };
    expect(coldChainFindings([{ event: reading(3.9, 6.2) }], range)).toEqual([]);
    const findings = coldChainFindings([{ event: reading(4, 11.5), ref: 'ni:///x' }], range);
    expect(findings).toEqual([
      expect.objectContaining({ code: 'COLD_CHAIN_EXCURSION', observed: 11.5, limit: { min: 2, max: 8 }, eventRef: 'ni:///x' }),
    ]);
  });

  it('finds a freeze below the minimum', () => {
    const findings = coldChainFindings([{ event: reading(-1.5, 5) }], { minCelsius: 2, maxCelsius: 8, source: 'master-data' });
    expect(findings.map((f) => f.observed)).toEqual([-1.5]);
    expect(findings[0]?.message).toMatch(/below the storage minimum of 2 °C/);
  });
});

describe('pack verification', () => {
  const TODAY = '2026-12-02';
  const request = { gtin: PRODUCT.gtin, serial: 'SN1001', lot: 'L2611A', expiry: '280930' };
  const record: PackRecord = { commissioned: true, lot: 'L2611A', expiry: '2028-09-30', status: 'active', recalled: false };

  it('verifies a genuine pack whose lot and expiry match', () => {
    expect(verifyPack(request, record, TODAY)).toEqual({ verified: true, expiry: '2028-09-30' });
  });

  it.each([
    ['UNKNOWN_SERIAL', request, { ...record, commissioned: false }],
    ['LOT_MISMATCH', { ...request, lot: 'L9999' }, record],
    ['EXPIRY_MISMATCH', { ...request, expiry: '290930' }, record],
    ['RECALLED', request, { ...record, recalled: true }],
    ['ALREADY_DISPENSED', request, { ...record, status: 'dispensed' }],
    ['DECOMMISSIONED', request, { ...record, status: 'decommissioned' }],
    ['EXPIRED', { ...request, expiry: '251130' }, { ...record, expiry: '2025-11-30' }],
  ] as const)('answers %s', (reason, req, rec) => {
    expect(verifyPack(req, rec, TODAY)).toMatchObject({ verified: false, reason });
  });

  it('reads GS1 dates with day 00 as the month end and the GS1 century window', () => {
    expect(gs1DateToIso('280200', TODAY)).toBe('2028-02-29');
    expect(gs1DateToIso('990101', TODAY)).toBe('1999-01-01');
    expect(gs1DateToIso('761231', TODAY)).toBe('2076-12-31');
    expect(gs1DateToIso('281301', TODAY)).toBeUndefined();
  });
});
