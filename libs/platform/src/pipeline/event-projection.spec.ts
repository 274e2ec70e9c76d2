import { describe, expect, it } from 'vitest';
import { decodeCapturedEvent, encodeCapturedEvent, partitionKey } from './captured-event.message.js';
import { projectCapturedEvent } from './event-projection.js';

const HASH = `ni:///sha-256;${'ab'.repeat(32)}?ver=CBV2.0`;
const heat = 'https://id.gs1.org/01/04012345000016/10/HEAT-7';
const slab = 'urn:epc:id:sgtin:4012345.000002.S1';

describe('captured event projection', () => {
  it('keys a message by its submitting organisation and round-trips it', () => {
    const event = {
      type: 'AggregationEvent',
      action: 'ADD',
      eventTime: '2026-01-01T00:00:00Z',
      eventTimeZoneOffset: '+00:00',
      parentID: 'urn:epc:id:sscc:4012345.0000000001',
      childEPCs: [slab],
    };
    const message = { hashId: HASH, captureId: 'c1', submitterMsp: 'Org1MSP', receivedAt: '2026-01-01T00:00:01.000Z', event };
    const bus = encodeCapturedEvent(message);
    expect(bus.key).toBe('Org1MSP');
    expect(partitionKey(message)).toBe(bus.key);
    expect(bus.headers).toMatchObject({ 'x-hash-id': HASH, 'x-capture-id': 'c1', 'x-submitter-msp': 'Org1MSP' });
    expect(decodeCapturedEvent(new TextEncoder().encode(String(bus.value)))).toEqual(message);
  });

  it('turns a transformation of a heat (a quantity class) into inputs, outputs and genealogy edges', () => {
    const event = {
      type: 'TransformationEvent',
      eventTime: '2026-01-01T08:00:00+08:00',
      eventTimeZoneOffset: '+08:00',
      inputQuantityList: [{ epcClass: heat, quantity: 80, uom: 'TNE' }],
      outputEPCList: [slab],
      bizStep: 'urn:epcglobal:cbv:bizstep:commissioning',
    };
    const p = projectCapturedEvent({ hashId: HASH, captureId: null, submitterMsp: 'Org1MSP', receivedAt: '2026-01-01T00:00:01Z', event });
    const slabId = 'https://id.gs1.org/01/04012345000023/21/S1';
    expect(p.ledger).toMatchObject({
      type: 'TransformationEvent',
      bizStep: 'commissioning',
      inputs: [heat],
      outputs: [slabId],
      quantityClasses: [],
      eventTime: '2026-01-01T00:00:00.000Z',
    });
    expect(p.edges).toEqual([{ parentId: heat, childId: slabId, kind: 'transformation', hashId: HASH }]);
    expect(p.record.facts).toMatchObject({ eventTimeZoneOffset: '+08:00', recordTime: '2026-01-01T00:00:01.000Z', captureId: null });
    expect(p.record.facts.objects).toEqual([
      { objectId: slabId, role: 'output' },
      { objectId: heat, role: 'input', quantity: 80, uom: 'TNE' },
    ]);
  });

  it('lists every problem of a malformed message', () => {
    const error = (() => {
      try {
        decodeCapturedEvent(new TextEncoder().encode(JSON.stringify({ hashId: 'x', receivedAt: 'yesterday' })));
      } catch (e) {
        return e as { code: string; issues: { pointer: string }[] };
      }
      return undefined;
    })();
    expect(error?.code).toBe('MALFORMED_MESSAGE');
    expect(error?.issues.map((i) => i.pointer)).toEqual(['/hashId', '/submitterMsp', '/receivedAt', '/event']);
  });
});
