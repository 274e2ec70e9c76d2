import { isAbsoluteUri, normaliseCbv, type CbvVocabulary } from '../cbv/index.js';
import { pointerJoin as escapedJoin, type ValidationIssue } from '../errors/validation-issue.js';
import { isTimeZoneOffset, parseDateTime } from './date-time.parser.js';
import type { EpcisEvent, EpcisEventType } from './epcis.model.js';
import { checkIdentifier, type IdentifierRole } from './identifier.check.js';

/**
 * EPCIS 2.0 validation of a whole EPCISDocument / EPCISQueryDocument or of one event.
 *
 * Hand-written, single pass, instead of ajv + the GS1 JSON schema, because:
 * - the schema's `anyOf`/`allOf`/`if-then` structure makes ajv report a cascade of branch failures
 *   ("must match a schema in anyOf") at the parent, not one precise pointer and sentence per fault;
 * - the schema cannot check what matters most here: GS1 check digits, CBV terms in all three
 *   spellings, declared JSON-LD prefixes, eventTimeZoneOffset consistency, clock skew;
 * - one pass over each event with `switch` dispatch keeps it well above the 50,000 events/s target
 *   (see the report figures), with no schema compilation at start-up.
 * The checks follow the EPCIS 2.0 JSON schema's rules field by field (required fields per type and
 * action, allowed member names, types, formats), plus the checks above.
 *
 * It never throws: every input, whatever its shape, becomes issues.
 */
export interface ValidateEpcisOptions {
  /** "Now" in epoch milliseconds, or a Date. The domain has no clock: without it, the future check is skipped. */
  readonly now?: number | Date;
  /** How far in the future an eventTime may be, in milliseconds (default 24 h). */
  readonly maxFutureSkewMs?: number;
}

export interface EpcisValidation {
  readonly ok: boolean;
  readonly kind: 'document' | 'event' | 'unknown';
  /** Every problem found, in document order. */
  readonly issues: ValidationIssue[];
  /** The events that passed every check, with their JSON pointer, in document order. */
  readonly events: readonly { readonly pointer: string; readonly event: EpcisEvent }[];
}

/** The EPCIS 2.0 JSON-LD context URIs (versioned, as GS1 publishes it, and the unversioned alias). */
export const EPCIS_CONTEXT_URIS: readonly string[] = [
  'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld',
  'https://ref.gs1.org/standards/epcis/epcis-context.jsonld',
];

/** Prefixes the EPCIS 2.0 context declares. */
const STANDARD_PREFIXES = ['epcis', 'cbv', 'cbvmda', 'gs1', 'rdfs', 'owl', 'xsd', 'dcterms'];

const DEFAULT_SKEW_MS = 24 * 60 * 60 * 1000;
/** Extension values nest at most this deep; deeper input is reported, not recursed into. */
const MAX_EXTENSION_DEPTH = 32;

type Json = Record<string, unknown>;

/**
 * `pointerJoin` for one token, without the escaping work when there is nothing to escape (almost
 * always): pointers are built for every member visited, so this is on the hot path.
 */
function pointerJoin(base: string, token: string | number, ...more: (string | number)[]): string {
  let pointer =
    typeof token === 'number' || (!token.includes('~') && !token.includes('/')) ? `${base}/${String(token)}` : escapedJoin(base, token);
  for (const t of more) pointer = pointerJoin(pointer, t);
  return pointer;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return Number.isFinite(value) ? 'a number' : 'a non-finite number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return `a value of type ${typeof value}`;
  }
}

function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}

const COMMON_FIELDS = [
  '@context',
  'type',
  'eventTime',
  'recordTime',
  'eventTimeZoneOffset',
  'eventID',
  'certificationInfo',
  'errorDeclaration',
];
const WHY_WHERE = [
  'bizStep',
  'disposition',
  'readPoint',
  'bizLocation',
  'bizTransactionList',
  'sourceList',
  'destinationList',
  'sensorElementList',
];

/** Member names each event type allows (EPCIS 2.0 JSON schema `propertyNames`). */
const FIELDS: Readonly<Record<EpcisEventType, ReadonlySet<string>>> = {
  ObjectEvent: new Set([...COMMON_FIELDS, ...WHY_WHERE, 'action', 'epcList', 'quantityList', 'persistentDisposition', 'ilmd']),
  AggregationEvent: new Set([...COMMON_FIELDS, ...WHY_WHERE, 'action', 'parentID', 'childEPCs', 'childQuantityList']),
  AssociationEvent: new Set([...COMMON_FIELDS, ...WHY_WHERE, 'action', 'parentID', 'childEPCs', 'childQuantityList']),
  TransactionEvent: new Set([...COMMON_FIELDS, ...WHY_WHERE, 'action', 'parentID', 'epcList', 'quantityList']),
  TransformationEvent: new Set([
    ...COMMON_FIELDS,
    ...WHY_WHERE,
    'inputEPCList',
    'inputQuantityList',
    'outputEPCList',
    'outputQuantityList',
    'transformationID',
    'persistentDisposition',
    'ilmd',
  ]),
};
const ALL_EVENT_FIELDS = new Set(Object.values(FIELDS).flatMap((s) => [...s]));

const CBV_CODES: Readonly<Record<CbvVocabulary, { code: string; what: string }>> = {
  bizStep: {
    code: 'CBV_UNKNOWN_BIZSTEP',
    what: 'a CBV 2.0 business step (e.g. "shipping", "urn:epcglobal:cbv:bizstep:shipping", "https://ref.gs1.org/cbv/BizStep-shipping") or a user-defined absolute URI',
  },
  disposition: {
    code: 'CBV_UNKNOWN_DISPOSITION',
    what: 'a CBV 2.0 disposition (e.g. "in_transit", "urn:epcglobal:cbv:disp:in_transit") or a user-defined absolute URI',
  },
  bizTransactionType: {
    code: 'CBV_UNKNOWN_BTT',
    what: 'a CBV 2.0 business transaction type (e.g. "po", "inv", "desadv") or a user-defined absolute URI',
  },
  sourceDestType: {
    code: 'CBV_UNKNOWN_SDT',
    what: 'a CBV 2.0 source/destination type ("owning_party", "possessing_party", "location") or a user-defined absolute URI',
  },
  errorReason: {
    code: 'CBV_UNKNOWN_ERROR_REASON',
    what: 'a CBV 2.0 error reason ("did_not_occur", "incorrect_data") or a user-defined absolute URI',
  },
  sensorMeasurementType: {
    code: 'CBV_UNKNOWN_MEASUREMENT_TYPE',
    what: 'a GS1 measurement type (e.g. "Temperature", "gs1:MT-Temperature") or a user-defined absolute URI',
  },
};

