import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair, importJWK, importPKCS8, type CryptoKey, type JWK } from 'jose';

/** The one algorithm lotledger signs and accepts (RFC 8725 §3.1: pin it, never read it from the token). */
export const SIGNING_ALGORITHM = 'ES256';

/** The token signing key: the private key, its public JWK and the key id (RFC 7638 thumbprint). */
export interface SigningKey {
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  /** Public JWK with `kid`, `alg` and `use`, as published in the JWKS. */
  readonly publicJwk: JWK;
  readonly kid: string;
}

async function fromPrivateKey(privateKey: CryptoKey): Promise<SigningKey> {
  const full = await exportJWK(privateKey);
  // The public JWK is the private one without `d`; rebuilt field by field so no private member leaks.
  const { kty, crv, x, y } = full;
  if (kty !== 'EC' || crv !== 'P-256' || x === undefined || y === undefined) throw new Error('the signing key must be an EC P-256 key');
  const bare: JWK = { kty, crv, x, y };
  const kid = await calculateJwkThumbprint(bare, 'sha256');
  const publicKey = await importJWK(bare, SIGNING_ALGORITHM);
  if (publicKey instanceof Uint8Array) throw new Error('unexpected symmetric key');
  return { privateKey, publicKey, publicJwk: { ...bare, kid, alg: SIGNING_ALGORITHM, use: 'sig' }, kid };
}

/** Reads a PKCS#8 PEM P-256 private key. */
export async function signingKeyFromPem(pem: string): Promise<SigningKey> {
  const privateKey = await importPKCS8(pem, SIGNING_ALGORITHM, { extractable: true });
  return fromPrivateKey(privateKey);
}

/** A fresh P-256 key pair (tests, and the first start of the embedded shape). */
export async function generateSigningKey(): Promise<{ key: SigningKey; pem: string }> {
  const { privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
  const pem = await exportPKCS8(privateKey);
  return { key: await fromPrivateKey(privateKey), pem };
}

/**
 * Loads the signing key from `file`; when `createIfMissing` (the embedded shape) and the file does not
 * exist, generates one and writes it there, readable by the owner only. Creation uses the `wx` flag, so
 * two processes starting at once cannot overwrite each other's key: the loser reads the winner's.
 */
export async function loadSigningKeyFile(file: string, options: { readonly createIfMissing: boolean }): Promise<SigningKey> {
  try {
    return await signingKeyFromPem(await readFile(file, 'utf8'));
  } catch (error: unknown) {
    if (!options.createIfMissing || !isNotFound(error)) throw error;
  }
  const { key, pem } = await generateSigningKey();
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  try {
    await writeFile(file, pem, { flag: 'wx', mode: 0o600 });
    return key;
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return signingKeyFromPem(await readFile(file, 'utf8'));
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}
