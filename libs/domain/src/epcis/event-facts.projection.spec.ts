import { describe, expect, it } from 'vitest';
import type { EpcisEvent } from './epcis.model.js';
import { validateEpcis } from './epcis.validator.js';
import { eventFacts } from './event-facts.projection.js';

function accepted(event: Record<string, unknown>): EpcisEvent {
  const result = validateEpcis(event);
  expect(result.issues).toEqual([]);
  const first = result.events[0];
  if (first === undefined) throw new Error('event not accepted');
  return first.event;
}

describe('eventFacts', () => {
  it('gives equal facts for two spellings of the same event (URN vs Digital Link, bare word vs URN vs web URI)', () => {
    const a = accepted({
      type: 'ObjectEvent',
      eventTime: '2026-06-01T10:00:00.000+02:00',
      eventTimeZoneOffset: '+02:00',
      action: 'OBSERVE',
      bizStep: 'receiving',
      disposition: 'in_progress',
      persistentDisposition: { set: ['completeness_verified'], unset: ['urn:epcglobal:cbv:disp:completeness_inferred'] },
      epcList: ['urn:epc:id:sscc:9520123.0000004711'],
      readPoint: { id: 'urn:epc:id:sgln:4012345.00012.0' },
      sourceList: [{ type: 'owning_party', source: 'urn:epc:id:pgln:9520123.00000' }],
    });
    const b = accepted({
      type: 'ObjectEvent',
      eventTime: '2026-06-01T08:00:00Z',
      eventTimeZoneOffset: '+02:00',
      action: 'OBSERVE',
      bizStep: 'https://ref.gs1.org/cbv/BizStep-receiving',
      disposition: 'urn:epcglobal:cbv:disp:in_progress',
      persistentDisposition: { set: ['https://ref.gs1.org/cbv/Disp-completeness_verified'], unset: ['completeness_inferred'] },
      epcList: ['https://id.gs1.org/00/095201230000047115'],
      readPoint: { id: 'https://id.gs1.org/414/4012345000122' },
      sourceList: [{ type: 'urn:epcglobal:cbv:sdt:owning_party', source: 'https://id.gs1.org/417/9520123000004' }],
    });
    expect(eventFacts(b)).toEqual(eventFacts(a));
    expect(eventFacts(a)).toMatchObject({
      bizStep: 'receiving',
      disposition: 'in_progress',
      persistentDisposition: { set: ['completeness_verified'], unset: ['completeness_inferred'] },
      eventTime: '2026-06-01T08:00:00.000Z',
      epcs: ['https://id.gs1.org/00/095201230000047115'],
      readPoint: 'https://id.gs1.org/414/4012345000122',
      sources: [{ type: 'owning_party', id: 'https://id.gs1.org/417/9520123000004' }],
    });
  });

  it('keeps user-defined vocabulary URIs and non-GS1 identifiers as given', () => {
    const facts = eventFacts(
      accepted({
        type: 'AggregationEvent',
        eventTime: '2026-06-01T10:00:00Z',
        eventTimeZoneOffset: '+00:00',
        action: 'ADD',
        bizStep: 'https://mill.example/steps/bundling',
        parentID: 'urn:uuid:2b1f0c9e-1111-4e51-9a0c-2d8e4f6b1a01',
        childEPCs: ['https://vin.example.com/WLT4AB3C7TR018342'],
      }),
    );
    expect(facts).toMatchObject({
      type: 'AggregationEvent',
      action: 'ADD',
      bizStep: 'https://mill.example/steps/bundling',
      disposition: undefined,
      parent: 'urn:uuid:2b1f0c9e-1111-4e51-9a0c-2d8e4f6b1a01',
      children: ['https://vin.example.com/WLT4AB3C7TR018342'],
      epcs: [],
    });
  });
});
