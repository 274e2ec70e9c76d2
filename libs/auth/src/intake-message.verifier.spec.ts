import type { Organisation } from '@lotledger/store';
import { CompactSign, exportJWK, FlattenedSign, generateKeyPair, type CryptoKey } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuthError } from './auth.error.js';
import { verifyIntakeMessage } from './intake-message.verifier.js';

const encoder = new TextEncoder();
const payload = encoder.encode('{"type":"EPCISDocument"}');
let pharmaKey: CryptoKey;
let autoKey: CryptoKey;
let orgs: Map<string, Organisation>;

function organisation(mspId: string, signingKeys: Organisation['signingKeys']): Organisation {
  return { mspId, name: mspId, role: 'manufacturer', companyPrefixes: [], glns: [], signingKeys, clientId: null, clientSecretHash: null };
}

const lookup = (mspId: string): Promise<Organisation | null> => Promise.resolve(orgs.get(mspId) ?? null);

function compact(key: CryptoKey, header: Record<string, unknown>, body: Uint8Array = payload): Promise<string> {
  return new CompactSign(body).setProtectedHeader({ alg: 'ES256', ...header }).sign(key);
}

async function refusal(message: string | Uint8Array, expectedOrg?: string): Promise<AuthError> {
  const raw = typeof message === 'string' ? encoder.encode(message) : message;
  const error: unknown = await verifyIntakeMessage(raw, lookup, expectedOrg).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

beforeAll(async () => {
  const pharma = await generateKeyPair('ES256', { extractable: true });
  pharmaKey = pharma.privateKey;
  const auto = await generateKeyPair('ES256', { extractable: true });
  autoKey = auto.privateKey;
  orgs = new Map([
    ['PharmaMSP', organisation('PharmaMSP', [{ ...(await exportJWK(pharma.publicKey)), kid: 'pharma-1' }])],
    ['AutoMSP', organisation('AutoMSP', [{ ...(await exportJWK(auto.publicKey)), kid: 'auto-1' }])],
  ]);
});

describe('signed intake messages', () => {
  it('accepts a compact JWS signed with a key its organisation registered', async () => {
    const verified = await verifyIntakeMessage(encoder.encode(await compact(pharmaKey, { kid: 'pharma-1', org: 'PharmaMSP' })), lookup);
    expect(verified.org).toBe('PharmaMSP');
    expect(new TextDecoder().decode(verified.payload)).toBe('{"type":"EPCISDocument"}');
  });

  it('accepts the flattened JSON serialisation too', async () => {
    const jws = await new FlattenedSign(payload).setProtectedHeader({ alg: 'ES256', kid: 'pharma-1', org: 'PharmaMSP' }).sign(pharmaKey);
    await expect(verifyIntakeMessage(encoder.encode(JSON.stringify(jws)), lookup)).resolves.toMatchObject({
      org: 'PharmaMSP',
      kid: 'pharma-1',
    });
  });

  it('refuses a bad signature', async () => {
    const jws = await compact(pharmaKey, { kid: 'pharma-1', org: 'PharmaMSP' });
    const [h, , s] = jws.split('.') as [string, string, string];
    const other = Buffer.from('{"type":"EPCISDocument","x":1}').toString('base64url');
    expect((await refusal(`${h}.${other}.${s}`)).code).toBe('JWS_BAD_SIGNATURE');
  });

  it('refuses a key the organisation did not register', async () => {
    expect((await refusal(await compact(pharmaKey, { kid: 'pharma-2', org: 'PharmaMSP' }))).code).toBe('JWS_UNKNOWN_KEY');
  });

  it('refuses a message that claims another organisation than the one whose key signed it', async () => {
    // Signed with the automotive key, claiming to be the pharma company: the pharma keys do not verify it.
    expect((await refusal(await compact(autoKey, { kid: 'pharma-1', org: 'PharmaMSP' }))).code).toBe('JWS_BAD_SIGNATURE');
    expect((await refusal(await compact(autoKey, { kid: 'auto-1', org: 'PharmaMSP' }))).code).toBe('JWS_UNKNOWN_KEY');
  });

  it('refuses an organisation that is not registered', async () => {
    expect((await refusal(await compact(pharmaKey, { kid: 'pharma-1', org: 'GhostMSP' }))).code).toBe('JWS_UNKNOWN_ORG');
  });

  it('refuses a message whose header disagrees with the transport header naming the sender', async () => {
    expect((await refusal(await compact(pharmaKey, { kid: 'pharma-1', org: 'PharmaMSP' }), 'AutoMSP')).code).toBe('JWS_ORG_MISMATCH');
  });

  it('refuses unsigned, malformed and non-ES256 messages', async () => {
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'pharma-1', org: 'PharmaMSP' })).toString('base64url')}.${Buffer.from(payload).toString('base64url')}.`;
    expect((await refusal(none)).code).toBe('JWS_MALFORMED');
    expect((await refusal('{"type":"EPCISDocument"}')).code).toBe('JWS_MALFORMED');
    expect((await refusal(new Uint8Array([0xff, 0xfe]))).code).toBe('JWS_MALFORMED');
    const hs = `${Buffer.from(JSON.stringify({ alg: 'HS256', kid: 'pharma-1', org: 'PharmaMSP' })).toString('base64url')}.${Buffer.from(payload).toString('base64url')}.c2ln`;
    expect((await refusal(hs)).code).toBe('JWS_ALGORITHM');
    expect((await refusal(await compact(pharmaKey, { kid: 'pharma-1' }))).message).toMatch(/org/);
  });
});
