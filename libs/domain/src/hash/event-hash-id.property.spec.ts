import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventHashId } from './event-hash-id.js';

// Lists whose order carries no meaning in EPCIS (CBV 2.0 §8.9 step 11) — the hash must ignore it.
const UNORDERED = new Set([
  'epcList',
  'childEPCs',
  'inputEPCList',
  'outputEPCList',
  'quantityList',
  'childQuantityList',
  'inputQuantityList',
  'outputQuantityList',
  'bizTransactionList',
  'sourceList',
  'destinationList',
  'sensorElementList',
  'sensorReport',
  'set',
  'unset',
]);

const serial = fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/);
const sgtin = serial.map((s) => `urn:epc:id:sgtin:4012345.011111.${s}`);
const epcs = fc.uniqueArray(sgtin, { minLength: 1, maxLength: 6 });
const quantity = fc.record({
  epcClass: fc.constantFrom(
    'urn:epc:class:lgtin:4012345.011111.L1',
    'urn:epc:class:lgtin:4012345.022222.L2',
    'https://id.gs1.org/01/04012345333334/10/L3',
  ),
  quantity: fc.integer({ min: 1, max: 10_000 }),
  uom: fc.constantFrom('KGM', 'H87', 'TNE'),
});
const quantities = fc.uniqueArray(quantity, { minLength: 1, maxLength: 4, selector: (q) => q.epcClass });
const bizTransactions = fc.uniqueArray(
  fc.record({ type: fc.constantFrom('po', 'inv', 'desadv'), bizTransaction: serial.map((s) => `urn:epcglobal:cbv:bt:4012345000016:${s}`) }),
  { maxLength: 4, selector: (b) => b.type + b.bizTransaction },
);
const parties = (key: 'source' | 'destination') =>
  fc.uniqueArray(
    fc.record({
      type: fc.constantFrom('owning_party', 'possessing_party', 'location'),
      [key]: fc.constantFrom('urn:epc:id:pgln:4012345.00000', 'urn:epc:id:sgln:4012345.00001.0', 'urn:epc:id:pgln:4000001.00000'),
    }),
    { maxLength: 3, selector: (p) => JSON.stringify(p) },
  );
const sensorReports = fc.uniqueArray(
  fc.record({
    type: fc.constantFrom('Temperature', 'RelativeHumidity', 'Speed'),
    value: fc.double({ min: -50, max: 50, noNaN: true }),
    uom: fc.constantFrom('CEL', 'P1', 'KMH'),
  }),
  { minLength: 1, maxLength: 3, selector: (r) => r.type },
);
const extension = fc.dictionary(fc.stringMatching(/^ex:[a-z]{1,6}$/), fc.oneof(fc.stringMatching(/^[a-z0-9]{1,8}$/), fc.integer()), {
  maxKeys: 3,
});

const event = fc
  .record({
    type: fc.constantFrom('ObjectEvent', 'AggregationEvent', 'TransactionEvent', 'AssociationEvent', 'TransformationEvent'),
    eventTime: fc
      .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString()),
    eventTimeZoneOffset: fc.constantFrom('+00:00', '+01:00', '-05:00', '+08:00'),
    epcList: epcs,
    childEPCs: epcs,
    quantityList: quantities,
    action: fc.constantFrom('ADD', 'OBSERVE', 'DELETE'),
    bizStep: fc.constantFrom('shipping', 'receiving', 'packing', 'urn:epcglobal:cbv:bizstep:inspecting'),
    disposition: fc.constantFrom('in_transit', 'active', 'recalled'),
    readPoint: fc.record({ id: fc.constantFrom('urn:epc:id:sgln:4012345.00001.0', 'urn:epc:id:sgln:4012345.00002.0') }),
    bizTransactionList: bizTransactions,
    sourceList: parties('source'),
    destinationList: parties('destination'),
    sensorElementList: fc.array(
      fc.record({ sensorMetadata: fc.record({ deviceID: fc.constant('urn:epc:id:giai:4000001.TL-1') }), sensorReport: sensorReports }),
      { maxLength: 2 },
    ),
    persistentDisposition: fc.record({
      set: fc.uniqueArray(fc.constantFrom('conformant', 'active'), { maxLength: 2 }),
      unset: fc.uniqueArray(fc.constantFrom('damaged', 'expired'), { maxLength: 2 }),
    }),
    ext: extension,
  })
  .map(({ ext, ...rest }) => ({ '@context': [{ ex: 'https://ns.example.com/epcis/' }], ...rest, ...ext }));

/** A deterministic permutation driven by `seed` (a small LCG: the property shrinks on the seed). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function permuteKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v: unknown, i) => permuteKeys(v, seed + i + 1));
  if (value !== null && typeof value === 'object') {
    const entries = shuffled(Object.entries(value), seed);
    return Object.fromEntries(entries.map(([k, v], i) => [k, permuteKeys(v, seed * 31 + i)]));
  }
  return value;
}

function permuteLists(value: unknown, seed: number, key = ''): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v: unknown, i) => permuteLists(v, seed + i + 7, key));
    return UNORDERED.has(key) ? shuffled(items, seed) : items;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v], i) => [k, permuteLists(v, seed * 17 + i, k)]));
  }
  return value;
}

describe('event hash ID properties', () => {
  it('does not change when JSON members are written in another order, at any depth', () => {
    fc.assert(fc.property(event, fc.nat(), (e, seed) => eventHashId(permuteKeys(e, seed)) === eventHashId(e)));
  });

  it('does not change when unordered lists (EPCs, quantities, transactions, sources, sensor reports…) are reordered', () => {
    fc.assert(fc.property(event, fc.nat(), (e, seed) => eventHashId(permuteLists(e, seed)) === eventHashId(e)));
  });

  it('changes when any field value changes', () => {
    const edits: readonly ((e: Record<string, unknown>) => Record<string, unknown>)[] = [
      (e) => ({ ...e, action: e['action'] === 'ADD' ? 'OBSERVE' : 'ADD' }),
      (e) => ({ ...e, eventTime: new Date(Date.parse(String(e['eventTime'])) + 1000).toISOString() }),
      (e) => ({ ...e, epcList: [...(e['epcList'] as string[]), 'urn:epc:id:sgtin:4012345.011111.ADDED'] }),
      (e) => ({ ...e, readPoint: { id: 'urn:epc:id:sgln:4012345.00009.0' } }),
      (e) => ({ ...e, disposition: e['disposition'] === 'damaged' ? 'active' : 'damaged' }),
      (e) => ({
        ...e,
        quantityList: (e['quantityList'] as { quantity: number }[]).map((q, i) => (i === 0 ? { ...q, quantity: q.quantity + 1 } : q)),
      }),
      (e) => ({ ...e, 'ex:added': 'x' }),
    ];
    fc.assert(
      fc.property(event, fc.nat({ max: edits.length - 1 }), (e, which) => {
        const edit = edits[which];
        expect(edit).toBeDefined();
        return edit !== undefined && eventHashId(edit(e)) !== eventHashId(e);
      }),
    );
  });
});
