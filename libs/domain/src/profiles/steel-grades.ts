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
 * - Table 2, cast analysis: C ≤ 0.20 (t ≤ 40 mm), ≤ 0.22 (t > 40 mm; above 100 mm by agreement), Si ≤ 0.55,
 *   Mn ≤ 1.60, P ≤ 0.025, S ≤ 0.025, Cu ≤ 0.55.
 * - CEV (cast analysis): ≤ 0.45 for t ≤ 30 mm, ≤ 0.47 above.
 * - Table 7, ReH min: 355 (t ≤ 16), 345 (≤ 40), 335 (≤ 63), 325 (≤ 80), 315 (≤ 100), 295 (≤ 150),
 *   285 (≤ 200), 275 (≤ 250), 265 MPa (≤ 400, flat products); Rm: 510–680 MPa for t < 3 mm, 470–630 MPa for
 *   3 ≤ t ≤ 100 mm, 450–600 MPa above.
 * - A (L0 = 5.65√S0, longitudinal) min: 22 % (3 ≤ t ≤ 40), 21 % (≤ 63), 20 % (≤ 100);
 *   A80 (L0 = 80 mm, longitudinal) for t < 3 mm: 14 (t ≤ 1), 15 (≤ 1.5), 16 (≤ 2), 17 (≤ 2.5), 18 % (< 3).
 * - KV longitudinal: ≥ 27 J at −20 °C.
 * Unknown thickness: the 3 < t ≤ 16 mm band (the most common plate and hot-rolled strip band).
 *
 * Sources (public reproductions; the standard itself is sold by CEN members):
 * - Chemistry: "EN 10025-2:2004 Table 2 – Chemical composition of the ladle analysis", as reproduced at
 *   https://studmed.ru/view/bs-en-10025-2-2004-hot-rolled-products-of-structural-steels-part-2-technical-delivery-conditions-for-non-alloy-structural-steels-eng_9f51897ac33.html?page=3
 * - ReH and Rm by thickness: "Steel Grades to Eurocodes – Table 7 of BS EN 10025-2",
 *   https://readle.co.uk/references/steel-grades-eurocodes.php (its note a: for plate, strip and wide flats
 *   ≥ 600 mm wide the transverse direction applies).
 * - J2 = 27 J at −20 °C: "Material properties S355 steel, equivalent grade EN 10025-2",
 *   https://compraco.com.br/en/blogs/especificacoes-do-aco/propriedades-do-material-s355-aco-grau-equivalente-en-10025-2
 * Not confirmed by a public source found: the CEV bands and the elongation minima (kept as stated above).
 */
/** EN 10025-2 Table 7, S355: [thickness up to (mm), ReH min (MPa)] above 16 mm; 265 MPa up to 400 mm. */
const S355_YIELD_BANDS: readonly (readonly [number, number])[] = [
  [40, 345],
  [63, 335],
  [80, 325],
  [100, 315],
  [150, 295],
  [200, 285],
  [250, 275],
];

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
  yieldStrengthMPa: (t) => {
    if (t === undefined || t <= 16) return { min: 355 };
    return { min: S355_YIELD_BANDS.find(([upTo]) => t <= upTo)?.[1] ?? 265 };
  },
  tensileStrengthMPa: (t) =>
    t !== undefined && t < 3 ? { min: 510, max: 680 } : t !== undefined && t > 100 ? { min: 450, max: 600 } : { min: 470, max: 630 },
  elongationPercent: (t) => {
    if (t === undefined) return { min: 22 };
    if (t < 3) return { min: t <= 1 ? 14 : t <= 1.5 ? 15 : t <= 2 ? 16 : t <= 2.5 ? 17 : 18 };
    return { min: t <= 40 ? 22 : t <= 63 ? 21 : 20 };
  },
  impactEnergyJ: { min: 27, temperatureC: -20 },
};

/**
 * DC04, EN 10130:2006 (cold-rolled low-carbon flat products for cold forming), transverse test pieces.
 * - Cast analysis: C ≤ 0.08, P ≤ 0.030, S ≤ 0.030, Mn ≤ 0.40.
 * - Re (ReL, or Rp0.2 without a definite yield point) at most 210 MPa, Rm 270–350 MPa, A80 ≥ 38 %; for
 *   0.5 < t ≤ 0.7 mm the yield maximum rises by 20 MPa and the minimum elongation falls by 2 units, for
 *   t ≤ 0.5 mm by 40 MPa and 4 units. The standard sets no yield minimum: a lower yield strength it names
 *   is an assumption for design, not a delivery requirement, so a low yield is not a finding.
 * - r90 ≥ 1.6 and n90 ≥ 0.180 (t ≥ 0.5 mm) are not part of the checked set. No impact test.
 *
 * Sources:
 * - "Cold-rolled – Steel for forming" (Tata Steel Europe, EN 10130:2006 table: max. yield strength, Rm, A80,
 *   r90, n90), https://www.tatasteeleurope.com/en/products-and-services/automotive/cold-rolled/forming, and its
 *   notes on thin gauges and the design yield, https://www.tatasteeleurope.com/ts/node/5486
 * - Chemistry: "Low-carbon steel strip: cold-rolled" (Vinco, EN 10130 / EN 10139),
 *   https://vinco.es/en/strip/low-carbon-steel/cold-rolled
 */
export const DC04: GradeLimits = {
  grade: 'DC04',
  standard: 'EN 10130:2006',
  chemistry: () => ({ C: 0.08, P: 0.03, S: 0.03, Mn: 0.4 }),
  yieldStrengthMPa: (t) => ({ max: t !== undefined && t <= 0.5 ? 250 : t !== undefined && t <= 0.7 ? 230 : 210 }),
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
