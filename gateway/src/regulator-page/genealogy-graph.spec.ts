import { describe, expect, it } from 'vitest';
import { layoutGenealogy, NODE_HEIGHT, NODE_WIDTH, type GraphNodeInput } from './genealogy-graph.js';

const node = (id: string, direction: GraphNodeInput['direction'], depth: number): GraphNodeInput => ({
  id,
  direction,
  depth,
  label: id,
  sublabel: '',
  status: null,
});

describe('layered genealogy layout', () => {
  it('puts upstream layers left of the root and downstream layers right, one column per depth', () => {
    const g = layoutGenealogy(
      [node('heat', 'upstream', 2), node('slab', 'upstream', 1), node('coil', 'root', 0), node('part', 'downstream', 1)],
      [
        { from: 'heat', to: 'slab', kind: 'transformation' },
        { from: 'slab', to: 'coil', kind: 'transformation' },
        { from: 'coil', to: 'part', kind: 'transformation' },
      ],
    );
    const x = (id: string): number => g.nodes.find((n) => n.id === id)?.x ?? Number.NaN;
    expect(x('heat')).toBeLessThan(x('slab'));
    expect(x('slab')).toBeLessThan(x('coil'));
    expect(x('coil')).toBeLessThan(x('part'));
    expect(g.nodes.map((n) => [n.id, n.layer])).toEqual(
      expect.arrayContaining([
        ['heat', -2],
        ['slab', -1],
        ['coil', 0],
        ['part', 1],
      ]),
    );
    expect(g.edges).toHaveLength(3);
    expect(g.width).toBeGreaterThanOrEqual(4 * NODE_WIDTH);
  });

  it('never overlaps two nodes and keeps every node inside the drawing', () => {
    const nodes = [node('root', 'root', 0), ...Array.from({ length: 7 }, (_, i) => node(`d${String(i)}`, 'downstream', 1 + (i % 3)))];
    const edges = nodes.slice(1).map((n) => ({ from: 'root', to: n.id, kind: 'aggregation' as const }));
    const g = layoutGenealogy(nodes, edges);
    for (const a of g.nodes) {
      expect(a.x).toBeGreaterThanOrEqual(0);
      expect(a.y).toBeGreaterThanOrEqual(0);
      expect(a.x + NODE_WIDTH).toBeLessThanOrEqual(g.width);
      expect(a.y + NODE_HEIGHT).toBeLessThanOrEqual(g.height);
      for (const b of g.nodes) {
        if (a === b) continue;
        const apart = a.x + NODE_WIDTH <= b.x || b.x + NODE_WIDTH <= a.x || a.y + NODE_HEIGHT <= b.y || b.y + NODE_HEIGHT <= a.y;
        expect(apart, `${a.id} / ${b.id}`).toBe(true);
      }
    }
  });

  it('orders a column by its neighbours nearer the root, so parallel chains do not cross', () => {
    // root → a1 → a2 and root → b1 → b2, where the ids alone would interleave the second column.
    const g = layoutGenealogy(
      [
        node('r', 'root', 0),
        node('m-b1', 'downstream', 1),
        node('z-a1', 'downstream', 1),
        node('a-b2', 'downstream', 2),
        node('y-a2', 'downstream', 2),
      ],
      [
        { from: 'r', to: 'm-b1', kind: 'transformation' },
        { from: 'r', to: 'z-a1', kind: 'transformation' },
        { from: 'm-b1', to: 'a-b2', kind: 'transformation' },
        { from: 'z-a1', to: 'y-a2', kind: 'transformation' },
      ],
    );
    const y = (id: string): number => g.nodes.find((n) => n.id === id)?.y ?? Number.NaN;
    expect(y('m-b1')).toBeLessThan(y('z-a1'));
    expect(y('a-b2')).toBeLessThan(y('y-a2'));
  });

  it('draws the same genealogy the same way every time, and skips edges to nodes it was not given', () => {
    const nodes = [node('b', 'downstream', 1), node('r', 'root', 0), node('a', 'downstream', 1)];
    const edges = [
      { from: 'r', to: 'a', kind: 'aggregation' as const },
      { from: 'r', to: 'b', kind: 'aggregation' as const },
      { from: 'r', to: 'elsewhere', kind: 'aggregation' as const },
    ];
    const once = layoutGenealogy(nodes, edges);
    const sorted = (g: ReturnType<typeof layoutGenealogy>) => [...g.nodes].sort((p, q) => p.id.localeCompare(q.id));
    expect(sorted(layoutGenealogy([...nodes].reverse(), [...edges].reverse()))).toEqual(sorted(once));
    expect(once.edges).toHaveLength(2);
    for (const e of once.edges) expect(e.path).toMatch(/^M[\d.]+,[\d.]+ C[\d.]+,[\d.]+ [\d.]+,[\d.]+ [\d.]+,[\d.]+$/);
  });
});
