import { fabricConfigFromEnv, LedgerConfigError, type FabricConfig } from '@lotledger/ledger';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

export type Env = Readonly<Record<string, string | undefined>>;

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** The typed configuration every service boots from (validated once, see `loadConfig`). */
export interface AppConfig {
  readonly dataDir: string;
  readonly store: { readonly kind: 'pglite'; readonly dataDir: string } | { readonly kind: 'postgres'; readonly url: string };
  readonly bus:
    | { readonly kind: 'embedded'; readonly dataDir: string }
    | { readonly kind: 'kafka'; readonly brokers: readonly string[]; readonly concurrentPartitions: number };
  readonly ledger: { readonly kind: 'embedded'; readonly dataDir: string } | { readonly kind: 'fabric'; readonly fabric: FabricConfig };
  readonly http: { readonly host: string; readonly port: number };
  readonly logLevel: LogLevel;
  readonly anchor: {
    readonly batchSize: number;
    readonly lingerMs: number;
    /** Attempts after the first for a receipt anchored before its shipment (NOT_IN_TRANSIT) before it is rejected. */
    readonly maxDeferrals: number;
    /** The least wait before such an attempt, times the attempt number. */
    readonly deferralDelayMs: number;
  };
  readonly capture: { readonly maxBytes: number };
  /** Requests per client (token subject, or IP address when anonymous) per window; max 0 turns the limit off. */
  readonly rateLimit: { readonly max: number; readonly windowMs: number };
  readonly auth: {
    readonly issuer: string;
    readonly audience: string;
    /** PEM PKCS#8 P-256 key; in the embedded shape generated into `<data>/keys/auth-signing.pem` on first start. */
    readonly signingKeyFile: string;
    readonly jwksUrl: string | undefined;
  };
}

/** One line per variable: the README table and `.env.example` are written from the same facts. */
export interface ConfigVariable {
  readonly name: string;
  readonly default: string | undefined;
  readonly secret: boolean;
  readonly description: string;
}

export const CONFIG_VARIABLES: readonly ConfigVariable[] = [
  {
    name: 'LOTLEDGER_DATA_DIR',
    default: './data',
    secret: false,
    description: 'embedded data: PGlite in <dir>/pg, bus in <dir>/bus, ledger in <dir>/ledger, keys in <dir>/keys',
  },
  {
    name: 'DATABASE_URL',
    default: undefined,
    secret: true,
    description: 'set → PostgreSQL (postgres://user:password@host:port/db); unset → PGlite',
  },
  { name: 'KAFKA_BROKERS', default: undefined, secret: false, description: 'set → Kafka (comma list of host:port); unset → embedded bus' },
  {
    name: 'KAFKA_CONCURRENT_PARTITIONS',
    default: '1',
    secret: false,
    description: 'Kafka: partitions a consumer (anchor, intake) handles at once (1–64; 1 = one delivery at a time)',
  },
  {
    name: 'FABRIC_IDENTITIES',
    default: undefined,
    secret: false,
    description: 'set → Fabric (with the FABRIC_* of libs/ledger); unset → embedded ledger',
  },
  { name: 'HOST', default: '127.0.0.1', secret: false, description: 'HTTP listen address' },
  { name: 'PORT', default: '8080', secret: false, description: 'HTTP listen port (1–65535)' },
  { name: 'LOG_LEVEL', default: 'info', secret: false, description: 'fatal, error, warn, info, debug, trace or silent' },
  {
    name: 'ANCHOR_BATCH_SIZE',
    default: '500',
    secret: false,
    description: 'most events per anchored batch (1–10000, the chaincode limit)',
  },
  { name: 'ANCHOR_LINGER_MS', default: '100', secret: false, description: 'longest the anchor waits to fill a batch' },
  {
    name: 'ANCHOR_MAX_DEFERRALS',
    default: '3',
    secret: false,
    description: 'attempts again for a receipt anchored before its shipment (NOT_IN_TRANSIT) before it is stored as rejected (0–50)',
  },
  {
    name: 'ANCHOR_DEFERRAL_DELAY_MS',
    default: '250',
    secret: false,
    description: 'least wait before such an attempt, times the attempt number (3 × 250 ms: 1.5 s in all)',
  },
  { name: 'CAPTURE_MAX_BYTES', default: '5242880', secret: false, description: 'largest capture body accepted (413 above)' },
  {
    name: 'RATE_LIMIT_MAX',
    default: '12000',
    secret: false,
    description: 'requests per client (token subject, or IP when anonymous) per window; 429 above; 0 = off',
  },
  { name: 'RATE_LIMIT_WINDOW_MS', default: '60000', secret: false, description: 'rate-limit window (1000–3600000 ms)' },
  { name: 'AUTH_ISSUER', default: 'http://localhost:8080', secret: false, description: 'token issuer (iss)' },
  { name: 'AUTH_AUDIENCE', default: 'lotledger', secret: false, description: 'token audience (aud)' },
  {
    name: 'AUTH_SIGNING_KEY_FILE',
    default: '<data>/keys/auth-signing.pem',
    secret: false,
    description: 'PEM PKCS#8 P-256 signing key; embedded: generated on first start',
  },
  { name: 'AUTH_JWKS_URL', default: undefined, secret: false, description: 'optional: verify tokens of an external issuer by its JWKS' },
  {
    name: 'PUBLIC_BASE_URL',
    default: 'http://HOST:PORT',
    secret: false,
    description: 'public base URL of the Digital Link resolver, printed in QR codes, linksets and Link headers',
  },
];

