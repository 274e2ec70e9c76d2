import { normaliseCbv } from '../cbv/index.js';
import type { ValidationIssue } from '../errors/validation-issue.js';
import { pointerJoin } from '../errors/validation-issue.js';
import type { EpcisEvent, JsonValue } from '../epcis/epcis.model.js';
import { aiDefinition, aiValueIssue, parseIdentifier } from '../gs1/index.js';
import type { IndustryProfile, ProfileCheckInput, ProfileFinding, ProfileProduct } from './profile.model.js';
import { entryByLocalName, isCalendarDate, isRecord, localName, numberByLocalName, stringByLocalName } from './profile-values.js';

/**
 * Pharma: the product identifier is GTIN + serial + lot + expiry (EU FMD / DSCSA), so commissioning
 * a serialised pack must carry the lot (`cbvmda:lotNumber`) and the expiry (`cbvmda:itemExpirationDate`)
 * in ilmd; cold-chain readings are checked against the storage range; packs are verified (GTIN,
 * serial, lot, expiry) before they are dispensed.
 */

export function bizStepWord(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const term = normaliseCbv('bizStep', value);
  return term?.bareWord ?? value;
}

/** SGTINs of this GTIN in an event's epcList, with their index. */
function serialisedOf(event: EpcisEvent, gtin: string): { index: number; serial: string }[] {
  if (event.type !== 'ObjectEvent') return [];
  const out: { index: number; serial: string }[] = [];
  (event.epcList ?? []).forEach((epc, index) => {
    const parsed = parseIdentifier(epc);
    if (!parsed.ok || parsed.value.kind !== 'sgtin' || parsed.value.primaryKey.value !== gtin) return;
    const serial = parsed.value.qualifiers.find((q) => q.ai === '21')?.value;
    if (serial !== undefined) out.push({ index, serial });
  });
  return out;
}

const LOT_FORM = 'the lot number as ilmd `cbvmda:lotNumber`: 1–20 characters of GS1 character set 82 (GS1 AI 10)';
const EXPIRY_FORM = 'the expiry date as ilmd `cbvmda:itemExpirationDate`, a calendar date YYYY-MM-DD';

function commissioningIssues({ event, pointer, product }: ProfileCheckInput): ValidationIssue[] {
  if (event.type !== 'ObjectEvent' || event.action !== 'ADD' || bizStepWord(event.bizStep) !== 'commissioning') return [];
  const packs = serialisedOf(event, product.gtin);
  if (packs.length === 0) return [];
  const ilmd = event.ilmd;
  const issues: ValidationIssue[] = [];
  const what = `commissioning of ${String(packs.length)} serialised pack(s) of pharma product ${product.gtin}`;
  const lot = entryByLocalName(ilmd, 'lotNumber');
  if (lot === undefined)
    issues.push({
      pointer: pointerJoin(pointer, 'ilmd', 'cbvmda:lotNumber'),
      code: 'PHARMA_LOT_REQUIRED',
      message: `${what} carries no lot number`,
      expected: LOT_FORM,
    });
  else {
    const def = aiDefinition('10');
    const bad = typeof lot[1] !== 'string' ? true : def !== undefined && aiValueIssue(def, lot[1]) !== undefined;
    if (bad)
      issues.push({
        pointer: pointerJoin(pointer, 'ilmd', lot[0]),
        code: 'PHARMA_LOT_INVALID',
        message: `the lot number ${JSON.stringify(lot[1])} is not a valid GS1 lot number`,
        expected: LOT_FORM,
      });
  }
  const expiry = entryByLocalName(ilmd, 'itemExpirationDate');
  if (expiry === undefined)
    issues.push({
      pointer: pointerJoin(pointer, 'ilmd', 'cbvmda:itemExpirationDate'),
      code: 'PHARMA_EXPIRY_REQUIRED',
      message: `${what} carries no expiry date`,
      expected: EXPIRY_FORM,
    });
  else if (typeof expiry[1] !== 'string' || !isCalendarDate(expiry[1]))
    issues.push({
      pointer: pointerJoin(pointer, 'ilmd', expiry[0]),
      code: 'PHARMA_EXPIRY_INVALID',
      message: `the expiry date ${JSON.stringify(expiry[1])} is not a calendar date`,
      expected: EXPIRY_FORM,
    });
  return issues;
}

