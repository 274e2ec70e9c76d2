import { readFileSync } from 'node:fs';
import { CONFIG_VARIABLES } from '@lotledger/platform';
import { describe, expect, it } from 'vitest';

// CONVENTIONS: every variable is in .env.example and in the README. The list in libs/platform is
// what the services validate at boot, so the documents are checked against it, not the other way round.
describe('configuration documents', () => {
  const envExample = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

  it.each(CONFIG_VARIABLES.map((v) => v.name))('.env.example documents %s', (name) => {
    expect(envExample).toMatch(new RegExp(`^# ${name}=`, 'm'));
  });

  it.each(CONFIG_VARIABLES.map((v) => v.name))('the README configuration table lists %s', (name) => {
    expect(readme).toMatch(new RegExp(`^\\| \`${name}\` +\\|`, 'm'));
  });
});
