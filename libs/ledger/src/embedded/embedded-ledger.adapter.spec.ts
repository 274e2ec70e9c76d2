import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LedgerConflictError, LedgerCorruptError } from '../ledger-errors.js';
import { TraceFixtures } from '../testing/trace-fixtures.js';
import { embeddedLedgerPaths, EmbeddedLedgerAdapter } from './embedded-ledger.adapter.js';
import { verifyEmbeddedChain } from './verify-chain.js';

const parties = { regulator: 'RegulatorMSP', manufacturer: 'Org1MSP', distributor: 'Org2MSP' } as const;
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function seeded(): Promise<{ dir: string; f: TraceFixtures; item: string; blocksPath: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'lotledger-embedded-'));
  dirs.push(dir);
  const f = new TraceFixtures(parties, 'persist');
  const ledger = await EmbeddedLedgerAdapter.open({ dataDir: dir });
  await ledger.registerOrganization(parties.regulator, f.organization('regulator'));
  await ledger.registerOrganization(parties.regulator, f.organization('manufacturer'));
  const item = f.item();
  await ledger.anchorBatch(parties.manufacturer, f.batch([f.commission('manufacturer', [item])]));
  await ledger.close();
  return { dir, f, item, blocksPath: join(embeddedLedgerPaths(dir).ledgerDir, 'blocks.jsonl') };
}

async function openError(dir: string): Promise<unknown> {
  return EmbeddedLedgerAdapter.open({ dataDir: dir }).then(
    async (l) => {
      await l.close();
      return undefined;
    },
    (e: unknown) => e,
  );
}

describe('EmbeddedLedgerAdapter on disk', () => {
  it('keeps every block and the world state across a restart', async () => {
    const { dir, item } = await seeded();
    const reopened = await EmbeddedLedgerAdapter.open({ dataDir: dir });
    expect(reopened.height).toBe(3);
    expect(await reopened.getObject(item)).toMatchObject({ custodian: parties.manufacturer, status: 'active' });
    expect((await reopened.getObjectHistory(item)).length).toBe(1);
    await reopened.close();
    expect((await verifyEmbeddedChain(dir)).height).toBe(3);
  });

  it('writes one ECDSA P-256 key pair per submitting organisation into the data folder', async () => {
    const { dir } = await seeded();
    const pem = await readFile(join(embeddedLedgerPaths(dir).keysDir, 'Org1MSP.pub.pem'), 'utf8');
    expect(pem).toContain('BEGIN PUBLIC KEY');
    const { createPublicKey } = await import('node:crypto');
    expect(createPublicKey(pem).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  it('refuses to open a chain whose block data was altered, naming the block', async () => {
    const { dir, blocksPath, item } = await seeded();
    const text = await readFile(blocksPath, 'utf8');
    await writeFile(blocksPath, text.replace(`"custodian\\":\\"Org1MSP`, `"custodian\\":\\"Org2MSP`));
    expect(text).toContain(item.split('/').pop());
    const error = await openError(dir);
    expect(error).toBeInstanceOf(LedgerCorruptError);
    expect((error as LedgerCorruptError).blockNumber).toBe(2);
    expect((error as Error).message).toMatch(/block 2: .*data hash/);
  });

  it('refuses a chain with a removed block', async () => {
    const { dir, blocksPath } = await seeded();
    const lines = (await readFile(blocksPath, 'utf8')).split('\n');
    await writeFile(blocksPath, [lines[0], lines[2], ''].join('\n'));
    const error = await openError(dir);
    expect((error as LedgerCorruptError).blockNumber).toBe(1);
  });

  it('refuses a block whose signature does not verify', async () => {
    const { dir, blocksPath } = await seeded();
    const lines = (await readFile(blocksPath, 'utf8')).trimEnd().split('\n');
    const block = JSON.parse(lines[1] ?? '') as { metadata: { signature: string } };
    block.metadata.signature = block.metadata.signature.replace(/^.{8}/, 'AAAAAAAA');
    lines[1] = JSON.stringify(block);
    await writeFile(blocksPath, lines.join('\n') + '\n');
    expect((await openError(dir)) as Error).toMatchObject({ blockNumber: 1, message: expect.stringMatching(/signature/) });
    await expect(verifyEmbeddedChain(dir)).rejects.toBeInstanceOf(LedgerCorruptError);
  });

  it('drops a torn last append that was never acknowledged', async () => {
    const { dir, blocksPath } = await seeded();
    await appendFile(blocksPath, '{"header":{"number":3');
    const reopened = await EmbeddedLedgerAdapter.open({ dataDir: dir });
    expect(reopened.height).toBe(3);
    await reopened.close();
  });

  it('tells the transaction id before it commits', async () => {
    const { dir, f } = await seeded();
    const seen: string[] = [];
    const ledger = await EmbeddedLedgerAdapter.open({ dataDir: dir, onTxId: ({ txId }) => void seen.push(txId) });
    const result = await ledger.anchorBatch(parties.manufacturer, f.batch([f.commission('manufacturer', [f.item()])]));
    expect(seen).toEqual([result.txId]);
    await ledger.close();
  });

  it('invalidates a transaction whose reads changed before it committed (MVCC_READ_CONFLICT)', async () => {
    const { dir, f } = await seeded();
    const ledger = await EmbeddedLedgerAdapter.open({ dataDir: dir, maxMvccRetries: 0 });
    const item = f.item();
    const outcomes = await Promise.allSettled([
      ledger.anchorBatch(parties.manufacturer, f.batch([f.commission('manufacturer', [item])])),
      ledger.anchorBatch(parties.manufacturer, f.batch([f.commission('manufacturer', [item])])),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(LedgerConflictError);
    // The invalid transaction is still recorded in a block, as Fabric does.
    const blocks = (await readFile(join(embeddedLedgerPaths(dir).ledgerDir, 'blocks.jsonl'), 'utf8')).trimEnd().split('\n');
    expect(JSON.parse(blocks[blocks.length - 1] ?? '')).toMatchObject({ metadata: { validation: 'MVCC_READ_CONFLICT' } });
    await ledger.close();
  });
});
