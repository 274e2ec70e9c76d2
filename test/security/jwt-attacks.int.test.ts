import { ACCESS_TOKEN_TYPE, loadSigningKeyFile, type SigningKey } from '@lotledger/auth';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadInputWorld, type Reply } from '../bad-input/bad-input-world.js';
import { documentOf, SUBMITTER, validEvent } from '../bad-input/corpus/epcis-fixtures.js';

const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

interface Attack {
  readonly name: string;
  readonly token: () => Promise<string>;
  /** The problem code the 401 must carry. */
  readonly code: string;
}

/**
 * JWT attacks of RFC 8725 against the composed app, on REST capture (a supplier route) and on GraphQL
 * (where a bad token is refused even though the queries are public). Every one: 401 problem+json
 * with a coded reason and a Bearer challenge — never a 2xx, never a 500.
 */
describe('tokens an attacker forges or replays (RFC 8725)', () => {
  let world: BadInputWorld;
  let key: SigningKey;
  let issuer: string;
  let audience: string;

  beforeAll(async () => {
    world = await BadInputWorld.open();
    key = await loadSigningKeyFile(world.config.auth.signingKeyFile, { createIfMissing: false });
    issuer = world.config.auth.issuer;
    audience = world.config.auth.audience;
  });

  afterAll(async () => {
    await world.close();
  });

  const now = (): number => Math.floor(Date.now() / 1000);
  /** A token as the service issues it, then changed by `edit`: signed with the service's own key. */
  async function genuine(edit: (jwt: SignJWT) => SignJWT = (j) => j, header: Record<string, unknown> = {}): Promise<string> {
    const jwt = new SignJWT({ role: 'supplier', org: SUBMITTER.mspId })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: ACCESS_TOKEN_TYPE, ...header })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject('attacker')
      .setIssuedAt(now())
      .setNotBefore(now())
      .setExpirationTime(now() + 600);
    return edit(jwt).sign(key.privateKey);
  }
  const claims = (extra: Record<string, unknown> = {}): string =>
    b64url(
      JSON.stringify({
        role: 'admin',
        org: SUBMITTER.mspId,
        iss: issuer,
        aud: audience,
        sub: 'attacker',
        iat: now(),
        nbf: now(),
        exp: now() + 600,
        ...extra,
      }),
    );

  const attacks: Attack[] = [
    {
      name: 'alg none, no signature',
      code: 'TOKEN_INVALID',
      token: () => Promise.resolve(`${b64url(JSON.stringify({ alg: 'none', typ: ACCESS_TOKEN_TYPE, kid: key.kid }))}.${claims()}.`),
    },
    {
      name: 'alg "None" with a signature',
      code: 'TOKEN_INVALID',
      token: () => Promise.resolve(`${b64url(JSON.stringify({ alg: 'None', kid: key.kid }))}.${claims()}.${b64url('x')}`),
    },
    {
      name: 'HS256 keyed with the service public key (PEM): HS/ES confusion',
      code: 'TOKEN_INVALID',
      token: async () => {
        const head = `${b64url(JSON.stringify({ alg: 'HS256', typ: ACCESS_TOKEN_TYPE, kid: key.kid }))}.${claims()}`;
        const mac = createHmac('sha256', await exportSPKI(key.publicKey))
          .update(head)
          .digest();
        return `${head}.${b64url(mac)}`;
      },
    },
    {
      name: 'HS256 keyed with the public JWK as JSON',
      code: 'TOKEN_INVALID',
      token: () => {
        const head = `${b64url(JSON.stringify({ alg: 'HS256', kid: key.kid }))}.${claims()}`;
        return Promise.resolve(`${head}.${b64url(createHmac('sha256', JSON.stringify(key.publicJwk)).update(head).digest())}`);
      },
    },
    {
      name: "signed with another P-256 key under the service's kid",
      code: 'TOKEN_INVALID',
      token: async () => {
        const stranger = await generateKeyPair('ES256');
        return new SignJWT({ role: 'admin' })
          .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: ACCESS_TOKEN_TYPE })
          .setIssuer(issuer)
          .setAudience(audience)
          .setSubject('attacker')
          .setIssuedAt()
          .setNotBefore(now())
          .setExpirationTime('10m')
          .sign(stranger.privateKey);
      },
    },
    {
      name: 'its own key embedded in the header (jwk)',
      code: 'TOKEN_INVALID',
      token: async () => {
        const stranger = await generateKeyPair('ES256', { extractable: true });
        return new SignJWT({ role: 'admin' })
          .setProtectedHeader({ alg: 'ES256', jwk: await exportJWK(stranger.publicKey), typ: ACCESS_TOKEN_TYPE })
          .setIssuer(issuer)
          .setAudience(audience)
          .setSubject('attacker')
          .setIssuedAt()
          .setNotBefore(now())
          .setExpirationTime('10m')
          .sign(stranger.privateKey);
      },
    },
    {
      name: 'expired an hour ago',
      code: 'TOKEN_EXPIRED',
      token: () =>
        genuine((j) =>
          j
            .setIssuedAt(now() - 7200)
            .setNotBefore(now() - 7200)
            .setExpirationTime(now() - 3600),
        ),
    },
    { name: 'not valid for another hour (nbf)', code: 'TOKEN_CLAIMS', token: () => genuine((j) => j.setNotBefore(now() + 3600)) },
    { name: 'for another audience', code: 'TOKEN_CLAIMS', token: () => genuine((j) => j.setAudience('another-service')) },
    { name: 'from another issuer', code: 'TOKEN_CLAIMS', token: () => genuine((j) => j.setIssuer('https://evil.example.com')) },
    {
      name: 'a genuine token whose payload was changed to role admin',
      code: 'TOKEN_INVALID',
      token: async () => {
        const [header, , signature] = (await genuine()).split('.');
        return `${header ?? ''}.${claims({ role: 'admin' })}.${signature ?? ''}`;
      },
    },
    {
      name: 'a genuine token with its signature cut off',
      code: 'TOKEN_INVALID',
      token: async () => `${(await genuine()).split('.').slice(0, 2).join('.')}.`,
    },
    { name: 'without a kid', code: 'TOKEN_INVALID', token: () => genuine((j) => j, { kid: undefined }) },
    { name: 'with an unknown kid', code: 'TOKEN_INVALID', token: () => genuine((j) => j, { kid: 'rotated-away' }) },
    { name: 'with a path-traversal kid', code: 'TOKEN_INVALID', token: () => genuine((j) => j, { kid: '../../../../dev/null' }) },
    {
      name: 'with a critical header extension nobody understands',
      code: 'TOKEN_INVALID',
      // jose will not sign it (it checks crit itself), so it is signed by hand with the genuine key.
      token: () =>
        signRaw(
          key,
          { alg: 'ES256', kid: key.kid, typ: ACCESS_TOKEN_TYPE, crit: ['urn:example:mu'], 'urn:example:mu': true },
          claims({ role: 'supplier' }),
        ),
    },
    { name: 'typed as an ID token instead of an access token', code: 'TOKEN_CLAIMS', token: () => genuine((j) => j, { typ: 'JWT' }) },
    {
      name: 'without exp',
      code: 'TOKEN_CLAIMS',
      token: () => genuine((j) => j.setExpirationTime(now() + 600).setJti('x'), {}).then(stripClaim('exp', key)),
    },
    { name: 'not a JWS at all', code: 'TOKEN_INVALID', token: () => Promise.resolve('not.a.jwt') },
  ];

  it.each(attacks.map((a) => [a.name, a] as const))('refuses a token %s on REST capture with a coded 401', async (_, attack) => {
    const token = await attack.token();
    const reply = await world.app.inject({
      method: 'POST',
      url: '/epcis/capture',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/ld+json' },
      payload: JSON.stringify(documentOf([validEvent()])),
    });
    expectRefused(reply, attack.code);
  });

  it.each(attacks.map((a) => [a.name, a] as const))('refuses a token %s on GraphQL', async (_, attack) => {
    const token = await attack.token();
    const reply = await world.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ query: '{ events(first: 1) { nodes { hashId submitterMsp } } }' }),
    });
    expect(reply.statusCode).toBeLessThan(500);
    const body = JSON.parse(reply.body) as { data?: unknown; errors?: readonly { extensions?: { code?: string; reason?: string } }[] };
    expect(body.data ?? null, reply.body).toBeNull();
    // GraphQL clients branch on UNAUTHENTICATED; the reason is the code REST gives for the same token.
    expect(body.errors?.[0]?.extensions, reply.body).toMatchObject({ code: 'UNAUTHENTICATED', reason: attack.code });
  });

  it('accepts the genuine token the attacks were built from (the attacks fail for their flaw, not by accident)', async () => {
    const reply = await world.post('/epcis/capture', { kind: 'json', value: documentOf([validEvent()]) });
    expect(reply.statusCode, reply.body).toBe(202);
    const forged = await genuine();
    const again = await world.app.inject({
      method: 'POST',
      url: '/epcis/capture',
      headers: { authorization: `Bearer ${forged}`, 'content-type': 'application/ld+json' },
      payload: JSON.stringify(documentOf([validEvent()])),
    });
    expect(again.statusCode, again.body).toBe(202);
  });
});

