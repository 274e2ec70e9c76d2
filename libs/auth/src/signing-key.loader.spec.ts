import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSigningKeyFile } from './signing-key.loader.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lotledger-auth-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('signing key file', () => {
  it('generates a P-256 key on first start, readable by its owner only, and reuses it afterwards', async () => {
    const file = join(dir, 'keys', 'auth-signing.pem');
    const first = await loadSigningKeyFile(file, { createIfMissing: true });
    expect(await readFile(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const second = await loadSigningKeyFile(file, { createIfMissing: true });
    expect(second.kid).toBe(first.kid);
    expect(first.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
  });

  it('fails when a named key file is missing and creation is not allowed', async () => {
    await expect(loadSigningKeyFile(join(dir, 'absent.pem'), { createIfMissing: false })).rejects.toThrow(/ENOENT/);
  });
});
