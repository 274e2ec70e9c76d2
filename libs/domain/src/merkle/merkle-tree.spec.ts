import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_TREE_ROOT_HEX, MerkleTree, merkleRootHex, verifyInclusion } from './merkle-tree.js';

// The leaves and roots of Certificate Transparency's reference Merkle tree tests (RFC 6962 / 9162).
// Every leaf byte is below 0x80, so its UTF-8 string form is the same bytes.
const CT_LEAVES = [
  '',
  '\x00',
  '\x10',
  '\x20\x21',
  '\x30\x31',
  '\x40\x41\x42\x43',
  '\x50\x51\x52\x53\x54\x55\x56\x57',
  '\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f',
];
const CT_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

describe('MerkleTree', () => {
  it('gives the RFC 9162 empty-tree root for no leaves', () => {
    expect(merkleRootHex([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(EMPTY_TREE_ROOT_HEX).toBe(merkleRootHex([]));
  });

  it.each(CT_ROOTS.map((root, i) => [i + 1, root] as const))(
    'matches the Certificate Transparency root for the first %i reference leaves',
    (n, root) => {
      expect(merkleRootHex(CT_LEAVES.slice(0, n))).toBe(root);
    },
  );

  it('proves every leaf of every tree size up to 40', () => {
    for (let n = 1; n <= 40; n++) {
      const leaves = Array.from({ length: n }, (_, i) => `leaf-${String(i)}`);
      const tree = MerkleTree.fromLeaves(leaves);
      for (let i = 0; i < n; i++) {
        expect(verifyInclusion(leaves[i] as string, tree.proof(i), tree.rootHex)).toBe(true);
      }
    }
  });

  it('rejects a proof for a different leaf, index, size or root', () => {
    const leaves = Array.from({ length: 13 }, (_, i) => `e${String(i)}`);
    const tree = MerkleTree.fromLeaves(leaves);
    const proof = tree.proof(5);
    expect(verifyInclusion('e6', proof, tree.rootHex)).toBe(false);
    expect(verifyInclusion('e5', { ...proof, leafIndex: 4 }, tree.rootHex)).toBe(false);
    expect(verifyInclusion('e5', { ...proof, treeSize: 6 }, tree.rootHex)).toBe(false);
    expect(verifyInclusion('e5', proof, merkleRootHex(leaves.slice(0, 12)))).toBe(false);
    expect(verifyInclusion('e5', { ...proof, path: proof.path.slice(1) }, tree.rootHex)).toBe(false);
    expect(verifyInclusion('e5', { ...proof, path: ['zz'] }, tree.rootHex)).toBe(false);
  });

  it('a leaf cannot pose as an inner node (domain separation)', () => {
    const tree = MerkleTree.fromLeaves(['a', 'b']);
    // Without the 0x00/0x01 prefixes an attacker could present the concatenated children as a leaf.
    expect(merkleRootHex(['ab'])).not.toBe(tree.rootHex);
  });

  it('verifies any proof it produces (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 70 }), fc.nat(), (leaves, k) => {
        const tree = MerkleTree.fromLeaves(leaves);
        const i = k % leaves.length;
        return verifyInclusion(leaves[i] as string, tree.proof(i), tree.rootHex);
      }),
    );
  });
});
