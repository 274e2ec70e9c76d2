import { SignJWT, type JSONWebKeySet } from 'jose';
import { randomUUID } from 'node:crypto';
import type { TokenRole } from './principal.model.js';
import { SIGNING_ALGORITHM, type SigningKey } from './signing-key.loader.js';

/** RFC 9068 access-token media type: explicit typing (RFC 8725 §3.11) so no other JWT is taken for one. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

export interface TokenRequest {
  readonly subject: string;
  readonly role: TokenRole;
  /** Required for suppliers. */
  readonly org?: string | undefined;
  /** Lifetime in seconds (default 3600). */
  readonly ttlSeconds?: number;
}

export interface IssuedToken {
  readonly token: string;
  readonly expiresIn: number;
}

export interface TokenIssuerOptions {
  readonly issuer: string;
  readonly audience: string;
  /** Clock for tests (epoch ms). */
  readonly now?: () => number;
}

/** Signs lotledger access tokens (ES256) and publishes the verification key as a JWKS. */
export class TokenIssuer {
  constructor(
    private readonly key: SigningKey,
    private readonly options: TokenIssuerOptions,
  ) {}

  async issue(request: TokenRequest): Promise<IssuedToken> {
    if (request.role === 'supplier' && (request.org === undefined || request.org === ''))
      throw new Error('a supplier token needs an organisation');
    const ttl = request.ttlSeconds ?? 3600;
    if (!Number.isInteger(ttl) || ttl <= 0) throw new Error('ttlSeconds must be a positive integer');
    const now = Math.floor((this.options.now?.() ?? Date.now()) / 1000);
    const claims: Record<string, string> = { role: request.role };
    if (request.org !== undefined) claims['org'] = request.org;
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: this.key.kid, typ: ACCESS_TOKEN_TYPE })
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setSubject(request.subject)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + ttl)
      .setJti(randomUUID())
      .sign(this.key.privateKey);
    return { token, expiresIn: ttl };
  }

  /** The JWKS served at `/.well-known/jwks.json`: public members only. */
  jwks(): JSONWebKeySet {
    return { keys: [this.key.publicJwk] };
  }
}

/** Parses `30s`, `15m`, `1h`, `7d` or a number of seconds. */
export function parseTtl(text: string): number | undefined {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (match === null) return undefined;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  const seconds = Number(match[1]) * unit;
  return seconds > 0 && Number.isSafeInteger(seconds) ? seconds : undefined;
}
