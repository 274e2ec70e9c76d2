import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Client secrets are stored as `scrypt$N$r$p$<salt>$<hash>` (base64url): scrypt from node:crypto,
 * a fresh 16-byte salt per secret, compared in constant time. Why not bcrypt/argon2 packages: scrypt
 * is in Node itself (no native build) and is a memory-hard KDF fit for this (RFC 7914).
 */
const PREFIX = 'scrypt';
const DEFAULT_COST = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function derive(secret: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: cost.N, r: cost.r, p: cost.p, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => {
      if (error === null) resolve(key);
      else reject(error);
    });
  });
}

export async function hashClientSecret(secret: string): Promise<string> {
  if (secret.length < 16) throw new Error('a client secret needs at least 16 characters');
  const salt = randomBytes(16);
  const hash = await derive(secret, salt, DEFAULT_COST);
  return [PREFIX, DEFAULT_COST.N, DEFAULT_COST.r, DEFAULT_COST.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** True when `secret` matches `stored`; false for any malformed stored value (never throws on input). */
export async function verifyClientSecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== PREFIX) return false;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  // Bounds keep a tampered registry row from turning verification into a memory or CPU bomb.
  if (!Number.isInteger(N) || N < 2 || N > 1 << 20 || (N & (N - 1)) !== 0) return false;
  if (!Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  if (salt.length < 8 || expected.length !== KEY_LENGTH) return false;
  const actual = await derive(secret, salt, { N, r, p });
  return timingSafeEqual(actual, expected);
}

/** A random secret for registering a client (32 bytes, base64url). */
export function generateClientSecret(): string {
  return randomBytes(32).toString('base64url');
}
