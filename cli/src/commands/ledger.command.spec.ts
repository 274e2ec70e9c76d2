import { EmbeddedLedgerAdapter } from '@lotledger/ledger';
import { Command } from 'commander';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { recordingIo, type ExitCode } from '../cli-io.js';
import { registerLedgerCommand } from './ledger.command.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function run(args: string[]): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
  const io = recordingIo();
  const exit: ExitCode = { code: 0 };
  const program = new Command('lotledger').exitOverride();
  registerLedgerCommand(program, io, exit);
  await program.parseAsync(args, { from: 'user' });
  return { code: exit.code, stdout: io.stdout, stderr: io.stderr };
}

async function chain(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lotledger-cli-'));
  dirs.push(dir);
  const ledger = await EmbeddedLedgerAdapter.open({ dataDir: dir });
  await ledger.registerOrganization('RegulatorMSP', {
    mspId: 'RegulatorMSP',
    name: 'Regulator',
    role: 'regulator',
    companyPrefixes: ['4000001'],
    glns: [],
  });
  await ledger.registerOrganization('RegulatorMSP', {
    mspId: 'Org1MSP',
    name: 'Maker',
    role: 'manufacturer',
    companyPrefixes: ['4012345'],
    glns: [],
  });
  await ledger.close();
  return dir;
}

describe('lotledger ledger verify', () => {
  it('prints the height and head hash of a chain that verifies', async () => {
    const dir = await chain();
    const r = await run(['ledger', 'verify', '--data', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout.join('\n')).toMatch(/^ok: height 2, head [0-9a-f]{64}$/);
  });

  it('exits 1 naming the first altered block', async () => {
    const dir = await chain();
    const path = join(dir, 'ledger', 'blocks.jsonl');
    await writeFile(path, (await readFile(path, 'utf8')).replace('Maker', 'Faker'));
    const r = await run(['ledger', 'verify', '--data', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr.join('\n')).toMatch(/block 1: .*data hash/);
  });

  it('exits 2 when the folder holds no embedded ledger', async () => {
    const r = await run(['ledger', 'verify', '--data', join(tmpdir(), 'lotledger-nothing-here')]);
    expect(r.code).toBe(2);
  });
});
