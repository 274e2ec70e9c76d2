import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalObjectId,
  digitalLinkToEpcUri,
  epcUriToDigitalLink,
  identifyKey,
  parseIdentifier,
  type ParsedIdentifier,
} from './identifier.js';

// EPC URI ⇄ GS1 element string pairs of the GS1 EPC Tag Data Standard 2.x (its worked examples per
// scheme), written as the canonical Digital Link of the element string.
const TDS_PAIRS: readonly (readonly [string, string, ParsedIdentifier['kind']])[] = [
  ['urn:epc:id:sgtin:0614141.812345.6789', 'https://id.gs1.org/01/80614141123458/21/6789', 'sgtin'],
  ['urn:epc:id:sgtin:0614141.812345.400', 'https://id.gs1.org/01/80614141123458/21/400', 'sgtin'],
  ['urn:epc:id:sgtin:0614141.112345.400', 'https://id.gs1.org/01/10614141123459/21/400', 'sgtin'],
  ['urn:epc:id:sscc:0614141.1234567890', 'https://id.gs1.org/00/106141412345678908', 'sscc'],
  ['urn:epc:id:sgln:0614141.12345.400', 'https://id.gs1.org/414/0614141123452/254/400', 'sgln'],
  ['urn:epc:id:sgln:0614141.12345.0', 'https://id.gs1.org/414/0614141123452', 'sgln'],
  ['urn:epc:id:grai:0614141.12345.400', 'https://id.gs1.org/8003/00614141123452400', 'grai'],
  ['urn:epc:id:giai:0614141.12345400', 'https://id.gs1.org/8004/061414112345400', 'giai'],
  ['urn:epc:id:gsrn:0614141.1234567890', 'https://id.gs1.org/8018/061414112345678902', 'gsrn'],
  ['urn:epc:id:gsrnp:0614141.1234567890', 'https://id.gs1.org/8017/061414112345678902', 'gsrnp'],
  ['urn:epc:id:gdti:0614141.12345.400', 'https://id.gs1.org/253/0614141123452400', 'gdti'],
  ['urn:epc:id:cpi:0614141.123ABC.123456789', 'https://id.gs1.org/8010/0614141123ABC/8011/123456789', 'cpi'],
  ['urn:epc:id:cpi:0614141.123%2345%2FXYZ.9', 'https://id.gs1.org/8010/0614141123%2345%2FXYZ/8011/9', 'cpi'],
  ['urn:epc:id:sgcn:4012345.67890.04711', 'https://id.gs1.org/255/401234567890104711', 'sgcn'],
  ['urn:epc:id:ginc:0614141.xyz47%2F11', 'https://id.gs1.org/401/0614141xyz47%2F11', 'ginc'],
  ['urn:epc:id:gsin:0614141.123456789', 'https://id.gs1.org/402/06141411234567890', 'gsin'],
  ['urn:epc:id:pgln:0614141.12345', 'https://id.gs1.org/417/0614141123452', 'pgln'],
  ['urn:epc:id:itip:4012345.012345.01.02.987', 'https://id.gs1.org/8006/040123451234560102/21/987', 'itip'],
  [
    "urn:epc:id:upui:1234567.089456.51qIgY)%3C%26Jp3*j7'SDB",
    'https://id.gs1.org/01/01234567894560/235/51qIgY%29%3C%26Jp3%2Aj7%27SDB',
    'upui',
  ],
  ['urn:epc:class:lgtin:4012345.012345.998877', 'https://id.gs1.org/01/04012345123456/10/998877', 'lgtin'],
  ['urn:epc:idpat:sgtin:4012345.012345.*', 'https://id.gs1.org/01/04012345123456', 'gtin'],
  ['urn:epc:idpat:grai:0614141.12345.*', 'https://id.gs1.org/8003/00614141123452', 'grai'],
  ['urn:epc:idpat:itip:4012345.012345.01.02.*', 'https://id.gs1.org/8006/040123451234560102', 'itip'],
  ['urn:epc:id:sgtin:9520123.045678.A%2FB.1', 'https://id.gs1.org/01/09520123456788/21/A%2FB.1', 'sgtin'],
];

