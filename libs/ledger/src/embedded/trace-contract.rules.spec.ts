import { describe, expect, it } from 'vitest';
import { LedgerRejectedError } from '../ledger-errors.js';
import type { AnchorResult, EventFacts } from '../ledger.port.js';
import { TraceFixtures } from '../testing/trace-fixtures.js';
import { EmbeddedLedgerAdapter } from './embedded-ledger.adapter.js';

// Every custody rule of the trace contract, run through the embedded stub (the same contract
// class Fabric runs). Each test anchors a batch and reads the per-event verdict.

const parties = { regulator: 'RegulatorMSP', manufacturer: 'Org1MSP', distributor: 'Org2MSP' } as const;

async function setup(): Promise<{
  ledger: EmbeddedLedgerAdapter;
  f: TraceFixtures;
  anchor: (msp: string, ...events: EventFacts[]) => Promise<AnchorResult>;
}> {
  const ledger = await EmbeddedLedgerAdapter.open();
  const f = new TraceFixtures(parties, 'rules');
  await ledger.registerOrganization(parties.regulator, f.organization('regulator'));
  await ledger.registerOrganization(parties.regulator, f.organization('manufacturer'));
  await ledger.registerOrganization(parties.regulator, f.organization('distributor'));
  return { ledger, f, anchor: (msp, ...events) => ledger.anchorBatch(msp, f.batch(events)) };
}

function codeOf(result: AnchorResult, event: EventFacts): string | undefined {
  if (result.accepted.includes(event.hashId)) return 'ACCEPTED';
  return result.rejected.find((r) => r.hashId === event.hashId)?.code;
}

const M = parties.manufacturer;
const D = parties.distributor;
const R = parties.regulator;

