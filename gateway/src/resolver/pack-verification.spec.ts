import { describe, expect, it } from 'vitest';
import { parseDigitalLink, type DigitalLinkParts } from '@lotledger/domain';
import type { JsonValue, StoredEvent, StoredObject } from '@lotledger/store';
import type { ProvenanceFacts } from '../provenance/consumer-view.js';
import type { VerificationOutcome } from '../provenance/ledger-verification.js';
import { itemParts, verificationAnswer } from './pack-verification.js';

const PENDING: VerificationOutcome = { verified: false, reason: 'pending', detail: 'not yet anchored' };
const ID = 'https://id.gs1.org/01/09520123000011/21/SN1001';
const TODAY = '2026-12-02';

function parts(path: string): DigitalLinkParts {
  const parsed = parseDigitalLink(`https://id.gs1.org${path}`);
  if (!parsed.ok) throw new Error(path);
  return parsed.value;
}

const commissioning: StoredEvent = {
  hashId: 'h0',
  eventId: null,
  type: 'ObjectEvent',
  action: 'ADD',
  bizStep: 'commissioning',
  disposition: 'active',
  eventTime: '2026-10-05T05:30:00.000Z',
  eventTimeZoneOffset: '+02:00',
  recordTime: '2026-10-05T05:30:00.000Z',
  readPoint: null,
  bizLocation: null,
  submitterMsp: 'HeliosPharmaMSP',
  captureId: null,
  event: { type: 'ObjectEvent', ilmd: { 'cbvmda:lotNumber': 'L2611A', 'cbvmda:itemExpirationDate': '2028-09-30' } },
  status: 'anchored',
  rejectCode: null,
  rejectReason: null,
  batchId: 'b',
  txId: 't',
  blockNumber: 1,
  leafIndex: 0,
  merkleRoot: 'r',
};

function state(status: string, holds: JsonValue = []): StoredObject {
  return {
    id: ID,
    kind: 'sgtin',
    gtin: '09520123000011',
    lot: null,
    serial: 'SN1001',
    status,
    custodianMsp: 'M',
    location: null,
    holds,
    lastEventHash: null,
    updatedAt: '',
  };
}

function facts(object: StoredObject | null, events: readonly StoredEvent[] = [commissioning]): ProvenanceFacts {
  return {
    id: ID,
    object,
    lotObject: null,
    product: { gtin: '09520123000011', name: 'A', industry: 'pharma', imageUrl: null, publicAttributes: {}, ownerMsp: 'M' },
    manufacturer: null,
    location: null,
    events: events.map((stored) => ({ stored, verification: PENDING })),
    edges: [],
    places: new Map(),
  };
}

describe('the verification service', () => {
  const scanned = parts('/01/09520123000011/10/L2611A/21/SN1001?17=280930');

  it('looks the pack up by GTIN and serial only', () => {
    expect(itemParts(scanned).qualifiers.map((q) => q.ai)).toEqual(['21']);
  });

  it('verifies a genuine pack', () => {
    expect(verificationAnswer(scanned, facts(state('active')), TODAY)).toMatchObject({
      verified: true,
      expiryDate: '2028-09-30',
      lot: 'L2611A',
    });
  });

  it('names a lot mismatch, a recall and a dispensed pack', () => {
    expect(verificationAnswer(parts('/01/09520123000011/10/L9/21/SN1001?17=280930'), facts(state('active')), TODAY)).toMatchObject({
      verified: false,
      reason: 'LOT_MISMATCH',
    });
    expect(verificationAnswer(scanned, facts(state('active', [{ kind: 'recall', reason: 'x' }])), TODAY)).toMatchObject({
      reason: 'RECALLED',
    });
    expect(verificationAnswer(scanned, facts(state('dispensed')), TODAY)).toMatchObject({ reason: 'ALREADY_DISPENSED' });
  });

  it('answers an unknown serial when nothing was commissioned', () => {
    expect(verificationAnswer(scanned, facts(null, []), TODAY)).toMatchObject({ verified: false, reason: 'UNKNOWN_SERIAL' });
  });
});