// Vectors of an independent implementation, nedap/epcpy (tests/test_parsers.py): EPC URI and
// GS1 element string, here written as the canonical Digital Link. Company prefixes of 6 to 12 digits.
const EPCPY_PAIRS: readonly (readonly [string, string, ParsedIdentifier['kind']])[] = [
  ['urn:epc:id:cpi:0614141.12-456.123456789', 'https://id.gs1.org/8010/061414112-456/8011/123456789', 'cpi'],
  ['urn:epc:id:gdti:0614141.12345.ABCD1234%2F', 'https://id.gs1.org/253/0614141123452ABCD1234%2F', 'gdti'],
  ['urn:epc:id:giai:0614141.1ABc%2FD', 'https://id.gs1.org/8004/06141411ABc%2FD', 'giai'],
  ['urn:epc:id:ginc:061411.01ABc%2FD', 'https://id.gs1.org/401/06141101ABc%2FD', 'ginc'],
  ['urn:epc:id:grai:0614141.12345.ABCD1234%2F', 'https://id.gs1.org/8003/00614141123452ABCD1234%2F', 'grai'],
  ['urn:epc:id:gsin:061414.0123456789', 'https://id.gs1.org/402/06141401234567891', 'gsin'],
  ['urn:epc:id:gsrn:012345678901.01234', 'https://id.gs1.org/8018/012345678901012342', 'gsrn'],
  ['urn:epc:id:gsrnp:012345678901.01234', 'https://id.gs1.org/8017/012345678901012342', 'gsrnp'],
  ['urn:epc:id:pgln:0123456789.01', 'https://id.gs1.org/417/0123456789012', 'pgln'],
  ['urn:epc:id:sgcn:401234512345..1', 'https://id.gs1.org/255/40123451234561', 'sgcn'],
  ['urn:epc:id:sgln:061411123456..A%2F-BCDEFGHIJKLMNOPQR', 'https://id.gs1.org/414/0614111234560/254/A%2F-BCDEFGHIJKLMNOPQR', 'sgln'],
  ['urn:epc:id:sgtin:00000950.01093.Serial', 'https://id.gs1.org/01/00000095010939/21/Serial', 'sgtin'],
  ['urn:epc:id:sscc:061414123456.12345', 'https://id.gs1.org/00/106141412345623458', 'sscc'],
];

function value(input: string, gcp?: number): ParsedIdentifier {
  const r = parseIdentifier(input, gcp === undefined ? undefined : { gcpLength: gcp });
  if (!r.ok) throw new Error(`${input}: ${r.issues.map((i) => i.message).join('; ')}`);
  return r.value;
}

function codes(input: string): string[] {
  const r = parseIdentifier(input);
  return r.ok ? [] : r.issues.map((i) => i.code);
}

