import { describe, expect, it } from 'vitest';
import type { AssociationEvent } from '../epcis/epcis.model.js';
import { AUTO_PROFILE, isVehicleProduct, vinCheckCharacter, vinProblem } from './auto.profile.js';
import type { ProfileProduct } from './profile.model.js';

const VEHICLE: ProfileProduct = { gtin: '04012345000405', industry: 'auto', publicAttributes: { kind: 'vehicle', model: 'Model E' } };

function assembly(vin: string): AssociationEvent {
  return {
    type: 'AssociationEvent',
    eventTime: '2026-10-08T07:30:00.000+02:00',
    eventTimeZoneOffset: '+02:00',
    action: 'ADD',
    bizStep: 'assembling',
    parentID: `urn:epc:id:sgtin:4012345.000040.${vin}`,
    childEPCs: ['urn:epc:id:sgtin:4098765.000030.BC30-5001'],
  };
}

describe('VIN (ISO 3779, check digit per 49 CFR 565.15)', () => {
  it('computes the check digit of golden North-American VINs', () => {
    expect(vinCheckCharacter('1M8GDM9AXKP042788')).toBe('X');
    expect(vinCheckCharacter('11111111111111111')).toBe('1');
    expect(vinCheckCharacter('1HGCM82633A004352')).toBe('3');
  });

  it('accepts valid VINs and a European VIN whatever its position 9', () => {
    expect(vinProblem('1M8GDM9AXKP042788')).toBeUndefined();
    expect(vinProblem('WAW1E23K7RT000815')).toBeUndefined();
  });

  it('refuses a wrong length, forbidden letters and a wrong North-American check digit', () => {
    expect(vinProblem('1M8GDM9AXKP04278')?.code).toBe('VIN_LENGTH');
    expect(vinProblem('1M8GDM9AXKP0427O8')?.code).toBe('VIN_CHARACTERS');
    expect(vinProblem('1M8GDM9A1KP042788')).toMatchObject({ code: 'VIN_CHECK_DIGIT', expected: expect.stringContaining('X') as unknown });
  });
});

describe('vehicle assembly', () => {
  it('knows a vehicle by its master data', () => {
    expect(isVehicleProduct(VEHICLE)).toBe(true);
    expect(isVehicleProduct({ ...VEHICLE, publicAttributes: { partNumber: 'BC-30' } })).toBe(false);
  });

  it('refuses parts associated to a vehicle whose VIN is wrong, pointing at the parentID', () => {
    const issues = AUTO_PROFILE.captureIssues({
      event: assembly('1M8GDM9A1KP042788'),
      pointer: '/epcisBody/eventList/2',
      product: VEHICLE,
    });
    expect(issues).toEqual([expect.objectContaining({ pointer: '/epcisBody/eventList/2/parentID', code: 'VIN_CHECK_DIGIT' })]);
  });

  it('accepts an assembly into a vehicle with a valid VIN', () => {
    expect(AUTO_PROFILE.captureIssues({ event: assembly('1M8GDM9AXKP042788'), pointer: '/e', product: VEHICLE })).toEqual([]);
  });
});
