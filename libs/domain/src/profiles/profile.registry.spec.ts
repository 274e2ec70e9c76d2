import { describe, expect, it } from 'vitest';
import type { ObjectEvent } from '../epcis/epcis.model.js';
import type { ProfileProduct } from './profile.model.js';
import { gtinsOfEvent, profileCaptureIssues, profileFindings, profileFor } from './profile.registry.js';

const PACK_GTIN = '09520123000011';
const PHARMA: ProfileProduct = { gtin: PACK_GTIN, industry: 'pharma', publicAttributes: {} };
const commissioning: ObjectEvent = {
  type: 'ObjectEvent',
  eventTime: '2026-10-05T07:30:00.000+02:00',
  eventTimeZoneOffset: '+02:00',
  action: 'ADD',
  bizStep: 'commissioning',
  epcList: ['urn:epc:id:sgtin:9520123.000001.SN1001', 'https://id.gs1.org/00/095201230000000176'],
};

describe('profile registry', () => {
  it('chooses the profile by industry; other has none', () => {
    expect(profileFor('pharma')?.industry).toBe('pharma');
    expect(profileFor('steel')?.industry).toBe('steel');
    expect(profileFor('auto')?.industry).toBe('auto');
    expect(profileFor('other')).toBeUndefined();
  });

  it('names the GTINs of an event once each', () => {
    expect(gtinsOfEvent(commissioning)).toEqual([PACK_GTIN]);
  });

  it('runs the profile of the registered product only', () => {
    expect(profileCaptureIssues(commissioning, '/e', new Map([[PACK_GTIN, PHARMA]])).map((i) => i.code)).toEqual([
      'PHARMA_LOT_REQUIRED',
      'PHARMA_EXPIRY_REQUIRED',
    ]);
    expect(profileCaptureIssues(commissioning, '/e', new Map([[PACK_GTIN, null]]))).toEqual([]);
    expect(profileCaptureIssues(commissioning, '/e', new Map([[PACK_GTIN, { ...PHARMA, industry: 'other' }]]))).toEqual([]);
  });

  it('derives an excursion from a reading on a later event against the commissioning range', () => {
    const events = [
      {
        event: {
          ...commissioning,
          ilmd: { 'lotledger:storageTemperatureRange': { 'lotledger:minCelsius': 2, 'lotledger:maxCelsius': 8 } },
        },
      },
      {
        event: {
          type: 'ObjectEvent',
          eventTime: '2026-10-07T14:25:00.000+02:00',
          sensorElementList: [{ sensorReport: [{ type: 'gs1:MT-Temperature', minValue: 4, maxValue: 14, uom: 'CEL' }] }],
        },
        ref: 'ni:///sha-256;abc?ver=CBV2.0',
      },
    ];
    expect(profileFindings(events, PHARMA)).toEqual([
      expect.objectContaining({ code: 'COLD_CHAIN_EXCURSION', observed: 14, eventRef: 'ni:///sha-256;abc?ver=CBV2.0' }),
    ]);
  });
});