/** Thrown at boot with every problem found, one per line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function integer(name: string, fallback: number, min: number, max: number): z.ZodType<number> {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback;
      const n = Number(v.trim());
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be an integer from ${String(min)} to ${String(max)}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });
}

function url(name: string, protocols: readonly string[]): z.ZodType<string | undefined> {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return undefined;
      let parsed: URL;
      try {
        parsed = new URL(v.trim());
      } catch {
        ctx.addIssue({ code: 'custom', message: `${name} is not a URL` });
        return z.NEVER;
      }
      if (!protocols.includes(parsed.protocol)) {
        ctx.addIssue({ code: 'custom', message: `${name} must use ${protocols.join(' or ')}, got ${parsed.protocol}` });
        return z.NEVER;
      }
      return v.trim();
    });
}

const text = (fallback: string): z.ZodType<string> =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? fallback : v.trim()));

const ENV_SCHEMA = z.object({
  LOTLEDGER_DATA_DIR: text('./data'),
  DATABASE_URL: url('DATABASE_URL', ['postgres:', 'postgresql:']),
  KAFKA_BROKERS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return undefined;
      const brokers = v
        .split(',')
        .map((b) => b.trim())
        .filter((b) => b !== '');
      const bad = brokers.filter((b) => !/^[^:\s/]+:\d{1,5}$/.test(b));
      if (brokers.length === 0 || bad.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `KAFKA_BROKERS must be a comma list of host:port${bad.length > 0 ? `, not ${bad.join(', ')}` : ''}`,
        });
        return z.NEVER;
      }
      return brokers;
    }),
  KAFKA_CONCURRENT_PARTITIONS: integer('KAFKA_CONCURRENT_PARTITIONS', 1, 1, 64),
  HOST: text('127.0.0.1'),
  PORT: integer('PORT', 8080, 1, 65_535),
  LOG_LEVEL: z
    .string()
    .optional()
    .transform((v, ctx): LogLevel => {
      const level = v === undefined || v.trim() === '' ? 'info' : v.trim().toLowerCase();
      if (!(LOG_LEVELS as readonly string[]).includes(level)) {
        ctx.addIssue({ code: 'custom', message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${v ?? ''}"` });
        return z.NEVER;
      }
      return level as LogLevel;
    }),
  ANCHOR_BATCH_SIZE: integer('ANCHOR_BATCH_SIZE', 500, 1, 10_000),
  ANCHOR_LINGER_MS: integer('ANCHOR_LINGER_MS', 100, 0, 60_000),
  ANCHOR_MAX_DEFERRALS: integer('ANCHOR_MAX_DEFERRALS', 3, 0, 50),
  ANCHOR_DEFERRAL_DELAY_MS: integer('ANCHOR_DEFERRAL_DELAY_MS', 250, 0, 3_600_000),
  CAPTURE_MAX_BYTES: integer('CAPTURE_MAX_BYTES', 5_242_880, 1024, 1_073_741_824),
  RATE_LIMIT_MAX: integer('RATE_LIMIT_MAX', 12_000, 0, 10_000_000),
  RATE_LIMIT_WINDOW_MS: integer('RATE_LIMIT_WINDOW_MS', 60_000, 1000, 3_600_000),
  AUTH_ISSUER: url('AUTH_ISSUER', ['http:', 'https:']),
  AUTH_AUDIENCE: text('lotledger'),
  AUTH_SIGNING_KEY_FILE: z.string().optional(),
  AUTH_JWKS_URL: url('AUTH_JWKS_URL', ['http:', 'https:']),
});

/**
 * Reads and validates the whole configuration at once. Throws ConfigError listing EVERY problem
 * (not just the first), so a failed start tells the operator everything to fix.
 */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const problems: string[] = [];
  const parsed = ENV_SCHEMA.safeParse(env);
  let fabric: FabricConfig | undefined;
  if ((env['FABRIC_IDENTITIES'] ?? '').trim() !== '') {
    try {
      fabric = fabricConfigFromEnv(env);
    } catch (error) {
      if (!(error instanceof LedgerConfigError)) throw error;
      problems.push(...error.message.replace(/^Fabric ledger configuration: /, '').split('; '));
    }
  }
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const variable = issue.path.map(String).join('.');
      problems.push(issue.message.startsWith(variable) ? issue.message : `${variable}: ${issue.message}`);
    }
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const dataDir = isAbsolute(e.LOTLEDGER_DATA_DIR) ? e.LOTLEDGER_DATA_DIR : resolve(cwd, e.LOTLEDGER_DATA_DIR);
  const signingKey = e.AUTH_SIGNING_KEY_FILE?.trim();
  return {
    dataDir,
    store: e.DATABASE_URL === undefined ? { kind: 'pglite', dataDir: resolve(dataDir, 'pg') } : { kind: 'postgres', url: e.DATABASE_URL },
    bus:
      e.KAFKA_BROKERS === undefined
        ? { kind: 'embedded', dataDir: resolve(dataDir, 'bus') }
        : { kind: 'kafka', brokers: e.KAFKA_BROKERS, concurrentPartitions: e.KAFKA_CONCURRENT_PARTITIONS },
    // The embedded ledger adds `ledger/` under the folder it is given.
    ledger: fabric === undefined ? { kind: 'embedded', dataDir } : { kind: 'fabric', fabric },
    http: { host: e.HOST, port: e.PORT },
    logLevel: e.LOG_LEVEL,
    anchor: {
      batchSize: e.ANCHOR_BATCH_SIZE,
      lingerMs: e.ANCHOR_LINGER_MS,
      maxDeferrals: e.ANCHOR_MAX_DEFERRALS,
      deferralDelayMs: e.ANCHOR_DEFERRAL_DELAY_MS,
    },
    capture: { maxBytes: e.CAPTURE_MAX_BYTES },
    rateLimit: { max: e.RATE_LIMIT_MAX, windowMs: e.RATE_LIMIT_WINDOW_MS },
    auth: {
      issuer: e.AUTH_ISSUER ?? 'http://localhost:8080',
      audience: e.AUTH_AUDIENCE,
      signingKeyFile:
        signingKey === undefined || signingKey === '' ? resolve(dataDir, 'keys', 'auth-signing.pem') : resolve(cwd, signingKey),
      jwksUrl: e.AUTH_JWKS_URL,
    },
  };
}

/** Masks the password of a connection URL (postgres://user:***@host/db). */
export function maskUrl(value: string): string {
  try {
    const u = new URL(value);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return '***';
  }
}

/** The configuration as it may be logged: secrets masked, key paths shown but never their contents. */
export function describeConfig(config: AppConfig): Record<string, unknown> {
  return {
    dataDir: config.dataDir,
    store: config.store.kind === 'postgres' ? { kind: 'postgres', url: maskUrl(config.store.url) } : config.store,
    bus: config.bus,
    ledger:
      config.ledger.kind === 'fabric'
        ? {
            kind: 'fabric',
            channel: config.ledger.fabric.channel,
            chaincode: config.ledger.fabric.chaincode,
            identities: config.ledger.fabric.identities.map((i) => ({ mspId: i.mspId, peerEndpoint: i.peerEndpoint })),
          }
        : config.ledger,
    http: config.http,
    logLevel: config.logLevel,
    anchor: config.anchor,
    capture: config.capture,
    rateLimit: config.rateLimit,
    auth: {
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      signingKeyFile: config.auth.signingKeyFile,
      jwksUrl: config.auth.jwksUrl,
    },
  };
}