describe('EPC URN ⇄ GS1 Digital Link (TDS 2.x examples)', () => {
  it.each([...TDS_PAIRS, ...EPCPY_PAIRS])('converts %s to %s', (urn, dl, kind) => {
    const parsed = value(urn);
    expect(parsed.digitalLink).toBe(dl);
    expect(parsed.kind).toBe(kind);
    expect(parsed.epcUri).toBe(urn);
    expect(epcUriToDigitalLink(urn)).toEqual({ ok: true, value: dl });
  });

  it.each([...TDS_PAIRS, ...EPCPY_PAIRS])('converts %s back from its Digital Link when the company prefix length is given', (urn, dl) => {
    const gcpLength = urn.split(':').slice(4).join(':').indexOf('.');
    expect(digitalLinkToEpcUri(dl, { gcpLength })).toEqual({ ok: true, value: urn });
    expect(canonicalObjectId(urn)).toBe(canonicalObjectId(dl));
  });

  it('leaves epcUri undefined for a Digital Link when the company prefix length is unknown', () => {
    expect(value('https://id.gs1.org/01/80614141123458/21/400').epcUri).toBeUndefined();
    expect(value('https://id.gs1.org/01/80614141123458/21/400', 7).epcUri).toBe('urn:epc:id:sgtin:0614141.812345.400');
  });

  it('asks a company-prefix function with the digits from where the prefix starts', () => {
    const seen: string[] = [];
    const r = parseIdentifier('https://id.gs1.org/00/106141412345678908', {
      gcpLength: (digits) => {
        seen.push(digits);
        return digits.startsWith('0614141') ? 7 : undefined;
      },
    });
    expect(seen).toEqual(['06141412345678908']);
    expect(r.ok && r.value.epcUri).toBe('urn:epc:id:sscc:0614141.1234567890');
  });

  it('reports an impossible company prefix length instead of guessing', () => {
    expect(digitalLinkToEpcUri('https://id.gs1.org/01/80614141123458', { gcpLength: 13 }).ok).toBe(false);
    const unknown = digitalLinkToEpcUri('https://id.gs1.org/01/80614141123458', {});
    expect(unknown.ok ? '' : unknown.issues[0]?.code).toBe('EPC_GCP_UNKNOWN');
  });

  it('gives no EPC form where TDS has none: CPV, SRIN, GLN extension "0", AI 415 and GMN', () => {
    for (const dl of [
      'https://id.gs1.org/01/09520123456788/22/2A/21/1',
      'https://id.gs1.org/8018/061414112345678902/8019/5',
      'https://id.gs1.org/414/0614141123452/254/0',
      'https://id.gs1.org/415/0614141123452',
      'https://id.gs1.org/8013/1987654Ad4X4bL5ttr2310c2K',
    ]) {
      const r = digitalLinkToEpcUri(dl, { gcpLength: 7 });
      expect(r.ok ? '' : r.issues[0]?.code, dl).toBe('EPC_NO_EQUIVALENT');
    }
  });

  it('maps an SGTIN with a lot to the SGTIN (EPC has no lot) and a lot alone to the LGTIN class', () => {
    expect(value('https://id.gs1.org/01/09520123456788/10/L1/21/S1', 7).epcUri).toBe('urn:epc:id:sgtin:9520123.045678.S1');
    expect(value('https://id.gs1.org/01/09520123456788/10/L%261', 7).epcUri).toBe('urn:epc:class:lgtin:9520123.045678.L%261');
  });
});