describe('trace contract rules (embedded stub)', () => {
  it('accepts a commissioning at a location of the submitter and records the custodian', async () => {
    const { ledger, f, anchor } = await setup();
    const item = f.item();
    const e = f.commission('manufacturer', [item]);
    const result = await anchor(M, e);
    expect(codeOf(result, e)).toBe('ACCEPTED');
    expect(await ledger.getObject(item)).toMatchObject({
      status: 'active',
      custodian: M,
      owner: M,
      location: f.location('manufacturer'),
      lastEventHash: e.hashId,
    });
  });

  it('rejects an event whose readPoint is not a location of the submitter', async () => {
    const { f, anchor } = await setup();
    const e = { ...f.commission('manufacturer', [f.item()]), readPoint: f.location('distributor') };
    expect(codeOf(await anchor(M, e), e)).toBe('NOT_OWNER_OF_LOCATION');
  });

  it('rejects an event whose bizLocation is not a location of the submitter', async () => {
    const { f, anchor } = await setup();
    const e = { ...f.commission('manufacturer', [f.item()]), bizLocation: 'urn:epc:id:sgln:4098765.00001.0' };
    expect(codeOf(await anchor(M, e), e)).toBe('NOT_OWNER_OF_LOCATION');
  });

  it('rejects a location id that names no GLN', async () => {
    const { f, anchor } = await setup();
    const e = { ...f.commission('manufacturer', [f.item()]), readPoint: 'https://example.com/site/1' };
    expect(codeOf(await anchor(M, e), e)).toBe('NOT_OWNER_OF_LOCATION');
  });

  it('rejects an event whose source party is not the submitter', async () => {
    const { f, anchor } = await setup();
    const item = f.item();
    const c = f.commission('manufacturer', [item]);
    const s = f.ship('manufacturer', [item], 'distributor', { sources: [{ type: 'owning_party', id: f.party('distributor') }] });
    const result = await anchor(M, c, s);
    expect(codeOf(result, s)).toBe('NOT_OWNER_OF_SOURCE');
  });

  it('rejects a second commissioning of the same object', async () => {
    const { f, anchor } = await setup();
    const item = f.item();
    const first = f.commission('manufacturer', [item]);
    const second = f.commission('manufacturer', [item]);
    const result = await anchor(M, first, second);
    expect([codeOf(result, first), codeOf(result, second)]).toEqual(['ACCEPTED', 'ALREADY_COMMISSIONED']);
  });

  it('lets the owner of a lot commission more of it but no one else', async () => {
    const { f, anchor } = await setup();
    const lot = f.lot();
    const a = f.commission('manufacturer', [lot]);
    const b = f.commission('manufacturer', [lot]);
    const c = f.commission('distributor', [lot]);
    const r1 = await anchor(M, a, b);
    const r2 = await anchor(D, c);
    expect([codeOf(r1, a), codeOf(r1, b), codeOf(r2, c)]).toEqual(['ACCEPTED', 'ACCEPTED', 'ALREADY_COMMISSIONED']);
  });

  it('rejects an event about an object that was never commissioned', async () => {
    const { f, anchor } = await setup();
    const e = f.observe('manufacturer', [f.item()], 'inspecting');
    expect(codeOf(await anchor(M, e), e)).toBe('UNKNOWN_OBJECT');
  });

  it('rejects a shipment from a party that is not the custodian', async () => {
    const { f, anchor } = await setup();
    const item = f.item();
    await anchor(M, f.commission('manufacturer', [item]));
    const s = f.ship('distributor', [item], 'manufacturer');
    expect(codeOf(await anchor(D, s), s)).toBe('NOT_CUSTODIAN');
  });

  it('rejects a shipment that names no receiver', async () => {
    const { f, anchor } = await setup();
    const item = f.item();
    const s = f.ship('manufacturer', [item], 'distributor', { destinations: [] });
    const result = await anchor(M, f.commission('manufacturer', [item]), s);
    expect(codeOf(result, s)).toBe('MISSING_RECEIVER');
  });

  it('rejects a shipment to a party no registered organisation owns', async () => {
    const { f, anchor } = await setup();
    const item = f.item();
    const s = f.ship('manufacturer', [item], 'distributor', {
      destinations: [{ type: 'owning_party', id: 'https://id.gs1.org/417/4777777000009' }],
    });
    const result = await anchor(M, f.commission('manufacturer', [item]), s);
    expect(codeOf(result, s)).toBe('UNKNOWN_RECEIVER');
  });

  it('hands custody to the named receiver when it receives', async () => {
    const { ledger, f, anchor } = await setup();
    const item = f.item();
    await anchor(M, f.commission('manufacturer', [item]), f.ship('manufacturer', [item], 'distributor'));
    expect(await ledger.getObject(item)).toMatchObject({ status: 'in_transit', custodian: M, expectedReceiverMsp: D });
    const r = f.receive('distributor', [item], 'manufacturer');
    expect(codeOf(await anchor(D, r), r)).toBe('ACCEPTED');
    const state = await ledger.getObject(item);
    expect(state).toMatchObject({ status: 'active', custodian: D, location: f.location('distributor') });
    expect(state?.expectedReceiverMsp).toBeUndefined();
  });

  it('rejects a receipt by an organisation the shipment did not name', async () => {
    const { f, anchor } = await setup();
    const item = f.item();
    await anchor(M, f.commission('manufacturer', [item]), f.ship('manufacturer', [item], 'distributor'));
    const r = f.receive('regulator', [item], 'manufacturer');
    expect(codeOf(await anchor(R, r), r)).toBe('WRONG_RECEIVER');
  });

  it('rejects a receipt of an object that was not shipped', async () => {
    const { f, anchor } = await setup();
    const item = f.item();
    await anchor(M, f.commission('manufacturer', [item]));
    const r = f.receive('distributor', [item], 'manufacturer');
    expect(codeOf(await anchor(D, r), r)).toBe('NOT_IN_TRANSIT');
  });

  it('rejects shipping again while the object is in transit', async () => {
    const { f, anchor } = await setup();
    const item = f.item();
    const again = f.ship('manufacturer', [item], 'distributor');
    const result = await anchor(M, f.commission('manufacturer', [item]), f.ship('manufacturer', [item], 'distributor'), again);
    expect(codeOf(result, again)).toBe('IN_TRANSIT');
  });

  it('rejects packing a child the packer does not hold', async () => {
    const { f, anchor } = await setup();
    const item = f.item();
    await anchor(M, f.commission('manufacturer', [item]));
    const p = f.pack('distributor', f.sscc(), [item]);
    expect(codeOf(await anchor(D, p), p)).toBe('CHILD_NOT_HELD');
  });

  it('moves packed children with their container and lets them reappear when unpacked', async () => {
    const { ledger, f, anchor } = await setup();
    const [a, b] = [f.item(), f.item()];
    const pallet = f.sscc();
    await anchor(
      M,
      f.commission('manufacturer', [a, b]),
      f.pack('manufacturer', pallet, [a, b]),
      f.ship('manufacturer', [pallet], 'distributor'),
    );
    expect(await ledger.getObject(a)).toMatchObject({ parent: pallet, status: 'in_transit' });
    await anchor(D, f.receive('distributor', [pallet], 'manufacturer'));
    expect(await ledger.getObject(b)).toMatchObject({ custodian: D, status: 'active' });
    const u = f.unpack('distributor', pallet);
    expect(codeOf(await anchor(D, u), u)).toBe('ACCEPTED');
    const child = await ledger.getObject(a);
    expect(child).toMatchObject({ custodian: D, location: f.location('distributor') });
    expect(child?.parent).toBeUndefined();
    expect((await ledger.getObject(pallet))?.children).toEqual([]);
  });

  it('rejects unpacking a child that is not in the container', async () => {
    const { f, anchor } = await setup();
    const [a, b] = [f.item(), f.item()];
    const pallet = f.sscc();
    const u = f.unpack('manufacturer', pallet, [b]);
    const result = await anchor(M, f.commission('manufacturer', [a, b]), f.pack('manufacturer', pallet, [a]), u);
    expect(codeOf(result, u)).toBe('CHILD_NOT_IN_PARENT');
  });

  it('rejects an aggregation without a parent', async () => {
    const { f, anchor } = await setup();
    const item = f.item();
    const p = f.event({ type: 'AggregationEvent', action: 'ADD', readPoint: f.location('manufacturer'), childEpcs: [item] });
    const result = await anchor(M, f.commission('manufacturer', [item]), p);
    expect(codeOf(result, p)).toBe('MISSING_PARENT');
  });

  it('consumes the inputs of a transformation and creates its outputs', async () => {
    const { ledger, f, anchor } = await setup();
    const [input, output] = [f.item(), f.item()];
    const t = f.transform('manufacturer', [input], [output]);
    const result = await anchor(M, f.commission('manufacturer', [input]), t);
    expect(codeOf(result, t)).toBe('ACCEPTED');
    expect(await ledger.getObject(input)).toMatchObject({ status: 'consumed' });
    expect(await ledger.getObject(output)).toMatchObject({ status: 'active', custodian: M, madeFrom: [input] });
  });

  it('rejects a transformation whose input the submitter does not hold', async () => {
    const { f, anchor } = await setup();
    const input = f.item();
    await anchor(M, f.commission('manufacturer', [input]));
    const t = f.transform('distributor', [input], [f.item()]);
    expect(codeOf(await anchor(D, t), t)).toBe('INPUT_NOT_HELD');
  });

  it('rejects a transformation output that already exists', async () => {
    const { f, anchor } = await setup();
    const [input, output] = [f.item(), f.item()];
    const t = f.transform('manufacturer', [input], [output]);
    const result = await anchor(M, f.commission('manufacturer', [input, output]), t);
    expect(codeOf(result, t)).toBe('ALREADY_COMMISSIONED');
  });

  it('rejects any movement of an object after it was consumed, destroyed or decommissioned', async () => {
    const { f, anchor } = await setup();
    const [consumed, destroyed, decommissioned] = [f.item(), f.item(), f.item()];
    const moves = [
      f.ship('manufacturer', [consumed], 'distributor'),
      f.ship('manufacturer', [destroyed], 'distributor'),
      f.ship('manufacturer', [decommissioned], 'distributor'),
    ];
    const result = await anchor(
      M,
      f.commission('manufacturer', [consumed, destroyed, decommissioned]),
      f.transform('manufacturer', [consumed], [f.item()]),
      f.observe('manufacturer', [destroyed], 'destroying'),
      f.observe('manufacturer', [decommissioned], 'decommissioning', { action: 'DELETE' }),
      ...moves,
    );
    expect(moves.map((m) => codeOf(result, m))).toEqual(['OBJECT_TERMINATED', 'OBJECT_TERMINATED', 'OBJECT_TERMINATED']);
  });

  it('rejects selling an object twice', async () => {
    const { f, anchor } = await setup();
    const item = f.item();
    const again = f.observe('manufacturer', [item], 'retail_selling');
    const result = await anchor(M, f.commission('manufacturer', [item]), f.observe('manufacturer', [item], 'retail_selling'), again);
    expect(codeOf(result, again)).toBe('OBJECT_TERMINATED');
  });

  it('puts a recalled object (persistent disposition) on hold: no shipping, selling or dispensing', async () => {
    const { ledger, f, anchor } = await setup();
    const item = f.item();
    const recall = f.observe('manufacturer', [item], 'holding', {
      disposition: 'recalled',
      persistentDisposition: { set: ['recalled'], unset: [] },
    });
    const ship = f.ship('manufacturer', [item], 'distributor');
    const sell = f.observe('manufacturer', [item], 'retail_selling');
    const dispense = f.observe('manufacturer', [item], 'dispensing');
    const result = await anchor(M, f.commission('manufacturer', [item]), recall, ship, sell, dispense);
    expect([ship, sell, dispense].map((e) => codeOf(result, e))).toEqual(['OBJECT_ON_HOLD', 'OBJECT_ON_HOLD', 'OBJECT_ON_HOLD']);
    expect((await ledger.getObject(item))?.holds).toMatchObject([{ kind: 'recall', setBy: M }]);
  });

  it('still lets a held object be returned or destroyed', async () => {
    const { f, anchor } = await setup();
    const [a, b] = [f.item(), f.item()];
    const ret = f.ship('manufacturer', [a], 'distributor', { disposition: 'returned' });
    const destroy = f.observe('manufacturer', [b], 'destroying');
    const result = await anchor(
      M,
      f.commission('manufacturer', [a, b]),
      f.observe('manufacturer', [a, b], 'holding', { persistentDisposition: { set: ['recalled'], unset: [] } }),
      ret,
      destroy,
    );
    expect([codeOf(result, ret), codeOf(result, destroy)]).toEqual(['ACCEPTED', 'ACCEPTED']);
  });

  it('rejects a release of a hold by anyone but whoever set it', async () => {
    const { ledger, f, anchor } = await setup();
    const item = f.item();
    await anchor(M, f.commission('manufacturer', [item]));
    await ledger.setHold(R, { objectId: item, kind: 'quarantine', reason: 'lab result pending' });
    const release = f.observe('manufacturer', [item], 'holding', { persistentDisposition: { set: [], unset: ['recalled'] } });
    await anchor(M, f.observe('manufacturer', [item], 'holding', { persistentDisposition: { set: ['recalled'], unset: [] } }));
    await expect(ledger.releaseHold(M, { objectId: item, kind: 'quarantine' })).rejects.toMatchObject({ reason: 'NOT_HOLD_SETTER' });
    const regulatorRelease = f.observe('regulator', [item], 'holding', { persistentDisposition: { set: [], unset: ['recalled'] } });
    const result = await anchor(R, regulatorRelease);
    expect(codeOf(result, regulatorRelease)).toBe('NOT_HOLD_SETTER');
    expect(codeOf(await anchor(M, release), release)).toBe('ACCEPTED');
    const state = await ledger.releaseHold(R, { objectId: item, kind: 'quarantine' });
    expect(state.holds).toEqual([]);
  });

  it('rejects a hold set by an organisation that neither owns nor holds the object and is not a regulator', async () => {
    const { ledger, f, anchor } = await setup();
    const item = f.item();
    await anchor(M, f.commission('manufacturer', [item]));
    await expect(ledger.setHold(D, { objectId: item, kind: 'recall', reason: 'x' })).rejects.toMatchObject({
      reason: 'NOT_ALLOWED_TO_HOLD',
    });
  });

  it('rejects a batch from an organisation that is not registered, as a whole', async () => {
    const { f, anchor } = await setup();
    await expect(anchor('StrangerMSP', f.commission('manufacturer', [f.item()]))).rejects.toMatchObject({ reason: 'UNKNOWN_ORGANIZATION' });
  });

  it('ignores a duplicate event inside one batch', async () => {
    const { f, anchor } = await setup();
    const e = f.commission('manufacturer', [f.item()]);
    const result = await anchor(M, e, e);
    expect(result.accepted).toEqual([e.hashId]);
    expect(result.alreadyAnchored).toEqual([e.hashId]);
  });
});