export const PHARMA_PROFILE: IndustryProfile = {
  industry: 'pharma',
  captureIssues: commissioningIssues,
};

// ---------------------------------------------------------------------------------------------
// Cold chain

export interface StorageRange {
  readonly minCelsius: number;
  readonly maxCelsius: number;
  /** Where the range comes from: the lot's ilmd or the product's master data. */
  readonly source: 'ilmd' | 'master-data';
}

function rangeOf(value: unknown): { min: number; max: number } | undefined {
  const min = numberByLocalName(value, 'minCelsius');
  const max = numberByLocalName(value, 'maxCelsius');
  return min !== undefined && max !== undefined && min <= max ? { min, max } : undefined;
}

// "Store at 2–8 °C", "2 - 8°C", "-25 to -15 °C": the label text many products register.
const RANGE_TEXT = /(-?\d+(?:\.\d+)?)\s*(?:–|—|-|to)\s*(-?\d+(?:\.\d+)?)\s*°\s*C\b/;

/**
 * The storage range of a lot: `lotledger:storageTemperatureRange` in the commissioning ilmd wins
 * (a lot-specific range); else the product's master data — a `storageTemperatureRange` object, or a
 * storage text such as "Store at 2–8 °C".
 */
export function storageRange(
  ilmd: unknown,
  product: Pick<ProfileProduct, 'publicAttributes'> | null | undefined,
): StorageRange | undefined {
  const fromIlmd = rangeOf(entryByLocalName(ilmd, 'storageTemperatureRange')?.[1]);
  if (fromIlmd !== undefined) return { minCelsius: fromIlmd.min, maxCelsius: fromIlmd.max, source: 'ilmd' };
  if (product === null || product === undefined) return undefined;
  const fromMaster = rangeOf(entryByLocalName(product.publicAttributes, 'storageTemperatureRange')?.[1]);
  if (fromMaster !== undefined) return { minCelsius: fromMaster.min, maxCelsius: fromMaster.max, source: 'master-data' };
  const text = stringByLocalName(product.publicAttributes, 'storage');
  const m = text === undefined ? null : RANGE_TEXT.exec(text);
  if (m === null) return undefined;
  const [min, max] = [Number(m[1]), Number(m[2])];
  return min <= max ? { minCelsius: min, maxCelsius: max, source: 'master-data' } : undefined;
}

export interface TemperatureReading {
  readonly minCelsius: number;
  readonly maxCelsius: number;
  readonly time: string | undefined;
  readonly deviceId: string | undefined;
}

function toCelsius(value: number, uom: string | undefined): number | undefined {
  // EPCIS 2.0 sensor reports use UN/ECE Rec 20 units; no unit is read as Celsius (the CBV default for temperature).
  if (uom === undefined || uom === 'CEL') return value;
  if (uom === 'FAH') return ((value - 32) * 5) / 9;
  if (uom === 'KEL') return value - 273.15;
  return undefined;
}

