import {
  canonicalObjectId,
  coldChainFindings,
  inspectSteelCertificate,
  normaliseCbv,
  parseIdentifier,
  storageRange,
  temperatureReadings,
  type Bound,
  type CertificateInspection,
} from '@lotledger/domain';
import type { GenealogyEdge, JsonValue, Location, Organisation, Product, StoredEvent, StoredObject } from '@lotledger/store';
import type { VerificationOutcome } from './ledger-verification.js';
import { publicEvent, publicPlaceName, type JsonObject, type PublicPlaces } from './public-event.projection.js';

/** Everything the provenance service gathered for one identified object (the view is built from this alone). */
export interface ProvenanceFacts {
  /** Canonical id on https://id.gs1.org (no query string). */
  readonly id: string;
  readonly object: StoredObject | null;
  /** The lot of a serialised item, when the item's commissioning names it (a lot recall covers its items). */
  readonly lotObject: StoredObject | null;
  readonly product: Product | null;
  readonly manufacturer: Organisation | null;
  readonly location: Location | null;
  readonly events: readonly { readonly stored: StoredEvent; readonly verification: VerificationOutcome }[];
  readonly edges: readonly GenealogyEdge[];
  readonly places: PublicPlaces;
}

export interface TimelineStep {
  readonly time: string;
  readonly when: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly verification: VerificationOutcome;
}

export interface CertificateRow {
  readonly label: string;
  readonly value: string;
  /** The grade's limit for this value ("≥ 355", "≤ 0.20"), when the steel profile knows the grade. */
  readonly limit?: string;
  /** Whether the value meets the grade's limit (the steel profile's check). */
  readonly spec?: 'within' | 'outside';
}

export interface CertificateDocument {
  readonly title: string;
  readonly rows: readonly CertificateRow[];
  /** The grade and standard the values were checked against, e.g. "S355J2 (EN 10025-2:2019)". */
  readonly checkedAgainst?: string;
  /** Plain-language out-of-spec findings of the steel profile. */
  readonly outOfSpec: readonly string[];
}

export interface ColdChain {
  readonly status: 'within-limits' | 'excursion' | 'recorded' | 'no-readings';
  readonly limits: { readonly min: number; readonly max: number } | undefined;
  readonly readings: readonly { readonly when: string; readonly min: number; readonly max: number }[];
  /** Each excursion the pharma profile found: when, and what happened, in plain language. */
  readonly excursions: readonly { readonly when: string; readonly message: string }[];
}

export interface LedgerSummary {
  readonly total: number;
  readonly verified: number;
  /** The newest verified step's anchoring transaction. */
  readonly latest: { readonly txId: string; readonly blockNumber: number | null } | undefined;
  /** Plain-language reasons for the steps that are not verified (distinct). */
  readonly problems: readonly string[];
}

export interface Alert {
  readonly kind: 'recall' | 'quarantine';
  readonly reason: string;
  readonly since: string | undefined;
  readonly scope: string;
}

/** What a consumer sees of one object: no commercial data by construction (built from public events only). */
export interface ConsumerView {
  readonly id: string;
  readonly title: string;
  readonly keyLabel: string;
  readonly manufacturer: string | undefined;
  readonly imageUrl: string | undefined;
  readonly facts: readonly { readonly label: string; readonly value: string }[];
  readonly alert: Alert | undefined;
  readonly origin: {
    readonly made: string | undefined;
    readonly place: string | undefined;
    readonly lot: string | undefined;
    readonly expiry: string | undefined;
  };
  readonly timeline: readonly TimelineStep[];
  readonly certificateLinks: readonly string[];
  readonly certificates: readonly CertificateDocument[];
  readonly coldChain: ColdChain;
  readonly ledger: LedgerSummary;
  readonly publicEvents: readonly JsonObject[];
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function offsetMinutes(offset: string): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (m === null) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** "2 March 2026, 08:15 (UTC+01:00)" in the event's own time zone. */
export function formatWhen(time: string, offset = '+00:00'): string {
  const epoch = Date.parse(time);
  if (Number.isNaN(epoch)) return time;
  const local = new Date(epoch + offsetMinutes(offset) * 60_000);
  const hh = String(local.getUTCHours()).padStart(2, '0');
  const mm = String(local.getUTCMinutes()).padStart(2, '0');
  return `${String(local.getUTCDate())} ${MONTHS[local.getUTCMonth()] ?? ''} ${String(local.getUTCFullYear())}, ${hh}:${mm} (UTC${offset === 'Z' ? '+00:00' : offset})`;
}

/** "29 February 2028" for an ISO date. */
export function formatDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (m === null) return date;
  return `${String(Number(m[3]))} ${MONTHS[Number(m[2]) - 1] ?? ''} ${m[1] ?? ''}`;
}

