import type { ObjectState as LedgerObjectState } from '@lotledger/ledger';
import { describe, expect, it } from 'vitest';
import { storedObjectState } from './object-state.projection.js';

const base: LedgerObjectState = {
  id: 'https://id.gs1.org/01/09520123000011/21/SN1001',
  classLevel: false,
  status: 'active',
  owner: 'HeliosPharmaMSP',
  custodian: 'MedLineMSP',
  location: 'https://id.gs1.org/414/9520456000106',
  children: [],
  madeFrom: [],
  holds: [],
  lastEventHash: '',
} as unknown as LedgerObjectState;

describe('storedObjectState', () => {
  it('splits the identifier into GTIN and serial and keeps custody, location and time', () => {
    expect(storedObjectState(base, '2026-10-07T12:20:00.000Z')).toMatchObject({
      kind: 'sgtin',
      gtin: '09520123000011',
      lot: null,
      serial: 'SN1001',
      status: 'active',
      custodianMsp: 'MedLineMSP',
      location: 'https://id.gs1.org/414/9520456000106',
      lastEventHash: null,
      updatedAt: '2026-10-07T12:20:00.000Z',
    });
  });

  it('shows a recall on a live object as its status, and leaves a terminal status as it is', () => {
    const hold = { kind: 'recall', setBy: 'RegulatorMSP', reason: 'overdose risk', since: '2026-10-08T00:00:00.000Z' };
    expect(storedObjectState({ ...base, holds: [hold] } as LedgerObjectState, 'now').status).toBe('recalled');
    expect(storedObjectState({ ...base, status: 'dispensed', holds: [hold] } as LedgerObjectState, 'now').status).toBe('dispensed');
  });

  it('gives a lot no custodian: class-level ids carry status and holds only', () => {
    const lot = { ...base, id: 'https://id.gs1.org/01/00614141000104/10/H24-117', classLevel: true } as LedgerObjectState;
    expect(storedObjectState(lot, 'now')).toMatchObject({ kind: 'lgtin', lot: 'H24-117', custodianMsp: null });
  });
});
