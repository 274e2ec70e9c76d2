import { LedgerConfigError } from '../ledger-errors.js';

/**
 * The Fabric connection settings, read from the environment (the real stack writes them to
 * `.stack/fabric/connection.env`):
 *
 *   FABRIC_CHANNEL          channel name (e.g. trace)
 *   FABRIC_CHAINCODE        chaincode name (e.g. trace)
 *   FABRIC_IDENTITIES       comma list of the MSP ids this process submits for (Org1MSP,Org2MSP,RegulatorMSP)
 *   per MSP id X, upper-cased, non-alphanumerics as `_`:
 *   FABRIC_X_PEER_ENDPOINT  host:port of that organisation's peer Gateway service
 *   FABRIC_X_PEER_HOST_ALIAS  TLS server name of that peer (its certificate's host name)
 *   FABRIC_X_TLS_CA         path of the PEM CA certificate that signed the peer's TLS certificate
 *   FABRIC_X_CERT           path of the PEM client certificate (the identity that signs)
 *   FABRIC_X_KEY            path of its PEM private key
 *   FABRIC_DEADLINE_MS      optional: deadline of each evaluate / endorse / submit call (default 30000); commit status waits twice that
 */
export interface FabricIdentityConfig {
  readonly mspId: string;
  readonly peerEndpoint: string;
  readonly peerHostAlias: string;
  readonly tlsCaPath: string;
  readonly certPath: string;
  readonly keyPath: string;
}

export interface FabricConfig {
  readonly channel: string;
  readonly chaincode: string;
  readonly identities: readonly FabricIdentityConfig[];
  readonly deadlineMs: number;
}

export function fabricEnvPrefix(mspId: string): string {
  return `FABRIC_${mspId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_`;
}

/** Every FABRIC_* variable the adapter needs for these MSP ids. */
export function fabricEnvNames(mspIds: readonly string[]): string[] {
  const names = ['FABRIC_CHANNEL', 'FABRIC_CHAINCODE', 'FABRIC_IDENTITIES'];
  for (const msp of mspIds)
    for (const suffix of ['PEER_ENDPOINT', 'PEER_HOST_ALIAS', 'TLS_CA', 'CERT', 'KEY']) names.push(fabricEnvPrefix(msp) + suffix);
  return names;
}

/** Reads the settings; throws LedgerConfigError naming every missing or invalid variable at once. */
export function fabricConfigFromEnv(env: Readonly<Record<string, string | undefined>>): FabricConfig {
  const problems: string[] = [];
  const need = (name: string): string => {
    const value = env[name]?.trim();
    if (value === undefined || value === '') {
      problems.push(`${name} is not set`);
      return '';
    }
    return value;
  };
  const channel = need('FABRIC_CHANNEL');
  const chaincode = need('FABRIC_CHAINCODE');
  const mspIds = need('FABRIC_IDENTITIES')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (env['FABRIC_IDENTITIES'] !== undefined && mspIds.length === 0) problems.push('FABRIC_IDENTITIES lists no MSP id');
  const identities = mspIds.map((mspId) => {
    const p = fabricEnvPrefix(mspId);
    const peerEndpoint = need(`${p}PEER_ENDPOINT`);
    if (peerEndpoint !== '' && !/^[^:\s]+:\d{1,5}$/.test(peerEndpoint))
      problems.push(`${p}PEER_ENDPOINT must be host:port, got ${peerEndpoint}`);
    return {
      mspId,
      peerEndpoint,
      peerHostAlias: need(`${p}PEER_HOST_ALIAS`),
      tlsCaPath: need(`${p}TLS_CA`),
      certPath: need(`${p}CERT`),
      keyPath: need(`${p}KEY`),
    };
  });
  const deadlineText = env['FABRIC_DEADLINE_MS'];
  const deadlineMs = deadlineText === undefined || deadlineText === '' ? 30_000 : Number(deadlineText);
  if (!Number.isInteger(deadlineMs) || deadlineMs <= 0)
    problems.push(`FABRIC_DEADLINE_MS must be a positive integer, got ${deadlineText ?? ''}`);
  if (problems.length > 0) throw new LedgerConfigError(`Fabric ledger configuration: ${problems.join('; ')}`);
  return { channel, chaincode, identities, deadlineMs };
}
