import { canonicalJson, utf8 } from '@lotledger/domain';
import { createHash } from 'node:crypto';
import { open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { LedgerCorruptError } from '../ledger-errors.js';
import type { OrgKeyring } from './org-keys.js';

export type TxValidation = 'VALID' | 'MVCC_READ_CONFLICT';

/** One transaction with its read-write set, as Fabric records it in a block. Values are the UTF-8 text the contract wrote. */
export interface BlockTransaction {
  readonly txId: string;
  readonly creator: string;
  readonly timestamp: { readonly seconds: number; readonly nanos: number };
  readonly function: string;
  readonly args: readonly string[];
  readonly reads: readonly (readonly [string, number | null])[];
  readonly writes: readonly (readonly [string, string | null])[];
  readonly event: { readonly name: string; readonly payload: string } | null;
}

export interface Block {
  readonly header: { readonly number: number; readonly previousHash: string; readonly dataHash: string };
  readonly data: BlockTransaction;
  readonly metadata: { readonly validation: TxValidation; readonly signer: string; readonly signature: string };
}

export const GENESIS_PREVIOUS_HASH = '0'.repeat(64);

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The bytes a block's data hash covers. BlockTransaction is built with its keys in sorted order
 * and holds only strings, integers, null and arrays, so JSON.stringify writes exactly the
 * RFC 8785 form (a spec checks it against canonicalJson) — without canonicalJson's per-member
 * bookkeeping, which dominated the commit time of large batches.
 */
export function blockDataText(data: BlockTransaction): string {
  return JSON.stringify(data, BLOCK_TX_KEYS);
}

/** Sorted key order of BlockTransaction and its nested objects (JSON.stringify's allow-list also fixes the order). */
const BLOCK_TX_KEYS = [
  'args',
  'creator',
  'event',
  'function',
  'name',
  'nanos',
  'payload',
  'reads',
  'seconds',
  'timestamp',
  'txId',
  'writes',
];

export function blockHash(block: Pick<Block, 'header'>): string {
  return sha256Hex(canonicalJson(block.header));
}

/** What the submitting organisation signs: the header (which binds the data) and the validation result. */
function signedBytes(header: Block['header'], validation: TxValidation): Uint8Array {
  return utf8(canonicalJson({ header, validation }));
}

export async function sealBlock(
  keys: OrgKeyring,
  number: number,
  previousHash: string,
  data: BlockTransaction,
  validation: TxValidation,
): Promise<{ block: Block; line: string }> {
  const dataText = blockDataText(data);
  const header = { number, previousHash, dataHash: sha256Hex(dataText) };
  const metadata = { validation, signer: data.creator, signature: await keys.sign(data.creator, signedBytes(header, validation)) };
  // The data is already serialised for its hash: the line reuses that text (one pass over megabytes, not two).
  const line = `{"data":${dataText},"header":${JSON.stringify(header)},"metadata":${JSON.stringify(metadata)}}\n`;
  return { block: { header, data, metadata }, line };
}

export interface ChainHead {
  readonly height: number;
  readonly headHash: string;
}

/** Checks one block against its predecessor; throws LedgerCorruptError naming it and why. */
export async function verifyBlock(keys: OrgKeyring, block: Block, index: number, previousHash: string): Promise<string> {
  if (block.header.number !== index)
    throw new LedgerCorruptError(index, `has number ${String(block.header.number)}, expected ${index} (a block was removed or inserted)`);
  if (block.header.previousHash !== previousHash)
    throw new LedgerCorruptError(index, `previous hash ${block.header.previousHash} does not match block ${index - 1} (${previousHash})`);
  if (sha256Hex(blockDataText(block.data)) !== block.header.dataHash)
    throw new LedgerCorruptError(index, 'its transaction data does not match the data hash (altered)');
  if (block.metadata.signer !== block.data.creator)
    throw new LedgerCorruptError(index, `signed by ${block.metadata.signer}, created by ${block.data.creator}`);
  if (!(await keys.verify(block.metadata.signer, signedBytes(block.header, block.metadata.validation), block.metadata.signature))) {
    throw new LedgerCorruptError(index, `the signature of ${block.metadata.signer} does not verify (altered, or its key is missing)`);
  }
  return blockHash(block);
}

function parseLine(line: string, index: number): Block {
  try {
    return JSON.parse(line) as Block;
  } catch {
    throw new LedgerCorruptError(index, 'is not valid JSON');
  }
}

/**
 * The append-only block file `<dir>/blocks.jsonl`: one block per line, appended and fsynced
 * before the commit is acknowledged. A last line without its newline is an append that never
 * completed (never acknowledged): it is cut off on open.
 */
export class BlockFile {
  private handle: FileHandle | undefined;
  private head: ChainHead = { height: 0, headHash: GENESIS_PREVIOUS_HASH };

  private constructor(
    private readonly path: string | undefined,
    readonly keys: OrgKeyring,
  ) {}

  get chainHead(): ChainHead {
    return this.head;
  }

  /** Reads and verifies the whole chain, handing each verified block to `onBlock`. */
  static async open(dir: string | undefined, keys: OrgKeyring, onBlock: (block: Block) => void): Promise<BlockFile> {
    const file = new BlockFile(dir === undefined ? undefined : join(dir, 'blocks.jsonl'), keys);
    if (file.path === undefined) return file;
    const { blocks, head } = await readChain(file.path, keys, true);
    for (const block of blocks) onBlock(block);
    file.head = head;
    file.handle = await open(file.path, 'a');
    return file;
  }

  async append(data: BlockTransaction, validation: TxValidation): Promise<Block> {
    const { block, line } = await sealBlock(this.keys, this.head.height, this.head.headHash, data, validation);
    if (this.handle !== undefined) {
      await this.handle.appendFile(line);
      await this.handle.datasync();
    }
    this.head = { height: this.head.height + 1, headHash: blockHash(block) };
    return block;
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }
}

async function readChain(path: string, keys: OrgKeyring, repairTornTail: boolean): Promise<{ blocks: Block[]; head: ChainHead }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { blocks: [], head: { height: 0, headHash: GENESIS_PREVIOUS_HASH } };
    throw error;
  }
  const lastNewline = text.lastIndexOf('\n');
  if (lastNewline !== text.length - 1 && text.length > 0) {
    if (!repairTornTail) throw new LedgerCorruptError(text.slice(0, lastNewline + 1).split('\n').length - 1, 'is incomplete (torn append)');
    await truncate(path, Buffer.byteLength(text.slice(0, lastNewline + 1)));
    text = text.slice(0, lastNewline + 1);
  }
  const lines = text === '' ? [] : text.slice(0, -1).split('\n');
  const blocks: Block[] = [];
  let previousHash = GENESIS_PREVIOUS_HASH;
  for (const [index, line] of lines.entries()) {
    const block = parseLine(line, index);
    previousHash = await verifyBlock(keys, block, index, previousHash);
    blocks.push(block);
  }
  return { blocks, head: { height: blocks.length, headHash: previousHash } };
}

/** Verifies an embedded chain without opening it for writing (the `ledger verify` command). */
export async function verifyChainFile(dir: string, keys: OrgKeyring): Promise<ChainHead> {
  return (await readChain(join(dir, 'blocks.jsonl'), keys, false)).head;
}