describe('parseIdentifier', () => {
  it('reads a Digital Link on any host with a path prefix, short GTIN and attributes', () => {
    const p = value('HTTPS://brand.example.com/products/01/9520123456788/10/ABC%2F1/21/12345?17=280131&linkType=gs1:pip&11=250101');
    expect(p).toEqual({
      kind: 'sgtin',
      primaryKey: { ai: '01', value: '09520123456788' },
      qualifiers: [
        { ai: '10', value: 'ABC/1' },
        { ai: '21', value: '12345' },
      ],
      attributes: [
        { ai: '11', value: '250101' },
        { ai: '17', value: '280131' },
      ],
      digitalLink: 'https://id.gs1.org/01/09520123456788/10/ABC%2F1/21/12345',
      epcUri: undefined,
    });
  });

  it('rejects a wrong check digit with the expected digit', () => {
    const r = parseIdentifier('https://id.gs1.org/01/80614141123457/21/400');
    expect(r.ok ? undefined : r.issues[0]).toEqual({
      pointer: '',
      code: 'GS1_CHECK_DIGIT',
      message: 'GTIN 80614141123457 has a wrong check digit',
      expected: 'check digit 8 (GS1 mod-10), got 7',
    });
  });

  it('rejects qualifiers out of order, unknown AIs, data attributes in the path and duplicates', () => {
    expect(codes('https://id.gs1.org/01/80614141123458/21/400/10/L1')).toEqual(['DL_QUALIFIER_ORDER']);
    expect(codes('https://id.gs1.org/01/80614141123458/98765/x')).toEqual(['DL_UNKNOWN_AI']);
    expect(codes('https://id.gs1.org/01/80614141123458/17/280131')).toEqual(['DL_AI_NOT_IN_PATH']);
    expect(codes('https://id.gs1.org/01/80614141123458/21/1?17=280131&17=280132')).toEqual(['DL_DUPLICATE_AI']);
    expect(codes('https://id.gs1.org/414/0614141123452/21/1')).toEqual(['DL_QUALIFIER_NOT_ALLOWED']);
    expect(codes('https://id.gs1.org/01/80614141123458?21=1')).toEqual(['DL_KEY_IN_QUERY']);
  });

  it('rejects bad lengths, characters and dates with their codes', () => {
    expect(codes('https://id.gs1.org/00/10614141234567890')).toEqual(['GS1_LENGTH']);
    expect(codes('https://id.gs1.org/01/80614141123458/21/' + 'x'.repeat(21))).toEqual(['GS1_LENGTH']);
    expect(codes('https://id.gs1.org/01/80614141123458/21/a%20b')).toEqual(['GS1_CHARSET']);
    expect(codes('https://id.gs1.org/01/80614141123458/21/a%C3%A9')).toEqual(['GS1_CHARSET']);
    expect(codes('https://id.gs1.org/01/80614141123458?17=281332')).toEqual(['GS1_DATE']);
    expect(codes('https://id.gs1.org/01/80614141123458?17=280230')).toEqual(['GS1_DATE']);
    expect(codes('https://id.gs1.org/01/80614141123458?17=280200')).toEqual([]);
    expect(codes('https://id.gs1.org/01/80614141123458?17=280229')).toEqual([]);
  });

  it('rejects malformed EPC URNs with their codes', () => {
    expect(codes('urn:epc:id:sgtin:0614141.81234.400')).toEqual(['EPC_SYNTAX']);
    expect(codes('urn:epc:id:sgtin:06141.81234567.400')).toEqual(['EPC_GCP_LENGTH']);
    expect(codes('urn:epc:id:sgtin:0614141.812345.' + 'x'.repeat(21))).toEqual(['GS1_LENGTH']);
    expect(codes('urn:epc:id:sgtin:0614141.812345.a b')).toEqual(['GS1_CHARSET']);
    expect(codes('urn:epc:id:foo:0614141.812345.1')).toEqual(['EPC_SCHEME']);
    expect(codes('urn:epc:id:gid:95100000.12345.400')).toEqual(['EPC_NOT_GS1_KEY']);
    expect(codes('urn:epc:idpat:sgtin:0614141.*.*')).toEqual(['EPC_SYNTAX']);
    expect(codes('urn:example:thing')).toEqual(['IDENTIFIER_UNRECOGNISED']);
    expect(codes('urn:epc:id:cpi:0614141.123ABC.0123')).toEqual(['GS1_FORMAT']);
    expect(codes('urn:epc:id:itip:4012345.012345.03.02.987')).toEqual(['GS1_FORMAT']);
    // epcpy accepts piece 00 of total 00; the General Specifications (pieceoftotal) do not.
    expect(codes('urn:epc:id:itip:012345678901.0.00.00.ABCDEFGHIJKLMNOP%2FRST')).toEqual(['GS1_FORMAT']);
  });

  it('never throws, whatever the input', () => {
    const prefixes = fc.constantFrom(
      '',
      'urn:epc:id:sgtin:',
      'urn:epc:class:lgtin:',
      'urn:epc:idpat:sgtin:',
      'https://id.gs1.org/01/',
      'http://x/00/',
      'https://a/414/0614141123452/254/',
    );
    fc.assert(
      fc.property(prefixes, fc.string({ unit: 'binary' }), (prefix, rest) => {
        const r = parseIdentifier(prefix + rest);
        expect(typeof r.ok).toBe('boolean');
        expect(typeof canonicalObjectId(prefix + rest)).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('canonicalObjectId', () => {
  it('gives one key for the EPC URN and the Digital Link of the same object', () => {
    expect(canonicalObjectId('urn:epc:id:sgtin:0614141.812345.400')).toBe('https://id.gs1.org/01/80614141123458/21/400');
    expect(canonicalObjectId(' https://example.com/01/80614141123458/21/400?17=300101 ')).toBe(
      'https://id.gs1.org/01/80614141123458/21/400',
    );
  });

  it('reads the URN prefix, type and scheme case-insensitively', () => {
    expect(canonicalObjectId('URN:EPC:ID:SGTIN:0614141.812345.400')).toBe('https://id.gs1.org/01/80614141123458/21/400');
  });

  it('returns any other URI trimmed and unchanged', () => {
    expect(canonicalObjectId('  urn:uuid:6f1c2b9e-0000-4000-8000-000000000000 ')).toBe('urn:uuid:6f1c2b9e-0000-4000-8000-000000000000');
    expect(canonicalObjectId('urn:epc:id:gid:95100000.12345.400')).toBe('urn:epc:id:gid:95100000.12345.400');
  });

  it('agrees for every SGTIN between its EPC URN and its Digital Link', () => {
    const serialChar = fc.constantFrom(...'!"%&\'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz'.split(''));
    fc.assert(
      fc.property(
        fc.integer({ min: 6, max: 12 }),
        fc.stringMatching(/^[0-9]{13}$/),
        fc.array(serialChar, { minLength: 1, maxLength: 20 }).map((a) => a.join('')),
        (gcp, digits, serial) => {
          const escaped = serial.replace(/[%"&/<>?]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
          const urn = `urn:epc:id:sgtin:${digits.slice(1, 1 + gcp)}.${digits[0] ?? ''}${digits.slice(1 + gcp)}.${escaped}`;
          const parsed = value(urn);
          expect(parsed.qualifiers).toEqual([{ ai: '21', value: serial }]);
          expect(canonicalObjectId(parsed.digitalLink)).toBe(canonicalObjectId(urn));
          expect(canonicalObjectId(canonicalObjectId(urn))).toBe(canonicalObjectId(urn));
          expect(value(parsed.digitalLink, gcp).epcUri).toBe(urn);
        },
      ),
    );
  });
});

describe('identifyKey', () => {
  const INPUTS = [
    ...TDS_PAIRS.flatMap(([urn, link]) => [urn, link]),
    ' urn:epc:id:sgtin:4012345.011111.S1 ',
    'URN:EPC:ID:SGTIN:4012345.011111.S1',
    'https://example.com/01/4012345111118/10/L1/21/S1?17=280101',
    'urn:epc:id:sgtin:4012345.011111',
    'urn:epc:id:sgtin:4012345.01111X.1',
    'urn:epc:id:gid:1.2.3',
    'https://id.gs1.org/01/04012345111119/21/S1',
    'urn:uuid:1234',
    '',
  ];

  it('gives the kind and canonical Digital Link parseIdentifier gives, and the same failures', () => {
    for (const input of INPUTS) {
      const full = parseIdentifier(input);
      const lean = identifyKey(input);
      if (full.ok) expect(lean).toEqual({ ok: true, value: { kind: full.value.kind, digitalLink: full.value.digitalLink } });
      else expect(lean).toEqual(full);
    }
  });

  it('answers a repeated identifier the same way as the first time', () => {
    for (const input of INPUTS) expect(identifyKey(input)).toEqual(identifyKey(input));
  });

  it('answers each of many serials with its own Digital Link (no stale memo entry)', () => {
    for (let i = 0; i < 5000; i++) {
      const result = identifyKey(`urn:epc:id:sgtin:4012345.011111.S${String(i)}`);
      expect(result.ok && result.value.digitalLink).toBe(`https://id.gs1.org/01/04012345111118/21/S${String(i)}`);
    }
  });
});