const ID_EXPECTED: Readonly<Record<IdentifierRole, string>> = {
  instance: 'an instance-level EPC URN (e.g. urn:epc:id:sgtin:…) or GS1 Digital Link URI, or another absolute URI',
  class: 'a class-level EPC URN (e.g. urn:epc:class:lgtin:…, urn:epc:idpat:sgtin:…) or GS1 Digital Link URI, or another absolute URI',
  location: 'an SGLN URN (urn:epc:id:sgln:…), a GS1 Digital Link /414/ URI, or another absolute URI',
  party: 'a PGLN/SGLN URN, a GS1 Digital Link /417/ or /414/ URI, or another absolute URI',
  any: 'an absolute URI',
};

const UOM = /^[A-Z0-9]{2,3}$/;
const HEX_BINARY = /^[A-Fa-f0-9]+$/;
const SCHEMA_VERSION = /^2(\.\d+)*$/;
const PREFIX = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const SENSOR_NUMBER_FIELDS = new Set(['value', 'minValue', 'maxValue', 'meanValue', 'sDev', 'percRank', 'percValue']);
const SENSOR_URI_FIELDS = new Set([
  'deviceID',
  'deviceMetadata',
  'rawData',
  'dataProcessingMethod',
  'bizRules',
  'microorganism',
  'chemicalSubstance',
  'coordinateReferenceSystem',
  'uriValue',
]);
const SENSOR_METADATA_URI_FIELDS = new Set(['deviceID', 'deviceMetadata', 'rawData', 'dataProcessingMethod', 'bizRules']);
const SENSOR_ALERTS = new Set([
  'ALARM_CONDITION',
  'ERROR_CONDITION',
  'gs1:SAT-ALARM_CONDITION',
  'gs1:SAT-ERROR_CONDITION',
  'https://gs1.org/voc/SAT-ALARM_CONDITION',
  'https://gs1.org/voc/SAT-ERROR_CONDITION',
]);

/** Prefixes in scope: `undefined` means a remote context we cannot read (no I/O) is in scope, so any prefix may be declared. */
type PrefixScope = PrefixSet | undefined;

interface PrefixSet {
  has(prefix: string): boolean;
}

const NO_PREFIXES: PrefixSet = new Set<string>();
const STANDARD_PREFIX_SET: ReadonlySet<string> = new Set(STANDARD_PREFIXES);

/**
 * The prefixes of a nested `@context` on top of the outer ones, without copying the outer set (an
 * event's own context is read for every event of a stream of single events).
 */
class NestedPrefixes implements PrefixSet {
  constructor(
    private readonly outer: PrefixSet,
    private readonly standard: boolean,
    private readonly own: ReadonlySet<string> | undefined,
  ) {}

  has(prefix: string): boolean {
    return (this.own?.has(prefix) ?? false) || (this.standard && STANDARD_PREFIX_SET.has(prefix)) || this.outer.has(prefix);
  }
}

class EpcisValidator {
  readonly issues: ValidationIssue[] = [];
  private readonly nowMs: number | undefined;
  private readonly skewMs: number;

  constructor(options: ValidateEpcisOptions) {
    const now = options.now;
    this.nowMs = now === undefined ? undefined : typeof now === 'number' ? now : now.getTime();
    this.skewMs = options.maxFutureSkewMs ?? DEFAULT_SKEW_MS;
  }

  issue(pointer: string, code: string, message: string, expected: string): void {
    this.issues.push({ pointer, code, message, expected });
  }

  // ---- JSON-LD context and extension names -------------------------------------------------------

  /** Reads a `@context` value, reports its faults, and returns the prefixes it declares on top of `outer`. */
  readContext(value: unknown, pointer: string, outer: PrefixScope, requireEpcis: boolean): PrefixScope {
    const entries = Array.isArray(value) ? value : [value];
    let own: Set<string> | undefined;
    let unresolved = outer === undefined;
    let hasEpcis = false;
    for (let i = 0; i < entries.length; i++) {
      const entry: unknown = entries[i];
      const at = Array.isArray(value) ? pointerJoin(pointer, i) : pointer;
      if (typeof entry === 'string') {
        if (EPCIS_CONTEXT_URIS.includes(entry)) {
          hasEpcis = true;
        } else if (isAbsoluteUri(entry)) {
          unresolved = true;
        } else {
          this.issue(at, 'CONTEXT', `context entry ${quote(entry)} is not an absolute URI`, 'a context URI or an inline context object');
        }
      } else if (isObject(entry)) {
        for (const key of Object.keys(entry)) {
          if (!key.startsWith('@')) (own ??= new Set()).add(key);
        }
      } else {
        this.issue(at, 'CONTEXT', `context entry is ${describe(entry)}`, 'a context URI or an inline context object');
      }
    }
    if (requireEpcis && !hasEpcis) {
      this.issue(
        pointer,
        'CONTEXT_MISSING_EPCIS',
        'the EPCIS 2.0 JSON-LD context is missing',
        `"${EPCIS_CONTEXT_URIS[0] ?? ''}" in @context`,
      );
    }
    if (outer === undefined || unresolved) return undefined;
    return hasEpcis || own !== undefined ? new NestedPrefixes(outer, hasEpcis, own) : outer;
  }

