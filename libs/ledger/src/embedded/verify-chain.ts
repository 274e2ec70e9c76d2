import { embeddedLedgerPaths } from './embedded-ledger.adapter.js';
import { verifyChainFile, type ChainHead } from './block-chain.js';
import { OrgKeyring } from './org-keys.js';

/** Verifies the embedded chain under a data folder: its height and head hash, or LedgerCorruptError naming the first bad block. */
export async function verifyEmbeddedChain(dataDir: string): Promise<ChainHead> {
  const { ledgerDir, keysDir } = embeddedLedgerPaths(dataDir);
  return verifyChainFile(ledgerDir, new OrgKeyring(keysDir));
}
