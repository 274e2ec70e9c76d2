import type { ConsumedMessage } from '@lotledger/bus';
import { describe, expect, it } from 'vitest';
import { captureIdOf } from './kafka-intake.consumer.js';

function message(offset: number, value: string): ConsumedMessage {
  return { offset, key: null, value: new TextEncoder().encode(value), headers: {}, timestamp: 0 };
}

describe('intake capture ids', () => {
  it('names the same job for a redelivered message, and different jobs for different messages', () => {
    const id = captureIdOf('lotledger.events.raw', 3, message(17, 'jws'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(captureIdOf('lotledger.events.raw', 3, message(17, 'jws'))).toBe(id);
    expect(captureIdOf('lotledger.events.raw', 3, message(18, 'jws'))).not.toBe(id);
    expect(captureIdOf('lotledger.events.raw', 4, message(17, 'jws'))).not.toBe(id);
    expect(captureIdOf('lotledger.events.raw', 3, message(17, 'other'))).not.toBe(id);
  });
});
