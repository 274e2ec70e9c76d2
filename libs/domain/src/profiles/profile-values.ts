import type { JsonValue } from '../epcis/epcis.model.js';

/** A JSON object (not an array, not null). */
export type JsonRecord = { readonly [key: string]: JsonValue };

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `cbvmda:lotNumber`, `urn:epcglobal:cbv:mda:lotNumber`, `https://…/mda#lotNumber` → `lotNumber`. */
export function localName(key: string): string {
  return key.slice(Math.max(key.lastIndexOf(':'), key.lastIndexOf('/'), key.lastIndexOf('#')) + 1);
}

/**
 * The entry of `record` whose key has this local name. Extension keys may be written with any prefix
 * the document's @context declares, or as full URIs, so the local name is what identifies a field.
 */
export function entryByLocalName(record: unknown, name: string): readonly [string, JsonValue] | undefined {
  if (!isRecord(record)) return undefined;
  for (const entry of Object.entries(record)) if (localName(entry[0]) === name) return entry;
  return undefined;
}

export function numberByLocalName(record: unknown, name: string): number | undefined {
  const v = entryByLocalName(record, name)?.[1];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function stringByLocalName(record: unknown, name: string): string | undefined {
  const v = entryByLocalName(record, name)?.[1];
  return typeof v === 'string' ? v : undefined;
}

/** A calendar date `YYYY-MM-DD` that exists (no 30 February). */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}
