import { describe, expect, it } from 'vitest';
import { LedgerConfigError } from '../ledger-errors.js';
import { fabricConfigFromEnv, fabricEnvNames } from './fabric-config.js';

const full = {
  FABRIC_CHANNEL: 'trace',
  FABRIC_CHAINCODE: 'trace',
  FABRIC_IDENTITIES: 'Org1MSP, RegulatorMSP',
  FABRIC_ORG1MSP_PEER_ENDPOINT: '127.0.0.1:7051',
  FABRIC_ORG1MSP_PEER_HOST_ALIAS: 'peer0.org1.example.com',
  FABRIC_ORG1MSP_TLS_CA: '/tls/ca1.pem',
  FABRIC_ORG1MSP_CERT: '/msp/cert1.pem',
  FABRIC_ORG1MSP_KEY: '/msp/key1.pem',
  FABRIC_REGULATORMSP_PEER_ENDPOINT: '127.0.0.1:9051',
  FABRIC_REGULATORMSP_PEER_HOST_ALIAS: 'peer0.regulator.example.com',
  FABRIC_REGULATORMSP_TLS_CA: '/tls/ca3.pem',
  FABRIC_REGULATORMSP_CERT: '/msp/cert3.pem',
  FABRIC_REGULATORMSP_KEY: '/msp/key3.pem',
};

describe('fabricConfigFromEnv', () => {
  it('reads one identity per listed MSP id from its upper-cased variables', () => {
    const config = fabricConfigFromEnv(full);
    expect(config).toMatchObject({ channel: 'trace', chaincode: 'trace', deadlineMs: 30_000 });
    expect(config.identities.map((i) => [i.mspId, i.peerEndpoint, i.peerHostAlias])).toEqual([
      ['Org1MSP', '127.0.0.1:7051', 'peer0.org1.example.com'],
      ['RegulatorMSP', '127.0.0.1:9051', 'peer0.regulator.example.com'],
    ]);
  });

  it('names every missing variable at once', () => {
    const rest: Record<string, string | undefined> = { ...full };
    delete rest['FABRIC_CHANNEL'];
    delete rest['FABRIC_ORG1MSP_KEY'];
    const error = (() => {
      try {
        fabricConfigFromEnv(rest);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(LedgerConfigError);
    expect((error as Error).message).toContain('FABRIC_CHANNEL is not set');
    expect((error as Error).message).toContain('FABRIC_ORG1MSP_KEY is not set');
  });

  it('rejects a peer endpoint that is not host:port', () => {
    expect(() => fabricConfigFromEnv({ ...full, FABRIC_ORG1MSP_PEER_ENDPOINT: 'grpcs://peer0:7051/x' })).toThrow(
      /FABRIC_ORG1MSP_PEER_ENDPOINT must be host:port/,
    );
  });

  it('lists the variable names for a set of MSP ids', () => {
    expect(fabricEnvNames(['Org1MSP'])).toEqual([
      'FABRIC_CHANNEL',
      'FABRIC_CHAINCODE',
      'FABRIC_IDENTITIES',
      'FABRIC_ORG1MSP_PEER_ENDPOINT',
      'FABRIC_ORG1MSP_PEER_HOST_ALIAS',
      'FABRIC_ORG1MSP_TLS_CA',
      'FABRIC_ORG1MSP_CERT',
      'FABRIC_ORG1MSP_KEY',
    ]);
  });
});