/** An ES256 JWS over exactly this header and (base64url) payload, signed with WebCrypto (IEEE P1363 r||s, as JWS wants). */
async function signRaw(key: SigningKey, header: Record<string, unknown>, payload: string): Promise<string> {
  const input = `${b64url(JSON.stringify(header))}.${payload}`;
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.privateKey, new TextEncoder().encode(input));
  return `${input}.${b64url(Buffer.from(signature))}`;
}

/** Re-signs a genuine token without one claim (jose always writes what it is told, so this builds it by hand). */
function stripClaim(claim: string, key: SigningKey): (token: string) => Promise<string> {
  return async (token) => {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const rest = { ...payload };
    Reflect.deleteProperty(rest, claim);
    return new SignJWT(rest).setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: ACCESS_TOKEN_TYPE }).sign(key.privateKey);
  };
}

function expectRefused(reply: Reply, code: string): void {
  expect(reply.statusCode, reply.body).toBe(401);
  expect(String(reply.headers['content-type'])).toContain('application/problem+json');
  const problem = JSON.parse(reply.body) as { code?: string; type?: string };
  expect(problem.code, reply.body).toBe(code);
  expect(problem.type).toBe(`urn:lotledger:problem:${code.toLowerCase().replace(/_/g, '-')}`);
  expect(String(reply.headers['www-authenticate'])).toMatch(/^Bearer realm="lotledger", error="invalid_token"/);
}
