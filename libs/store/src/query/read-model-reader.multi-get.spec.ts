import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReadModelStore } from '../read-model-store.js';
import { fixtureBatch, fixtureEvent, hashIdOf, objectState, sgtin } from '../testing/read-model-fixtures.js';

// The reads the gateway batches (multi-get) and validates its cached pages with (recordVersion), on PGlite.
let store: ReadModelStore;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'lotledger-store-multi-'));
  store = await ReadModelStore.open({ kind: 'pglite', dataDir });
}, 120_000);
afterAll(async () => {
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
});

const epc = (serial: number) => ({ objectId: sgtin(serial), role: 'epc' as const });

describe('multi-get reads', () => {
  it('reads many objects in one call, each once, and leaves unknown ids out', async () => {
    await store.upsertObjectStates([objectState(sgtin(1), 'Org1MSP'), objectState(sgtin(2), 'Org2MSP')]);
    const found = await store.getObjects([sgtin(1), sgtin(2), sgtin(1), 'urn:unknown']);
    expect([...found.keys()].sort()).toEqual([sgtin(1), sgtin(2)].sort());
    expect(found.get(sgtin(2))).toEqual(await store.getObject(sgtin(2)));
    expect((await store.getObjects([])).size).toBe(0);
  });

  it('reads many events by hash ID with their batch root, as getEvent does, and not by eventID', async () => {
    const a = fixtureEvent({ label: 'multi-a', objects: [epc(3)] });
    const b = fixtureEvent({ label: 'multi-b', objects: [epc(4)] });
    await store.applyAnchoredBatch(fixtureBatch('multi', [a, b]));
    const found = await store.getEventsByHash([a.hashId, b.hashId, hashIdOf('never-stored'), String(a.facts.eventId)]);
    expect([...found.keys()].sort()).toEqual([a.hashId, b.hashId].sort());
    expect(found.get(b.hashId)).toEqual(await store.getEvent(b.hashId));
    expect(found.get(a.hashId)?.merkleRoot).not.toBeNull();
  });
});

describe('record version', () => {
  const item = sgtin(10);
  const keys = { objectIds: [item], gtins: ['04012345123456'], mspIds: ['Org1MSP'], glns: ['4012345000009'] };

  it('stays the same while nothing about the keys changes, even when other objects change', async () => {
    await store.applyAnchoredBatch(fixtureBatch('rv-1', [fixtureEvent({ label: 'rv-commission', objects: [epc(10)] })]));
    const before = await store.recordVersion(keys);
    await store.applyAnchoredBatch(fixtureBatch('rv-other', [fixtureEvent({ label: 'rv-other', objects: [epc(11)] })]));
    await store.upsertObjectStates([objectState(sgtin(11), 'Org2MSP')]);
    expect(await store.recordVersion(keys)).toBe(before);
  });

  it('changes when an event naming the object is stored pending, and again when it is anchored', async () => {
    const before = await store.recordVersion(keys);
    const shipped = fixtureEvent({ label: 'rv-ship', objects: [epc(10)], recordTime: '2026-03-01T00:00:00.000Z' });
    await store.insertPending([shipped]);
    const pending = await store.recordVersion(keys);
    expect(pending).not.toBe(before);
    await store.applyAnchoredBatch(fixtureBatch('rv-2', [shipped]));
    expect(await store.recordVersion(keys)).not.toBe(pending);
  });

  it("changes when the object's state changes (a hold, a new custodian)", async () => {
    await store.upsertObjectStates([objectState(item, 'Org1MSP', '2026-03-03T00:00:00.000Z')]);
    const before = await store.recordVersion(keys);
    await store.upsertObjectStates([objectState(item, 'Org2MSP', '2026-03-04T00:00:00.000Z', 'recalled')]);
    expect(await store.recordVersion(keys)).not.toBe(before);
  });

  it('changes when the product, organisation or location is registered, changed or removed', async () => {
    const v0 = await store.recordVersion(keys);
    await store.upsertProduct({
      gtin: '04012345123456',
      name: 'Aspirin',
      industry: 'pharma',
      imageUrl: null,
      publicAttributes: {},
      ownerMsp: 'Org1MSP',
    });
    const v1 = await store.recordVersion(keys);
    expect(v1).not.toBe(v0);
    await store.upsertLocation({ gln: '4012345000009', name: 'Plant', address: null, ownerMsp: 'Org1MSP' });
    const v2 = await store.recordVersion(keys);
    expect(v2).not.toBe(v1);
    await store.upsertOrganisation({
      mspId: 'Org1MSP',
      name: 'Org one',
      role: 'manufacturer',
      companyPrefixes: [],
      glns: [],
      signingKeys: [],
      clientId: null,
      clientSecretHash: null,
    });
    const v3 = await store.recordVersion(keys);
    expect(v3).not.toBe(v2);
    await store.deleteProduct('04012345123456');
    expect(await store.recordVersion(keys)).not.toBe(v3);
  });
});
