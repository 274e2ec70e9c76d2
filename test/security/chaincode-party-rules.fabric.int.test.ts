import { fabricConfigFromEnv, FabricLedgerAdapter } from '@lotledger/ledger';
import { describeChaincodePartyRules } from './chaincode-party-rules.suite.js';

// The same suite against the Fabric network through the Gateway client, A's identity being
// FABRIC_TEST_MANUFACTURER_MSP's certificate: nothing of lotledger's API is in the path.
// Without the FABRIC_* settings it fails at collection, naming what is missing — it never skips.
const config = fabricConfigFromEnv(process.env);

describeChaincodePartyRules('Fabric (Gateway)', {
  parties: {
    regulator: process.env['FABRIC_TEST_REGULATOR_MSP'] ?? 'RegulatorMSP',
    manufacturer: process.env['FABRIC_TEST_MANUFACTURER_MSP'] ?? 'Org1MSP',
    distributor: process.env['FABRIC_TEST_DISTRIBUTOR_MSP'] ?? 'Org2MSP',
  },
  open: () => FabricLedgerAdapter.connect({ config }),
});