/** Temperature reports (`Temperature`, `gs1:MT-Temperature`) of an event's sensorElementList, in °C. */
export function temperatureReadings(event: unknown): TemperatureReading[] {
  if (!isRecord(event)) return [];
  const elements = event['sensorElementList'];
  if (!Array.isArray(elements)) return [];
  const out: TemperatureReading[] = [];
  for (const element of elements as readonly JsonValue[]) {
    if (!isRecord(element)) continue;
    const metadata = element['sensorMetadata'];
    const reports = element['sensorReport'];
    if (!Array.isArray(reports)) continue;
    for (const report of reports as readonly JsonValue[]) {
      if (!isRecord(report) || typeof report['type'] !== 'string') continue;
      if (!/^(MT-)?Temperature$/.test(localName(report['type']))) continue;
      const uom = typeof report['uom'] === 'string' ? report['uom'] : undefined;
      const num = (k: string): number | undefined => {
        const v = report[k];
        return typeof v === 'number' && Number.isFinite(v) ? toCelsius(v, uom) : undefined;
      };
      const value = num('value');
      const lo = num('minValue') ?? value;
      const hi = num('maxValue') ?? value;
      if (lo === undefined || hi === undefined) continue;
      const time =
        (typeof report['time'] === 'string' ? report['time'] : undefined) ??
        stringByLocalName(metadata, 'time') ??
        stringByLocalName(metadata, 'endTime') ??
        (typeof event['eventTime'] === 'string' ? event['eventTime'] : undefined);
      const deviceId = (typeof report['deviceID'] === 'string' ? report['deviceID'] : undefined) ?? stringByLocalName(metadata, 'deviceID');
      out.push({ minCelsius: Math.min(lo, hi), maxCelsius: Math.max(lo, hi), time, deviceId });
    }
  }
  return out;
}

const round = (n: number): number => Math.round(n * 100) / 100;

/**
 * Every reading outside the storage range is an excursion finding (one per bound crossed). The
 * readings themselves are valid data: an excursion is a fact to act on, never a reason to refuse.
 */
