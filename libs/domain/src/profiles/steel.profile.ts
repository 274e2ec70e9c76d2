import type { ValidationIssue } from '../errors/validation-issue.js';
import { pointerJoin } from '../errors/validation-issue.js';
import type { JsonValue } from '../epcis/epcis.model.js';
import type { IndustryProfile, ProfileCheckInput, ProfileFinding, ProfileProduct } from './profile.model.js';
import { entryByLocalName, isRecord, localName, numberByLocalName, stringByLocalName } from './profile-values.js';
import { gradeLimits, type Bound, type GradeLimits } from './steel-grades.js';

/**
 * Steel: the heat (cast) number is the lot; an EN 10204 3.1 inspection certificate travels in ilmd as
 * `steel:inspectionDocument` (with `steel:grade` beside it) and holds the EN 10168 data groups. A
 * certificate without a mandatory field is refused at capture; a value outside its grade's limits
 * is a finding for the owner and the regulator, not a refusal — the certificate states a fact.
 */

export interface CertificateValue {
  /** The key as written, e.g. `steel:yieldStrengthMPa` or `steel:C` (inside the chemistry). */
  readonly key: string;
  readonly label: string;
  readonly observed: number;
  readonly unit: string;
  readonly limit: Bound | undefined;
  /** Undefined when the grade has no limit for the value (or the grade is unknown). */
  readonly withinSpec: boolean | undefined;
}

export interface CertificateInspection {
  readonly type: string | undefined;
  readonly number: string | undefined;
  readonly grade: string | undefined;
  readonly heatNumber: string | undefined;
  /** The standard whose limits were applied, or undefined for a grade without limits on record. */
  readonly standard: string | undefined;
  readonly values: readonly CertificateValue[];
  readonly findings: readonly ProfileFinding[];
  /** Missing mandatory fields, with pointers relative to the certificate (`/steel:yieldStrengthMPa`). */
  readonly issues: readonly ValidationIssue[];
}

/** EN 10168 data groups the profile requires of a 3.1 certificate, by local name. */
const MANDATORY: readonly { readonly name: string; readonly group: string; readonly expected: string }[] = [
  { name: 'number', group: 'A03', expected: 'the certificate number (EN 10168 A03) as `steel:number`' },
  {
    name: 'chemicalCompositionPercent',
    group: 'C70–C92',
    expected: 'the cast analysis in mass % as `steel:chemicalCompositionPercent` {element: %}',
  },
  { name: 'yieldStrengthMPa', group: 'C11', expected: 'the yield strength in MPa (EN 10168 C11) as a number' },
  { name: 'tensileStrengthMPa', group: 'C12', expected: 'the tensile strength in MPa (EN 10168 C12) as a number' },
  { name: 'elongationPercent', group: 'C13', expected: 'the elongation after fracture in % (EN 10168 C13) as a number' },
];

const LABELS: Readonly<Record<string, readonly [string, string]>> = {
  yieldStrengthMPa: ['Yield strength', 'MPa'],
  tensileStrengthMPa: ['Tensile strength', 'MPa'],
  elongationPercent: ['Elongation', '%'],
  impactEnergyJ: ['Impact energy', 'J'],
};

// "2.5 mm" in master data, or `steel:thicknessMm` in ilmd.
function thicknessOf(ilmd: unknown, product: Pick<ProfileProduct, 'publicAttributes'> | null | undefined): number | undefined {
  const fromIlmd = numberByLocalName(ilmd, 'thicknessMm');
  if (fromIlmd !== undefined) return fromIlmd;
  const text = product === null || product === undefined ? undefined : entryByLocalName(product.publicAttributes, 'thickness')?.[1];
  if (typeof text === 'number') return text;
  const m = typeof text === 'string' ? /^(\d+(?:\.\d+)?)\s*mm$/.exec(text.trim()) : null;
  return m === null ? undefined : Number(m[1]);
}

function within(observed: number, bound: Bound | undefined): boolean | undefined {
  if (bound === undefined) return undefined;
  return (bound.min === undefined || observed >= bound.min) && (bound.max === undefined || observed <= bound.max);
}

function boundText(bound: Bound, unit: string): string {
  if (bound.min !== undefined && bound.max !== undefined) return `${String(bound.min)}–${String(bound.max)} ${unit}`;
  if (bound.min !== undefined) return `at least ${String(bound.min)} ${unit}`;
  return `at most ${String(bound.max ?? '')} ${unit}`;
}

/** The certificate (`…:inspectionDocument`) in an ilmd, with its key. */
export function inspectionDocumentOf(ilmd: unknown): readonly [string, { readonly [key: string]: JsonValue }] | undefined {
  const entry = entryByLocalName(ilmd, 'inspectionDocument');
  return entry !== undefined && isRecord(entry[1]) ? [entry[0], entry[1]] : undefined;
}

/**
 * Reads a certificate from an ilmd: its values against the grade's limits (findings for values out of
 * spec) and the mandatory fields that are missing (issues). Undefined when the ilmd has no certificate.
 */
