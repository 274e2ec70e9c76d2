import { Command } from 'commander';
import { recordingIo, type ExitCode } from '../cli-io.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCommand, type CommandRun } from '../testing/run-command.js';
import { registerValidateCommand } from './validate.command.js';

const EXAMPLES = new URL('../../../libs/domain/src/epcis/examples/', import.meta.url);
const pharma = readFileSync(new URL('pharma-serialised-packs.epcis.json', EXAMPLES), 'utf8');
const steel = readFileSync(new URL('steel-heat-to-coils.epcis.json', EXAMPLES), 'utf8');

async function run(args: string[], files: Record<string, string>): Promise<Pick<CommandRun, 'code' | 'stdout' | 'stderr'>> {
  const { code, stdout, stderr } = await runCommand(registerValidateCommand, args, files);
  return { code, stdout, stderr };
}

describe('lotledger validate', () => {
  it('exits 0 and counts the events of each valid file', async () => {
    const r = await run(['validate', 'pharma.jsonld', 'steel.jsonld'], { 'pharma.jsonld': pharma, 'steel.jsonld': steel });
    expect(r).toEqual({ code: 0, stdout: ['pharma.jsonld: valid (4 events)', 'steel.jsonld: valid (3 events)'], stderr: [] });
  });

  it('exits 1 with one line per error: file, pointer, what is wrong, what was expected', async () => {
    const broken = pharma
      .replace(
        '"urn:epc:id:sgtin:9520123.045678.PX7K2M4Q9B",\n          "https',
        '"urn:epc:id:sgtin:9520123.045678.PX7K2M4Q9B",\n          "http://id.gs1.org/01/09520123456780/21/X", "https',
      )
      .replace('"bizStep": "shipping"', '"bizStep": "shiping"');
    const r = await run(['validate', 'bad.jsonld'], { 'bad.jsonld': broken });
    expect(r.code).toBe(1);
    expect(r.stdout).toHaveLength(2);
    expect(r.stdout[0]).toMatch(/^bad\.jsonld: \/epcisBody\/eventList\/0\/epcList\/2: .*check digit.*; expected .+/);
    expect(r.stdout[1]).toBe(
      'bad.jsonld: /epcisBody/eventList/2/bizStep: "shiping" is not a known term or an absolute URI; expected a CBV 2.0 business step (e.g. "shipping", "urn:epcglobal:cbv:bizstep:shipping", "https://ref.gs1.org/cbv/BizStep-shipping") or a user-defined absolute URI',
    );
  });

  it('reports bad JSON with its position and exits 1', async () => {
    const r = await run(['validate', 'x.json'], { 'x.json': '{\n  "type": "EPCISDocument",\n  "type": "ObjectEvent"\n}' });
    expect(r).toEqual({
      code: 1,
      stdout: ['x.json: /type: duplicate member name "type"; expected each member name at most once per object'],
      stderr: [],
    });
    const s = await run(['validate', 'y.json'], { 'y.json': '{"a": }' });
    expect(s.code).toBe(1);
    expect(s.stdout).toEqual([
      'y.json: /a: unexpected character "}" at line 1, column 7; expected a JSON value (object, array, string, number, true, false or null)',
    ]);
  });

  it('reports an unreadable file and still validates the others', async () => {
    const r = await run(['validate', 'missing.json', 'steel.jsonld'], { 'steel.jsonld': steel });
    expect(r.code).toBe(1);
    expect(r.stderr).toEqual([expect.stringMatching(/^missing\.json: cannot read: ENOENT/)]);
    expect(r.stdout).toEqual(['steel.jsonld: valid (3 events)']);
  });

  it('rejects a file that is not UTF-8', async () => {
    const io = recordingIo();
    io.readFile = () => Promise.resolve(new Uint8Array([0x7b, 0xff, 0x7d]));
    const exit: ExitCode = { code: 0 };
    const program = new Command('lotledger').exitOverride();
    registerValidateCommand(program, io, exit);
    await program.parseAsync(['validate', 'latin1.json'], { from: 'user' });
    expect(exit.code).toBe(1);
    expect(io.stderr[0]).toMatch(/^latin1\.json: cannot read: /);
  });

  it('flags events beyond the allowed clock skew', async () => {
    const future = JSON.stringify({
      type: 'ObjectEvent',
      eventTime: '2999-01-01T00:00:00Z',
      eventTimeZoneOffset: '+00:00',
      action: 'OBSERVE',
      epcList: ['urn:epc:id:sscc:9520123.0000004711'],
    });
    const r = await run(['validate', 'f.json', '--max-skew-hours', '1'], { 'f.json': future });
    expect(r.code).toBe(1);
    expect(r.stdout[0]).toMatch(
      /^f\.json: \/eventTime: eventTime is .* in the future; expected an eventTime no later than 1\.0 h after the time of capture$/,
    );
  });
});
