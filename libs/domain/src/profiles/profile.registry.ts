import type { ValidationIssue } from '../errors/validation-issue.js';
import type { EpcisEvent } from '../epcis/epcis.model.js';
import { parseIdentifier } from '../gs1/index.js';
import { AUTO_PROFILE } from './auto.profile.js';
import { coldChainFindings, PHARMA_PROFILE, storageRange } from './pharma.profile.js';
import type { Industry, IndustryProfile, ProfileFinding, ProfileProduct } from './profile.model.js';
import { isRecord } from './profile-values.js';
import { inspectSteelCertificate, STEEL_PROFILE, type CertificateInspection } from './steel.profile.js';

const PROFILES: ReadonlyMap<Industry, IndustryProfile> = new Map([
  ['pharma', PHARMA_PROFILE],
  ['auto', AUTO_PROFILE],
  ['steel', STEEL_PROFILE],
]);

/** The profile of an industry; `other` has none. */
export function profileFor(industry: Industry): IndustryProfile | undefined {
  return PROFILES.get(industry);
}

function identifiersOf(event: EpcisEvent): string[] {
  const ids: string[] = [];
  const classes = (list: readonly { readonly epcClass: string }[] | undefined): void => {
    for (const q of list ?? []) ids.push(q.epcClass);
  };
  switch (event.type) {
    case 'ObjectEvent':
      ids.push(...(event.epcList ?? []));
      classes(event.quantityList);
      break;
    case 'TransactionEvent':
      ids.push(...(event.epcList ?? []), ...(event.parentID === undefined ? [] : [event.parentID]));
      classes(event.quantityList);
      break;
    case 'AggregationEvent':
    case 'AssociationEvent':
      ids.push(...(event.parentID === undefined ? [] : [event.parentID]), ...(event.childEPCs ?? []));
      classes(event.childQuantityList);
      break;
    case 'TransformationEvent':
      ids.push(...(event.inputEPCList ?? []), ...(event.outputEPCList ?? []));
      classes(event.inputQuantityList);
      classes(event.outputQuantityList);
      break;
  }
  return ids;
}

/** The distinct GTINs an event names (items, lots, classes, parents): the products whose profiles apply. */
export function gtinsOfEvent(event: EpcisEvent): string[] {
  const out = new Set<string>();
  for (const id of identifiersOf(event)) {
    const parsed = parseIdentifier(id);
    if (parsed.ok && parsed.value.primaryKey.ai === '01') out.add(parsed.value.primaryKey.value);
  }
  return [...out];
}

/**
 * Capture-time errors of one event: the profile of each registered product the event names runs on it
 * (a GTIN without master data has no profile). `products` is what the caller loaded for `gtinsOfEvent`.
 */
export function profileCaptureIssues(
  event: EpcisEvent,
  pointer: string,
  products: ReadonlyMap<string, ProfileProduct | null>,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const gtin of gtinsOfEvent(event)) {
    const product = products.get(gtin);
    if (product === undefined || product === null) continue;
    for (const issue of profileFor(product.industry)?.captureIssues({ event, pointer, product }) ?? []) {
      const key = `${issue.pointer}\u0000${issue.code}`;
      if (seen.has(key)) continue;
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

/** An event as the read side holds it: the EPCIS JSON and a reference (hash ID). */
export interface RecordedEvent {
  readonly event: unknown;
  readonly ref?: string;
}

function ilmdOf(event: unknown): unknown {
  return isRecord(event) ? event['ilmd'] : undefined;
}

function timeOf(event: unknown): string | undefined {
  return isRecord(event) && typeof event['eventTime'] === 'string' ? event['eventTime'] : undefined;
}

/** Every distinct inspection certificate the events carry, read against its grade. */
export function certificateInspections(
  events: readonly RecordedEvent[],
  product: ProfileProduct | null | undefined,
): CertificateInspection[] {
  const out: CertificateInspection[] = [];
  const seen = new Set<string>();
  for (const { event, ref } of events) {
    const eventTime = timeOf(event);
    const inspection = inspectSteelCertificate(ilmdOf(event), product, {
      ...(eventTime === undefined ? {} : { eventTime }),
      ...(ref === undefined ? {} : { eventRef: ref }),
    });
    if (inspection === undefined) continue;
    const fingerprint = JSON.stringify([inspection.number, inspection.grade, inspection.values]);
    if (seen.has(fingerprint)) continue;
    seen.add(fingerprint);
    out.push(inspection);
  }
  return out;
}

/**
 * The profile findings of one object, derived from its recorded events and its product's master data:
 * cold-chain excursions against the storage range (the lot's ilmd first, then master data) and
 * certificate values outside their grade's limits. Deterministic: same events, same findings.
 */
export function profileFindings(events: readonly RecordedEvent[], product: ProfileProduct | null | undefined): ProfileFinding[] {
  const ilmdRange = events.map((e) => storageRange(ilmdOf(e.event), null)).find((r) => r !== undefined);
  const range = ilmdRange ?? storageRange(undefined, product?.industry === 'pharma' ? product : null);
  const cold = range === undefined ? [] : coldChainFindings(events, range);
  const certificates = certificateInspections(events, product).flatMap((c) => c.findings);
  return [...cold, ...certificates].sort((a, b) => (a.eventTime ?? '').localeCompare(b.eventTime ?? '') || a.field.localeCompare(b.field));
}
