import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import pharma from './examples/pharma-serialised-packs.epcis.json' with { type: 'json' };
import { validateEpcis, type EpcisValidation } from './epcis.validator.js';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';

type Doc = Record<string, unknown>;

function clone(): Doc {
  return structuredClone(pharma);
}

function events(doc: Doc): Record<string, unknown>[] {
  return (doc.epcisBody as { eventList: Record<string, unknown>[] }).eventList;
}

function event(doc: Doc, i: number): Record<string, unknown> {
  const e = events(doc)[i];
  if (e === undefined) throw new Error(`no event ${String(i)}`);
  return e;
}

function found(result: EpcisValidation): string[] {
  return result.issues.map((i) => `${i.pointer} ${i.code}`);
}

function objectEvent(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'ObjectEvent',
    eventTime: '2026-06-01T10:00:00.000+02:00',
    eventTimeZoneOffset: '+02:00',
    action: 'OBSERVE',
    epcList: ['urn:epc:id:sgtin:9520123.045678.A1'],
    ...extra,
  };
}

describe('validateEpcis — golden invalid documents', () => {
  it('reports every fault of a broken document at once, each at its exact pointer', () => {
    const doc = clone();
    const commissioning = event(doc, 0);
    commissioning.epcList = [
      'urn:epc:id:sgtin:9520123.045678.PX7K2M4Q9A',
      'https://id.gs1.org/01/09520123456787/21/PX7K2M4Q9C', // wrong GTIN check digit (8 is right)
      'urn:epc:class:lgtin:9520123.045678.LT2603A', // a class where an instance belongs
    ];
    commissioning.bizStep = 'comissioning';
    const aggregation = event(doc, 1);
    delete aggregation.parentID;
    const shipping = event(doc, 2);
    shipping.eventTimeZoneOffset = '+02:00';
    (shipping.bizTransactionList as Record<string, unknown>[])[0] = { type: 'purchase_order', bizTransaction: 'PO-1' };
    (shipping.sourceList as Record<string, unknown>[])[0] = { type: 'owner', source: 'urn:epc:id:pgln:9520123.00000' };
    const sensor = event(doc, 3);
    sensor.eventTime = '2026-02-30T06:10:00.000+01:00';
    const report = ((sensor.sensorElementList as Record<string, unknown>[])[0]?.sensorReport as Record<string, unknown>[])[0];
    if (report === undefined) throw new Error('fixture');
    report.type = 'gs1:MT-Temperatur';
    report.uom = 'celsius';

    const result = validateEpcis(doc, { now: NOW });
    expect(result.ok).toBe(false);
    expect(result.kind).toBe('document');
    // In document order: bizStep comes before epcList in the example.
    expect(found(result)).toEqual([
      '/epcisBody/eventList/0/bizStep CBV_UNKNOWN_BIZSTEP',
      '/epcisBody/eventList/0/epcList/1 GS1_CHECK_DIGIT',
      '/epcisBody/eventList/0/epcList/2 IDENTIFIER_ROLE',
      '/epcisBody/eventList/1/parentID REQUIRED',
      '/epcisBody/eventList/2/bizTransactionList/0/type CBV_UNKNOWN_BTT',
      '/epcisBody/eventList/2/bizTransactionList/0/bizTransaction URI',
      '/epcisBody/eventList/2/sourceList/0/type CBV_UNKNOWN_SDT',
      '/epcisBody/eventList/2/eventTimeZoneOffset TIMEZONE_MISMATCH',
      '/epcisBody/eventList/3/eventTime DATE_TIME',
      '/epcisBody/eventList/3/sensorElementList/0/sensorReport/0/type CBV_UNKNOWN_MEASUREMENT_TYPE',
      '/epcisBody/eventList/3/sensorElementList/0/sensorReport/0/uom UOM',
    ]);
    // Only the events without faults come back as accepted.
    expect(result.events).toEqual([]);
    for (const issue of result.issues) {
      expect(issue.message.length).toBeGreaterThan(0);
      expect(issue.expected.length).toBeGreaterThan(0);
    }
  });

  it('returns the events that passed when others failed', () => {
    const doc = clone();
    event(doc, 2).action = 'SHIP';
    const result = validateEpcis(doc, { now: NOW });
    expect(found(result)).toEqual(['/epcisBody/eventList/2/action ACTION']);
    expect(result.events.map((e) => e.pointer)).toEqual(['/epcisBody/eventList/0', '/epcisBody/eventList/1', '/epcisBody/eventList/3']);
  });

  it('requires the EPCIS 2.0 context, schemaVersion, creationDate and eventList of a document', () => {
    const result = validateEpcis({ '@context': ['https://example.com/ctx.jsonld'], type: 'EPCISDocument', epcisBody: {} });
    expect(found(result)).toEqual([
      '/@context CONTEXT_MISSING_EPCIS',
      '/schemaVersion REQUIRED',
      '/creationDate REQUIRED',
      '/epcisBody/eventList REQUIRED',
    ]);
  });

  it('rejects an extension field whose prefix @context does not declare, and a bare unknown field', () => {
    const doc = clone();
    event(doc, 1)['acme:line'] = 'P1';
    event(doc, 1).colour = 'blue';
    (event(doc, 0).ilmd as Record<string, unknown>).lotNumber = 'LT2603A';
    expect(found(validateEpcis(doc, { now: NOW }))).toEqual([
      '/epcisBody/eventList/0/ilmd/lotNumber UNKNOWN_FIELD',
      '/epcisBody/eventList/1/acme:line EXTENSION_PREFIX_UNDECLARED',
      '/epcisBody/eventList/1/colour UNKNOWN_FIELD',
    ]);
  });

  it('checks member names inside extension values too, and accepts full-IRI names', () => {
    const doc = clone();
    event(doc, 1)['lotledger:note'] = { 'acme:x': 1, 'https://example.com/ns#y': 2 };
    expect(found(validateEpcis(doc, { now: NOW }))).toEqual(['/epcisBody/eventList/1/lotledger:note/acme:x EXTENSION_PREFIX_UNDECLARED']);
  });

  it('does not second-guess prefixes when a remote context it cannot read is in scope', () => {
    const doc = clone();
    doc['@context'] = [CONTEXT, 'https://partner.example/epcis-ext.jsonld'];
    event(doc, 1)['acme:line'] = 'P1';
    expect(validateEpcis(doc, { now: NOW }).ok).toBe(true);
  });

  it('escapes "/" and "~" in pointers (RFC 6901)', () => {
    const doc = clone();
    event(doc, 0)['https://ex.com/a~b'] = { 'acme:q': 1 };
    expect(found(validateEpcis(doc, { now: NOW }))).toEqual([
      '/epcisBody/eventList/0/https:~1~1ex.com~1a~0b/acme:q EXTENSION_PREFIX_UNDECLARED',
    ]);
  });

  it('validates an EPCISQueryDocument and points into its resultsBody', () => {
    const result = validateEpcis({
      '@context': CONTEXT,
      type: 'EPCISQueryDocument',
      schemaVersion: '2.0',
      creationDate: '2026-06-01T10:00:00Z',
      epcisBody: {
        queryResults: { queryName: 'SimpleEventQuery', resultsBody: { eventList: [objectEvent(), objectEvent({ action: 'MOVE' })] } },
      },
    });
    expect(result.kind).toBe('document');
    expect(found(result)).toEqual(['/epcisBody/queryResults/resultsBody/eventList/1/action ACTION']);
    expect(result.events).toHaveLength(1);
  });
});

