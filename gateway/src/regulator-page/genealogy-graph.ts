import type { GenealogyKind } from '@lotledger/store';

/** A node of the genealogy as the layout needs it: its side of the root and its distance from it. */
export interface GraphNodeInput {
  readonly id: string;
  readonly depth: number;
  readonly direction: 'root' | 'upstream' | 'downstream';
  /** The line that tells objects of one product apart (lot, serial, SSCC…). */
  readonly label: string;
  /** The second line (the product key it belongs to). */
  readonly sublabel: string;
  readonly status: string | null;
}

export interface GraphEdgeInput {
  readonly from: string;
  readonly to: string;
  readonly kind: GenealogyKind;
}

export interface PlacedNode extends GraphNodeInput {
  /** Column: upstream layers to the left of the root (negative), downstream to the right. */
  readonly layer: number;
  readonly x: number;
  readonly y: number;
}

export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly (GraphEdgeInput & { readonly path: string })[];
}

export const NODE_WIDTH = 250;
export const NODE_HEIGHT = 46;
const COLUMN_GAP = 70;
const ROW_GAP = 18;
const MARGIN = 16;

function layerOf(node: GraphNodeInput): number {
  if (node.direction === 'upstream') return -node.depth;
  if (node.direction === 'downstream') return node.depth;
  return 0;
}

/**
 * Layered layout, computed on the server (the page has no script): one column per distance from the
 * root, upstream to the left and downstream to the right. Columns are ordered outward from the root,
 * each node placed by the mean row of its neighbours in the column nearer the root (the barycentre
 * heuristic, one sweep), which keeps most edges from crossing; ties fall back to the id, so the same
 * genealogy always draws the same way.
 */
export function layoutGenealogy(nodes: readonly GraphNodeInput[], edges: readonly GraphEdgeInput[]): GraphLayout {
  const byLayer = new Map<number, GraphNodeInput[]>();
  for (const n of nodes) byLayer.set(layerOf(n), [...(byLayer.get(layerOf(n)) ?? []), n]);
  const neighbours = new Map<string, string[]>();
  for (const e of edges) {
    neighbours.set(e.from, [...(neighbours.get(e.from) ?? []), e.to]);
    neighbours.set(e.to, [...(neighbours.get(e.to) ?? []), e.from]);
  }
  const layerById = new Map(nodes.map((n) => [n.id, layerOf(n)]));
  const row = new Map<string, number>();
  const layers = [...byLayer.keys()].sort((a, b) => Math.abs(a) - Math.abs(b) || a - b);
  for (const layer of layers) {
    const inner = layer === 0 ? undefined : layer - Math.sign(layer);
    const score = (n: GraphNodeInput): number => {
      const rows = (neighbours.get(n.id) ?? []).flatMap((m) => {
        const r = row.get(m);
        return r !== undefined && layerById.get(m) === inner ? [r] : [];
      });
      return rows.length === 0 ? Number.POSITIVE_INFINITY : rows.reduce((a, b) => a + b, 0) / rows.length;
    };
    const ordered = [...(byLayer.get(layer) ?? [])]
      .map((n) => ({ n, s: score(n) }))
      .sort((a, b) => a.s - b.s || a.n.id.localeCompare(b.n.id))
      .map((x) => x.n);
    ordered.forEach((n, i) => row.set(n.id, i));
    byLayer.set(layer, ordered);
  }
  const minLayer = Math.min(0, ...layers);
  const maxLayer = Math.max(0, ...layers);
  const tallest = Math.max(1, ...[...byLayer.values()].map((l) => l.length));
  const height = MARGIN * 2 + tallest * NODE_HEIGHT + (tallest - 1) * ROW_GAP;
  const width = MARGIN * 2 + (maxLayer - minLayer + 1) * NODE_WIDTH + (maxLayer - minLayer) * COLUMN_GAP;
  const placed = new Map<string, PlacedNode>();
  for (const [layer, list] of byLayer) {
    // Each column is centred vertically, so a lone root sits level with the middle of its neighbours.
    const top = MARGIN + ((tallest - list.length) * (NODE_HEIGHT + ROW_GAP)) / 2;
    list.forEach((n, i) => {
      placed.set(n.id, {
        ...n,
        layer,
        x: MARGIN + (layer - minLayer) * (NODE_WIDTH + COLUMN_GAP),
        y: top + i * (NODE_HEIGHT + ROW_GAP),
      });
    });
  }
  const drawn = edges.flatMap((e) => {
    const a = placed.get(e.from);
    const b = placed.get(e.to);
    if (a === undefined || b === undefined) return [];
    // Drawn left to right whatever the EPCIS direction: the arrow head shows which way the goods went.
    const [left, right, reversed] = a.x <= b.x ? [a, b, false] : [b, a, true];
    const sameColumn = left.x === right.x;
    const x1 = sameColumn ? left.x + NODE_WIDTH : left.x + NODE_WIDTH;
    const y1 = left.y + NODE_HEIGHT / 2;
    const x2 = sameColumn ? right.x + NODE_WIDTH : right.x;
    const y2 = right.y + NODE_HEIGHT / 2;
    const bend = sameColumn ? COLUMN_GAP / 2 + 10 : (x2 - x1) / 2;
    const c1 = sameColumn ? x1 + bend : x1 + bend;
    const c2 = sameColumn ? x2 + bend : x2 - bend;
    const [sx, sy, ex, ey] = reversed ? [x2, y2, x1, y1] : [x1, y1, x2, y2];
    const [k1, k2] = reversed ? [c2, c1] : [c1, c2];
    return [{ ...e, path: `M${num(sx)},${num(sy)} C${num(k1)},${num(sy)} ${num(k2)},${num(ey)} ${num(ex)},${num(ey)}` }];
  });
  return { width, height, nodes: [...placed.values()], edges: drawn };
}

function num(n: number): string {
  return String(Math.round(n * 10) / 10);
}
