import { normaliseCbv, verifyPack, type DigitalLinkParts, type PackRecord, type PackVerification } from '@lotledger/domain';
import type { JsonValue, StoredObject } from '@lotledger/store';
import type { ProvenanceFacts } from '../provenance/consumer-view.js';

/**
 * `?linkType=gs1:verificationService`. For a serialised pack of a pharma product, the verification
 * service's answer (EU FMD / DSCSA style): the scanned GTIN + serial + lot (AI 10) + expiry (AI 17)
 * against the recorded commissioning and the pack's ledger state — verified, or the reason. For
 * everything else (and alongside it), the ledger verification of every recorded step.
 */

/** The read model keys a serialised item without its lot; a scanned /01/…/10/…/21/… names the same item. */
export function itemParts(parts: DigitalLinkParts): DigitalLinkParts {
  if (parts.primaryKey.ai !== '01' || !parts.qualifiers.some((q) => q.ai === '21')) return parts;
  return { ...parts, qualifiers: parts.qualifiers.filter((q) => q.ai !== '10') };
}

function isRecord(v: unknown): v is Record<string, JsonValue> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function ilmdString(event: Record<string, JsonValue>, name: string): string | undefined {
  const ilmd = event['ilmd'];
  if (!isRecord(ilmd)) return undefined;
  for (const [k, v] of Object.entries(ilmd)) if (k.slice(k.lastIndexOf(':') + 1) === name && typeof v === 'string') return v;
  return undefined;
}

function recalled(object: StoredObject | null): boolean {
  if (object === null) return false;
  if (object.status === 'recalled') return true;
  return Array.isArray(object.holds) && (object.holds as readonly JsonValue[]).some((h) => isRecord(h) && h['kind'] === 'recall');
}

/** What the record says of the pack: its anchored commissioning and its ledger state. */
export function packRecord(facts: ProvenanceFacts): PackRecord {
  const commissioning = facts.events.find(({ stored }) => {
    if (stored.status !== 'anchored' || stored.action !== 'ADD' || !isRecord(stored.event)) return false;
    const step = stored.bizStep === null ? undefined : (normaliseCbv('bizStep', stored.bizStep)?.bareWord ?? stored.bizStep);
    return step === 'commissioning' && ilmdString(stored.event, 'lotNumber') !== undefined;
  })?.stored.event;
  const event = isRecord(commissioning) ? commissioning : undefined;
  return {
    commissioned: event !== undefined || facts.object !== null,
    lot: event === undefined ? undefined : ilmdString(event, 'lotNumber'),
    expiry: event === undefined ? undefined : ilmdString(event, 'itemExpirationDate'),
    status: facts.object?.status,
    recalled: recalled(facts.object) || recalled(facts.lotObject),
  };
}

export interface VerificationAnswer {
  readonly id: string;
  readonly gtin?: string;
  readonly serial?: string;
  readonly lot?: string | null;
  readonly expiry?: string | null;
  readonly verified?: boolean;
  readonly reason?: string;
  readonly message?: string;
  /** The expiry date the record holds (YYYY-MM-DD), when verified. */
  readonly expiryDate?: string;
  /** Ledger verification of every recorded step of the object. */
  readonly events: readonly Record<string, unknown>[];
}

/** The JSON answer; `today` is the caller's UTC date (YYYY-MM-DD). */
export function verificationAnswer(scanned: DigitalLinkParts, facts: ProvenanceFacts, today: string): VerificationAnswer {
  const events = facts.events.map((e) => ({ eventID: e.stored.eventId ?? e.stored.hashId, hashId: e.stored.hashId, ...e.verification }));
  const serial = scanned.qualifiers.find((q) => q.ai === '21')?.value;
  if (scanned.primaryKey.ai !== '01' || serial === undefined || facts.product?.industry !== 'pharma') return { id: facts.id, events };
  const lot = scanned.qualifiers.find((q) => q.ai === '10')?.value;
  const expiry = scanned.attributes.find((a) => a.ai === '17')?.value;
  const decision: PackVerification = verifyPack({ gtin: scanned.primaryKey.value, serial, lot, expiry }, packRecord(facts), today);
  return {
    id: facts.id,
    gtin: scanned.primaryKey.value,
    serial,
    lot: lot ?? null,
    expiry: expiry ?? null,
    ...(decision.verified
      ? { verified: true, expiryDate: decision.expiry }
      : { verified: false, reason: decision.reason, message: decision.message }),
    events,
  };
}