/** A person-readable name for an identifier: "shipping case 095201230000047115", "lot H26-40718", "item PX7K2M4Q9A". */
export function idLabel(id: string): string {
  const parsed = parseIdentifier(id);
  if (!parsed.ok) return id;
  const q = (ai: string): string | undefined => parsed.value.qualifiers.find((e) => e.ai === ai)?.value;
  switch (parsed.value.kind) {
    case 'sscc':
      return `shipping case ${parsed.value.primaryKey.value}`;
    case 'lgtin':
      return `lot ${q('10') ?? ''}`;
    case 'sgtin':
      return `item ${q('21') ?? ''}`;
    case 'gtin':
      return `product ${parsed.value.primaryKey.value}`;
    case 'sgln':
      return `location ${parsed.value.primaryKey.value}`;
    default:
      return `${parsed.value.kind.toUpperCase()} ${parsed.value.primaryKey.value}`;
  }
}

function keyLabel(id: string): string {
  const parsed = parseIdentifier(id);
  if (!parsed.ok) return id;
  const names: Readonly<Record<string, string>> = {
    '01': 'GTIN',
    '00': 'SSCC',
    '414': 'GLN',
    '10': 'lot',
    '21': 'serial',
    '22': 'variant',
    '254': 'extension',
  };
  return [parsed.value.primaryKey, ...parsed.value.qualifiers].map((e) => `${names[e.ai] ?? `(${e.ai})`} ${e.value}`).join(' · ');
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON array as JSON values (Array.isArray alone narrows to any[]). */
function list(value: JsonValue | undefined): readonly JsonValue[] {
  return Array.isArray(value) ? (value as readonly JsonValue[]) : [];
}

function text(value: JsonValue | undefined, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

function localName(key: string): string {
  return key.slice(Math.max(key.lastIndexOf(':'), key.lastIndexOf('/'), key.lastIndexOf('#')) + 1);
}

/** The first value under a key whose local name is `name`, at any depth. */
function findLocal(value: JsonValue | undefined, name: string): JsonValue | undefined {
  if (Array.isArray(value)) {
    for (const v of value as readonly JsonValue[]) {
      const found = findLocal(v, name);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isObject(value)) return undefined;
  for (const [k, v] of Object.entries(value)) if (localName(k) === name) return v;
  for (const v of Object.values(value)) {
    const found = findLocal(v, name);
    if (found !== undefined) return found;
  }
  return undefined;
}

function ids(event: JsonObject, field: string): string[] {
  return list(event[field])
    .filter((x): x is string => typeof x === 'string')
    .map(canonicalObjectId);
}

function classes(event: JsonObject, field: string): string[] {
  return list(event[field]).flatMap((q) => (isObject(q) && typeof q['epcClass'] === 'string' ? [canonicalObjectId(q['epcClass'])] : []));
}

function humanise(word: string): string {
  const spaced = localName(word)
    .replace(/^BizStep-|^Disp-/, '')
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

const UNIT_SUFFIXES: readonly (readonly [RegExp, string])[] = [
  [/MPa$/, ' (MPa)'],
  [/Percent$/, ' (%)'],
  [/Kg$/, ' (kg)'],
  [/Mm$/, ' (mm)'],
  [/Celsius$/, ' (°C)'],
  [/J$/, ' (J)'],
];

/** "yieldStrengthMPa" → "Yield strength (MPa)". */
export function fieldLabel(key: string): string {
  let name = localName(key);
  let unit = '';
  for (const [re, u] of UNIT_SUFFIXES) {
    if (re.test(name) && name.replace(re, '') !== '') {
      name = name.replace(re, '');
      unit = u;
      break;
    }
  }
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ');
  // Short all-caps names (chemical elements, CEV) keep their case.
  const text = /^[A-Z][A-Za-z]?$|^[A-Z]{2,4}$/.test(name) ? name : words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
  return text + unit;
}

function valueText(value: JsonValue): string {
  if (value === null) return '';
  if (typeof value !== 'object') return String(value);
  if (isObject(value))
    return Object.entries(value)
      .map(([k, v]) => `${fieldLabel(k)} ${valueText(v)}`)
      .join(' · ');
  return list(value).map(valueText).join(', ');
}

function limitText(bound: Bound | undefined): string | undefined {
  if (bound === undefined) return undefined;
  if (bound.min !== undefined && bound.max !== undefined) return `${String(bound.min)}–${String(bound.max)}`;
  if (bound.min !== undefined) return `≥ ${String(bound.min)}`;
  return bound.max === undefined ? undefined : `≤ ${String(bound.max)}`;
}

/** A row's limit and verdict from the steel profile's reading of the same certificate. */
function specOf(key: string, value: JsonValue, inspection: CertificateInspection | undefined): Pick<CertificateRow, 'limit' | 'spec'> {
  if (inspection?.standard === undefined) return {};
  if (isObject(value)) {
    // The chemistry: one row, limits per element.
    const checked = inspection.values.filter((v) => Object.hasOwn(value, v.key) && v.withinSpec !== undefined);
    if (checked.length === 0) return {};
    return {
      limit: checked.map((v) => `${v.label} ${limitText(v.limit) ?? ''}`).join(' · '),
      spec: checked.some((v) => v.withinSpec === false) ? 'outside' : 'within',
    };
  }
  const checked = inspection.values.find((v) => v.key === key);
  if (checked?.withinSpec === undefined) return {};
  const limit = limitText(checked.limit);
  return { ...(limit === undefined ? {} : { limit }), spec: checked.withinSpec ? 'within' : 'outside' };
}

function certificateDocuments(events: readonly JsonObject[], product: Product | null): CertificateDocument[] {
  const docs: CertificateDocument[] = [];
  const seen = new Set<string>();
  for (const event of events) {
    const ilmd = event['ilmd'];
    if (!isObject(ilmd)) continue;
    for (const [key, value] of Object.entries(ilmd)) {
      if (!/inspectionDocument|certificate/i.test(localName(key)) || !isObject(value)) continue;
      const typeEntry = Object.entries(value).find(([k]) => localName(k) === 'type');
      const numberEntry = Object.entries(value).find(([k]) => localName(k) === 'number');
      const fingerprint = JSON.stringify(value);
      if (seen.has(fingerprint)) continue;
      seen.add(fingerprint);
      const type = typeof typeEntry?.[1] === 'string' ? typeEntry[1] : 'Inspection';
      // Public facts only: the certificate as published on the page, read against its grade's limits.
      const inspection = localName(key) === 'inspectionDocument' ? inspectSteelCertificate(ilmd, product) : undefined;
      docs.push({
        title: `${type} inspection certificate${typeof numberEntry?.[1] === 'string' ? ` no. ${numberEntry[1]}` : ''}`,
        rows: Object.entries(value)
          .filter(([k]) => localName(k) !== 'type' && localName(k) !== 'number')
          .map(([k, v]) => ({ label: fieldLabel(k), value: valueText(v), ...specOf(k, v, inspection) })),
        ...(inspection?.standard === undefined || inspection.grade === undefined
          ? {}
          : { checkedAgainst: `${inspection.grade} (${inspection.standard})` }),
        outOfSpec: inspection?.findings.map((f) => f.message) ?? [],
      });
    }
  }
  return docs;
}

function coldChain(events: readonly JsonObject[], product: Product | null): ColdChain {
  // The pharma profile's rules: the lot's ilmd range first, else the product's registered storage range.
  const ilmdRange = events.map((e) => storageRange(e['ilmd'], null)).find((r) => r !== undefined);
  const range = ilmdRange ?? (product?.industry === 'pharma' ? storageRange(undefined, product) : undefined);
  const limits = range === undefined ? undefined : { min: range.minCelsius, max: range.maxCelsius };
  const readings: { when: string; min: number; max: number }[] = [];
  const excursions: { when: string; message: string }[] = [];
  for (const event of events) {
    const when = formatWhen(text(event['eventTime']), text(event['eventTimeZoneOffset'], '+00:00'));
    for (const r of temperatureReadings(event)) readings.push({ when, min: r.minCelsius, max: r.maxCelsius });
    if (range !== undefined) for (const f of coldChainFindings([{ event }], range)) excursions.push({ when, message: f.message });
  }
  if (readings.length === 0) return { status: 'no-readings', limits, readings, excursions };
  if (limits === undefined) return { status: 'recorded', limits, readings, excursions };
  return { status: excursions.length > 0 ? 'excursion' : 'within-limits', limits, readings, excursions };
}

function placeOf(event: JsonObject, places: PublicPlaces): string | undefined {
  const loc = event['bizLocation'];
  return isObject(loc) && typeof loc['id'] === 'string' ? publicPlaceName(loc['id'], places) : undefined;
}

function listPlace(event: JsonObject, field: 'sourceList' | 'destinationList', places: PublicPlaces): string | undefined {
  for (const entry of list(event[field])) {
    const id = isObject(entry) ? (entry['source'] ?? entry['destination']) : undefined;
    if (typeof id === 'string') return publicPlaceName(id, places);
  }
  return undefined;
}

type Described = { title: string; detail: string | undefined };

function joined(...parts: (string | undefined)[]): string | undefined {
  const t = parts.filter((p): p is string => p !== undefined && p !== '').join(', ');
  return t === '' ? undefined : t.charAt(0).toUpperCase() + t.slice(1);
}

function describeTransformation(event: JsonObject, id: string, step: string | undefined, at: string | undefined): Described {
  const inputs = [...ids(event, 'inputEPCList'), ...classes(event, 'inputQuantityList')];
  const outputs = [...ids(event, 'outputEPCList'), ...classes(event, 'outputQuantityList')];
  const how = step === undefined ? undefined : humanise(step).toLowerCase();
  if (inputs.includes(id)) return { title: `Transformed into ${outputs.map(idLabel).join(', ')}`, detail: joined(how, at) };
  return { title: 'Made', detail: joined(inputs.length > 0 ? `from ${inputs.map(idLabel).join(', ')}` : undefined, how, at) };
}

function describeAggregation(event: JsonObject, id: string, at: string | undefined): Described {
  const parent = typeof event['parentID'] === 'string' ? canonicalObjectId(event['parentID']) : undefined;
  const children = ids(event, 'childEPCs');
  const removed = event['action'] === 'DELETE';
  if (parent === id)
    return {
      title: removed ? 'Unpacked' : `Packed with ${String(children.length)} item${children.length === 1 ? '' : 's'}`,
      detail: joined(at),
    };
  const container = parent === undefined ? 'its case' : idLabel(parent);
  return { title: removed ? `Unpacked from ${container}` : `Packed into ${container}`, detail: joined(at) };
}

const STEP_TITLES: Readonly<Record<string, string>> = {
  commissioning: 'Made',
  receiving: 'Received',
  arriving: 'Received',
  accepting: 'Received',
  sensor_reporting: 'Conditions recorded in transit',
  decommissioning: 'Taken out of circulation',
  destroying: 'Taken out of circulation',
  retail_selling: 'Handed to a customer',
  dispensing: 'Handed to a customer',
};

/** One step in plain language, relative to the object the page is about. */
function describe(event: JsonObject, id: string, places: PublicPlaces): Described {
  const raw = text(event['bizStep']);
  const bizStep = raw === '' ? undefined : (normaliseCbv('bizStep', raw)?.bareWord ?? raw);
  const place = placeOf(event, places);
  const at = place === undefined ? undefined : `at ${place}`;
  const epcs = ids(event, 'epcList');
  const carrier = epcs.length > 0 && !epcs.includes(id) ? `in ${idLabel(epcs[0] ?? '')}` : undefined;
  if (event['type'] === 'TransformationEvent') return describeTransformation(event, id, bizStep, at);
  if (event['type'] === 'AggregationEvent') return describeAggregation(event, id, at);
  if (bizStep === 'shipping' || bizStep === 'departing') {
    const from = listPlace(event, 'sourceList', places) ?? place;
    const to = listPlace(event, 'destinationList', places);
    return { title: `Shipped${from === undefined ? '' : ` from ${from}`}${to === undefined ? '' : ` to ${to}`}`, detail: joined(carrier) };
  }
  const title = bizStep === undefined ? 'Recorded' : (STEP_TITLES[bizStep] ?? humanise(bizStep));
  return { title, detail: title === 'Conditions recorded in transit' ? joined(carrier) : joined(at, carrier) };
}

function holdOf(object: StoredObject | null): { kind: 'recall' | 'quarantine'; reason: string; since: string | undefined } | undefined {
  if (object === null) return undefined;
  const holds = Array.isArray(object.holds) ? (object.holds as readonly JsonValue[]).filter(isObject) : [];
  for (const kind of ['recall', 'quarantine'] as const) {
    const hold = holds.find((h) => h['kind'] === kind);
    if (hold !== undefined)
      return {
        kind,
        reason: typeof hold['reason'] === 'string' ? hold['reason'] : '',
        since: typeof hold['since'] === 'string' ? hold['since'] : undefined,
      };
    if (object.status === (kind === 'recall' ? 'recalled' : 'quarantined')) return { kind, reason: '', since: undefined };
  }
  return undefined;
}

function publicFacts(product: Product | null): { label: string; value: string }[] {
  if (product === null) return [];
  return Object.entries(product.publicAttributes)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
    .map(([k, v]) => ({ label: fieldLabel(k), value: String(v as string | number) }));
}

function titleOf(facts: ProvenanceFacts): string {
  if (facts.product !== null) return facts.product.name;
  if (facts.location !== null) return facts.location.name;
  const label = idLabel(facts.id);
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** Builds the consumer's view. Pure: the same facts give the same view. */
export function consumerView(facts: ProvenanceFacts): ConsumerView {
  const sorted = [...facts.events].sort(
    (a, b) => Date.parse(a.stored.eventTime) - Date.parse(b.stored.eventTime) || a.stored.hashId.localeCompare(b.stored.hashId),
  );
  const publicEvents = sorted.map((e) => publicEvent(e.stored.event, e.stored.hashId, facts.places));
  const timeline: TimelineStep[] = sorted.map((e, i) => {
    const event = publicEvents[i] ?? {};
    const { title, detail } = describe(event, facts.id, facts.places);
    return {
      time: e.stored.eventTime,
      when: formatWhen(text(event['eventTime'], e.stored.eventTime), e.stored.eventTimeZoneOffset),
      title,
      detail,
      verification: e.verification,
    };
  });
  const madeIndex = timeline.findIndex((s) => s.title === 'Made');
  const madeEvent = madeIndex < 0 ? undefined : publicEvents[madeIndex];
  const lotQualifier = parseIdentifier(facts.id);
  const lotFromId = lotQualifier.ok ? lotQualifier.value.qualifiers.find((q) => q.ai === '10')?.value : undefined;
  const lotValue = findLocal(madeEvent?.['ilmd'], 'lotNumber');
  const expiry = findLocal(madeEvent?.['ilmd'], 'itemExpirationDate');
  const verified = facts.events.filter((e) => e.verification.verified);
  const newest = [...sorted].reverse().find((e) => e.verification.verified)?.verification;
  const problems = [...new Set(facts.events.flatMap((e) => (e.verification.verified ? [] : [e.verification.detail])))];
  const ownHold = holdOf(facts.object);
  const lotHold = holdOf(facts.lotObject);
  const hold = ownHold ?? lotHold;
  const lot = lotFromId ?? (typeof lotValue === 'string' ? lotValue : undefined);
  const certificateLinks = [
    ...new Set(
      publicEvents.flatMap((e) =>
        typeof e['certificationInfo'] === 'string'
          ? [e['certificationInfo']]
          : list(e['certificationInfo']).filter((c): c is string => typeof c === 'string'),
      ),
    ),
  ];
  return {
    id: facts.id,
    title: titleOf(facts),
    keyLabel: keyLabel(facts.id),
    manufacturer: facts.manufacturer?.name,
    imageUrl: facts.product?.imageUrl ?? undefined,
    facts: publicFacts(facts.product),
    alert:
      hold === undefined
        ? undefined
        : { ...hold, scope: ownHold !== undefined ? `this ${idLabel(facts.id).split(' ')[0] ?? 'product'}` : `lot ${lot ?? ''}` },
    origin: {
      made: madeIndex < 0 ? undefined : timeline[madeIndex]?.when,
      place: madeEvent === undefined ? undefined : placeOf(madeEvent, facts.places),
      lot,
      expiry: typeof expiry === 'string' ? formatDate(expiry) : undefined,
    },
    timeline,
    certificateLinks,
    certificates: certificateDocuments(publicEvents, facts.product),
    coldChain: coldChain(publicEvents, facts.product),
    ledger: {
      total: facts.events.length,
      verified: verified.length,
      latest: newest?.verified === true ? { txId: newest.txId, blockNumber: newest.blockNumber } : undefined,
      problems,
    },
    publicEvents,
  };
}
