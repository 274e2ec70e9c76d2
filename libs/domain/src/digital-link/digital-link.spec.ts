import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gs1CheckDigit } from '../gs1/check-digit.js';
import type { Gs1Element } from '../gs1/gs1-element.js';
import { buildDigitalLink, canonicaliseDigitalLink, parseDigitalLink } from './digital-link.js';

function codes(uri: string): string[] {
  const r = parseDigitalLink(uri);
  return r.ok ? [] : r.issues.map((i) => i.code);
}

describe('parseDigitalLink', () => {
  it('splits the GS1 Digital Link standard example into key, qualifiers and attributes', () => {
    expect(parseDigitalLink('https://id.gs1.org/01/09520123456788/10/ABC1/21/12345?17=280131')).toEqual({
      ok: true,
      value: {
        primaryKey: { ai: '01', value: '09520123456788' },
        qualifiers: [
          { ai: '10', value: 'ABC1' },
          { ai: '21', value: '12345' },
        ],
        attributes: [{ ai: '17', value: '280131' }],
      },
    });
  });

  it('accepts every primary key of the standard with its qualifiers', () => {
    for (const uri of [
      'https://id.gs1.org/00/106141412345678908',
      'https://id.gs1.org/01/09520123456788/22/2A/10/L1/21/S1',
      'https://id.gs1.org/01/09520123456788/235/TPX1',
      'https://id.gs1.org/253/0614141123452400',
      'https://id.gs1.org/255/401234567890104711',
      'https://id.gs1.org/401/0614141xyz47%2F11',
      'https://id.gs1.org/402/06141411234567890',
      'https://id.gs1.org/414/0614141123452/254/400',
      'https://id.gs1.org/415/0614141123452/8020/INV-1',
      'https://id.gs1.org/417/0614141123452/7040/1ABC',
      'https://id.gs1.org/8003/00614141123452400',
      'https://id.gs1.org/8004/061414112345400',
      'https://id.gs1.org/8006/040123451234560102/21/987',
      'https://id.gs1.org/8010/0614141123ABC/8011/123456789',
      'https://id.gs1.org/8013/1987654Ad4X4bL5ttr2310c2K',
      'https://id.gs1.org/8017/061414112345678902/8019/1',
      'https://id.gs1.org/8018/061414112345678902/8019/1',
    ]) {
      expect(codes(uri), uri).toEqual([]);
    }
  });

  it('canonicalises the deprecated short names, a padded GTIN, a trailing slash and a fragment', () => {
    expect(canonicaliseDigitalLink('http://example.org/gtin/9520123456788/lot/ABC1/ser/12345/?17=280131&linkType=all#x')).toEqual({
      ok: true,
      value: 'https://id.gs1.org/01/09520123456788/10/ABC1/21/12345?17=280131',
    });
  });

  it('decodes and re-encodes reserved characters the way GS1 toolkit does', () => {
    const r = parseDigitalLink('https://id.gs1.org/01/09520123456788/21/a%2Fb%25c%21%28%29%2A%27');
    expect(r.ok && r.value.qualifiers[0]?.value).toBe("a/b%c!()*'");
    expect(canonicaliseDigitalLink('https://id.gs1.org/01/09520123456788/21/a%2fb%25c!()*%27')).toEqual({
      ok: true,
      value: 'https://id.gs1.org/01/09520123456788/21/a%2Fb%25c%21%28%29%2A%27',
    });
  });

  it('reports every problem at once', () => {
    expect(codes('https://id.gs1.org/01/09520123456789/21/S1/10/L1?17=281340&99x=1&9999=1')).toEqual([
      'DL_QUALIFIER_ORDER',
      'GS1_CHECK_DIGIT',
      'GS1_DATE',
      'DL_UNKNOWN_AI',
    ]);
  });

  it('rejects a URI without a GS1 primary key or that is not http(s)', () => {
    expect(codes('https://example.com/products/123')).toEqual(['DL_NO_PRIMARY_KEY']);
    expect(codes('https://example.com')).toEqual(['DL_SYNTAX']);
    expect(codes('ftp://id.gs1.org/01/09520123456788')).toEqual(['DL_SYNTAX']);
  });

  it('rejects a qualifier that belongs to another key, or one in the query string', () => {
    expect(codes('https://id.gs1.org/00/106141412345678908/21/1')).toEqual(['DL_QUALIFIER_NOT_ALLOWED']);
    expect(codes('https://id.gs1.org/01/09520123456788/235/T/21/1')).toEqual(['DL_QUALIFIER_ORDER']);
    expect(codes('https://id.gs1.org/01/09520123456788?21=1')).toEqual(['DL_KEY_IN_QUERY']);
  });

  it('accepts as data attributes only the AIs the GS1 Barcode Syntax Dictionary permits there', () => {
    expect(codes('https://id.gs1.org/01/09520123456788?8200=https%3A%2F%2Fexample.com')).toEqual(['DL_NOT_DATA_ATTRIBUTE']);
    expect(codes('https://id.gs1.org/414/0614141123452?254=1')).toEqual(['DL_KEY_IN_QUERY']);
    expect(codes('https://id.gs1.org/00/106141412345678908?02=09520123456788&37=12&3300=001250')).toEqual([]);
  });

  it('rejects a GRAI without its filler zero and a CPID with characters outside set 39', () => {
    expect(codes('https://id.gs1.org/8003/10614141123459400')).toEqual(['GS1_FORMAT']);
    expect(codes('https://id.gs1.org/8010/0614141abc')).toEqual(['GS1_CHARSET']);
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('', 'https://', 'https://h/', 'https://h/01/', 'http://h/414/0614141123452/'),
        fc.string({ unit: 'binary' }),
        (p, s) => {
          expect(typeof parseDigitalLink(p + s).ok).toBe('boolean');
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('buildDigitalLink', () => {
  it('puts qualifiers in their fixed order, sorts attributes, pads the GTIN and encodes values', () => {
    const r = buildDigitalLink(
      { ai: '01', value: '9520123456788' },
      [
        { ai: '21', value: 'S/1' },
        { ai: '10', value: 'L 1'.replace(' ', '-') },
        { ai: '22', value: 'V1' },
      ],
      [
        { ai: '3103', value: '001250' },
        { ai: '17', value: '280131' },
      ],
    );
    expect(r).toEqual({ ok: true, value: 'https://id.gs1.org/01/09520123456788/22/V1/10/L-1/21/S%2F1?17=280131&3103=001250' });
  });

  it('uses the given resolver base', () => {
    expect(buildDigitalLink({ ai: '00', value: '106141412345678908' }, [], [], 'https://resolver.example.com/dl/')).toEqual({
      ok: true,
      value: 'https://resolver.example.com/dl/00/106141412345678908',
    });
  });

  it('refuses what it cannot build: unknown key, invalid value, attribute that is a qualifier, bad base', () => {
    const fails = (r: { ok: boolean; issues?: readonly { code: string }[] }): string[] => (r.ok ? [] : (r.issues ?? []).map((i) => i.code));
    expect(fails(buildDigitalLink({ ai: '17', value: '280131' }))).toEqual(['DL_NOT_A_PRIMARY_KEY']);
    expect(fails(buildDigitalLink({ ai: '01', value: '09520123456789' }))).toEqual(['GS1_CHECK_DIGIT']);
    expect(fails(buildDigitalLink({ ai: '01', value: '09520123456788' }, [], [{ ai: '21', value: '1' }]))).toEqual(['DL_KEY_IN_QUERY']);
    expect(fails(buildDigitalLink({ ai: '01', value: '09520123456788' }, [], [], 'id.gs1.org'))).toEqual(['DL_BASE']);
  });
});

const CS82 = '!"%&\'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz'.split('');
const x = (max: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...CS82), { minLength: 1, maxLength: max }).map((a) => a.join(''));
const gtin = fc.stringMatching(/^[0-9]{13}$/).map((b) => b + String(gs1CheckDigit(b)));
const yymmdd = fc
  .record({ y: fc.integer({ min: 0, max: 99 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 0, max: 28 }) })
  .map(({ y, m, d }) => [y, m, d].map((n) => String(n).padStart(2, '0')).join(''));

describe('parse(build(x)) round trip', () => {
  it('returns the same GTIN, qualifiers and attributes for any valid combination', () => {
    fc.assert(
      fc.property(
        gtin,
        fc.option(x(20), { nil: undefined }),
        fc.option(x(20), { nil: undefined }),
        fc.option(x(20), { nil: undefined }),
        fc.option(yymmdd, { nil: undefined }),
        fc.option(x(30), { nil: undefined }),
        (g, cpv, lot, serial, expiry, secondary) => {
          const qualifiers: Gs1Element[] = [];
          if (cpv !== undefined) qualifiers.push({ ai: '22', value: cpv });
          if (lot !== undefined) qualifiers.push({ ai: '10', value: lot });
          if (serial !== undefined) qualifiers.push({ ai: '21', value: serial });
          const attributes: Gs1Element[] = [];
          if (expiry !== undefined) attributes.push({ ai: '17', value: expiry });
          if (secondary !== undefined) attributes.push({ ai: '250', value: secondary });
          const built = buildDigitalLink({ ai: '01', value: g }, [...qualifiers].reverse(), [...attributes].reverse());
          expect(built.ok).toBe(true);
          if (!built.ok) return;
          expect(parseDigitalLink(built.value)).toEqual({
            ok: true,
            value: { primaryKey: { ai: '01', value: g }, qualifiers, attributes },
          });
          expect(canonicaliseDigitalLink(built.value)).toEqual(built);
        },
      ),
    );
  });
});
