import { describe, expect, it } from 'vitest';
import { parseEventQuery } from './epcis-query.parser.js';

const parse = (qs: string) => parseEventQuery(new URLSearchParams(qs));

describe('EPCIS query parameters', () => {
  it('normalises CBV terms to bare words and identifiers to canonical Digital Links', () => {
    const r = parse(
      'EQ_bizStep=urn:epcglobal:cbv:bizstep:shipping|receiving&EQ_readPoint=urn:epc:id:sgln:9520123.00001.0&MATCH_epc=urn:epc:id:sgtin:9520123.045678.A1',
    );
    expect(r).toEqual({
      ok: true,
      value: {
        query: {
          EQ_bizStep: ['shipping', 'receiving'],
          EQ_readPoint: ['https://id.gs1.org/414/9520123000011'],
          MATCH_epc: ['https://id.gs1.org/01/09520123456788/21/A1'],
        },
        perPage: 100,
        nextPageToken: undefined,
      },
    });
  });

  it('takes repeated parameters as several values', () => {
    const r = parse('eventType=ObjectEvent&eventType=AggregationEvent');
    expect(r.ok && r.value.query.eventType).toEqual(['ObjectEvent', 'AggregationEvent']);
  });

  it('turns times with an offset into UTC instants', () => {
    const r = parse('GE_eventTime=2026-03-02T08:15:00%2B01:00');
    expect(r.ok && r.value.query.GE_eventTime).toBe('2026-03-02T07:15:00.000Z');
  });

  it('reports every bad parameter at once, each with what was expected', () => {
    const r = parse('EQ_action=SHIP&perPage=5000&eventtype=ObjectEvent&EQ_bizStep=not%20a%20step');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.status).toBe(400);
    expect(r.issues.map((i) => i.parameter)).toEqual(['EQ_action', 'perPage', 'eventtype', 'EQ_bizStep']);
    expect(r.issues.find((i) => i.parameter === 'eventtype')?.expected).toBe('eventType');
    expect(r.issues.find((i) => i.parameter === 'EQ_action')?.expected).toBe('ADD, OBSERVE, DELETE');
  });

  it('refuses a NUL or other control character in any parameter, naming the parameter', () => {
    const r = parse('EQ_readPoint=urn:epc:id:sgln:9520123.00001.0%00&MATCH_epc=a%0Db&EQ_eventID=ni%7F');
    expect(r).toMatchObject({ ok: false, status: 400 });
    if (r.ok) return;
    expect(r.issues.map((i) => i.parameter)).toEqual(['EQ_readPoint', 'MATCH_epc', 'EQ_eventID']);
    expect(r.issues[0]?.expected).toBe('printable text');
  });

  it('answers 501 for standard parameters not supported yet, and 400 wins over 501', () => {
    expect(parse('EQ_persistentDisposition_unset=x&EQ_INNER_ILMD_example:grade=S355')).toMatchObject({ ok: false, status: 501 });
    expect(parse('EQ_transformationID=x&perPage=0')).toMatchObject({ ok: false, status: 400 });
    expect(parse('EQ_colour=red')).toMatchObject({ ok: false, status: 400 });
  });

  it('takes EQ_persistentDisposition_set as CBV dispositions, normalised to bare words', () => {
    const r = parse(
      'EQ_persistentDisposition_set=https://ref.gs1.org/cbv/Disp-completeness_verified|urn:epcglobal:cbv:disp:needs_replacement',
    );
    expect(r.ok && r.value.query.EQ_persistentDisposition_set).toEqual(['completeness_verified', 'needs_replacement']);
    expect(parse('EQ_persistentDisposition_set=not%20a%20disposition')).toMatchObject({
      ok: false,
      status: 400,
      issues: [{ parameter: 'EQ_persistentDisposition_set' }],
    });
  });

  it('takes MATCH_anyEPCClass classes in their canonical form and keeps one-GTIN patterns', () => {
    const r = parse('MATCH_anyEPCClass=urn:epc:class:lgtin:9520123.045678.L1|urn:epc:idpat:sgtin:9520123.000001.*');
    expect(r.ok && r.value.query.MATCH_anyEPCClass).toEqual([
      'https://id.gs1.org/01/09520123456788/10/L1',
      'urn:epc:idpat:sgtin:9520123.000001.*',
    ]);
  });

  it('refuses with 400 an EPC pattern with wildcards in the company prefix or item reference, saying why', () => {
    for (const pattern of ['urn:epc:idpat:sgtin:*.*.*', 'urn:epc:idpat:sgtin:9520123.*.*']) {
      const r = parse(`MATCH_epc=${pattern}`);
      expect(r).toMatchObject({ ok: false, status: 400, issues: [{ parameter: 'MATCH_epc' }] });
      if (!r.ok) expect(r.issues[0]?.message).toContain('only a pattern of one whole key with a wildcard serial');
    }
  });

  it('refuses a time parameter given twice', () => {
    expect(parse('LT_eventTime=2026-01-01T00:00:00Z&LT_eventTime=2026-02-01T00:00:00Z')).toMatchObject({
      ok: false,
      issues: [{ parameter: 'LT_eventTime' }],
    });
  });
});
