import { describe, expect, it } from 'vitest';
import automotive from './examples/automotive-part-to-vehicle.epcis.json' with { type: 'json' };
import pharma from './examples/pharma-serialised-packs.epcis.json' with { type: 'json' };
import steel from './examples/steel-heat-to-coils.epcis.json' with { type: 'json' };
import { eventFacts } from './event-facts.projection.js';
import { validateEpcis } from './epcis.validator.js';

const NOW = Date.parse('2026-11-24T12:00:00Z');

describe('the industry example documents', () => {
  it.each([
    ['pharma: serialised packs, case, shipment, cold-chain reading', pharma, 4],
    ['automotive: a part lot assembled into a vehicle', automotive, 3],
    ['steel: a heat transformed into coils with an EN 10204 3.1 certificate', steel, 3],
  ])('%s validates without issues', (_name, doc, count) => {
    const result = validateEpcis(doc, { now: NOW });
    expect(result.issues).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.kind).toBe('document');
    expect(result.events.map((e) => e.pointer)).toEqual(Array.from({ length: count }, (_, i) => `/epcisBody/eventList/${String(i)}`));
  });

  it('pharma: the commissioning facts carry canonical pack ids whether written as URN or Digital Link', () => {
    const [commissioning] = validateEpcis(pharma, { now: NOW }).events;
    expect(commissioning).toBeDefined();
    if (commissioning === undefined) return;
    const facts = eventFacts(commissioning.event);
    expect(facts).toMatchObject({
      type: 'ObjectEvent',
      action: 'ADD',
      bizStep: 'commissioning',
      disposition: 'active',
      eventTime: '2026-03-02T07:15:12.000Z',
    });
    expect(facts.epcs).toEqual([
      'https://id.gs1.org/01/09520123456788/21/PX7K2M4Q9A',
      'https://id.gs1.org/01/09520123456788/21/PX7K2M4Q9B',
      'https://id.gs1.org/01/09520123456788/21/PX7K2M4Q9C',
    ]);
    expect(facts.readPoint).toBe('https://id.gs1.org/414/9520123000011/254/L3');
  });

  it('pharma: the shipment facts name the owning parties and the business transactions', () => {
    const shipping = validateEpcis(pharma, { now: NOW }).events[2];
    if (shipping === undefined) throw new Error('missing event');
    const facts = eventFacts(shipping.event);
    expect(facts.sources).toContainEqual({ type: 'owning_party', id: 'https://id.gs1.org/417/9520123000004' });
    expect(facts.destinations).toContainEqual({ type: 'owning_party', id: 'https://id.gs1.org/417/4012345000009' });
    expect(facts.destinations).toContainEqual({ type: 'location', id: 'https://id.gs1.org/414/4012345000122' });
    expect(facts.bizTransactions).toContainEqual({ type: 'po', id: 'urn:epcglobal:cbv:bt:4012345000009:PO-2026-88213' });
  });

  it('automotive: the shipped lot and the vehicle (a GIAI) come out as canonical ids', () => {
    const events = validateEpcis(automotive, { now: NOW }).events.map((e) => eventFacts(e.event));
    expect(events[1]).toMatchObject({ bizStep: 'shipping', disposition: 'in_transit' });
    expect(events[1]?.quantities).toEqual([
      { role: 'what', epcClass: 'https://id.gs1.org/01/04012345223316/10/BP-2605-11', quantity: 480, uom: undefined },
    ]);
    expect(events[2]).toMatchObject({
      type: 'AssociationEvent',
      action: 'ADD',
      parent: 'https://id.gs1.org/8004/4012345WLT4AB3C7TR018342',
    });
    expect(events[2]?.children).toHaveLength(2);
    expect(events[2]?.quantities[0]?.epcClass).toBe('https://id.gs1.org/01/04012345223316/10/BP-2605-11');
  });

  it('steel: the transformation facts link the heat lot to its coils', () => {
    const transformation = validateEpcis(steel, { now: NOW }).events[1];
    if (transformation === undefined) throw new Error('missing event');
    const facts = eventFacts(transformation.event);
    expect(facts.type).toBe('TransformationEvent');
    expect(facts.action).toBeUndefined();
    expect(facts.bizStep).toBe('https://vocab.lotledger.example/steel/bizstep/hot_rolling');
    expect(facts.quantities[0]).toEqual({
      role: 'input',
      epcClass: 'https://id.gs1.org/01/00614141770014/10/H26-40718',
      quantity: 182.4,
      uom: 'TNE',
    });
    expect(facts.outputs).toHaveLength(7);
    expect(facts.outputs[0]).toBe('https://id.gs1.org/01/00614141770021/21/C2640718-01');
  });
});
