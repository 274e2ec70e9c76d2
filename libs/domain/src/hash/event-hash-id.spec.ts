import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/domain-error.js';
import { documentEventHashIds, documentPreHashStrings, eventHashId, preHashString } from './event-hash-id.js';
import { constrainedDigitalLink } from './digital-link.normaliser.js';
import { canonicalNumber, canonicalTimestamp, cbvUrnToWebUri } from './hash-value.canonicaliser.js';

// Documents written for lotledger; their .hashes / .prehashes were produced by GS1's reference
// implementation (PyPI epcis-event-hash-generator 1.9.3) with tools/hash-reference/compare.sh.
const VECTORS = new URL('./vectors/', import.meta.url);
const vectorNames = readdirSync(VECTORS)
  .filter((f) => f.endsWith('.jsonld'))
  .map((f) => f.slice(0, -'.jsonld'.length));
const read = (name: string): string => readFileSync(new URL(name, VECTORS), 'utf8');
const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');

const HASH_ID = /^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/;

const baseEvent = (): Record<string, unknown> => ({
  type: 'ObjectEvent',
  eventTime: '2026-03-01T08:15:42.123+01:00',
  eventTimeZoneOffset: '+01:00',
  epcList: ['urn:epc:id:sgtin:4012345.011111.1001', 'urn:epc:id:sgtin:4012345.011111.1002'],
  action: 'OBSERVE',
  bizStep: 'shipping',
  disposition: 'in_transit',
  readPoint: { id: 'urn:epc:id:sgln:4012345.00001.0' },
  bizTransactionList: [{ type: 'po', bizTransaction: 'urn:epcglobal:cbv:bt:4012345000016:PO-1' }],
});

describe('event hash ID golden vectors (from the reference implementation)', () => {
  it('has the four lotledger vector documents with 11 events', () => {
    expect(vectorNames.sort()).toEqual([
      'automotive-assembly',
      'canonicalisation-edge-cases',
      'pharma-serialised-pack',
      'steel-heat-to-coils',
    ]);
    expect(vectorNames.flatMap((n) => lines(read(`${n}.hashes`)))).toHaveLength(11);
  });

  for (const name of vectorNames) {
    it(`gives the reference's hash IDs and pre-hash strings for ${name}`, () => {
      const doc: unknown = JSON.parse(read(`${name}.jsonld`));
      expect(documentPreHashStrings(doc)).toEqual(lines(read(`${name}.prehashes`)));
      expect(documentEventHashIds(doc)).toEqual(lines(read(`${name}.hashes`)));
    });
  }
});

describe('eventHashId', () => {
  it('is an RFC 6920 ni URI with a SHA-256 digest and the CBV version', () => {
    expect(eventHashId(baseEvent())).toMatch(HASH_ID);
  });

  it('gives a single event the same ID as the same event inside a document', () => {
    const event = baseEvent();
    const doc = {
      '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
      type: 'EPCISDocument',
      epcisBody: { eventList: [event] },
    };
    expect(documentEventHashIds(doc)).toEqual([eventHashId(event)]);
  });

  it('writes the pre-hash string in the canonical property order with canonical values', () => {
    expect(preHashString(baseEvent())).toBe(
      'eventType=ObjectEvent' +
        'eventTime=2026-03-01T07:15:42.123Z' +
        'eventTimeZoneOffset=+01:00' +
        'epcListepc=https://id.gs1.org/01/04012345111118/21/1001epc=https://id.gs1.org/01/04012345111118/21/1002' +
        'action=OBSERVE' +
        'bizStep=https://ref.gs1.org/cbv/BizStep-shipping' +
        'disposition=https://ref.gs1.org/cbv/Disp-in_transit' +
        'readPointid=https://id.gs1.org/414/4012345000016' +
        'bizTransactionListtype=https://ref.gs1.org/cbv/BTT-pobizTransaction=urn:epcglobal:cbv:bt:4012345000016:PO-1',
    );
  });

  it('ignores recordTime, eventID and errorDeclaration', () => {
    const plain = eventHashId(baseEvent());
    const decorated = {
      ...baseEvent(),
      recordTime: '2026-03-09T00:00:00Z',
      eventID: 'urn:uuid:4c2b5b0e-2c3b-4a7e-9a0e-1f5d0e0c0a01',
      errorDeclaration: { declarationTime: '2026-03-10T00:00:00Z', reason: 'incorrect_data' },
    };
    expect(eventHashId(decorated)).toBe(plain);
  });

  it('gives the same ID whatever spelling of a CBV value or an identifier is used', () => {
    const urns = {
      ...baseEvent(),
      bizStep: 'urn:epcglobal:cbv:bizstep:shipping',
      disposition: 'https://ref.gs1.org/cbv/Disp-in_transit',
      epcList: ['https://id.gs1.org/01/04012345111118/21/1002', 'https://brand.example.com/01/04012345111118/10/L1/21/1001?17=290101'],
      eventTime: '2026-03-01T07:15:42.1231Z',
    };
    expect(eventHashId(urns)).toBe(eventHashId(baseEvent()));
  });

  it('does not depend on whether a business transaction writes its type before its identifier', () => {
    const idFirst = { ...baseEvent(), bizTransactionList: [{ bizTransaction: 'urn:epcglobal:cbv:bt:4012345000016:PO-1', type: 'po' }] };
    expect(eventHashId(idFirst)).toBe(eventHashId(baseEvent()));
  });

  it("uses an event's own @context for namespaces without hashing the context itself", () => {
    const withContext = { '@context': [{ ex: 'https://ns.example.com/epcis/' }], ...baseEvent(), 'ex:batch': 'B1' };
    expect(preHashString(withContext)).toContain('{https://ns.example.com/epcis/}batch=B1');
    expect(preHashString(withContext)).not.toContain('@context');
  });

  it('changes when a value changes', () => {
    expect(eventHashId({ ...baseEvent(), action: 'ADD' })).not.toBe(eventHashId(baseEvent()));
  });

  it('refuses input that is not a JSON object with a coded error', () => {
    expect(() => eventHashId('not an event')).toThrow(DomainError);
    expect(() => documentEventHashIds({ type: 'EPCISDocument' })).toThrow(/epcisBody/);
  });
});

