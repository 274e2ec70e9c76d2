import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCommand, type CommandRun } from '../testing/run-command.js';
import { registerHashCommand } from './hash.command.js';

// A lotledger golden vector: its expected hash IDs were produced by GS1's reference implementation.
const VECTORS = new URL('../../../libs/domain/src/hash/vectors/', import.meta.url);
const steelDoc = readFileSync(new URL('steel-heat-to-coils.jsonld', VECTORS), 'utf8');
const steelHashes = readFileSync(new URL('steel-heat-to-coils.hashes', VECTORS), 'utf8')
  .split('\n')
  .filter((l) => l !== '');
const steelPreHashes = readFileSync(new URL('steel-heat-to-coils.prehashes', VECTORS), 'utf8')
  .split('\n')
  .filter((l) => l !== '');

function run(args: string[], files: Record<string, string>): Promise<CommandRun> {
  return runCommand(registerHashCommand, args, files);
}

describe('lotledger hash', () => {
  it("prints one hash ID per event in document order, equal to the reference implementation's", async () => {
    const r = await run(['hash', 'steel.jsonld'], { 'steel.jsonld': steelDoc });
    expect(r.code).toBe(0);
    expect(r.stdout).toEqual(steelHashes);
  });

  it('prints each pre-hash string after its hash ID with --verbose', async () => {
    const r = await run(['hash', 'steel.jsonld', '--verbose'], { 'steel.jsonld': steelDoc });
    expect(r.stdout).toEqual([steelHashes[0], `  ${steelPreHashes[0] ?? ''}`, steelHashes[1], `  ${steelPreHashes[1] ?? ''}`]);
  });

  it('hashes a single bare event', async () => {
    const doc = JSON.parse(steelDoc) as { '@context': unknown; epcisBody: { eventList: Record<string, unknown>[] } };
    const event = { '@context': doc['@context'], ...doc.epcisBody.eventList[1] };
    const r = await run(['hash', 'event.json'], { 'event.json': JSON.stringify(event) });
    expect(r.code).toBe(0);
    expect(r.stdout).toEqual([steelHashes[1]]);
  });

  it('exits 1 with the position of the error on invalid JSON', async () => {
    const r = await run(['hash', 'broken.json'], { 'broken.json': '{"epcisBody": {"eventList": [}' });
    expect(r.code).toBe(1);
    expect(r.stdout).toEqual([]);
    expect(r.stderr[0]).toMatch(/^broken\.json: invalid JSON: .*line 1, column \d+/);
  });

  it('exits 1 when a member name is duplicated, since the two readings would hash differently', async () => {
    const r = await run(['hash', 'dup.json'], { 'dup.json': '{"type":"ObjectEvent","action":"ADD","action":"DELETE"}' });
    expect(r.code).toBe(1);
    expect(r.stderr.join('\n')).toContain('dup.json: invalid JSON');
  });

  it('exits 1 with the reason for JSON that is not an EPCIS document', async () => {
    const r = await run(['hash', 'list.json'], { 'list.json': '[1, 2]' });
    expect(r.code).toBe(1);
    expect(r.stderr).toEqual(['list.json: an EPCIS document must be a JSON object']);
  });

  it('exits 1 when the file cannot be read', async () => {
    const r = await run(['hash', 'missing.json'], {});
    expect(r.code).toBe(1);
    expect(r.stderr[0]).toMatch(/^missing\.json: cannot read: ENOENT/);
  });

  it('documents itself under --help', async () => {
    const r = await run(['hash', '--help'], {});
    expect(r.stdout.join('\n')).toContain('--verbose');
    expect(r.stdout.join('\n')).toContain('ni:///sha-256');
  });
});
