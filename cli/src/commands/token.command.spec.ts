import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSigningKeyFile, TokenVerifier } from '@lotledger/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand, type CommandRun } from '../testing/run-command.js';
import { registerTokenCommand } from './token.command.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lotledger-token-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function run(args: string[]): Promise<CommandRun> {
  return runCommand((program, io, exit) => {
    registerTokenCommand(program, io, exit, {});
  }, args);
}

describe('lotledger token', () => {
  it("prints a supplier token that the data directory's key verifies, creating the key on first use", async () => {
    const r = await run(['token', '--org', 'PharmaMSP', '--role', 'supplier', '--data', dir, '--ttl', '30m']);
    expect(r.code).toBe(0);
    expect(r.stdout).toHaveLength(1);
    const key = await loadSigningKeyFile(join(dir, 'keys', 'auth-signing.pem'), { createIfMissing: false });
    const verifier = new TokenVerifier({ localKey: key, issuer: 'http://localhost:8080', audience: 'lotledger' });
    await expect(verifier.verify(r.stdout[0] ?? '')).resolves.toMatchObject({ role: 'supplier', org: 'PharmaMSP' });
  });

  it('signs later tokens with the same key', async () => {
    const a = await run(['token', '--role', 'regulator', '--data', dir]);
    const key = await loadSigningKeyFile(join(dir, 'keys', 'auth-signing.pem'), { createIfMissing: false });
    const verifier = new TokenVerifier({ localKey: key, issuer: 'http://localhost:8080', audience: 'lotledger' });
    await expect(verifier.verify(a.stdout[0] ?? '')).resolves.toMatchObject({ role: 'regulator', org: undefined });
  });

  it('refuses a supplier without an organisation, an unknown role and a bad lifetime', async () => {
    expect((await run(['token', '--role', 'supplier', '--data', dir])).code).toBe(1);
    expect((await run(['token', '--role', 'root', '--data', dir])).code).toBe(2);
    expect((await run(['token', '--role', 'admin', '--ttl', 'forever', '--data', dir])).code).toBe(1);
  });
});
