import type { ValidationIssue } from '../errors/validation-issue.js';
import { pointerJoin } from '../errors/validation-issue.js';
import type { EpcisEvent } from '../epcis/epcis.model.js';
import { parseIdentifier } from '../gs1/index.js';
import type { IndustryProfile, ProfileCheckInput, ProfileProduct } from './profile.model.js';
import { entryByLocalName } from './profile-values.js';

/**
 * Automotive: serialised parts are assembled into assemblies and vehicles through AssociationEvent /
 * AggregationEvent (the genealogy the recall-impact walk follows). A vehicle is identified by its VIN,
 * carried as the serial of the vehicle's SGTIN (or as ilmd `…:vin`), and a VIN must be well formed.
 *
 * The VIN rule applied (ISO 3779:2009, check digit per US 49 CFR 565.15):
 * - 17 characters from 0–9 and A–Z without I, O and Q;
 * - position 9 is a check digit, 0–9 or X: transliterate letters (A=1 … H=8, J=1 … N=5, P=7, R=9,
 *   S=2 … Z=9), multiply by the weights 8 7 6 5 4 3 2 10 0 9 8 7 6 5 4 3 2, sum, modulo 11 (10 = X);
 * - the check digit is mandatory only for North-American VINs, recognised by a first WMI character
 *   1–5 (ISO 3780 region codes for North America). Elsewhere (e.g. W… for Germany) ISO 3779 leaves
 *   position 9 to the manufacturer, so it is not checked there.
 */

const VIN_CHARS = /^[A-HJ-NPR-Z0-9]{17}$/;
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2] as const;
const LETTER_VALUES: Readonly<Record<string, number>> = {
  A: 1,
  B: 2,
  C: 3,
  D: 4,
  E: 5,
  F: 6,
  G: 7,
  H: 8,
  J: 1,
  K: 2,
  L: 3,
  M: 4,
  N: 5,
  P: 7,
  R: 9,
  S: 2,
  T: 3,
  U: 4,
  V: 5,
  W: 6,
  X: 7,
  Y: 8,
  Z: 9,
};

/** The check character (position 9) a VIN's other characters call for. Assumes VIN_CHARS holds. */
export function vinCheckCharacter(vin: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const c = vin.charAt(i);
    const value = /\d/.test(c) ? Number(c) : (LETTER_VALUES[c] ?? 0);
    sum += value * (WEIGHTS[i] ?? 0);
  }
  const r = sum % 11;
  return r === 10 ? 'X' : String(r);
}

export function isNorthAmericanVin(vin: string): boolean {
  return /^[1-5]/.test(vin);
}

export type VinProblem = 'VIN_LENGTH' | 'VIN_CHARACTERS' | 'VIN_CHECK_DIGIT';

/** Undefined for a valid VIN; otherwise the problem and what was expected. */
export function vinProblem(vin: string): { readonly code: VinProblem; readonly message: string; readonly expected: string } | undefined {
  if (vin.length !== 17)
    return {
      code: 'VIN_LENGTH',
      message: `the VIN ${vin} has ${String(vin.length)} characters`,
      expected: 'a VIN of 17 characters (ISO 3779)',
    };
  if (!VIN_CHARS.test(vin))
    return {
      code: 'VIN_CHARACTERS',
      message: `the VIN ${vin} has characters a VIN may not use`,
      expected: 'digits and capital letters without I, O and Q (ISO 3779)',
    };
  if (isNorthAmericanVin(vin)) {
    const check = vinCheckCharacter(vin);
    if (vin.charAt(8) !== check)
      return {
        code: 'VIN_CHECK_DIGIT',
        message: `the VIN ${vin} has check digit ${vin.charAt(8)} at position 9`,
        expected: `check digit ${check} (49 CFR 565.15, mandatory for North-American VINs)`,
      };
  }
  return undefined;
}

/** A product is a vehicle when its master data says so: `kind: "vehicle"` (or `vehicle: true`). */
export function isVehicleProduct(product: Pick<ProfileProduct, 'industry' | 'publicAttributes'>): boolean {
  if (product.industry !== 'auto') return false;
  const kind = entryByLocalName(product.publicAttributes, 'kind')?.[1];
  const flag = entryByLocalName(product.publicAttributes, 'vehicle')?.[1];
  return kind === 'vehicle' || flag === true || flag === 'true';
}

/** Identifiers an event names as vehicles may be: commissioned items, and parents of assembly. */
function vehicleCandidates(event: EpcisEvent, pointer: string): { id: string; pointer: string }[] {
  switch (event.type) {
    case 'ObjectEvent':
      return event.action === 'ADD' ? (event.epcList ?? []).map((id, i) => ({ id, pointer: pointerJoin(pointer, 'epcList', i) })) : [];
    case 'AssociationEvent':
    case 'AggregationEvent':
      return event.parentID === undefined ? [] : [{ id: event.parentID, pointer: pointerJoin(pointer, 'parentID') }];
    case 'TransformationEvent':
      return (event.outputEPCList ?? []).map((id, i) => ({ id, pointer: pointerJoin(pointer, 'outputEPCList', i) }));
    default:
      return [];
  }
}

function vehicleIssues({ event, pointer, product }: ProfileCheckInput): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (isVehicleProduct(product)) {
    for (const candidate of vehicleCandidates(event, pointer)) {
      const parsed = parseIdentifier(candidate.id);
      if (!parsed.ok || parsed.value.kind !== 'sgtin' || parsed.value.primaryKey.value !== product.gtin) continue;
      const vin = parsed.value.qualifiers.find((q) => q.ai === '21')?.value ?? '';
      const problem = vinProblem(vin);
      if (problem !== undefined)
        issues.push({
          pointer: candidate.pointer,
          code: problem.code,
          message: `vehicle ${product.gtin}: ${problem.message}`,
          expected: `the vehicle's VIN as the serial: ${problem.expected}`,
        });
    }
  }
  const ilmd = event.type === 'ObjectEvent' || event.type === 'TransformationEvent' ? event.ilmd : undefined;
  const declared = entryByLocalName(ilmd, 'vin');
  if (declared !== undefined) {
    const problem =
      typeof declared[1] === 'string'
        ? vinProblem(declared[1])
        : { code: 'VIN_LENGTH', message: 'the VIN is not text', expected: 'a VIN of 17 characters' };
    if (problem !== undefined)
      issues.push({
        pointer: pointerJoin(pointer, 'ilmd', declared[0]),
        code: problem.code,
        message: problem.message,
        expected: problem.expected,
      });
  }
  return issues;
}

export const AUTO_PROFILE: IndustryProfile = {
  industry: 'auto',
  captureIssues: vehicleIssues,
};