  /** Checks an extension member name: `prefix:name` with a declared prefix, or a full absolute URI. */
  checkExtensionName(key: string, pointer: string, scope: PrefixScope): boolean {
    const colon = key.indexOf(':');
    if (colon <= 0 || colon === key.length - 1) {
      this.issue(
        pointer,
        'UNKNOWN_FIELD',
        `unknown member ${quote(key)}`,
        'a field of this EPCIS element, or an extension field named prefix:name',
      );
      return false;
    }
    const prefix = key.slice(0, colon);
    // A full IRI (https://…, urn:…) needs no declaration.
    if (key.startsWith('//', colon + 1) || prefix === 'urn') return true;
    if (!PREFIX.test(prefix)) {
      this.issue(
        pointer,
        'EXTENSION_NAME',
        `extension member ${quote(key)} has an invalid prefix`,
        'prefix:name with a prefix made of letters, digits, _ . -',
      );
      return false;
    }
    if (scope !== undefined && !scope.has(prefix)) {
      this.issue(
        pointer,
        'EXTENSION_PREFIX_UNDECLARED',
        `prefix "${prefix}" of extension member ${quote(key)} is not declared in @context`,
        `"${prefix}" declared in @context (e.g. {"${prefix}": "https://example.com/ns/"})`,
      );
      return false;
    }
    return true;
  }

