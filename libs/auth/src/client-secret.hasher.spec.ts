import { describe, expect, it } from 'vitest';
import { generateClientSecret, hashClientSecret, verifyClientSecret } from './client-secret.hasher.js';

describe('client secret hashing', () => {
  it('verifies the secret it hashed and refuses another', async () => {
    const secret = generateClientSecret();
    const stored = await hashClientSecret(secret);
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(stored).not.toContain(secret);
    await expect(verifyClientSecret(secret, stored)).resolves.toBe(true);
    await expect(verifyClientSecret(`${secret}x`, stored)).resolves.toBe(false);
  });

  it('salts every hash, so one secret hashes differently twice', async () => {
    const secret = generateClientSecret();
    expect(await hashClientSecret(secret)).not.toBe(await hashClientSecret(secret));
  });

  it('treats malformed or abusive stored values as a mismatch instead of throwing', async () => {
    for (const stored of [
      '',
      'plain-text',
      'scrypt$3$8$1$c2FsdHNhbHQ$aGFzaA',
      'scrypt$1073741824$8$1$c2FsdHNhbHRzYWx0$aGFzaA',
      'bcrypt$x$y$z$a$b',
    ]) {
      await expect(verifyClientSecret('whatever-secret-value', stored)).resolves.toBe(false);
    }
  });

  it('refuses to hash a short secret', async () => {
    await expect(hashClientSecret('short')).rejects.toThrow(/16/);
  });
});
