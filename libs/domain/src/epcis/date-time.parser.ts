/**
 * RFC 3339 `date-time` with a mandatory offset, as EPCIS 2.0 requires for eventTime, recordTime,
 * declarationTime and sensor times (xsd:dateTimeStamp: upper-case `T` and `Z`, offsets within ±14:00,
 * no leap second 60 since xsd does not allow it).
 */
export interface ParsedDateTime {
  /** Milliseconds since the Unix epoch (fractions below a millisecond are truncated). */
  readonly epochMs: number;
  /** The offset as written: `Z` or `±hh:mm`. */
  readonly offset: string;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|([+-])(\d{2}):(\d{2}))$/;
const TIME_ZONE_OFFSET = /^[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00)$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The instants a date-time may name: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z in UTC. RFC 3339
 * allows year 0000, and an offset can push year 0001 or 9999 across the edge, but an instant outside
 * these years has no four-digit ISO 8601 form and PostgreSQL refuses it: accepted here, such an event
 * failed only when stored (a 503 for what is the client's mistake).
 */
const MIN_EPOCH_MS = -62_135_596_800_000;
const MAX_EPOCH_MS = 253_402_300_799_999;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Parses an RFC 3339 date-time with offset; undefined when the text or any field is out of range. */
export function parseDateTime(text: string): ParsedDateTime | undefined {
  const m = DATE_TIME.exec(text);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (month < 1 || month > 12 || day < 1) return undefined;
  const daysInMonth = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (day > daysInMonth || hour > 23 || minute > 59 || second > 59) return undefined;
  const offset = m[8] ?? 'Z';
  let offsetMinutes = 0;
  if (offset !== 'Z') {
    const offsetHours = Number(m[10]);
    const offsetMins = Number(m[11]);
    if (offsetMins > 59 || offsetHours > 14 || (offsetHours === 14 && offsetMins !== 0)) return undefined;
    offsetMinutes = (offsetHours * 60 + offsetMins) * (m[9] === '-' ? -1 : 1);
  }
  const fraction = m[7] ?? '';
  const millis = fraction === '' ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  const seconds = daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
  const epochMs = seconds * 1000 + millis - offsetMinutes * 60_000;
  if (epochMs < MIN_EPOCH_MS || epochMs > MAX_EPOCH_MS) return undefined;
  return { epochMs, offset };
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil): plain
 * arithmetic instead of a Date object, since this runs for every event.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** True for an EPCIS eventTimeZoneOffset: `±hh:mm` between -14:00 and +14:00. */
export function isTimeZoneOffset(text: string): boolean {
  return TIME_ZONE_OFFSET.test(text);
}
