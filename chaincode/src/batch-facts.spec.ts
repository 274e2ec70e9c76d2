import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, parseAnchorBatch } from './batch-facts.js';

const root = 'a'.repeat(64);
const event = {
  hashId: 'ni:///sha-256;1?ver=CBV2.0',
  type: 'ObjectEvent',
  action: 'ADD',
  eventTime: '2026-01-01T00:00:00Z',
  epcs: ['https://id.gs1.org/01/04012345000016/21/1'],
};

function parseError(json: string): InvalidArgumentError | undefined {
  try {
    parseAnchorBatch(json);
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error;
    throw error;
  }
  return undefined;
}

describe('parseAnchorBatch', () => {
  it('fills absent lists with empty ones', () => {
    const batch = parseAnchorBatch(JSON.stringify({ merkleRoot: root, events: [event] }));
    expect(batch.events[0]).toMatchObject({ childEpcs: [], inputs: [], sources: [], destinations: [], bizTransactions: [] });
  });

  it('refuses a root that is not 64 lowercase hex digits', () => {
    expect(parseError(JSON.stringify({ merkleRoot: 'ABC', events: [event] }))?.message).toMatch(/merkleRoot/);
  });

  it('names the field of a malformed event', () => {
    expect(parseError(JSON.stringify({ merkleRoot: root, events: [event, { ...event, type: 'Nope' }] }))?.message).toMatch(
      /events\[1\]\.type/,
    );
    expect(parseError(JSON.stringify({ merkleRoot: root, events: [{ ...event, sources: [{ type: 'owning_party' }] }] }))?.message).toMatch(
      /events\[0\]\.sources\[0\]\.id/,
    );
  });

  it('refuses an empty batch and text that is not JSON', () => {
    expect(parseError(JSON.stringify({ merkleRoot: root, events: [] }))).toBeInstanceOf(InvalidArgumentError);
    expect(parseError('{')).toBeInstanceOf(InvalidArgumentError);
  });
});