describe('organisation registration policy', () => {
  it('lets the first regulator register itself and nobody else bootstrap', async () => {
    const ledger = await EmbeddedLedgerAdapter.open();
    const f = new TraceFixtures(parties, 'policy');
    await expect(ledger.registerOrganization(M, f.organization('manufacturer'))).rejects.toMatchObject({ reason: 'FORBIDDEN' });
    await expect(ledger.registerOrganization(M, f.organization('regulator'))).rejects.toMatchObject({ reason: 'FORBIDDEN' });
    expect(await ledger.registerOrganization(R, f.organization('regulator'))).toMatchObject({
      mspId: R,
      role: 'regulator',
      registeredBy: R,
    });
  });

  it('lets only a regulator register organisations once a regulator exists', async () => {
    const { ledger, f } = await setup();
    const err = await ledger.registerOrganization(M, { ...f.organization('distributor'), name: 'renamed' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LedgerRejectedError);
    expect((err as LedgerRejectedError).reason).toBe('FORBIDDEN');
    expect(await ledger.registerOrganization(R, { ...f.organization('distributor'), name: 'renamed' })).toMatchObject({ name: 'renamed' });
  });

  it('rejects a company prefix that overlaps another organisation', async () => {
    const { ledger } = await setup();
    await expect(
      ledger.registerOrganization(R, { mspId: 'Org9MSP', name: 'clash', role: 'supplier', companyPrefixes: ['40123456'], glns: [] }),
    ).rejects.toMatchObject({ reason: 'PREFIX_CONFLICT' });
  });

  it('rejects a GLN with a wrong check digit', async () => {
    const { ledger } = await setup();
    await expect(
      ledger.registerOrganization(R, { mspId: 'Org9MSP', name: 'bad', role: 'supplier', companyPrefixes: [], glns: ['4012345000001'] }),
    ).rejects.toMatchObject({ reason: 'INVALID_ARGUMENT' });
  });
});
