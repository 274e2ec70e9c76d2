import { MAX_GET_OBJECTS, TraceContract, type AnchorBatchAnswer, type ObjectState } from '@lotledger/chaincode';
import { canonicalJson } from '@lotledger/domain';
import { describe, expect, it } from 'vitest';
import { TraceFixtures } from '../testing/trace-fixtures.js';
import { EmbeddedClientIdentity, EmbeddedStub } from './embedded-stub.js';
import { WorldState } from './world-state.js';

// The contract's AnchorBatch answer and GetObjects, called on the class directly (no adapter):
// the answer is what Fabric writes into the block as the response payload.

const parties = { regulator: 'RegulatorMSP', manufacturer: 'Org1MSP', distributor: 'Org2MSP' } as const;
const M = parties.manufacturer;

class ContractHarness {
  readonly contract = new TraceContract();
  readonly state = new WorldState();
  private block = 0;

  /** Runs one transaction as `mspId` and commits its writes (no MVCC: one at a time here). */
  async run(mspId: string, call: (c: TraceContract, ctx: ReturnType<TraceContract['createContext']>) => Promise<string>): Promise<string> {
    const txId = `tx${String(++this.block)}`;
    const timestamp = { seconds: 1_700_000_000 + this.block, nanos: 0 };
    const stub = new EmbeddedStub(this.state, txId, timestamp);
    const ctx = Object.assign(this.contract.createContext(), { stub, clientIdentity: new EmbeddedClientIdentity(mspId) });
    const answer = await call(this.contract, ctx);
    this.state.apply(stub.readWriteSet().writes, this.block, txId, timestamp);
    return answer;
  }
}

async function seeded(): Promise<{ h: ContractHarness; f: TraceFixtures }> {
  const h = new ContractHarness();
  const f = new TraceFixtures(parties, 'getobjects');
  for (const role of ['regulator', 'manufacturer'] as const)
    await h.run(parties.regulator, (c, ctx) => c.RegisterOrganization(ctx, canonicalJson(f.organization(role))));
  return { h, f };
}

describe('trace contract: AnchorBatch answer and GetObjects', () => {
  it('answers the batch record and the sorted ids of the changed objects, never their states', async () => {
    const { h, f } = await seeded();
    const items = Array.from({ length: 300 }, () => f.item());
    const batch = f.batch([f.commission('manufacturer', items.slice(0, 150)), f.commission('manufacturer', items.slice(150))]);
    const json = await h.run(M, (c, ctx) => c.AnchorBatch(ctx, canonicalJson(batch)));
    const answer = JSON.parse(json) as AnchorBatchAnswer & Record<string, unknown>;
    expect(answer.changedObjectIds).toEqual([...items].sort());
    expect(answer).not.toHaveProperty('objects');
    expect(json).not.toContain('"custodian"');
    expect(answer.accepted).toEqual(batch.events.map((e) => e.hashId));
  });

  it('answers the stored record without changed ids on a replay', async () => {
    const { h, f } = await seeded();
    const batch = f.batch([f.commission('manufacturer', [f.item()])]);
    await h.run(M, (c, ctx) => c.AnchorBatch(ctx, canonicalJson(batch)));
    const replay = JSON.parse(await h.run(M, (c, ctx) => c.AnchorBatch(ctx, canonicalJson(batch)))) as AnchorBatchAnswer;
    expect(replay.changedObjectIds).toBeUndefined();
    expect(replay.batchId).toBe(batch.merkleRoot);
  });

  it('reads states in id order, each id once, leaving out ids never commissioned', async () => {
    const { h, f } = await seeded();
    const items = [f.item('b'), f.item('a'), f.item('c')];
    await h.run(M, (c, ctx) => c.AnchorBatch(ctx, canonicalJson(f.batch([f.commission('manufacturer', items)]))));
    const asked = [items[2] ?? '', f.item('never'), items[0] ?? '', items[1] ?? '', items[2] ?? ''];
    const states = JSON.parse(await h.run('', (c, ctx) => c.GetObjects(ctx, canonicalJson(asked)))) as ObjectState[];
    expect(states.map((s) => s.id)).toEqual([...items].sort());
    expect(states.every((s) => s.custodian === M && s.status === 'active')).toBe(true);
    expect(JSON.parse(await h.run('', (c, ctx) => c.GetObjects(ctx, '[]')))).toEqual([]);
  });

  it(`answers ${String(MAX_GET_OBJECTS)} ids and refuses one more with INVALID_ARGUMENT`, async () => {
    const { h, f } = await seeded();
    const ids = Array.from({ length: MAX_GET_OBJECTS + 1 }, () => f.item());
    expect(JSON.parse(await h.run('', (c, ctx) => c.GetObjects(ctx, canonicalJson(ids.slice(1)))))).toEqual([]);
    await expect(h.run('', (c, ctx) => c.GetObjects(ctx, canonicalJson(ids)))).rejects.toThrow(/^INVALID_ARGUMENT: at most 1000 ids/);
  });

  it('refuses an argument that is not a JSON array of non-empty strings', async () => {
    const { h } = await seeded();
    for (const bad of ['{"ids":[]}', 'not json', '[1]', '[""]'])
      await expect(h.run('', (c, ctx) => c.GetObjects(ctx, bad))).rejects.toThrow(/^INVALID_ARGUMENT/);
  });
});
