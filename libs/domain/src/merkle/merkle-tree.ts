import { fromHex, sha256, toHex, utf8 } from '../crypto/sha256.js';

/**
 * A Merkle tree over event hash IDs, shaped and hashed as RFC 9162 §2.1 defines it
 * (the Certificate Transparency tree): leaf hash = SHA-256(0x00 ‖ leaf), node hash =
 * SHA-256(0x01 ‖ left ‖ right), the split at the largest power of two below n. The 0x00 / 0x01
 * prefixes are the domain separation that stops a node from posing as a leaf (second preimage).
 *
 * A leaf is the UTF-8 bytes of the event hash ID string (`ni:///sha-256;…?ver=CBV2.0`), so the
 * algorithm version is bound into the proof. The chaincode and the services both call this.
 */

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

export function leafHash(leaf: string): Uint8Array {
  const bytes = utf8(leaf);
  const buf = new Uint8Array(bytes.length + 1);
  buf[0] = LEAF_PREFIX;
  buf.set(bytes, 1);
  return sha256(buf);
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  const buf = new Uint8Array(1 + left.length + right.length);
  buf[0] = NODE_PREFIX;
  buf.set(left, 1);
  buf.set(right, 1 + left.length);
  return sha256(buf);
}

/** RFC 9162: the hash of an empty tree is SHA-256 of the empty string. */
export const EMPTY_TREE_ROOT_HEX = toHex(sha256(new Uint8Array(0)));

export interface MerkleProof {
  readonly leafIndex: number;
  readonly treeSize: number;
  /** Audit path, bottom-up, as lowercase hex SHA-256 node hashes (RFC 9162 §2.1.3.1). */
  readonly path: readonly string[];
}

/**
 * Builds all levels bottom-up. Promoting an unpaired last node unchanged to the next level
 * yields exactly the RFC 9162 tree (the split at the largest power of two) without recursion.
 */
export class MerkleTree {
  private readonly levels: Uint8Array[][];

  private constructor(levels: Uint8Array[][]) {
    this.levels = levels;
  }

  static fromLeaves(leaves: readonly string[]): MerkleTree {
    const levels: Uint8Array[][] = [leaves.map(leafHash)];
    let current = levels[0] ?? [];
    while (current.length > 1) {
      const next: Uint8Array[] = [];
      for (let i = 0; i + 1 < current.length; i += 2) {
        next.push(nodeHash(current[i] as Uint8Array, current[i + 1] as Uint8Array));
      }
      if (current.length % 2 === 1) next.push(current[current.length - 1] as Uint8Array);
      levels.push(next);
      current = next;
    }
    return new MerkleTree(levels);
  }

  get size(): number {
    return this.levels[0]?.length ?? 0;
  }

  /** Lowercase hex root; the RFC 9162 empty-tree hash for no leaves. */
  get rootHex(): string {
    if (this.size === 0) return EMPTY_TREE_ROOT_HEX;
    const top = this.levels[this.levels.length - 1];
    return toHex(top?.[0] as Uint8Array);
  }

  proof(leafIndex: number): MerkleProof {
    if (!Number.isInteger(leafIndex) || leafIndex < 0 || leafIndex >= this.size) {
      throw new RangeError(`leaf index ${String(leafIndex)} is outside a tree of ${String(this.size)} leaves`);
    }
    const path: string[] = [];
    let index = leafIndex;
    for (let level = 0; level < this.levels.length - 1; level++) {
      const nodes = this.levels[level] as Uint8Array[];
      const sibling = index % 2 === 1 ? index - 1 : index + 1;
      // No sibling: the node was promoted unchanged, so this level adds nothing to the path.
      if (sibling < nodes.length) path.push(toHex(nodes[sibling] as Uint8Array));
      index = Math.floor(index / 2);
    }
    return { leafIndex, treeSize: this.size, path };
  }
}

export function merkleRootHex(leaves: readonly string[]): string {
  return MerkleTree.fromLeaves(leaves).rootHex;
}

/** Verifies an inclusion proof with the algorithm of RFC 9162 §2.1.3.2. Never throws. */
export function verifyInclusion(leaf: string, proof: MerkleProof, rootHex: string): boolean {
  const { leafIndex, treeSize, path } = proof;
  if (!Number.isInteger(leafIndex) || !Number.isInteger(treeSize) || leafIndex < 0 || leafIndex >= treeSize) return false;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash(leaf);
  try {
    for (const hex of path) {
      const p = fromHex(hex);
      if (p.length !== 32 || sn === 0) return false;
      if (fn % 2 === 1 || fn === sn) {
        r = nodeHash(p, r);
        if (fn % 2 === 0) {
          while (fn % 2 === 0 && fn !== 0) {
            fn = Math.floor(fn / 2);
            sn = Math.floor(sn / 2);
          }
        }
      } else {
        r = nodeHash(r, p);
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
  } catch {
    return false;
  }
  return sn === 0 && toHex(r) === rootHex.toLowerCase();
}
