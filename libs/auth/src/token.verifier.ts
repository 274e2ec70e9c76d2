import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type CryptoKey, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { AuthError } from './auth.error.js';
import { isTokenRole, type Principal } from './principal.model.js';
import { ACCESS_TOKEN_TYPE } from './token.issuer.js';
import { SIGNING_ALGORITHM } from './signing-key.loader.js';

export interface ExternalIssuerOptions {
  /** The issuer's JWKS: its URL (fetched and cached by jose) or a key resolver (tests). */
  readonly jwks: URL | JWTVerifyGetKey;
  /** The `iss` its tokens must carry. */
  readonly issuer: string;
  /** The `aud` its tokens must carry (default: the local audience). */
  readonly audience?: string;
}

export interface TokenVerifierOptions {
  /** This service's own token key (the public half is enough). */
  readonly localKey: { readonly publicKey: CryptoKey; readonly kid: string };
  readonly issuer: string;
  readonly audience: string;
  /** An external OpenID/OAuth issuer whose tokens are accepted too (AUTH_JWKS_URL). */
  readonly external?: ExternalIssuerOptions;
  /** Clock skew tolerated on exp/nbf/iat, seconds (default 5). */
  readonly clockToleranceSeconds?: number;
  /** Clock for tests (epoch ms). */
  readonly now?: () => number;
}

/** What the guard needs: bearer token in, principal out (or an AuthError). */
export interface TokenVerifierPort {
  verify(token: string): Promise<Principal>;
}

/**
 * Verifies access tokens as RFC 8725 asks: the algorithm pinned to ES256 (never taken from the token,
 * so `none` and HS256-with-the-public-key fail), the key chosen by `kid` among known keys only,
 * exp, iat, iss and aud required and checked, nbf checked when present; local tokens must also carry
 * nbf and be typed `at+jwt`.
 */
export class TokenVerifier implements TokenVerifierPort {
  readonly #external: { readonly getKey: JWTVerifyGetKey; readonly issuer: string; readonly audience: string } | undefined;

  constructor(private readonly options: TokenVerifierOptions) {
    const ext = options.external;
    this.#external =
      ext === undefined
        ? undefined
        : {
            getKey: ext.jwks instanceof URL ? createRemoteJWKSet(ext.jwks) : ext.jwks,
            issuer: ext.issuer,
            audience: ext.audience ?? options.audience,
          };
  }

  /** Local tokens already verified, with the instants between which they stay valid (epoch ms). */
  readonly #verified = new Map<string, { readonly principal: Principal; readonly from: number; readonly until: number }>();

  async verify(token: string): Promise<Principal> {
    const now = this.options.now?.() ?? Date.now();
    // A local token's signature, issuer, audience and type were checked against this verifier's one key,
    // which never changes: only time can make it invalid, so a client calling again is not verified again
    // (an ES256 verification is most of an authenticated request's CPU). External tokens are verified
    // each time (their issuer may rotate or withdraw keys).
    const known = this.#verified.get(token);
    if (known !== undefined && now >= known.from && now < known.until) return known.principal;
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      throw new AuthError(401, 'TOKEN_INVALID', 'the token is not a JWS compact serialisation');
    }
    const common = {
      algorithms: [SIGNING_ALGORITHM],
      // nbf is checked whenever present; only our own tokens must carry it (many issuers omit it).
      requiredClaims: ['exp', 'iat', 'sub'],
      clockTolerance: this.options.clockToleranceSeconds ?? 5,
      ...(this.options.now === undefined ? {} : { currentDate: new Date(this.options.now()) }),
    };
    let payload: JWTPayload;
    let issuer: string;
    try {
      if (kid === this.options.localKey.kid) {
        issuer = this.options.issuer;
        ({ payload } = await jwtVerify(token, this.options.localKey.publicKey, {
          ...common,
          issuer,
          audience: this.options.audience,
          typ: ACCESS_TOKEN_TYPE,
          requiredClaims: ['exp', 'iat', 'nbf', 'sub'],
        }));
        const principal = principalOf(payload, issuer);
        this.#remember(token, principal, payload);
        return principal;
      } else if (this.#external !== undefined) {
        issuer = this.#external.issuer;
        ({ payload } = await jwtVerify(token, this.#external.getKey, { ...common, issuer, audience: this.#external.audience }));
      } else {
        throw new AuthError(401, 'TOKEN_INVALID', 'the token was not signed by a known key');
      }
    } catch (error: unknown) {
      throw toAuthError(error);
    }
    return principalOf(payload, issuer);
  }

  #remember(token: string, principal: Principal, payload: JWTPayload): void {
    if (payload.exp === undefined || payload.nbf === undefined) return;
    // jose accepts exp + tolerance > now ≥ nbf − tolerance (whole seconds); kept a second inside both ends.
    const tolerance = this.options.clockToleranceSeconds ?? 5;
    const from = (payload.nbf - tolerance + 1) * 1000;
    const until = (payload.exp + tolerance - 1) * 1000;
    if (this.#verified.size >= VERIFIED_TOKENS) {
      const oldest = this.#verified.keys().next();
      if (oldest.done !== true) this.#verified.delete(oldest.value);
    }
    this.#verified.set(token, { principal, from, until });
  }
}

/** Most verified local tokens remembered (oldest dropped first). */
const VERIFIED_TOKENS = 1_000;

function principalOf(payload: JWTPayload, issuer: string): Principal {
  const role = payload['role'];
  const org = payload['org'];
  if (!isTokenRole(role)) throw new AuthError(401, 'TOKEN_CLAIMS', 'the token has no valid role claim (supplier, regulator or admin)');
  if (org !== undefined && (typeof org !== 'string' || org === ''))
    throw new AuthError(401, 'TOKEN_CLAIMS', 'the org claim must be a non-empty string');
  if (role === 'supplier' && org === undefined)
    throw new AuthError(401, 'TOKEN_CLAIMS', 'a supplier token must name its organisation (org claim)');
  return { role, subject: payload.sub, org, issuer };
}

function toAuthError(error: unknown): AuthError {
  if (error instanceof AuthError) return error;
  if (error instanceof errors.JWTExpired) return new AuthError(401, 'TOKEN_EXPIRED', 'the token has expired');
  if (error instanceof errors.JWTClaimValidationFailed)
    return new AuthError(401, 'TOKEN_CLAIMS', `the token's ${error.claim} claim is not acceptable (${error.reason})`);
  if (error instanceof errors.JOSEAlgNotAllowed) return new AuthError(401, 'TOKEN_INVALID', 'the token algorithm is not ES256');
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return new AuthError(401, 'TOKEN_INVALID', 'the token signature does not verify');
  if (error instanceof errors.JWKSNoMatchingKey) return new AuthError(401, 'TOKEN_INVALID', 'the token was not signed by a known key');
  return new AuthError(401, 'TOKEN_INVALID', 'the token is not valid');
}