export function coldChainFindings(
  events: readonly { readonly event: unknown; readonly ref?: string }[],
  range: StorageRange,
): ProfileFinding[] {
  const findings: ProfileFinding[] = [];
  const source =
    range.source === 'ilmd' ? 'storage range in the lot master data (ilmd)' : "storage range in the product's registered master data";
  for (const { event, ref } of events) {
    const eventTime = isRecord(event) && typeof event['eventTime'] === 'string' ? event['eventTime'] : undefined;
    for (const r of temperatureReadings(event)) {
      const base = {
        code: 'COLD_CHAIN_EXCURSION' as const,
        industry: 'pharma' as const,
        field: 'temperature',
        limit: { min: range.minCelsius, max: range.maxCelsius },
        unit: 'CEL',
        source,
        eventTime: r.time ?? eventTime,
        eventRef: ref,
      };
      if (r.maxCelsius > range.maxCelsius)
        findings.push({
          ...base,
          observed: round(r.maxCelsius),
          message: `kept at up to ${String(round(r.maxCelsius))} °C, above the storage maximum of ${String(range.maxCelsius)} °C`,
        });
      if (r.minCelsius < range.minCelsius)
        findings.push({
          ...base,
          observed: round(r.minCelsius),
          message: `kept at down to ${String(round(r.minCelsius))} °C, below the storage minimum of ${String(range.minCelsius)} °C`,
        });
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// Verification service (EU FMD / DSCSA style): is this pack genuine, unexpired, not recalled, not dispensed?

export interface PackVerificationRequest {
  readonly gtin: string;
  readonly serial: string;
  /** GS1 AI 10 as scanned. */
  readonly lot: string | undefined;
  /** GS1 AI 17 as scanned: YYMMDD (DD `00` = last day of the month). */
  readonly expiry: string | undefined;
}

/** What the record says about the serial: from its commissioning and its current ledger state. */
export interface PackRecord {
  /** False when no commissioning of this serial is recorded. */
  readonly commissioned: boolean;
  readonly lot: string | undefined;
  /** YYYY-MM-DD from `cbvmda:itemExpirationDate`. */
  readonly expiry: string | undefined;
  /** The item's ledger status (`active`, `in_transit`, `dispensed`, `decommissioned`, …). */
  readonly status: string | undefined;
  /** The item or its lot is under a recall hold (or status `recalled`). */
  readonly recalled: boolean;
}

export type VerificationReason =
  | 'UNKNOWN_SERIAL'
  | 'LOT_REQUIRED'
  | 'EXPIRY_REQUIRED'
  | 'EXPIRY_INVALID'
  | 'LOT_MISMATCH'
  | 'EXPIRY_MISMATCH'
  | 'RECALLED'
  | 'ALREADY_DISPENSED'
  | 'DECOMMISSIONED'
  | 'EXPIRED';

export type PackVerification =
  | { readonly verified: true; readonly expiry: string }
  | { readonly verified: false; readonly reason: VerificationReason; readonly message: string };

/**
 * GS1 AI 17 (YYMMDD) → YYYY-MM-DD. The century follows GS1 General Specifications §7.12: the year is
 * taken within −49…+50 years of the current year. DD `00` means the last day of the month.
 */
export function gs1DateToIso(yymmdd: string, today: string): string | undefined {
  const m = /^(\d{2})(\d{2})(\d{2})$/.exec(yymmdd);
  const t = /^(\d{4})-/.exec(today);
  if (m === null || t === null) return undefined;
  const yy = Number(m[1]);
  const month = Number(m[2]);
  let day = Number(m[3]);
  const current = Number(t[1]);
  const diff = yy - (current % 100);
  const century = Math.floor(current / 100) + (diff >= 51 ? -1 : diff <= -50 ? 1 : 0);
  const year = century * 100 + yy;
  if (month < 1 || month > 12) return undefined;
  if (day === 0) day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isCalendarDate(iso) ? iso : undefined;
}

const TERMINAL: Readonly<Record<string, VerificationReason>> = {
  dispensed: 'ALREADY_DISPENSED',
  sold: 'ALREADY_DISPENSED',
  decommissioned: 'DECOMMISSIONED',
  destroyed: 'DECOMMISSIONED',
  consumed: 'DECOMMISSIONED',
};

function refuse(reason: VerificationReason, message: string): PackVerification {
  return { verified: false, reason, message };
}

/**
 * The verification decision. Order matters: an unknown serial or a mismatch means the scanned pack is
 * not the recorded one (possible falsification), so it is said first; then the recorded pack's state
 * (recalled, dispensed) and finally its shelf life. `today` is YYYY-MM-DD (the caller's clock).
 */
export function verifyPack(request: PackVerificationRequest, record: PackRecord, today: string): PackVerification {
  if (!record.commissioned)
    return refuse('UNKNOWN_SERIAL', `serial ${request.serial} of GTIN ${request.gtin} was never commissioned by its manufacturer`);
  if (request.lot === undefined) return refuse('LOT_REQUIRED', 'the lot (AI 10) printed on the pack is needed to verify it');
  if (request.expiry === undefined) return refuse('EXPIRY_REQUIRED', 'the expiry date (AI 17) printed on the pack is needed to verify it');
  const scannedExpiry = gs1DateToIso(request.expiry, today);
  if (scannedExpiry === undefined) return refuse('EXPIRY_INVALID', `the expiry ${request.expiry} is not a YYMMDD date`);
  if (record.lot !== request.lot)
    return refuse('LOT_MISMATCH', `the pack was commissioned in lot ${record.lot ?? '(none)'}, not in lot ${request.lot}`);
  if (record.expiry !== scannedExpiry)
    return refuse('EXPIRY_MISMATCH', `the pack was commissioned with expiry ${record.expiry ?? '(none)'}, not ${scannedExpiry}`);
  if (record.recalled) return refuse('RECALLED', 'the pack or its lot is recalled: do not dispense');
  const terminal = record.status === undefined ? undefined : TERMINAL[record.status];
  if (terminal === 'ALREADY_DISPENSED') return refuse(terminal, 'this serial was already dispensed: the pack in hand may be a copy');
  if (terminal !== undefined) return refuse(terminal, `this serial was taken out of circulation (${record.status ?? ''})`);
  if (scannedExpiry < today) return refuse('EXPIRED', `the pack expired on ${scannedExpiry}`);
  return { verified: true, expiry: scannedExpiry };
}
