import { describe, expect, it } from 'vitest';
import type { TransformationEvent } from '../epcis/epcis.model.js';
import type { ProfileProduct } from './profile.model.js';
import { inspectSteelCertificate, STEEL_PROFILE } from './steel.profile.js';

const COIL: ProfileProduct = { gtin: '00614141000203', industry: 'steel', publicAttributes: { grade: 'S355J2', thickness: '8 mm' } };

function ilmd(overrides: Record<string, unknown> = {}, grade = 'S355J2'): Record<string, unknown> {
  return {
    'cbvmda:lotNumber': 'H24-117',
    'steel:grade': grade,
    'steel:inspectionDocument': {
      'steel:type': 'EN 10204 3.1',
      'steel:number': '31-H24-117',
      'steel:chemicalCompositionPercent': { 'steel:C': 0.16, 'steel:Mn': 1.42, 'steel:Si': 0.21, 'steel:CEV': 0.42 },
      'steel:yieldStrengthMPa': 371,
      'steel:tensileStrengthMPa': 521,
      'steel:elongationPercent': 26.5,
      'steel:impactEnergyJ': 64,
      ...overrides,
    },
  };
}

describe('EN 10204 3.1 certificates against the grade', () => {
  it('finds an S355J2 certificate within EN 10025-2 limits clean', () => {
    const inspection = inspectSteelCertificate(ilmd(), COIL);
    expect(inspection?.findings).toEqual([]);
    expect(inspection?.issues).toEqual([]);
    expect(inspection?.standard).toBe('EN 10025-2:2019');
    expect(inspection?.values.find((v) => v.key === 'steel:yieldStrengthMPa')).toMatchObject({ limit: { min: 355 }, withinSpec: true });
  });

  it('flags a yield strength under 355 MPa and carbon over 0.20 % as findings, not issues', () => {
    const doc = ilmd({ 'steel:yieldStrengthMPa': 340, 'steel:chemicalCompositionPercent': { 'steel:C': 0.23, 'steel:Mn': 1.4 } });
    const inspection = inspectSteelCertificate(doc, COIL);
    expect(inspection?.issues).toEqual([]);
    expect(inspection?.findings.map((f) => [f.field, f.observed])).toEqual([
      ['steel:C', 0.23],
      ['steel:yieldStrengthMPa', 340],
    ]);
    expect(inspection?.findings[1]?.message).toMatch(/at least 355 MPa/);
  });

  it('applies the thin-gauge tensile band (510–680 MPa) below 3 mm', () => {
    const thin = { ...COIL, publicAttributes: { thickness: '2.5 mm' } };
    expect(inspectSteelCertificate(ilmd({ 'steel:tensileStrengthMPa': 495 }), thin)?.findings.map((f) => f.field)).toEqual([
      'steel:tensileStrengthMPa',
    ]);
    expect(inspectSteelCertificate(ilmd({ 'steel:tensileStrengthMPa': 495 }), COIL)?.findings).toEqual([]);
  });

  it('checks DC04 against EN 10130 (yield at most 210 MPa, elongation ≥ 38 %)', () => {
    const doc = ilmd(
      {
        'steel:yieldStrengthMPa': 225,
        'steel:tensileStrengthMPa': 300,
        'steel:elongationPercent': 36,
        'steel:chemicalCompositionPercent': { 'steel:C': 0.03 },
      },
      'DC04',
    );
    const inspection = inspectSteelCertificate(doc, null);
    expect(inspection?.standard).toBe('EN 10130:2006');
    expect(inspection?.findings.map((f) => f.field)).toEqual(['steel:yieldStrengthMPa', 'steel:elongationPercent']);
  });

  it('finds no DC04 yield too low: EN 10130 sets a yield maximum only', () => {
    const doc = ilmd({ 'steel:yieldStrengthMPa': 130, 'steel:tensileStrengthMPa': 290, 'steel:elongationPercent': 41 }, 'DC04');
    const inspection = inspectSteelCertificate(doc, null);
    expect(inspection?.values.find((v) => v.key === 'steel:yieldStrengthMPa')).toMatchObject({ limit: { max: 210 }, withinSpec: true });
  });

  it('applies the heavy-plate S355J2 bands above 100 mm (ReH ≥ 295 MPa, Rm 450–600 MPa)', () => {
    const heavy = { ...COIL, publicAttributes: { thickness: '120 mm' } };
    const doc = ilmd({
      'steel:yieldStrengthMPa': 300,
      'steel:tensileStrengthMPa': 455,
      'steel:chemicalCompositionPercent': { 'steel:C': 0.2 },
    });
    expect(inspectSteelCertificate(doc, heavy)?.findings).toEqual([]);
    expect(inspectSteelCertificate(doc, COIL)?.findings.map((f) => f.field)).toEqual([
      'steel:yieldStrengthMPa',
      'steel:tensileStrengthMPa',
    ]);
  });

  it('refuses a certificate without its mechanical values, pointing inside the certificate', () => {
    const doc = ilmd({ 'steel:yieldStrengthMPa': undefined, 'steel:impactEnergyJ': undefined });
    const event: TransformationEvent = {
      type: 'TransformationEvent',
      eventTime: '2026-09-29T11:40:00.000+02:00',
      eventTimeZoneOffset: '+02:00',
      outputEPCList: ['urn:epc:id:sgtin:0614141.000020.C117-01'],
      ilmd: JSON.parse(JSON.stringify(doc)) as TransformationEvent['ilmd'],
    };
    const issues = STEEL_PROFILE.captureIssues({ event, pointer: '/epcisBody/eventList/1', product: COIL });
    expect(issues.map((i) => i.pointer)).toEqual([
      '/epcisBody/eventList/1/ilmd/steel:inspectionDocument/steel:yieldStrengthMPa',
      '/epcisBody/eventList/1/ilmd/steel:inspectionDocument/steel:impactEnergyJ',
    ]);
    expect(issues.every((i) => i.code === 'STEEL_CERTIFICATE_FIELD')).toBe(true);
  });

  it('refuses a certificate that is not of type 3.1 or 3.2', () => {
    expect(inspectSteelCertificate(ilmd({ 'steel:type': 'EN 10204 2.2' }), COIL)?.issues.map((i) => i.code)).toEqual([
      'STEEL_CERTIFICATE_TYPE',
    ]);
  });
});