  /** Extension content: any JSON, but member names inside it must be namespaced too. */
  checkExtensionValue(value: unknown, pointer: string, scope: PrefixScope, depth: number): void {
    if (depth > MAX_EXTENSION_DEPTH) {
      this.issue(
        pointer,
        'TOO_DEEP',
        `extension content nested deeper than ${String(MAX_EXTENSION_DEPTH)} levels`,
        'flatter extension content',
      );
      return;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) this.checkExtensionValue(value[i], pointerJoin(pointer, i), scope, depth + 1);
    } else if (isObject(value)) {
      for (const key of Object.keys(value)) {
        const at = pointerJoin(pointer, key);
        // JSON-LD keywords (@value, @type, @id…) are allowed inside extension values.
        if (key.startsWith('@') || this.checkExtensionName(key, at, scope)) this.checkExtensionValue(value[key], at, scope, depth + 1);
      }
    } else if (typeof value === 'number' && !Number.isFinite(value)) {
      this.issue(pointer, 'TYPE', 'a non-finite number', 'a JSON value');
    } else if (value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      this.issue(pointer, 'TYPE', `${describe(value)} is not JSON`, 'a JSON value');
    }
  }

  extension(obj: Json, key: string, pointer: string, scope: PrefixScope): void {
    if (this.checkExtensionName(key, pointer, scope)) this.checkExtensionValue(obj[key], pointer, scope, 1);
  }

  // ---- scalar checks --------------------------------------------------------------------------

  string(value: unknown, pointer: string, expected: string): value is string {
    if (typeof value === 'string') return true;
    this.issue(pointer, 'TYPE', `${describe(value)} where a string belongs`, expected);
    return false;
  }

  uri(value: unknown, pointer: string, expected = 'an absolute URI'): void {
    if (!this.string(value, pointer, expected)) return;
    if (!isAbsoluteUri(value)) this.issue(pointer, 'URI', `${quote(value)} is not an absolute URI`, expected);
  }

  dateTime(value: unknown, pointer: string): number | undefined {
    const expected = 'an RFC 3339 date-time with offset, e.g. 2026-03-01T08:15:00.000+01:00';
    if (!this.string(value, pointer, expected)) return undefined;
    const parsed = parseDateTime(value);
    if (parsed === undefined) {
      this.issue(pointer, 'DATE_TIME', `${quote(value)} is not a valid date-time with offset`, expected);
      return undefined;
    }
    return parsed.epochMs;
  }

  number(value: unknown, pointer: string, expected: string): value is number {
    if (typeof value === 'number' && Number.isFinite(value)) return true;
    this.issue(pointer, 'TYPE', `${describe(value)} where a number belongs`, expected);
    return false;
  }

  uom(value: unknown, pointer: string): void {
    const expected = 'a UN/ECE Recommendation 20 unit code (2–3 upper-case letters/digits, e.g. KGM, CEL, EA)';
    if (this.string(value, pointer, expected) && !UOM.test(value))
      this.issue(pointer, 'UOM', `${quote(value)} is not a UN/ECE Rec. 20 unit code`, expected);
  }

  cbv(vocab: CbvVocabulary, value: unknown, pointer: string): void {
    const { code, what } = CBV_CODES[vocab];
    if (this.string(value, pointer, what) && normaliseCbv(vocab, value) === undefined)
      this.issue(pointer, code, `${quote(value)} is not a known term or an absolute URI`, what);
  }

  identifier(value: unknown, pointer: string, role: IdentifierRole): string | undefined {
    const expected = ID_EXPECTED[role];
    if (!this.string(value, pointer, expected)) return undefined;
    const result = checkIdentifier(value, role);
    if (result.ok) return result.canonical;
    this.issue(pointer, result.code, `${quote(value)}: ${result.message}`, result.expected);
    return undefined;
  }

  array(value: unknown, pointer: string, expected: string): value is unknown[] {
    if (Array.isArray(value)) return true;
    this.issue(pointer, 'TYPE', `${describe(value)} where an array belongs`, expected);
    return false;
  }

  object(value: unknown, pointer: string, expected: string): value is Json {
    if (isObject(value)) return true;
    this.issue(pointer, 'TYPE', `${describe(value)} where an object belongs`, expected);
    return false;
  }

  required(obj: Json, key: string, pointer: string, expected: string): boolean {
    if (obj[key] !== undefined) return true;
    this.issue(pointerJoin(pointer, key), 'REQUIRED', `${key} is missing`, expected);
    return false;
  }

  // ---- structured fields ------------------------------------------------------------------------

  /** An EPC list: array of identifiers, each once (the schema's uniqueItems, compared after canonicalisation). */
  epcList(value: unknown, pointer: string, role: IdentifierRole): number {
    if (!this.array(value, pointer, 'an array of identifiers')) return 0;
    // Most lists are short: a linear search of an array beats building a Set for them.
    const seen: string[] | Set<string> | undefined = value.length <= 1 ? undefined : value.length <= 16 ? [] : new Set<string>();
    for (let i = 0; i < value.length; i++) {
      const at = pointerJoin(pointer, i);
      const canonical = this.identifier(value[i], at, role);
      if (canonical !== undefined && seen !== undefined) {
        const duplicate = Array.isArray(seen) ? seen.includes(canonical) : seen.has(canonical);
        if (duplicate) this.issue(at, 'DUPLICATE_ITEM', `${quote(canonical)} is listed twice`, 'each identifier once per list');
        else if (Array.isArray(seen)) seen.push(canonical);
        else seen.add(canonical);
      }
    }
    return value.length;
  }

  quantityList(value: unknown, pointer: string): number {
    if (!this.array(value, pointer, 'an array of quantity elements {epcClass, quantity, uom}')) return 0;
    for (let i = 0; i < value.length; i++) {
      const at = pointerJoin(pointer, i);
      const element: unknown = value[i];
      if (!this.object(element, at, 'a quantity element {epcClass, quantity, uom}')) continue;
      for (const key of Object.keys(element)) {
        const v = element[key];
        const k = pointerJoin(at, key);
        switch (key) {
          case 'epcClass':
            this.identifier(v, k, 'class');
            break;
          case 'quantity':
            if (this.number(v, k, 'a number ≥ 0') && v < 0) this.issue(k, 'QUANTITY', `quantity ${String(v)} is negative`, 'a number ≥ 0');
            break;
          case 'uom':
            this.uom(v, k);
            break;
          default:
            this.issue(k, 'UNKNOWN_FIELD', `unknown member ${quote(key)} in a quantity element`, 'only epcClass, quantity and uom');
        }
      }
      this.required(element, 'epcClass', at, 'a class-level identifier in epcClass');
      if (element.uom !== undefined && element.quantity === undefined)
        this.issue(pointerJoin(at, 'uom'), 'UOM_WITHOUT_QUANTITY', 'uom is given without a quantity', 'uom only together with quantity');
    }
    return value.length;
  }

  location(value: unknown, pointer: string, scope: PrefixScope): void {
    if (!this.object(value, pointer, 'an object {"id": <location identifier>}')) return;
    for (const key of Object.keys(value)) {
      if (key === 'id') this.identifier(value.id, pointerJoin(pointer, 'id'), 'location');
      else this.extension(value, key, pointerJoin(pointer, key), scope);
    }
    this.required(value, 'id', pointer, 'the location identifier in id');
  }

  bizTransactionList(value: unknown, pointer: string): number {
    if (!this.array(value, pointer, 'an array of {type, bizTransaction}')) return 0;
    for (let i = 0; i < value.length; i++) {
      const at = pointerJoin(pointer, i);
      const element: unknown = value[i];
      if (!this.object(element, at, 'a business transaction {type, bizTransaction}')) continue;
      for (const key of Object.keys(element)) {
        const k = pointerJoin(at, key);
        if (key === 'type') this.cbv('bizTransactionType', element.type, k);
        else if (key === 'bizTransaction') this.identifier(element.bizTransaction, k, 'any');
        else this.issue(k, 'UNKNOWN_FIELD', `unknown member ${quote(key)} in a business transaction`, 'only type and bizTransaction');
      }
      this.required(element, 'bizTransaction', at, 'the business transaction identifier (a URI) in bizTransaction');
    }
    return value.length;
  }

  sourceDestList(value: unknown, pointer: string, member: 'source' | 'destination'): void {
    if (!this.array(value, pointer, `an array of {type, ${member}}`)) return;
    for (let i = 0; i < value.length; i++) {
      const at = pointerJoin(pointer, i);
      const element: unknown = value[i];
      if (!this.object(element, at, `a ${member} element {type, ${member}}`)) continue;
      for (const key of Object.keys(element)) {
        const k = pointerJoin(at, key);
        if (key === 'type') this.cbv('sourceDestType', element.type, k);
        else if (key === member) this.identifier(element[member], k, 'party');
        else this.issue(k, 'UNKNOWN_FIELD', `unknown member ${quote(key)} in a ${member} element`, `only type and ${member}`);
      }
      this.required(element, 'type', at, 'a source/destination type, e.g. "owning_party"');
      this.required(element, member, at, `the ${member} identifier`);
    }
  }

  persistentDisposition(value: unknown, pointer: string): void {
    if (!this.object(value, pointer, 'an object {set: [...], unset: [...]}')) return;
    for (const key of Object.keys(value)) {
      const at = pointerJoin(pointer, key);
      if (key !== 'set' && key !== 'unset') {
        this.issue(at, 'UNKNOWN_FIELD', `unknown member ${quote(key)} in persistentDisposition`, 'only set and unset');
        continue;
      }
      const list = value[key];
      if (!this.array(list, at, 'a non-empty array of dispositions')) continue;
      if (list.length === 0) this.issue(at, 'MIN_ITEMS', `${key} is empty`, 'at least one disposition');
      const seen = new Set<unknown>();
      for (let i = 0; i < list.length; i++) {
        const item: unknown = list[i];
        this.cbv('disposition', item, pointerJoin(at, i));
        if (seen.has(item)) this.issue(pointerJoin(at, i), 'DUPLICATE_ITEM', 'disposition listed twice', 'each disposition once');
        seen.add(item);
      }
    }
    if (value.set === undefined && value.unset === undefined)
      this.issue(pointer, 'REQUIRED', 'persistentDisposition has neither set nor unset', 'set and/or unset');
  }

  errorDeclaration(value: unknown, pointer: string, scope: PrefixScope): void {
    if (!this.object(value, pointer, 'an object {declarationTime, reason, correctiveEventIDs}')) return;
    for (const key of Object.keys(value)) {
      const at = pointerJoin(pointer, key);
      const v = value[key];
      switch (key) {
        case 'declarationTime':
          this.dateTime(v, at);
          break;
        case 'reason':
          this.cbv('errorReason', v, at);
          break;
        case 'correctiveEventIDs':
          if (this.array(v, at, 'an array of event IDs (URIs)'))
            for (let i = 0; i < v.length; i++) this.uri(v[i], pointerJoin(at, i), 'an event ID (URI, e.g. ni:///sha-256;…?ver=CBV2.0)');
          break;
        default:
          this.extension(value, key, at, scope);
      }
    }
    this.required(value, 'declarationTime', pointer, 'the time of the error declaration');
  }

  sensorElementList(value: unknown, pointer: string, scope: PrefixScope): number {
    if (!this.array(value, pointer, 'an array of sensor elements')) return 0;
    for (let i = 0; i < value.length; i++) {
      const at = pointerJoin(pointer, i);
      const element: unknown = value[i];
      if (!this.object(element, at, 'a sensor element {sensorMetadata, sensorReport}')) continue;
      for (const key of Object.keys(element)) {
        const k = pointerJoin(at, key);
        if (key === 'sensorMetadata') this.sensorMetadata(element.sensorMetadata, k, scope);
        else if (key === 'sensorReport') {
          const reports = element.sensorReport;
          if (!this.array(reports, k, 'a non-empty array of sensor reports')) continue;
          if (reports.length === 0) this.issue(k, 'MIN_ITEMS', 'sensorReport is empty', 'at least one sensor report');
          for (let r = 0; r < reports.length; r++) this.sensorReport(reports[r], pointerJoin(k, r), scope);
        } else this.extension(element, key, k, scope);
      }
      this.required(element, 'sensorReport', at, 'a non-empty array of sensor reports');
    }
    return value.length;
  }

  sensorMetadata(value: unknown, pointer: string, scope: PrefixScope): void {
    if (!this.object(value, pointer, 'a sensor metadata object')) return;
    let start: number | undefined;
    let end: number | undefined;
    for (const key of Object.keys(value)) {
      const at = pointerJoin(pointer, key);
      const v = value[key];
      if (key === 'time') this.dateTime(v, at);
      else if (key === 'startTime') start = this.dateTime(v, at);
      else if (key === 'endTime') end = this.dateTime(v, at);
      else if (SENSOR_METADATA_URI_FIELDS.has(key)) this.uri(v, at);
      else this.extension(value, key, at, scope);
    }
    if (start !== undefined && end !== undefined && start > end)
      this.issue(pointerJoin(pointer, 'endTime'), 'TIME_RANGE', 'endTime is before startTime', 'endTime at or after startTime');
  }

  sensorReport(value: unknown, pointer: string, scope: PrefixScope): void {
    if (!this.object(value, pointer, 'a sensor report {type, value, uom, …}')) return;
    for (const key of Object.keys(value)) {
      const at = pointerJoin(pointer, key);
      const v = value[key];
      if (SENSOR_NUMBER_FIELDS.has(key)) {
        if (this.number(v, at, 'a number') && key === 'percRank' && (v < 0 || v > 100))
          this.issue(at, 'RANGE', `percRank ${String(v)} is outside 0–100`, 'a percentile rank between 0 and 100');
      } else if (SENSOR_URI_FIELDS.has(key)) this.uri(v, at);
      else this.sensorReportField(value, key, at, scope);
    }
    this.required(value, 'type', pointer, 'a measurement type, e.g. "gs1:MT-Temperature"');
    const min = value.minValue;
    const max = value.maxValue;
    if (typeof min === 'number' && typeof max === 'number' && min > max)
      this.issue(
        pointerJoin(pointer, 'minValue'),
        'SENSOR_RANGE',
        `minValue ${String(min)} is greater than maxValue ${String(max)}`,
        'minValue ≤ maxValue',
      );
  }

  private sensorReportField(report: Json, key: string, at: string, scope: PrefixScope): void {
    const v = report[key];
    switch (key) {
      case 'type':
        this.cbv('sensorMeasurementType', v, at);
        break;
      case 'exception':
        if (
          this.string(v, at, 'ALARM_CONDITION or ERROR_CONDITION') &&
          !SENSOR_ALERTS.has(v) &&
          (!isAbsoluteUri(v) || v.startsWith('gs1:') || v.startsWith('https://gs1.org/voc/'))
        )
          this.issue(
            at,
            'SENSOR_ALERT',
            `${quote(v)} is not a sensor alert type`,
            'ALARM_CONDITION, ERROR_CONDITION or a user-defined URI',
          );
        break;
      case 'time':
        this.dateTime(v, at);
        break;
      case 'uom':
        this.uom(v, at);
        break;
      case 'stringValue':
      case 'component':
        this.string(v, at, 'a string');
        break;
      case 'booleanValue':
        if (typeof v !== 'boolean') this.issue(at, 'TYPE', `${describe(v)} where a boolean belongs`, 'true or false');
        break;
      case 'hexBinaryValue':
        if (this.string(v, at, 'hexadecimal digits') && !HEX_BINARY.test(v))
          this.issue(at, 'HEX_BINARY', `${quote(v)} is not hexadecimal`, 'hexadecimal digits');
        break;
      default:
        this.extension(report, key, at, scope);
    }
  }

  ilmd(value: unknown, pointer: string, scope: PrefixScope): void {
    if (!this.object(value, pointer, 'an object of namespaced master data fields (prefix:name)')) return;
    for (const key of Object.keys(value)) this.extension(value, key, pointerJoin(pointer, key), scope);
  }

  certificationInfo(value: unknown, pointer: string): void {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) this.uri(value[i], pointerJoin(pointer, i), 'a certificate URI');
    } else this.uri(value, pointer, 'a certificate URI or an array of them');
  }

  // ---- events -----------------------------------------------------------------------------------

  /** Validates one event; returns true when it added no issue. */
  event(value: unknown, pointer: string, outer: PrefixScope): boolean {
    const before = this.issues.length;
    if (!this.object(value, pointer, 'an EPCIS event object')) return false;
    const type = value.type;
    if (typeof type !== 'string' || !Object.hasOwn(FIELDS, type)) {
      const missing = type === undefined;
      this.issue(
        pointerJoin(pointer, 'type'),
        missing ? 'REQUIRED' : 'UNKNOWN_TYPE',
        missing ? 'type is missing' : `${typeof type === 'string' ? quote(type) : describe(type)} is not an EPCIS event type`,
        'one of ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent, AssociationEvent',
      );
      return false;
    }
    const eventType = type as EpcisEventType;
    const allowed = FIELDS[eventType];
    const scope =
      value['@context'] === undefined ? outer : this.readContext(value['@context'], pointerJoin(pointer, '@context'), outer, false);
    const tally: EventTally = { eventTimeMs: undefined, what: 0, inputs: 0, outputs: 0, sensors: 0, bizTransactions: -1 };
    for (const key of Object.keys(value)) {
      const at = pointerJoin(pointer, key);
      if (allowed.has(key)) {
        const handler = FIELD_HANDLERS.get(key);
        if (handler !== undefined) handler(this, value[key], at, scope, tally);
      } else if (ALL_EVENT_FIELDS.has(key))
        this.issue(at, 'NOT_ALLOWED', `${key} is not a field of ${eventType}`, `only the fields of ${eventType}`);
      else this.extension(value, key, at, scope);
    }
    this.timeRules(value, pointer, tally.eventTimeMs);
    if (eventType === 'TransformationEvent') this.transformationRules(value, pointer, tally);
    else this.actionRules(value, pointer, eventType, tally);
    return this.issues.length === before;
  }

  private timeRules(value: Json, pointer: string, eventTimeMs: number | undefined): void {
    this.required(value, 'eventTime', pointer, 'the time of the event (RFC 3339 with offset)');
    if (!this.required(value, 'eventTimeZoneOffset', pointer, 'the local time zone offset ±hh:mm')) return;
    const offset = value.eventTimeZoneOffset;
    const time = value.eventTime;
    // A numeric offset in eventTime that differs from eventTimeZoneOffset contradicts it; `Z` does not.
    if (
      eventTimeMs !== undefined &&
      typeof time === 'string' &&
      typeof offset === 'string' &&
      isTimeZoneOffset(offset) &&
      !time.endsWith('Z')
    ) {
      const written = time.slice(-6);
      if (written !== offset) {
        this.issue(
          pointerJoin(pointer, 'eventTimeZoneOffset'),
          'TIMEZONE_MISMATCH',
          `eventTimeZoneOffset ${offset} contradicts the offset ${written} of eventTime`,
          `${written}, the offset written in eventTime`,
        );
      }
    }
    if (eventTimeMs !== undefined && this.nowMs !== undefined && eventTimeMs > this.nowMs + this.skewMs) {
      this.issue(
        pointerJoin(pointer, 'eventTime'),
        'EVENT_TIME_IN_FUTURE',
        `eventTime is ${formatDuration(eventTimeMs - this.nowMs)} in the future`,
        `an eventTime no later than ${formatDuration(this.skewMs)} after the time of capture`,
      );
    }
  }

  private transformationRules(value: Json, pointer: string, tally: EventTally): void {
    const hasId = value.transformationID !== undefined;
    if (!hasId && (tally.inputs === 0 || tally.outputs === 0)) {
      this.issue(
        pointer,
        'WHAT_MISSING',
        'a TransformationEvent without transformationID needs both inputs and outputs',
        'inputEPCList/inputQuantityList and outputEPCList/outputQuantityList, or a transformationID',
      );
    } else if (hasId && tally.inputs + tally.outputs === 0) {
      this.issue(pointer, 'WHAT_MISSING', 'a TransformationEvent has neither inputs nor outputs', 'at least one input or output');
    }
  }

  /** Required fields per event type and action (EPCIS 2.0 §7.4, JSON schema `anyOf` branches). */
  private actionRules(value: Json, pointer: string, type: EpcisEventType, tally: EventTally): void {
    const actionKnown = this.required(value, 'action', pointer, 'ADD, OBSERVE or DELETE');
    const action = value.action;
    const deleting = action === 'DELETE';
    switch (type) {
      case 'ObjectEvent':
        if (tally.what === 0 && !(tally.sensors > 0 && value.readPoint !== undefined)) {
          this.issue(
            pointer,
            'WHAT_MISSING',
            'an ObjectEvent names no object',
            'a non-empty epcList or quantityList (or sensor data with a readPoint)',
          );
        }
        if (value.ilmd !== undefined && actionKnown && action !== 'ADD')
          this.issue(
            pointerJoin(pointer, 'ilmd'),
            'NOT_ALLOWED',
            `ilmd on an ObjectEvent with action ${String(action)}`,
            'ilmd only with action ADD',
          );
        break;
      case 'AggregationEvent':
        if ((action === 'ADD' || deleting) && value.parentID === undefined)
          this.issue(
            pointerJoin(pointer, 'parentID'),
            'REQUIRED',
            `parentID is missing (action ${action})`,
            'the identifier of the container',
          );
        if (tally.what === 0 && !deleting)
          this.issue(pointer, 'WHAT_MISSING', 'an AggregationEvent names no children', 'a non-empty childEPCs or childQuantityList');
        break;
      case 'AssociationEvent':
        this.required(value, 'parentID', pointer, 'the identifier of the parent');
        if (tally.what === 0 && !deleting)
          this.issue(pointer, 'WHAT_MISSING', 'an AssociationEvent names no children', 'a non-empty childEPCs or childQuantityList');
        break;
      default:
        if (this.required(value, 'bizTransactionList', pointer, 'at least one business transaction') && tally.bizTransactions === 0) {
          this.issue(
            pointerJoin(pointer, 'bizTransactionList'),
            'MIN_ITEMS',
            'bizTransactionList is empty',
            'at least one business transaction',
          );
        }
        if (tally.what === 0 && !deleting)
          this.issue(pointer, 'WHAT_MISSING', 'a TransactionEvent names no object', 'a non-empty epcList or quantityList');
    }
  }

  // ---- documents ----------------------------------------------------------------------------------

  eventList(value: unknown, pointer: string, scope: PrefixScope, out: { pointer: string; event: EpcisEvent }[]): void {
    if (!this.array(value, pointer, 'an array of EPCIS events')) return;
    for (let i = 0; i < value.length; i++) {
      const at = pointerJoin(pointer, i);
      const event: unknown = value[i];
      if (this.event(event, at, scope)) out.push({ pointer: at, event: event as EpcisEvent });
    }
  }

  document(doc: Json, out: { pointer: string; event: EpcisEvent }[]): void {
    const isQuery = doc.type === 'EPCISQueryDocument';
    let scope: PrefixScope = NO_PREFIXES;
    if (this.required(doc, '@context', '', `a @context containing "${EPCIS_CONTEXT_URIS[0] ?? ''}"`))
      scope = this.readContext(doc['@context'], '/@context', scope, true);
    for (const key of Object.keys(doc)) this.documentField(doc, key, isQuery, scope);
    if (!isQuery) {
      this.required(doc, 'schemaVersion', '', 'the EPCIS schema version "2.0"');
      this.required(doc, 'creationDate', '', 'the document creation time (RFC 3339 with offset)');
    }
    if (!this.required(doc, 'epcisBody', '', isQuery ? 'epcisBody with queryResults' : 'epcisBody with eventList')) return;
    const body = doc.epcisBody;
    if (!this.object(body, '/epcisBody', isQuery ? 'an object {queryResults}' : 'an object {eventList}')) return;
    if (isQuery) this.queryBody(body, scope, out);
    else {
      for (const key of Object.keys(body)) {
        if (key !== 'eventList') this.extension(body, key, pointerJoin('/epcisBody', key), scope);
      }
      if (this.required(body, 'eventList', '/epcisBody', 'an array of EPCIS events'))
        this.eventList(body.eventList, '/epcisBody/eventList', scope, out);
    }
  }

  private documentField(doc: Json, key: string, isQuery: boolean, scope: PrefixScope): void {
    const at = pointerJoin('', key);
    const v = doc[key];
    switch (key) {
      case '@context':
      case 'type':
      case 'epcisBody':
        break;
      case 'schemaVersion':
        if (this.string(v, at, '"2.0"') && !SCHEMA_VERSION.test(v))
          this.issue(at, 'SCHEMA_VERSION', `schemaVersion ${quote(v)} is not an EPCIS 2.x version`, '"2.0"');
        break;
      case 'creationDate':
        this.dateTime(v, at);
        break;
      case 'id':
        this.uri(v, at);
        break;
      case 'instanceIdentifier':
      case 'sender':
      case 'receiver':
        if (!isQuery) {
          this.string(v, at, 'a string');
          break;
        }
        this.extension(doc, key, at, scope);
        break;
      case 'epcisHeader':
        if (isQuery) this.extension(doc, key, at, scope);
        else this.epcisHeader(v, at, scope);
        break;
      default:
        this.extension(doc, key, at, scope);
    }
  }

  private queryBody(body: Json, scope: PrefixScope, out: { pointer: string; event: EpcisEvent }[]): void {
    for (const key of Object.keys(body)) {
      if (key !== 'queryResults') this.extension(body, key, pointerJoin('/epcisBody', key), scope);
    }
    if (!this.required(body, 'queryResults', '/epcisBody', 'the query results')) return;
    const results = body.queryResults;
    const at = '/epcisBody/queryResults';
    if (!this.object(results, at, 'an object {queryName, resultsBody}')) return;
    for (const key of Object.keys(results)) {
      const k = pointerJoin(at, key);
      if (key === 'queryName' || key === 'subscriptionID') this.string(results[key], k, 'a string');
      else if (key !== 'resultsBody') this.extension(results, key, k, scope);
    }
    this.required(results, 'queryName', at, 'the name of the query');
    if (!this.required(results, 'resultsBody', at, 'an object {eventList}')) return;
    const rb = results.resultsBody;
    const rbAt = `${at}/resultsBody`;
    if (!this.object(rb, rbAt, 'an object {eventList}')) return;
    for (const key of Object.keys(rb)) {
      if (key === 'vocabularyList') this.array(rb[key], pointerJoin(rbAt, key), 'an array of vocabularies');
      else if (key !== 'eventList') this.extension(rb, key, pointerJoin(rbAt, key), scope);
    }
    if (this.required(rb, 'eventList', rbAt, 'an array of EPCIS events')) this.eventList(rb.eventList, `${rbAt}/eventList`, scope, out);
  }

  private epcisHeader(value: unknown, pointer: string, scope: PrefixScope): void {
    if (!this.object(value, pointer, 'an object {epcisMasterData}')) return;
    for (const key of Object.keys(value)) {
      const at = pointerJoin(pointer, key);
      if (key !== 'epcisMasterData') {
        this.extension(value, key, at, scope);
        continue;
      }
      const md = value[key];
      if (!this.object(md, at, 'an object {vocabularyList}')) continue;
      const list = md.vocabularyList;
      if (list === undefined || !this.array(list, pointerJoin(at, 'vocabularyList'), 'an array of vocabularies')) continue;
      for (let i = 0; i < list.length; i++) {
        const vAt = pointerJoin(at, 'vocabularyList', i);
        const vocab: unknown = list[i];
        if (!this.object(vocab, vAt, 'a vocabulary {type, vocabularyElementList}')) continue;
        if (this.required(vocab, 'type', vAt, 'the vocabulary type URI')) this.uri(vocab.type, pointerJoin(vAt, 'type'));
        const elements = vocab.vocabularyElementList;
        if (elements === undefined || !this.array(elements, pointerJoin(vAt, 'vocabularyElementList'), 'an array of vocabulary elements'))
          continue;
        for (let e = 0; e < elements.length; e++) {
          const eAt = pointerJoin(vAt, 'vocabularyElementList', e);
          const element: unknown = elements[e];
          if (
            this.object(element, eAt, 'a vocabulary element {id, attributes}') &&
            this.required(element, 'id', eAt, 'the element identifier (URI)')
          )
            this.uri(element.id, pointerJoin(eAt, 'id'));
        }
      }
    }
  }
}