describe('validateEpcis — single events', () => {
  it('needs the @context of a lone event to declare the prefixes it uses', () => {
    expect(found(validateEpcis(objectEvent({ 'cbvmda:lotNumber': 'L1' })))).toEqual(['/cbvmda:lotNumber EXTENSION_PREFIX_UNDECLARED']);
    expect(validateEpcis(objectEvent({ '@context': CONTEXT, 'cbvmda:lotNumber': 'L1' })).ok).toBe(true);
    expect(validateEpcis(objectEvent({ '@context': [CONTEXT, { acme: 'https://acme.example/ns/' }], 'acme:line': 'P1' })).ok).toBe(true);
  });

  it('accepts one valid event and says so', () => {
    const result = validateEpcis(objectEvent(), { now: NOW });
    expect(result).toMatchObject({ ok: true, kind: 'event', issues: [] });
    expect(result.events[0]?.pointer).toBe('');
  });

  it('rejects an event far in the future of the given clock, and respects the configured skew', () => {
    const e = objectEvent({ eventTime: '2026-11-26T12:00:00.000+00:00', eventTimeZoneOffset: '+00:00' });
    expect(found(validateEpcis(e, { now: NOW }))).toEqual(['/eventTime EVENT_TIME_IN_FUTURE']);
    expect(validateEpcis(e, { now: NOW, maxFutureSkewMs: 3 * 24 * 3_600_000 }).ok).toBe(true);
    expect(validateEpcis(e, { now: new Date(NOW + 2 * 24 * 3_600_000) }).ok).toBe(true);
    // Without a clock there is nothing to compare with.
    expect(validateEpcis(e).ok).toBe(true);
  });

  it.each([
    ['2026-06-01T10:00:00+02:00', '+02:00', []],
    ['2026-06-01T08:00:00Z', '+02:00', []],
    ['2026-06-01T10:00:00.123456789+02:00', '+02:00', []],
    ['2024-02-29T10:00:00+02:00', '+02:00', []],
    ['2025-02-29T10:00:00+02:00', '+02:00', ['/eventTime DATE_TIME']],
    ['2026-06-01 10:00:00+02:00', '+02:00', ['/eventTime DATE_TIME']],
    ['2026-06-01T10:00:00', '+02:00', ['/eventTime DATE_TIME']],
    ['2026-06-01T24:00:00+02:00', '+02:00', ['/eventTime DATE_TIME']],
    ['2026-06-01T10:00:00+15:00', '+02:00', ['/eventTime DATE_TIME']],
    ['2026-06-01T10:00:00+02:00', '+2:00', ['/eventTimeZoneOffset TIMEZONE_OFFSET']],
    ['2026-06-01T10:00:00+02:00', '+14:30', ['/eventTimeZoneOffset TIMEZONE_OFFSET']],
    ['2026-06-01T10:00:00-14:00', '-14:00', []],
  ])('eventTime %s with offset %s → %j', (eventTime, eventTimeZoneOffset, expected) => {
    expect(found(validateEpcis(objectEvent({ eventTime, eventTimeZoneOffset }), { now: NOW }))).toEqual(expected);
  });

  it('requires the fields of each event type and action', () => {
    const base = { eventTime: '2026-06-01T10:00:00Z', eventTimeZoneOffset: '+00:00' };
    expect(found(validateEpcis({ type: 'ObjectEvent', ...base, epcList: [] }))).toEqual(['/action REQUIRED', ' WHAT_MISSING']);
    expect(
      found(validateEpcis({ type: 'AggregationEvent', ...base, action: 'ADD', childEPCs: ['urn:epc:id:sgtin:9520123.045678.A1'] })),
    ).toEqual(['/parentID REQUIRED']);
    expect(
      found(validateEpcis({ type: 'AggregationEvent', ...base, action: 'DELETE', parentID: 'urn:epc:id:sscc:9520123.0000004711' })),
    ).toEqual([]);
    expect(
      found(validateEpcis({ type: 'AssociationEvent', ...base, action: 'ADD', childEPCs: ['urn:epc:id:sgtin:9520123.045678.A1'] })),
    ).toEqual(['/parentID REQUIRED']);
    expect(
      found(
        validateEpcis({
          type: 'TransactionEvent',
          ...base,
          action: 'ADD',
          epcList: ['urn:epc:id:sgtin:9520123.045678.A1'],
          bizTransactionList: [],
        }),
      ),
    ).toEqual(['/bizTransactionList MIN_ITEMS']);
    expect(
      found(validateEpcis({ type: 'TransformationEvent', ...base, action: 'ADD', inputEPCList: ['urn:epc:id:sgtin:9520123.045678.A1'] })),
    ).toEqual(['/action NOT_ALLOWED', ' WHAT_MISSING']);
    expect(
      found(
        validateEpcis({
          type: 'TransformationEvent',
          ...base,
          transformationID: 'urn:uuid:1f0e',
          inputEPCList: ['urn:epc:id:sgtin:9520123.045678.A1'],
        }),
      ),
    ).toEqual([]);
    expect(found(validateEpcis({ '@context': CONTEXT, ...objectEvent(), action: 'OBSERVE', ilmd: { 'cbvmda:lotNumber': 'L1' } }))).toEqual([
      '/ilmd NOT_ALLOWED',
    ]);
    expect(
      found(
        validateEpcis({
          type: 'ObjectEvent',
          ...base,
          action: 'OBSERVE',
          sensorElementList: [{ sensorReport: [{ type: 'Temperature', value: 4, uom: 'CEL' }] }],
          readPoint: { id: 'urn:epc:id:sgln:9520123.00001.0' },
        }),
      ),
    ).toEqual([]);
  });

  it('checks quantity elements: class id, quantity ≥ 0, a Rec. 20 unit only with a quantity', () => {
    const e = objectEvent({
      epcList: undefined,
      quantityList: [
        { epcClass: 'urn:epc:class:lgtin:4012345.012345.L1', quantity: -1, uom: 'KGM' },
        { epcClass: 'urn:epc:class:lgtin:4012345.012345.L1', uom: 'KGM' },
        { epcClass: 'urn:epc:id:sgtin:4012345.012345.S1', quantity: 2, uom: 'kg' },
        { quantity: '3' },
      ],
    });
    delete e.epcList;
    expect(found(validateEpcis(e))).toEqual([
      '/quantityList/0/quantity QUANTITY',
      '/quantityList/1/uom UOM_WITHOUT_QUANTITY',
      '/quantityList/2/epcClass IDENTIFIER_ROLE',
      '/quantityList/2/uom UOM',
      '/quantityList/3/quantity TYPE',
      '/quantityList/3/epcClass REQUIRED',
    ]);
  });

  it('checks locations, persistent dispositions, error declarations, certificationInfo and sensor data', () => {
    const e = objectEvent({
      readPoint: { id: 'urn:epc:id:sgtin:9520123.045678.A1' },
      bizLocation: {},
      persistentDisposition: { set: ['completeness_verified', 'completeness_verified'], unset: [] },
      errorDeclaration: { reason: 'typo', correctiveEventIDs: ['not a uri'] },
      certificationInfo: ['https://certs.example/1', 42],
      sensorElementList: [
        {
          sensorMetadata: { startTime: '2026-06-01T10:00:00Z', endTime: '2026-06-01T09:00:00Z' },
          sensorReport: [{ minValue: 9, maxValue: 2, hexBinaryValue: 'xyz', exception: 'FIRE' }],
        },
        { sensorReport: [] },
      ],
    });
    expect(found(validateEpcis(e))).toEqual([
      '/readPoint/id IDENTIFIER_ROLE',
      '/bizLocation/id REQUIRED',
      '/persistentDisposition/set/1 DUPLICATE_ITEM',
      '/persistentDisposition/unset MIN_ITEMS',
      '/errorDeclaration/reason CBV_UNKNOWN_ERROR_REASON',
      '/errorDeclaration/correctiveEventIDs/0 URI',
      '/errorDeclaration/declarationTime REQUIRED',
      '/certificationInfo/1 TYPE',
      '/sensorElementList/0/sensorMetadata/endTime TIME_RANGE',
      '/sensorElementList/0/sensorReport/0/hexBinaryValue HEX_BINARY',
      '/sensorElementList/0/sensorReport/0/exception SENSOR_ALERT',
      '/sensorElementList/0/sensorReport/0/type REQUIRED',
      '/sensorElementList/0/sensorReport/0/minValue SENSOR_RANGE',
      '/sensorElementList/1/sensorReport MIN_ITEMS',
    ]);
  });

  it('rejects the same EPC twice in one list, also when spelt once as URN and once as Digital Link', () => {
    const e = objectEvent({ epcList: ['urn:epc:id:sgtin:9520123.045678.A1', 'https://id.gs1.org/01/09520123456788/21/A1'] });
    expect(found(validateEpcis(e))).toEqual(['/epcList/1 DUPLICATE_ITEM']);
  });

  it('accepts non-GS1 URIs as identifiers (e.g. a private VIN URI) but not strings that are no URI', () => {
    expect(
      validateEpcis(
        objectEvent({ epcList: ['https://vin.example.com/WLT4AB3C7TR018342', 'urn:uuid:2b1f0c9e-1111-4e51-9a0c-2d8e4f6b1a01'] }),
      ).ok,
    ).toBe(true);
    expect(found(validateEpcis(objectEvent({ epcList: ['WLT4AB3C7TR018342'] })))).toEqual(['/epcList/0 URI']);
  });

  it('rejects identifiers with whitespace or control characters anywhere, also EPC URNs', () => {
    const padded = [
      'urn:epc:id:sgtin:9520123.045678.A1 ',
      ' urn:epc:id:sgtin:9520123.045678.A1',
      'urn:epc:id:sgtin:9520123.045678.A 1',
      'urn:epc:id:sgtin:9520123.045678.A1\u00a0',
      'urn:epc:id:sgtin:9520123.045678.A1\n',
      'https://id.gs1.org/01/09520123456788/21/A1 ',
    ];
    for (const epc of padded) expect(validateEpcis(objectEvent({ epcList: [epc] })).ok, JSON.stringify(epc)).toBe(false);
  });

  it('says what is wrong with an input that is no event or document at all', () => {
    expect(validateEpcis(null)).toMatchObject({ ok: false, kind: 'unknown', issues: [{ pointer: '', code: 'TYPE' }] });
    expect(validateEpcis({ type: 'Shipment' })).toMatchObject({
      ok: false,
      kind: 'unknown',
      issues: [{ pointer: '/type', code: 'UNKNOWN_TYPE' }],
    });
    expect(validateEpcis([])).toMatchObject({ ok: false, kind: 'unknown' });
  });
});

