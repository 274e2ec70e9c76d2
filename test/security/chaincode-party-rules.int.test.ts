import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedLedgerAdapter } from '@lotledger/ledger';
import { afterAll } from 'vitest';
import { describeChaincodePartyRules } from './chaincode-party-rules.suite.js';

// The embedded ledger runs the same chaincode as Fabric, with a signing identity per MSP.
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describeChaincodePartyRules('embedded ledger', {
  parties: { regulator: 'RegulatorMSP', manufacturer: 'SupplierAMSP', distributor: 'SupplierBMSP' },
  open: async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lotledger-party-rules-'));
    dirs.push(dir);
    return EmbeddedLedgerAdapter.open({ dataDir: dir });
  },
});