export function inspectSteelCertificate(
  ilmd: unknown,
  product?: Pick<ProfileProduct, 'publicAttributes'> | null,
  context: { readonly eventTime?: string; readonly eventRef?: string } = {},
): CertificateInspection | undefined {
  const found = inspectionDocumentOf(ilmd);
  if (found === undefined) return undefined;
  const doc = found[1];
  const issues: ValidationIssue[] = [];
  const type = stringByLocalName(doc, 'type');
  if (type === undefined || !/3\.[12]\b/.test(type))
    issues.push({
      pointer: '/steel:type',
      code: 'STEEL_CERTIFICATE_TYPE',
      message:
        type === undefined
          ? 'the certificate does not say its type'
          : `the certificate type ${type} is not an inspection certificate 3.1 or 3.2`,
      expected: 'the type of inspection document (EN 10168 A02), "EN 10204 3.1" or "EN 10204 3.2"',
    });
  for (const m of MANDATORY) {
    const entry = entryByLocalName(doc, m.name);
    const ok =
      entry !== undefined &&
      (m.name === 'chemicalCompositionPercent'
        ? isRecord(entry[1]) && Object.keys(entry[1]).length > 0
        : m.name === 'number'
          ? typeof entry[1] === 'string' && entry[1] !== ''
          : typeof entry[1] === 'number');
    if (!ok)
      issues.push({
        pointer: `/${entry?.[0] ?? `steel:${m.name}`}`,
        code: 'STEEL_CERTIFICATE_FIELD',
        message: `the inspection certificate lacks ${m.name} (EN 10168 ${m.group})`,
        expected: m.expected,
      });
  }
  const grade = stringByLocalName(ilmd, 'grade') ?? stringByLocalName(doc, 'grade');
  if (grade === undefined)
    issues.push({
      pointer: '/steel:grade',
      code: 'STEEL_CERTIFICATE_FIELD',
      message: 'the certificate names no steel grade (EN 10168 B02)',
      expected: 'the grade designation as ilmd `steel:grade`, e.g. S355J2',
    });
  const heatNumber = stringByLocalName(doc, 'heatNumber') ?? stringByLocalName(ilmd, 'lotNumber');
  if (heatNumber === undefined)
    issues.push({
      pointer: '/steel:heatNumber',
      code: 'STEEL_CERTIFICATE_FIELD',
      message: 'the certificate names no heat (cast) number (EN 10168 B07)',
      expected: 'the heat number as `steel:heatNumber` or ilmd `cbvmda:lotNumber`',
    });
  const limits = grade === undefined ? undefined : gradeLimits(grade);
  if (limits?.impactEnergyJ !== undefined && numberByLocalName(doc, 'impactEnergyJ') === undefined)
    issues.push({
      pointer: '/steel:impactEnergyJ',
      code: 'STEEL_CERTIFICATE_FIELD',
      message: `grade ${limits.grade} requires an impact test but the certificate has no impact energy (EN 10168 C40–C43)`,
      expected: `the Charpy V impact energy in J at ${String(limits.impactEnergyJ.temperatureC)} °C as a number`,
    });

  const values = certificateValues(doc, limits, thicknessOf(ilmd, product));
  const findings: ProfileFinding[] = values.flatMap((v) =>
    v.withinSpec === false && v.limit !== undefined && limits !== undefined
      ? [
          {
            code: 'CERTIFICATE_OUT_OF_SPEC' as const,
            industry: 'steel' as const,
            message: `${v.label} ${String(v.observed)} ${v.unit} is outside ${limits.grade}'s ${boundText(v.limit, v.unit)}`,
            field: v.key,
            observed: v.observed,
            limit: { min: v.limit.min, max: v.limit.max },
            unit: v.unit,
            source: limits.standard,
            eventTime: context.eventTime,
            eventRef: context.eventRef,
          },
        ]
      : [],
  );
  return { type, number: stringByLocalName(doc, 'number'), grade, heatNumber, standard: limits?.standard, values, findings, issues };
}

function certificateValues(
  doc: { readonly [key: string]: JsonValue },
  limits: GradeLimits | undefined,
  t: number | undefined,
): CertificateValue[] {
  const values: CertificateValue[] = [];
  const chemistry = entryByLocalName(doc, 'chemicalCompositionPercent')?.[1];
  const maxima = limits?.chemistry(t) ?? {};
  if (isRecord(chemistry))
    for (const [key, v] of Object.entries(chemistry)) {
      if (typeof v !== 'number') continue;
      const max = maxima[localName(key)];
      const limit = max === undefined ? undefined : { max };
      values.push({ key, label: localName(key), observed: v, unit: '%', limit, withinSpec: within(v, limit) });
    }
  for (const [name, [label, unit]] of Object.entries(LABELS)) {
    const entry = entryByLocalName(doc, name);
    if (entry === undefined || typeof entry[1] !== 'number') continue;
    const limit =
      limits === undefined
        ? undefined
        : name === 'yieldStrengthMPa'
          ? limits.yieldStrengthMPa(t)
          : name === 'tensileStrengthMPa'
            ? limits.tensileStrengthMPa(t)
            : name === 'elongationPercent'
              ? limits.elongationPercent(t)
              : limits.impactEnergyJ;
    const bound =
      limit === undefined
        ? undefined
        : { ...(limit.min === undefined ? {} : { min: limit.min }), ...(limit.max === undefined ? {} : { max: limit.max }) };
    values.push({ key: entry[0], label, observed: entry[1], unit, limit: bound, withinSpec: within(entry[1], bound) });
  }
  return values;
}

function certificateIssues({ event, pointer, product }: ProfileCheckInput): ValidationIssue[] {
  const ilmd = event.type === 'ObjectEvent' || event.type === 'TransformationEvent' ? event.ilmd : undefined;
  const inspection = inspectSteelCertificate(ilmd, product);
  const documentKey = inspectionDocumentOf(ilmd)?.[0];
  if (inspection === undefined || documentKey === undefined) return [];
  return inspection.issues.map((i) => ({
    ...i,
    // The grade lives beside the certificate in ilmd; every other field inside it.
    pointer:
      i.pointer === '/steel:grade' ? pointerJoin(pointer, 'ilmd', 'steel:grade') : pointerJoin(pointer, 'ilmd', documentKey) + i.pointer,
  }));
}

export const STEEL_PROFILE: IndustryProfile = {
  industry: 'steel',
  captureIssues: certificateIssues,
};
