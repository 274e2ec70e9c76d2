import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('boots the embedded shape from an empty environment with the documented defaults', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toMatchObject({
      dataDir: '/srv/app/data',
      store: { kind: 'pglite', dataDir: '/srv/app/data/pg' },
      bus: { kind: 'embedded', dataDir: '/srv/app/data/bus' },
      ledger: { kind: 'embedded', dataDir: '/srv/app/data' },
      http: { host: '127.0.0.1', port: 8080 },
      logLevel: 'info',
      anchor: { batchSize: 500, lingerMs: 100 },
      capture: { maxBytes: 5_242_880 },
      rateLimit: { max: 12_000, windowMs: 60_000 },
      auth: {
        issuer: 'http://localhost:8080',
        audience: 'lotledger',
        signingKeyFile: '/srv/app/data/keys/auth-signing.pem',
        jwksUrl: undefined,
      },
    });
  });

  it('selects PostgreSQL, Kafka and Fabric when their variables are set', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://app:s3cret@127.0.0.1:55432/lotledger',
      KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9094',
      FABRIC_IDENTITIES: 'Org1MSP',
      FABRIC_CHANNEL: 'trace',
      FABRIC_CHAINCODE: 'trace',
      FABRIC_ORG1MSP_PEER_ENDPOINT: '127.0.0.1:7051',
      FABRIC_ORG1MSP_PEER_HOST_ALIAS: 'peer0.org1',
      FABRIC_ORG1MSP_TLS_CA: '/ca.pem',
      FABRIC_ORG1MSP_CERT: '/cert.pem',
      FABRIC_ORG1MSP_KEY: '/key.pem',
    });
    expect(config.store).toEqual({ kind: 'postgres', url: 'postgres://app:s3cret@127.0.0.1:55432/lotledger' });
    expect(config.bus).toEqual({ kind: 'kafka', brokers: ['127.0.0.1:9092', '127.0.0.1:9094'], concurrentPartitions: 1 });
    expect(config.ledger.kind).toBe('fabric');
  });

  it('lists every missing or invalid variable at once, not just the first', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: '80000',
        ANCHOR_BATCH_SIZE: 'many',
        LOG_LEVEL: 'loud',
        KAFKA_BROKERS: 'localhost',
        DATABASE_URL: 'mysql://x',
        FABRIC_IDENTITIES: 'Org1MSP',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'PORT',
      'ANCHOR_BATCH_SIZE',
      'LOG_LEVEL',
      'KAFKA_BROKERS',
      'DATABASE_URL',
      'FABRIC_CHANNEL',
      'FABRIC_CHAINCODE',
      'FABRIC_ORG1MSP_PEER_ENDPOINT',
      'FABRIC_ORG1MSP_KEY',
    ]) {
      expect(problems).toContain(name);
    }
    expect((error as ConfigError).message).toMatch(/^invalid configuration:\n {2}- /);
  });

  it('reads how long the anchor retries a receipt anchored before its shipment (1.5 s in all by default)', () => {
    expect(loadConfig({}).anchor).toMatchObject({ maxDeferrals: 3, deferralDelayMs: 250 });
    expect(loadConfig({ ANCHOR_MAX_DEFERRALS: '6', ANCHOR_DEFERRAL_DELAY_MS: '10000' }).anchor).toMatchObject({
      maxDeferrals: 6,
      deferralDelayMs: 10_000,
    });
    expect(() => loadConfig({ ANCHOR_MAX_DEFERRALS: '-1' })).toThrow(/ANCHOR_MAX_DEFERRALS must be an integer from 0/);
  });

  it('reads how many Kafka partitions a consumer handles at once, and refuses 0', () => {
    expect(loadConfig({ KAFKA_BROKERS: '127.0.0.1:9092', KAFKA_CONCURRENT_PARTITIONS: '4' }).bus).toMatchObject({
      concurrentPartitions: 4,
    });
    expect(() => loadConfig({ KAFKA_BROKERS: '127.0.0.1:9092', KAFKA_CONCURRENT_PARTITIONS: '0' })).toThrow(
      /KAFKA_CONCURRENT_PARTITIONS must be an integer from 1/,
    );
  });

  it('reads the rate limit, where 0 turns it off, and refuses a window below a second', () => {
    expect(loadConfig({ RATE_LIMIT_MAX: '50', RATE_LIMIT_WINDOW_MS: '1000' }).rateLimit).toEqual({ max: 50, windowMs: 1000 });
    expect(loadConfig({ RATE_LIMIT_MAX: '0' }).rateLimit.max).toBe(0);
    expect(() => loadConfig({ RATE_LIMIT_MAX: '-1', RATE_LIMIT_WINDOW_MS: '10' })).toThrow(
      /RATE_LIMIT_MAX must be an integer from 0[\s\S]*RATE_LIMIT_WINDOW_MS must be an integer from 1000/,
    );
  });

  it('masks the database password when the configuration is described for the logs', () => {
    const described = JSON.stringify(describeConfig(loadConfig({ DATABASE_URL: 'postgres://app:s3cret@db:5432/lotledger' })));
    expect(described).not.toContain('s3cret');
    expect(described).toContain('postgres://app:***@db:5432/lotledger');
  });
});
