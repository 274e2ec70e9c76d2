import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cbvTerms, isAbsoluteUri, normaliseCbv, type CbvVocabulary } from './cbv.normaliser.js';

const VOCABS: CbvVocabulary[] = ['bizStep', 'disposition', 'bizTransactionType', 'sourceDestType', 'errorReason', 'sensorMeasurementType'];

describe('normaliseCbv', () => {
  it.each([
    ['bizStep', 'shipping', 'https://ref.gs1.org/cbv/BizStep-shipping', 'urn:epcglobal:cbv:bizstep:shipping'],
    ['disposition', 'in_transit', 'https://ref.gs1.org/cbv/Disp-in_transit', 'urn:epcglobal:cbv:disp:in_transit'],
    ['bizTransactionType', 'po', 'https://ref.gs1.org/cbv/BTT-po', 'urn:epcglobal:cbv:btt:po'],
    ['sourceDestType', 'owning_party', 'https://ref.gs1.org/cbv/SDT-owning_party', 'urn:epcglobal:cbv:sdt:owning_party'],
    ['errorReason', 'incorrect_data', 'https://ref.gs1.org/cbv/ER-incorrect_data', 'urn:epcglobal:cbv:er:incorrect_data'],
  ] as const)('maps the bare word, URN and web URI of %s %s to one standard term', (vocab, word, webUri, urn) => {
    const expected = { standard: true, bareWord: word, webUri, urn };
    expect(normaliseCbv(vocab, word)).toEqual(expected);
    expect(normaliseCbv(vocab, urn)).toEqual(expected);
    expect(normaliseCbv(vocab, webUri)).toEqual(expected);
    expect(normaliseCbv(vocab, webUri.replace('https://ref.gs1.org/cbv/', 'cbv:'))).toEqual(expected);
  });

  it('maps sensor measurement types from bare word, gs1: compact form and web URI, with no URN', () => {
    const expected = { standard: true, bareWord: 'Temperature', webUri: 'https://gs1.org/voc/MT-Temperature', urn: undefined };
    expect(normaliseCbv('sensorMeasurementType', 'Temperature')).toEqual(expected);
    expect(normaliseCbv('sensorMeasurementType', 'gs1:MT-Temperature')).toEqual(expected);
    expect(normaliseCbv('sensorMeasurementType', 'https://gs1.org/voc/MT-Temperature')).toEqual(expected);
  });

  it('knows the CBV 2.0 additions', () => {
    expect(normaliseCbv('bizStep', 'sensor_reporting')?.standard).toBe(true);
    expect(normaliseCbv('bizStep', 'sampling')?.standard).toBe(true);
    expect(normaliseCbv('disposition', 'needs_replacement')?.standard).toBe(true);
    expect(normaliseCbv('disposition', 'conformant')?.standard).toBe(true);
    expect(normaliseCbv('bizTransactionType', 'cert')?.standard).toBe(true);
    expect(normaliseCbv('bizTransactionType', 'testres')?.standard).toBe(true);
  });

  it('accepts a user-defined absolute URI as a non-standard term, unchanged', () => {
    expect(normaliseCbv('bizStep', 'https://example.com/steps/heat_treating')).toEqual({
      standard: false,
      bareWord: undefined,
      webUri: 'https://example.com/steps/heat_treating',
      urn: undefined,
    });
    expect(normaliseCbv('bizTransactionType', 'urn:example:btt:mill_order')?.standard).toBe(false);
  });

  it('rejects an unknown bare word', () => {
    expect(normaliseCbv('bizStep', 'shiping')).toBeUndefined();
    expect(normaliseCbv('disposition', 'In_Transit')).toBeUndefined();
    expect(normaliseCbv('bizStep', '')).toBeUndefined();
  });

  it('rejects a term of another vocabulary and a misspelt term in a GS1 namespace', () => {
    expect(normaliseCbv('bizStep', 'urn:epcglobal:cbv:disp:in_transit')).toBeUndefined();
    expect(normaliseCbv('disposition', 'https://ref.gs1.org/cbv/BizStep-shipping')).toBeUndefined();
    expect(normaliseCbv('bizStep', 'urn:epcglobal:cbv:bizstep:shiping')).toBeUndefined();
    expect(normaliseCbv('sensorMeasurementType', 'gs1:MT-Temperatur')).toBeUndefined();
    expect(normaliseCbv('sensorMeasurementType', 'https://gs1.org/voc/MT-Shipping')).toBeUndefined();
  });

  it('rejects a "URI" with spaces or without a scheme', () => {
    expect(normaliseCbv('bizStep', 'https://example.com/a b')).toBeUndefined();
    expect(normaliseCbv('bizStep', '1abc:x')).toBeUndefined();
    expect(normaliseCbv('bizStep', 'abc:')).toBeUndefined();
  });

  it('normalises every standard term of every vocabulary to itself from each of its spellings', () => {
    for (const vocab of VOCABS) {
      for (const word of cbvTerms(vocab)) {
        const term = normaliseCbv(vocab, word);
        expect(term?.bareWord).toBe(word);
        expect(term === undefined ? undefined : normaliseCbv(vocab, term.webUri)).toBe(term);
        if (term?.urn !== undefined) expect(normaliseCbv(vocab, term.urn)).toBe(term);
      }
    }
  });

  it('never throws and returns either undefined or a term whose webUri is absolute', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VOCABS), fc.string(), (vocab, value) => {
        const term = normaliseCbv(vocab, value);
        if (term !== undefined) expect(term.webUri).toMatch(/^[A-Za-z][A-Za-z0-9+.-]*:/);
      }),
    );
  });
});

describe('cbvTerms', () => {
  it('lists the complete CBV 2.0 vocabularies', () => {
    expect(cbvTerms('bizStep')).toHaveLength(41);
    expect(cbvTerms('disposition')).toHaveLength(33);
    expect(cbvTerms('bizTransactionType')).toHaveLength(13);
    expect(cbvTerms('sourceDestType')).toEqual(['owning_party', 'possessing_party', 'location']);
    expect(cbvTerms('errorReason')).toEqual(['did_not_occur', 'incorrect_data']);
    expect(cbvTerms('sensorMeasurementType')).toContain('Temperature');
  });
});

describe('isAbsoluteUri', () => {
  it.each([
    'urn:uuid:6f1c2a9e-3b7d-4e51-9a0c-2d8e4f6b1a01',
    'https://example.com/a?b=c#d',
    'urn:epc:id:sgtin:9520123.045678.A1',
    'x-y.z+1:ok',
  ])('accepts %s', (uri) => {
    expect(isAbsoluteUri(uri)).toBe(true);
  });

  it.each([
    '',
    'a:',
    ':x',
    '1a:b',
    'no-colon',
    'a b:c',
    'https://example.com/a b',
    'https://example.com/<x>',
    'urn:x\u0085',
    'urn:x\n',
    'urn:x{y}',
  ])('rejects %j', (uri) => {
    expect(isAbsoluteUri(uri)).toBe(false);
  });
});
