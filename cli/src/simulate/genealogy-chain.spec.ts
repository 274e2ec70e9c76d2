import { describe, expect, it } from 'vitest';
import { canonicalObjectId, eventFacts, validateEpcis, type EpcisEvent } from '@lotledger/domain';
import { genealogyEdgesOf } from '@lotledger/platform';
import { DEEP_GENEALOGY_NODES } from './genealogy-chain.js';
import { captureDocument, masterDataLine } from './simulation-documents.js';
import { generateSimulation } from './supply-chain.generator.js';
import type { Simulation } from './simulation.model.js';

/**
 * Objects downstream of `root` as the read model walks them: a transformation's input leads to its
 * outputs, an aggregated or associated child to its container.
 */
function downstreamOf(simulation: Simulation, root: string): Set<string> {
  const next = new Map<string, string[]>();
  for (const e of simulation.events) {
    if (e.expectedRejection !== undefined) continue;
    for (const edge of genealogyEdgesOf('', eventFacts(e.event as unknown as EpcisEvent))) {
      const [from, to] = edge.kind === 'transformation' ? [edge.parentId, edge.childId] : [edge.childId, edge.parentId];
      next.set(from, [...(next.get(from) ?? []), to]);
    }
  }
  // The read model keys objects by their canonical Digital Link; the root is an EPC class URN.
  const start = canonicalObjectId(root);
  const seen = new Set([start]);
  const queue = [start];
  for (let id = queue.shift(); id !== undefined; id = queue.shift())
    for (const to of next.get(id) ?? [])
      if (!seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
  return seen;
}

describe('the deep genealogy option', () => {
  const deep = generateSimulation({ industry: 'all', scale: 3000, seed: 'genealogy', deepGenealogy: true });

  it('makes one heat the root of about 1,000 objects: slabs, coils, blanks, plates, modules, vehicles', () => {
    const root = deep.genealogyRoot;
    expect(root).toMatch(/^urn:epc:class:lgtin:0615\d{3}\.\d+\.H26-\d{5}$/);
    const nodes = downstreamOf(deep, root ?? '');
    expect(nodes.size).toBe(DEEP_GENEALOGY_NODES);
    expect(DEEP_GENEALOGY_NODES).toBeGreaterThanOrEqual(1000);
    expect(DEEP_GENEALOGY_NODES).toBeLessThan(1100);
    // Vehicles are the leaves: their serial is a VIN.
    expect([...nodes].filter((id) => /\/21\/[A-Z0-9]{17}$/.test(id))).toHaveLength(246);
  });

  it('is deterministic by seed, at any scale', () => {
    const again = generateSimulation({ industry: 'all', scale: 3000, seed: 'genealogy', deepGenealogy: true });
    expect(again.genealogyRoot).toBe(deep.genealogyRoot);
    expect(again.events.map((e) => JSON.stringify(e.event))).toEqual(deep.events.map((e) => JSON.stringify(e.event)));
    const bigger = generateSimulation({ industry: 'all', scale: 6000, seed: 'genealogy', deepGenealogy: true });
    expect(downstreamOf(bigger, bigger.genealogyRoot ?? '').size).toBe(DEEP_GENEALOGY_NODES);
  });

  it('works for one industry too, adding the steel and automotive parties it needs', () => {
    const pharma = generateSimulation({ industry: 'pharma', scale: 500, seed: 'genealogy', deepGenealogy: true });
    expect(downstreamOf(pharma, pharma.genealogyRoot ?? '').size).toBe(DEEP_GENEALOGY_NODES);
    expect(pharma.organisations.some((o) => o.mspId.endsWith('SteelMSP'))).toBe(true);
  });

  it('keeps every event of an object in time order and every document valid EPCIS 2.0', () => {
    const last = new Map<string, number>();
    for (const e of deep.events) {
      const facts = eventFacts(e.event as unknown as EpcisEvent);
      for (const id of [...facts.epcs, ...facts.inputs, ...facts.outputs, ...facts.children]) {
        expect(e.timeMs, id).toBeGreaterThanOrEqual(last.get(id) ?? 0);
        last.set(id, e.timeMs);
      }
    }
    for (const capture of deep.captures) expect(validateEpcis(captureDocument(capture)).issues).toEqual([]);
  });

  it('leaves a simulation without the option as it was', () => {
    const plain = generateSimulation({ industry: 'all', scale: 600, seed: 'spec' });
    expect(plain.genealogyRoot).toBeUndefined();
    expect(masterDataLine(plain)).not.toContain('deepGenealogy');
    expect(masterDataLine(deep)).toContain('"deepGenealogy":true');
  });
});
