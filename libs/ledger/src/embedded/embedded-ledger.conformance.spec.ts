import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { describeLedgerConformance } from '../testing/ledger-conformance.js';
import { EmbeddedLedgerAdapter } from './embedded-ledger.adapter.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describeLedgerConformance('embedded (on disk)', {
  parties: { regulator: 'RegulatorMSP', manufacturer: 'Org1MSP', distributor: 'Org2MSP' },
  open: async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lotledger-conformance-'));
    dirs.push(dir);
    return EmbeddedLedgerAdapter.open({ dataDir: dir });
  },
});
