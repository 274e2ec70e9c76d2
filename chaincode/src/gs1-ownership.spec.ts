import { describe, expect, it } from 'vitest';
import { glnOf, gs1CheckDigit, isClassLevelId, ownsId } from './gs1-ownership.js';
import type { Organization } from './ledger-records.js';

const org: Organization = {
  mspId: 'Org1MSP',
  name: 'Maker',
  role: 'manufacturer',
  companyPrefixes: ['4012345'],
  glns: ['4098765000027'],
  registeredBy: 'R',
  updatedAt: '',
};

describe('GLN ownership', () => {
  it('computes the GS1 mod-10 check digit (GLN 4012345000009 from GS1 examples style)', () => {
    expect(gs1CheckDigit('401234500000')).toBe(9);
    expect(gs1CheckDigit('629104150021')).toBe(3); // GTIN-13 6291041500213, GS1 General Specifications §7.9 example
  });

  it('reads the GLN out of Digital Link /414/ and /417/ URIs and sgln / pgln URNs', () => {
    expect(glnOf('https://id.gs1.org/414/4012345000009/254/7')).toBe('4012345000009');
    expect(glnOf('https://id.gs1.org/417/4012345000009')).toBe('4012345000009');
    expect(glnOf('urn:epc:id:sgln:4012345.00000.0')).toBe('4012345000009');
    expect(glnOf('urn:epc:id:pgln:4012345.00000')).toBe('4012345000009');
    expect(glnOf('https://id.gs1.org/01/04012345000016/21/1')).toBeUndefined();
  });

  it('grants a GLN under a company prefix or registered one by one, and nothing else', () => {
    expect(ownsId(org, 'https://id.gs1.org/414/4012345000009')).toBe(true);
    expect(ownsId(org, 'https://id.gs1.org/414/4098765000027')).toBe(true);
    expect(ownsId(org, 'https://id.gs1.org/414/4098765000010')).toBe(false);
    expect(ownsId(org, 'https://example.com/site/1')).toBe(false);
  });

  it('tells lots and product classes from serialised items', () => {
    expect(isClassLevelId('https://id.gs1.org/01/04012345000016/10/L1')).toBe(true);
    expect(isClassLevelId('urn:epc:class:lgtin:4012345.000001.L1')).toBe(true);
    expect(isClassLevelId('https://id.gs1.org/01/04012345000016/21/S1')).toBe(false);
    expect(isClassLevelId('https://id.gs1.org/00/040123450000000017')).toBe(false);
  });
});
