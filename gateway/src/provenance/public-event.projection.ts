import { canonicalObjectId, normaliseCbv } from '@lotledger/domain';
import type { JsonValue } from '@lotledger/store';

export type JsonObject = { readonly [key: string]: JsonValue };

/** Public names of registered locations, by canonical id (`https://id.gs1.org/414/<gln>[/254/<ext>]`). */
export type PublicPlaces = ReadonlyMap<string, string>;

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: JsonValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The site-level id (GLN without extension) of a location id, for a registry lookup. */
function siteOf(id: string): string {
  const i = id.indexOf('/254/');
  return i < 0 ? id : id.slice(0, i);
}

/** The public name of a location id in any spelling, or undefined when it is not a registered public place. */
export function publicPlaceName(id: string, places: PublicPlaces): string | undefined {
  const canonical = canonicalObjectId(id);
  return places.get(canonical) ?? places.get(siteOf(canonical));
}

// Keys (local names) in ilmd that carry commercial data: removed at any depth.
const COMMERCIAL_KEY = /(price|cost|weight|quantit|amount|invoice|order|customer|contract|margin|discount|currency)/i;

function localName(key: string): string {
  const colon = key.lastIndexOf(':');
  const slash = key.lastIndexOf('/');
  return key.slice(Math.max(colon, slash) + 1);
}

function withoutCommercial(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return (value as readonly JsonValue[]).map(withoutCommercial);
  if (!isObject(value)) return value;
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(value)) if (!COMMERCIAL_KEY.test(localName(k))) out[k] = withoutCommercial(v);
  return out;
}

function classesOnly(list: JsonValue | undefined): JsonValue[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const out: JsonValue[] = [];
  for (const q of list as readonly JsonValue[]) if (isObject(q) && typeof q['epcClass'] === 'string') out.push({ epcClass: q['epcClass'] });
  return out;
}

function publicLocations(list: JsonValue | undefined, field: 'source' | 'destination', places: PublicPlaces): JsonValue[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const out: JsonValue[] = [];
  for (const entry of list as readonly JsonValue[]) {
    if (!isObject(entry) || typeof entry['type'] !== 'string' || typeof entry[field] !== 'string') continue;
    const type = normaliseCbv('sourceDestType', entry['type']);
    // Owning and possessing parties are who trades with whom: never public. Registered places are.
    if (type?.bareWord !== 'location') continue;
    if (publicPlaceName(entry[field], places) !== undefined) out.push({ type: entry['type'], [field]: entry[field] });
  }
  return out.length > 0 ? out : undefined;
}

const SENSOR_REPORT_FIELDS = ['type', 'value', 'minValue', 'maxValue', 'meanValue', 'uom', 'time'] as const;

function publicSensors(list: JsonValue | undefined): JsonValue[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const out: JsonValue[] = [];
  for (const element of list as readonly JsonValue[]) {
    if (!isObject(element)) continue;
    const reports: JsonValue[] = [];
    for (const report of strictArray(element['sensorReport'])) {
      if (!isObject(report)) continue;
      const r: Record<string, JsonValue> = {};
      for (const f of SENSOR_REPORT_FIELDS) if (report[f] !== undefined) r[f] = report[f];
      reports.push(r);
    }
    const meta = element['sensorMetadata'];
    const metadata: Record<string, JsonValue> = {};
    // Device ids and processing methods are internal; the period the readings cover is not.
    if (isObject(meta)) for (const f of ['startTime', 'endTime', 'time'] as const) if (typeof meta[f] === 'string') metadata[f] = meta[f];
    out.push(Object.keys(metadata).length > 0 ? { sensorMetadata: metadata, sensorReport: reports } : { sensorReport: reports });
  }
  return out;
}

function strictArray(value: JsonValue | undefined): readonly JsonValue[] {
  return Array.isArray(value) ? (value as readonly JsonValue[]) : [];
}

/**
 * THE public projection of an EPCIS event: what a consumer (anyone without a token) may see.
 * A whitelist, so a field nobody thought of stays out: what happened, when, to which identified
 * objects, at which registered public place, the lot master data (ilmd) without commercial keys,
 * certificates and sensor readings. Never: bizTransactionList, owning/possessing parties,
 * quantities and units, readPoint (internal), device ids, or any extension field.
 */
export function publicEvent(event: JsonValue, hashId: string, places: PublicPlaces): JsonObject {
  if (!isObject(event)) return { eventID: hashId };
  const out: Record<string, JsonValue> = {};
  for (const f of ['type', 'eventTime', 'eventTimeZoneOffset', 'action', 'bizStep', 'disposition'] as const) {
    if (typeof event[f] === 'string') out[f] = event[f];
  }
  out['eventID'] = typeof event['eventID'] === 'string' ? event['eventID'] : hashId;
  if (isObject(event['persistentDisposition'])) {
    const pd = event['persistentDisposition'];
    out['persistentDisposition'] = {
      ...(pd['set'] === undefined ? {} : { set: strings(pd['set']) }),
      ...(pd['unset'] === undefined ? {} : { unset: strings(pd['unset']) }),
    };
  }
  for (const f of ['epcList', 'childEPCs', 'inputEPCList', 'outputEPCList'] as const)
    if (Array.isArray(event[f])) out[f] = strings(event[f]);
  if (typeof event['parentID'] === 'string') out['parentID'] = event['parentID'];
  for (const f of ['quantityList', 'childQuantityList', 'inputQuantityList', 'outputQuantityList'] as const) {
    const classes = classesOnly(event[f]);
    if (classes !== undefined) out[f] = classes;
  }
  const bizLocation = event['bizLocation'];
  if (isObject(bizLocation) && typeof bizLocation['id'] === 'string' && publicPlaceName(bizLocation['id'], places) !== undefined)
    out['bizLocation'] = { id: bizLocation['id'] };
  const sources = publicLocations(event['sourceList'], 'source', places);
  if (sources !== undefined) out['sourceList'] = sources;
  const destinations = publicLocations(event['destinationList'], 'destination', places);
  if (destinations !== undefined) out['destinationList'] = destinations;
  const cert = event['certificationInfo'];
  if (typeof cert === 'string') out['certificationInfo'] = cert;
  else if (Array.isArray(cert)) out['certificationInfo'] = strings(cert);
  if (isObject(event['ilmd'])) out['ilmd'] = withoutCommercial(event['ilmd']);
  const sensors = publicSensors(event['sensorElementList']);
  if (sensors !== undefined) out['sensorElementList'] = sensors;
  return out;
}
