import { describe, expect, it } from 'vitest';
import { runCommand } from '../testing/run-command.js';
import { registerDlCommand } from './dl.command.js';

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await runCommand(registerDlCommand, args);
  return { code: r.code, stdout: r.stdout.join('\n'), stderr: r.stderr.join('\n') };
}

describe('lotledger dl', () => {
  it('prints the parts, the canonical Digital Link and the EPC URN of a valid EPC URN', async () => {
    const r = await run(['dl', 'urn:epc:id:sgtin:0614141.812345.400']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      kind: 'sgtin',
      primaryKey: { ai: '01', value: '80614141123458' },
      qualifiers: [{ ai: '21', value: '400' }],
      attributes: [],
      digitalLink: 'https://id.gs1.org/01/80614141123458/21/400',
      epcUri: 'urn:epc:id:sgtin:0614141.812345.400',
    });
  });

  it('gives the EPC URN of a Digital Link only when told the company prefix length', async () => {
    const without = await run(['dl', 'https://example.com/01/80614141123458/21/400?17=280131']);
    expect(JSON.parse(without.stdout)).toMatchObject({ epcUri: null, attributes: [{ ai: '17', value: '280131' }] });
    const withGcp = await run(['dl', 'https://example.com/01/80614141123458/21/400', '--gcp-length', '7']);
    expect(JSON.parse(withGcp.stdout)).toMatchObject({ epcUri: 'urn:epc:id:sgtin:0614141.812345.400' });
  });

  it('exits 1 with the reason and what was expected for a bad check digit', async () => {
    const r = await run(['dl', 'https://id.gs1.org/01/80614141123457/21/400']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('lotledger dl: GTIN 80614141123457 has a wrong check digit; expected check digit 8 (GS1 mod-10), got 7');
  });

  it('exits 1 on qualifiers out of order', async () => {
    const r = await run(['dl', 'https://id.gs1.org/01/80614141123458/21/400/10/L1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^lotledger dl: \(10\) is out of order after \(01\); expected the qualifiers in the order \/01\/\{01\}\/22/);
  });

  it('refuses a company prefix length outside 6-12 as a usage error', async () => {
    const r = await run(['dl', 'urn:epc:id:sgtin:0614141.812345.400', '--gcp-length', '13']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('expected an integer from 6 to 12');
  });

  it('documents itself under --help', async () => {
    const r = await run(['dl', '--help']);
    expect(r.stdout).toContain('Usage: lotledger dl [options] <uri>');
    expect(r.stdout).toContain('--gcp-length <n>');
  });
});
