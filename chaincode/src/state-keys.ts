import type { TraceStub } from './trace-context.js';

/** Every world-state key the contract writes goes through here: one composite-key scheme. */
export const KEY_TYPES = {
  organization: 'org',
  object: 'obj',
  batch: 'batch',
  anchoredEvent: 'evt',
  regulatorMarker: 'regulator',
} as const;
export type KeyType = keyof typeof KEY_TYPES;

export function stateKey(stub: TraceStub, type: KeyType, ...attributes: string[]): string {
  return stub.createCompositeKey(KEY_TYPES[type], attributes);
}
