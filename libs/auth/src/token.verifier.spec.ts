import { base64url, createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuthError } from './auth.error.js';
import { generateSigningKey, type SigningKey } from './signing-key.loader.js';
import { TokenIssuer } from './token.issuer.js';
import { TokenVerifier } from './token.verifier.js';

const ISSUER = 'http://localhost:8080';
const AUDIENCE = 'lotledger';
const NOW = Date.parse('2026-11-24T12:00:00Z');
const nowSeconds = Math.floor(NOW / 1000);

let key: SigningKey;
let issuer: TokenIssuer;
let verifier: TokenVerifier;

async function rejection(token: string, v: TokenVerifier = verifier): Promise<AuthError> {
  const error: unknown = await v.verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

/** A token signed with the real key but with claims chosen by the test. */
function forged(claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT({ role: 'supplier', org: 'PharmaMSP', ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'at+jwt', ...header })
    .sign(key.privateKey);
}

const validClaims = { iss: ISSUER, aud: AUDIENCE, sub: 'pharma-client', iat: nowSeconds, nbf: nowSeconds, exp: nowSeconds + 600 };

beforeAll(async () => {
  key = (await generateSigningKey()).key;
  issuer = new TokenIssuer(key, { issuer: ISSUER, audience: AUDIENCE, now: () => NOW });
  verifier = new TokenVerifier({ localKey: key, issuer: ISSUER, audience: AUDIENCE, now: () => NOW });
});

describe('access tokens', () => {
  it('accepts a token it issued and returns the role and organisation', async () => {
    const { token } = await issuer.issue({ subject: 'pharma-client', role: 'supplier', org: 'PharmaMSP' });
    await expect(verifier.verify(token)).resolves.toMatchObject({
      role: 'supplier',
      org: 'PharmaMSP',
      subject: 'pharma-client',
      issuer: ISSUER,
    });
  });

  it('publishes only the public key in the JWKS', () => {
    const jwks = issuer.jwks();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', kid: key.kid, alg: 'ES256', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('refuses to issue a supplier token without an organisation', async () => {
    await expect(issuer.issue({ subject: 's', role: 'supplier' })).rejects.toThrow(/organisation/);
  });

  it('rejects an unsecured token (alg none)', async () => {
    const token = new UnsecuredJWT({ role: 'admin' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('x')
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + 60)
      .encode();
    expect((await rejection(token)).code).toBe('TOKEN_INVALID');
  });

  it('rejects an unsecured token that claims the real key id', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', kid: key.kid, typ: 'at+jwt' }));
    const payload = base64url.encode(JSON.stringify({ ...validClaims, role: 'admin' }));
    expect((await rejection(`${header}.${payload}.`)).code).toBe('TOKEN_INVALID');
  });

  it('rejects HS256 signed with the public key as the HMAC secret (key confusion)', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'HS256', kid: key.kid, typ: 'at+jwt' }));
    const payload = base64url.encode(JSON.stringify({ ...validClaims, role: 'admin' }));
    const secret = JSON.stringify(key.publicJwk);
    const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
    const error = await rejection(`${header}.${payload}.${signature}`);
    expect(error.code).toBe('TOKEN_INVALID');
    expect(error.message).toMatch(/ES256/);
  });

  it('rejects a token signed by another key that reuses the key id', async () => {
    const other = await generateKeyPair('ES256');
    const token = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'at+jwt' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('x')
      .setIssuedAt(nowSeconds)
      .setNotBefore(nowSeconds)
      .setExpirationTime(nowSeconds + 60)
      .sign(other.privateKey);
    expect((await rejection(token)).code).toBe('TOKEN_INVALID');
  });

  it('rejects a token from an unknown key when no external issuer is configured', async () => {
    const other = await generateKeyPair('ES256');
    const token = await new SignJWT({ ...validClaims }).setProtectedHeader({ alg: 'ES256', kid: 'someone-else' }).sign(other.privateKey);
    expect((await rejection(token)).message).toMatch(/known key/);
  });

  it('rejects an expired token', async () => {
    const token = await forged({ ...validClaims, iat: nowSeconds - 7200, nbf: nowSeconds - 7200, exp: nowSeconds - 3600 });
    expect((await rejection(token)).code).toBe('TOKEN_EXPIRED');
  });

  it('still refuses a token it verified before once time has made it invalid (expired, or before nbf)', async () => {
    let now = NOW;
    const clocked = new TokenVerifier({ localKey: key, issuer: ISSUER, audience: AUDIENCE, now: () => now });
    const token = await forged({ ...validClaims, nbf: nowSeconds, exp: nowSeconds + 60 });
    await expect(clocked.verify(token)).resolves.toMatchObject({ role: 'supplier' });
    now = NOW + 30_000;
    await expect(clocked.verify(token)).resolves.toMatchObject({ role: 'supplier' }); // verified before, still valid
    now = NOW + 66_000; // past exp + the 5 s tolerance
    expect((await rejection(token, clocked)).code).toBe('TOKEN_EXPIRED');
    now = NOW - 7_000; // before nbf − tolerance
    expect((await rejection(token, clocked)).code).toBe('TOKEN_CLAIMS');
  });

  it('rejects a token that is not valid yet (nbf in the future)', async () => {
    const token = await forged({ ...validClaims, nbf: nowSeconds + 3600, exp: nowSeconds + 7200 });
    const error = await rejection(token);
    expect(error.code).toBe('TOKEN_CLAIMS');
    expect(error.message).toMatch(/nbf/);
  });

  it('rejects a token for another audience', async () => {
    const error = await rejection(await forged({ ...validClaims, aud: 'someone-else' }));
    expect(error.message).toMatch(/aud/);
  });

  it('rejects a token from another issuer', async () => {
    const error = await rejection(await forged({ ...validClaims, iss: 'https://evil.example' }));
    expect(error.message).toMatch(/iss/);
  });

  it('rejects a token without exp', async () => {
    const noExp: Record<string, unknown> = { ...validClaims };
    delete noExp['exp'];
    expect((await rejection(await forged(noExp))).code).toBe('TOKEN_CLAIMS');
  });

  it('rejects a token that is not typed as an access token', async () => {
    expect((await rejection(await forged(validClaims, { typ: 'JWT' }))).code).toBe('TOKEN_CLAIMS');
  });

  it('rejects a tampered payload', async () => {
    const { token } = await issuer.issue({ subject: 'pharma-client', role: 'supplier', org: 'PharmaMSP' });
    const [h, p, s] = token.split('.') as [string, string, string];
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(p))) as Record<string, unknown>;
    const tampered = base64url.encode(JSON.stringify({ ...claims, role: 'regulator' }));
    expect((await rejection(`${h}.${tampered}.${s}`)).code).toBe('TOKEN_INVALID');
  });

  it('rejects an unknown role and a supplier without an organisation', async () => {
    expect((await rejection(await forged({ ...validClaims, role: 'superuser' }))).code).toBe('TOKEN_CLAIMS');
    expect((await rejection(await forged({ ...validClaims, org: undefined }))).message).toMatch(/org/);
  });

  it('rejects text that is not a JWS', async () => {
    expect((await rejection('not-a-token')).code).toBe('TOKEN_INVALID');
  });

  it('accepts an external issuer through its JWKS, with that issuer checked', async () => {
    const external = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(external.publicKey)), kid: 'idp-1', alg: 'ES256' };
    const v = new TokenVerifier({
      localKey: key,
      issuer: ISSUER,
      audience: AUDIENCE,
      now: () => NOW,
      external: { jwks: createLocalJWKSet({ keys: [jwk] }), issuer: 'https://idp.example' },
    });
    const sign = (iss: string): Promise<string> =>
      new SignJWT({ role: 'regulator' })
        .setProtectedHeader({ alg: 'ES256', kid: 'idp-1' })
        .setIssuer(iss)
        .setAudience(AUDIENCE)
        .setSubject('inspector')
        .setIssuedAt(nowSeconds)
        .setNotBefore(nowSeconds)
        .setExpirationTime(nowSeconds + 60)
        .sign(external.privateKey);
    await expect(v.verify(await sign('https://idp.example'))).resolves.toMatchObject({ role: 'regulator', issuer: 'https://idp.example' });
    expect((await rejection(await sign(ISSUER), v)).message).toMatch(/iss/);
  });
});