/** Counts an event's fields gather for the cross-field rules. */
interface EventTally {
  eventTimeMs: number | undefined;
  /** Entries in epcList/quantityList/childEPCs/childQuantityList. */
  what: number;
  inputs: number;
  outputs: number;
  sensors: number;
  /** -1 when bizTransactionList is absent. */
  bizTransactions: number;
}

type FieldHandler = (v: EpcisValidator, value: unknown, at: string, scope: PrefixScope, tally: EventTally) => void;

/** One handler per event field: a table instead of a long switch keeps dispatch O(1) and each check small. */
const FIELD_HANDLERS: ReadonlyMap<string, FieldHandler> = new Map<string, FieldHandler>([
  [
    'eventTime',
    (v, value, at, _s, t) => {
      t.eventTimeMs = v.dateTime(value, at);
    },
  ],
  ['recordTime', (v, value, at) => void v.dateTime(value, at)],
  [
    'eventTimeZoneOffset',
    (v, value, at) => {
      if (v.string(value, at, '±hh:mm between -14:00 and +14:00') && !isTimeZoneOffset(value))
        v.issue(at, 'TIMEZONE_OFFSET', `${quote(value)} is not a time zone offset`, '±hh:mm between -14:00 and +14:00, e.g. +01:00');
    },
  ],
  [
    'eventID',
    (v, value, at) => {
      v.uri(value, at, 'an event ID (an absolute URI, e.g. ni:///sha-256;…?ver=CBV2.0 or urn:uuid:…)');
    },
  ],
  [
    'certificationInfo',
    (v, value, at) => {
      v.certificationInfo(value, at);
    },
  ],
  [
    'errorDeclaration',
    (v, value, at, scope) => {
      v.errorDeclaration(value, at, scope);
    },
  ],
  [
    'action',
    (v, value, at) => {
      if (value !== 'ADD' && value !== 'OBSERVE' && value !== 'DELETE')
        v.issue(at, 'ACTION', `${typeof value === 'string' ? quote(value) : describe(value)} is not an action`, 'ADD, OBSERVE or DELETE');
    },
  ],
  [
    'epcList',
    (v, value, at, _s, t) => {
      t.what += v.epcList(value, at, 'instance');
    },
  ],
  [
    'childEPCs',
    (v, value, at, _s, t) => {
      t.what += v.epcList(value, at, 'instance');
    },
  ],
  [
    'quantityList',
    (v, value, at, _s, t) => {
      t.what += v.quantityList(value, at);
    },
  ],
  [
    'childQuantityList',
    (v, value, at, _s, t) => {
      t.what += v.quantityList(value, at);
    },
  ],
  [
    'inputEPCList',
    (v, value, at, _s, t) => {
      t.inputs += v.epcList(value, at, 'instance');
    },
  ],
  [
    'outputEPCList',
    (v, value, at, _s, t) => {
      t.outputs += v.epcList(value, at, 'instance');
    },
  ],
  [
    'inputQuantityList',
    (v, value, at, _s, t) => {
      t.inputs += v.quantityList(value, at);
    },
  ],
  [
    'outputQuantityList',
    (v, value, at, _s, t) => {
      t.outputs += v.quantityList(value, at);
    },
  ],
  ['parentID', (v, value, at) => void v.identifier(value, at, 'instance')],
  [
    'transformationID',
    (v, value, at) => {
      v.uri(value, at, 'a transformation ID (an absolute URI)');
    },
  ],
  [
    'bizStep',
    (v, value, at) => {
      v.cbv('bizStep', value, at);
    },
  ],
  [
    'disposition',
    (v, value, at) => {
      v.cbv('disposition', value, at);
    },
  ],
  [
    'persistentDisposition',
    (v, value, at) => {
      v.persistentDisposition(value, at);
    },
  ],
  [
    'readPoint',
    (v, value, at, scope) => {
      v.location(value, at, scope);
    },
  ],
  [
    'bizLocation',
    (v, value, at, scope) => {
      v.location(value, at, scope);
    },
  ],
  [
    'bizTransactionList',
    (v, value, at, _s, t) => {
      t.bizTransactions = v.bizTransactionList(value, at);
    },
  ],
  [
    'sourceList',
    (v, value, at) => {
      v.sourceDestList(value, at, 'source');
    },
  ],
  [
    'destinationList',
    (v, value, at) => {
      v.sourceDestList(value, at, 'destination');
    },
  ],
  [
    'sensorElementList',
    (v, value, at, scope, t) => {
      t.sensors = v.sensorElementList(value, at, scope);
    },
  ],
  [
    'ilmd',
    (v, value, at, scope) => {
      v.ilmd(value, at, scope);
    },
  ],
]);

