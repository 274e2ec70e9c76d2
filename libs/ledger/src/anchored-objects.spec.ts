import type { AnchorBatchAnswer, ObjectState } from '@lotledger/chaincode';
import { describe, expect, it } from 'vitest';
import { anchoredObjects } from './anchored-objects.js';
import { TraceFixtures } from './testing/trace-fixtures.js';

const f = new TraceFixtures({ regulator: 'RegulatorMSP', manufacturer: 'Org1MSP', distributor: 'Org2MSP' }, 'anchored');

function answer(accepted: readonly string[], changedObjectIds?: readonly string[]): AnchorBatchAnswer {
  return {
    batchId: 'r',
    merkleRoot: 'r',
    count: accepted.length,
    hashIds: accepted,
    accepted,
    rejected: [],
    alreadyAnchored: [],
    submitter: 'Org1MSP',
    txId: 't',
    txTime: '2026-01-01T00:00:00Z',
    changedObjectIds,
  };
}

/** A GetObjects that records each call and knows every id but `unknown`. */
function recordingGetObjects(unknown: ReadonlySet<string> = new Set()): {
  calls: string[][];
  getObjects: (ids: readonly string[]) => Promise<ObjectState[]>;
} {
  const calls: string[][] = [];
  return {
    calls,
    getObjects: (ids) => {
      calls.push([...ids]);
      return Promise.resolve(ids.filter((id) => !unknown.has(id)).map((id) => ({ id }) as ObjectState));
    },
  };
}

describe('anchoredObjects', () => {
  it('reads the changed ids in chunks of at most the chunk size, keeping their order', async () => {
    const ids = Array.from({ length: 1201 }, (_, i) => `id-${String(i).padStart(5, '0')}`);
    const { calls, getObjects } = recordingGetObjects();
    const states = await anchoredObjects(answer(['h'], ids), f.batch([]), getObjects, 500);
    expect(calls.map((c) => c.length)).toEqual([500, 500, 201]);
    expect(states.map((s) => s.id)).toEqual(ids);
  });

  it('on a replay reads the ids its accepted events name, sorted, and leaves out unknown ones', async () => {
    const [a, b, c] = [f.item('z'), f.item('y'), f.item('x')];
    const accepted = f.commission('manufacturer', [a, b]);
    const rejected = f.commission('manufacturer', [c]);
    const { calls, getObjects } = recordingGetObjects(new Set([b]));
    const states = await anchoredObjects(answer([accepted.hashId]), f.batch([accepted, rejected]), getObjects, 500);
    expect(calls).toEqual([[b, a]]);
    expect(states.map((s) => s.id)).toEqual([a]);
  });

  it('makes no call when nothing changed', async () => {
    const { calls, getObjects } = recordingGetObjects();
    expect(await anchoredObjects(answer([], []), f.batch([]), getObjects, 500)).toEqual([]);
    expect(calls).toEqual([]);
  });
});