describe('documentEventHashIds', () => {
  it('hashes the events of an EPCIS query document', () => {
    const event = baseEvent();
    const doc = {
      type: 'EPCISQueryDocument',
      epcisBody: { queryResults: { queryName: 'SimpleEventQuery', resultsBody: { eventList: [event, event] } } },
    };
    expect(documentEventHashIds(doc)).toEqual([eventHashId(event), eventHashId(event)]);
  });

  it("leaves out the fields a document lists in the reference's ignoreFields member", () => {
    const event = { ...baseEvent(), 'ex:internalRef': 'R-17' };
    const doc = {
      '@context': [{ ex: 'https://ns.example.com/epcis/' }, { repo: 'https://repository-x.example.com/' }],
      'repo:ignoreFields': ['ex:internalRef'],
      epcisBody: { eventList: [event] },
    };
    expect(documentEventHashIds(doc)).toEqual([eventHashId(baseEvent())]);
  });
});

describe('value canonicalisation', () => {
  it('writes timestamps in UTC with milliseconds, rounding half to even as the reference does', () => {
    expect(canonicalTimestamp('2020-03-04T11:00:30+01:00')).toBe('2020-03-04T10:00:30.000Z');
    expect(canonicalTimestamp('2023-01-18T11:04:03.1415Z')).toBe('2023-01-18T11:04:03.142Z');
    expect(canonicalTimestamp('2023-01-18T11:04:03.1425Z')).toBe('2023-01-18T11:04:03.142Z');
    expect(canonicalTimestamp('2023-01-18T11:04:03.14251Z')).toBe('2023-01-18T11:04:03.143Z');
    expect(canonicalTimestamp('2023-12-31T23:59:59.9996-00:30')).toBe('2024-01-01T00:30:00.000Z');
    expect(canonicalTimestamp('not a time')).toBe('not a time');
  });

  it('writes numbers as Python does after dropping trailing zeros', () => {
    expect(canonicalNumber('1.0')).toBe('1');
    expect(canonicalNumber('0042')).toBe('42');
    expect(canonicalNumber('0.3434000')).toBe('0.3434');
    expect(canonicalNumber('0.000012')).toBe('1.2e-05');
    expect(canonicalNumber('1e3')).toBe('1000');
    expect(canonicalNumber('-0.0')).toBe('0');
    expect(canonicalNumber('+01:00')).toBe('+01:00');
    expect(canonicalNumber('nan')).toBe('nan');
  });

  it('rewrites CBV URNs as GS1 web URIs', () => {
    expect(cbvUrnToWebUri('urn:epcglobal:cbv:btt:po')).toBe('https://ref.gs1.org/cbv/BTT-po');
    expect(cbvUrnToWebUri('urn:epcglobal:cbv:er:incorrect_data')).toBe('https://ref.gs1.org/cbv/ER-incorrect_data');
    expect(cbvUrnToWebUri('urn:epcglobal:cbv:bt:4012345000016:PO-1')).toBe('urn:epcglobal:cbv:bt:4012345000016:PO-1');
  });

  it('constrains Digital Links to id.gs1.org and the finest key level', () => {
    expect(constrainedDigitalLink('https://example.com/gtin/4012345123456/lot/L1/ser/S1?17=290101')).toBe(
      'https://id.gs1.org/01/04012345123456/21/S1',
    );
    expect(constrainedDigitalLink('https://id.gs1.org/01/04012345123456/22/V1/10/L1')).toBe('https://id.gs1.org/01/04012345123456/10/L1');
    expect(constrainedDigitalLink('https://example.org/about/us.html')).toBeUndefined();
  });

  it('converts EPC URNs keeping their escapes and escaping only what the reference escapes', () => {
    expect(constrainedDigitalLink("urn:epc:id:sgtin:0614141.812345.6789%2F%26%25%22!%3F()'")).toBe(
      "https://id.gs1.org/01/80614141123458/21/6789%2F%26%25%22%21%3F%28%29'",
    );
    expect(constrainedDigitalLink('urn:epc:id:sgln:4012345.00005.0')).toBe('https://id.gs1.org/414/4012345000054');
    expect(constrainedDigitalLink('urn:epc:idpat:sgtin:4012345.012345.*')).toBe('https://id.gs1.org/01/04012345123456');
    expect(constrainedDigitalLink('urn:epc:id:sgtin:4012345.011111')).toBeUndefined();
  });
});
