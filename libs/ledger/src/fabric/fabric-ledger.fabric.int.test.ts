import { describeLedgerConformance } from '../testing/ledger-conformance.js';
import { fabricConfigFromEnv } from './fabric-config.js';
import { FabricLedgerAdapter } from './fabric-ledger.adapter.js';

// The conformance suite on the real Fabric network. It needs the FABRIC_* settings that the
// stack writes to .stack/fabric/connection.env; without them it fails, naming what is missing.
const parties = {
  regulator: process.env['FABRIC_TEST_REGULATOR_MSP'] ?? 'RegulatorMSP',
  manufacturer: process.env['FABRIC_TEST_MANUFACTURER_MSP'] ?? 'Org1MSP',
  distributor: process.env['FABRIC_TEST_DISTRIBUTOR_MSP'] ?? 'Org2MSP',
};

// Read at collection: a missing variable fails the whole file with LedgerConfigError naming
// every missing variable, before any test is listed — it never skips.
const config = fabricConfigFromEnv(process.env);

describeLedgerConformance('Fabric (Gateway)', {
  parties,
  open: () => FabricLedgerAdapter.connect({ config }),
});