describe('validateEpcis — robustness', () => {
  it('never throws, whatever JSON value it gets', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = validateEpcis(value, { now: NOW });
        expect(typeof result.ok).toBe('boolean');
        expect(result.ok).toBe(result.issues.length === 0);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on mutated documents (random values spliced into a valid document)', () => {
    const paths = [
      'epcisBody',
      'epcisBody/eventList',
      'epcisBody/eventList/0',
      'epcisBody/eventList/0/epcList',
      'epcisBody/eventList/2/sourceList/0',
      'epcisBody/eventList/3/sensorElementList/0',
      '@context',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.string(), fc.anything(), (path, key, value) => {
        const doc = clone();
        let target: unknown = doc;
        for (const token of path.split('/')) target = (target as Record<string, unknown>)[token];
        // Assigning a non-number to an array's `length` throws in the test itself, not in the validator.
        fc.pre(!(Array.isArray(target) && key === 'length'));
        (target as Record<string, unknown>)[key] = value;
        const result = validateEpcis(doc, { now: NOW });
        expect(result.issues.every((i) => typeof i.pointer === 'string' && i.code.length > 0)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary JavaScript values, including deep nesting', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withDate: true,
          withMap: true,
          withNullPrototype: true,
          withObjectString: true,
          withSparseArray: true,
          withTypedArray: true,
        }),
        (value) => {
          validateEpcis(value);
          validateEpcis(objectEvent({ 'cbvmda:x': value }));
        },
      ),
      { numRuns: 300 },
    );
    let deep: unknown = 'leaf';
    for (let i = 0; i < 10_000; i++) deep = { 'cbvmda:x': deep };
    expect(found(validateEpcis(objectEvent({ '@context': CONTEXT, 'cbvmda:deep': deep })))).toEqual([
      `/cbvmda:deep${'/cbvmda:x'.repeat(32)} TOO_DEEP`,
    ]);
  });
});
