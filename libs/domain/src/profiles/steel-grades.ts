/**
 * Limits of the steel grades the steel profile checks certificates against. Each value names its
 * source; where a limit depends on the product thickness t (mm) the band is chosen from t, and from
 * the stated default band when t is not known.
 */

export interface Bound {
  readonly min?: number;
  readonly max?: number;
}

export interface GradeLimits {
  readonly grade: string;
  readonly standard: string;
  /** Cast (ladle) analysis maxima, mass %, by element symbol (and CEV). */
  chemistry(t: number | undefined): Readonly<Record<string, number>>;
  yieldStrengthMPa(t: number | undefined): Bound;
  tensileStrengthMPa(t: number | undefined): Bound;
  elongationPercent(t: number | undefined): Bound;
  /** Charpy V impact energy, J (undefined: the grade has no impact requirement). */
  readonly impactEnergyJ: (Bound & { readonly temperatureC: number }) | undefined;
}

/**
 * S355J2, EN 10025-2:2019 (hot-rolled non-alloy structural steels).
 * - Table 2, cast analysis, t ≤ 16 mm (≤ 40 mm for C): C ≤ 0.20, Si ≤ 0.55, Mn ≤ 1.60, P ≤ 0.025,
 *   S ≤ 0.025, Cu ≤ 0.55; above 40 mm C ≤ 0.22.
 * - Table 4, CEV (cast analysis): ≤ 0.45 for t ≤ 30 mm, ≤ 0.47 above.
 * - Table 7, ReH min: 355 (t ≤ 16), 345 (≤ 40), 335 (≤ 63), 325 (≤ 80), 315 (≤ 100) MPa;
 *   Rm: 510–680 MPa for t < 3 mm, 470–630 MPa for 3 ≤ t ≤ 100 mm;
 *   A (L0 = 5.65√S0, longitudinal) min: 22 % (3 ≤ t ≤ 40), 21 % (≤ 63), 20 % (≤ 100).
 * - Table 8, A80 (L0 = 80 mm, longitudinal) for t < 3 mm: 14 (t ≤ 1), 15 (≤ 1.5), 16 (≤ 2), 17 (≤ 2.5),
 *   18 % (< 3).
 * - Table 9, KV longitudinal: ≥ 27 J at −20 °C.
 * Unknown thickness: the 3 < t ≤ 16 mm band (the most common plate and hot-rolled strip band).
 */
export const S355J2: GradeLimits = {
  grade: 'S355J2',
  standard: 'EN 10025-2:2019',
  chemistry: (t) => ({
    C: t !== undefined && t > 40 ? 0.22 : 0.2,
    Si: 0.55,
    Mn: 1.6,
    P: 0.025,
    S: 0.025,
    Cu: 0.55,
    CEV: t !== undefined && t > 30 ? 0.47 : 0.45,
  }),
  yieldStrengthMPa: (t) => ({ min: t === undefined || t <= 16 ? 355 : t <= 40 ? 345 : t <= 63 ? 335 : t <= 80 ? 325 : 315 }),
  tensileStrengthMPa: (t) => (t !== undefined && t < 3 ? { min: 510, max: 680 } : { min: 470, max: 630 }),
  elongationPercent: (t) => {
    if (t === undefined) return { min: 22 };
    if (t < 3) return { min: t <= 1 ? 14 : t <= 1.5 ? 15 : t <= 2 ? 16 : t <= 2.5 ? 17 : 18 };
    return { min: t <= 40 ? 22 : t <= 63 ? 21 : 20 };
  },
  impactEnergyJ: { min: 27, temperatureC: -20 },
};

/**
 * DC04, EN 10130:2006 (cold-rolled low-carbon flat products for cold forming).
 * - Table 2, cast analysis: C ≤ 0.08, P ≤ 0.030, S ≤ 0.030, Mn ≤ 0.40.
 * - Table 3: Re (ReL or Rp0.2) 140–210 MPa, Rm 270–350 MPa, A80 ≥ 38 %; for 0.5 < t ≤ 0.7 mm the
 *   upper yield limit rises by 20 MPa and the minimum elongation falls by 2 units, for t ≤ 0.5 mm by
 *   40 MPa and 4 units (notes to Table 3). r90 ≥ 1.6 and n90 ≥ 0.18 are not part of the checked set.
 * - No impact test.
 */
export const DC04: GradeLimits = {
  grade: 'DC04',
  standard: 'EN 10130:2006',
  chemistry: () => ({ C: 0.08, P: 0.03, S: 0.03, Mn: 0.4 }),
  yieldStrengthMPa: (t) => ({ min: 140, max: t !== undefined && t <= 0.5 ? 250 : t !== undefined && t <= 0.7 ? 230 : 210 }),
  tensileStrengthMPa: () => ({ min: 270, max: 350 }),
  elongationPercent: (t) => ({ min: t !== undefined && t <= 0.5 ? 34 : t !== undefined && t <= 0.7 ? 36 : 38 }),
  impactEnergyJ: undefined,
};

export const STEEL_GRADES: ReadonlyMap<string, GradeLimits> = new Map([
  [S355J2.grade, S355J2],
  [DC04.grade, DC04],
]);

/** The limits of a grade by its designation (case and spacing insensitive), or undefined. */
export function gradeLimits(grade: string): GradeLimits | undefined {
  return STEEL_GRADES.get(grade.replace(/\s+/g, '').toUpperCase());
}