function formatDuration(ms: number): string {
  const hours = ms / 3_600_000;
  return hours >= 1 ? `${hours.toFixed(1)} h` : `${String(Math.round(ms / 60_000))} min`;
}

/**
 * Validates an EPCIS 2.0 document (EPCISDocument or EPCISQueryDocument) or a single event, already
 * parsed from JSON (use `parseJson` for untrusted text). Returns every issue at once, each with an
 * RFC 6901 pointer; never throws.
 */
export function validateEpcis(input: unknown, options: ValidateEpcisOptions = {}): EpcisValidation {
  const validator = new EpcisValidator(options);
  const events: { pointer: string; event: EpcisEvent }[] = [];
  let kind: EpcisValidation['kind'] = 'unknown';
  try {
    if (!isObject(input)) {
      validator.issue(
        '',
        'TYPE',
        `${describe(input)} is not an EPCIS document or event`,
        'a JSON object: an EPCISDocument or one EPCIS event',
      );
    } else if (input.type === 'EPCISDocument' || input.type === 'EPCISQueryDocument') {
      kind = 'document';
      validator.document(input, events);
    } else if (typeof input.type === 'string' && Object.hasOwn(FIELDS, input.type)) {
      kind = 'event';
      // A lone event declares its prefixes in its own @context, which event() reads.
      if (validator.event(input, '', NO_PREFIXES)) events.push({ pointer: '', event: input as unknown as EpcisEvent });
    } else {
      validator.issue(
        '/type',
        input.type === undefined ? 'REQUIRED' : 'UNKNOWN_TYPE',
        input.type === undefined
          ? 'type is missing'
          : `${typeof input.type === 'string' ? quote(input.type) : describe(input.type)} is not an EPCIS document or event type`,
        'EPCISDocument, EPCISQueryDocument or an event type (ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent, AssociationEvent)',
      );
    }
  } catch (error: unknown) {
    // Reached only on pathological input (e.g. a getter that throws, or a stack overflow); report, never throw.
    validator.issue(
      '',
      'UNPROCESSABLE',
      `the input could not be examined: ${error instanceof Error ? error.name : 'unknown error'}`,
      'plain JSON data',
    );
  }
  return { ok: validator.issues.length === 0, kind, issues: validator.issues, events };
}
