/**
 * The primary keys a GS1 Digital Link path may start with, and their key qualifiers in the one
 * order the path must carry them (GS1 Digital Link URI Syntax 1.2+, §4 and its ABNF grammar).
 * A key may have alternative qualifier sequences (GTIN: CPV/lot/serial, or the TPX of AI 235).
 * The table agrees with the `dlpkey` attributes of the GS1 Barcode Syntax Dictionary.
 */
export interface DigitalLinkKey {
  readonly ai: string;
  /** Alternative ordered qualifier sequences; each qualifier in a sequence is optional. */
  readonly qualifierSequences: readonly (readonly string[])[];
}

const KEYS: readonly DigitalLinkKey[] = [
  { ai: '01', qualifierSequences: [['22', '10', '21'], ['235']] },
  { ai: '8006', qualifierSequences: [['22', '10', '21']] },
  { ai: '8010', qualifierSequences: [['8011']] },
  { ai: '414', qualifierSequences: [['254'], ['7040']] },
  { ai: '417', qualifierSequences: [['7040']] },
  { ai: '415', qualifierSequences: [['8020']] },
  { ai: '8017', qualifierSequences: [['8019']] },
  { ai: '8018', qualifierSequences: [['8019']] },
  { ai: '00', qualifierSequences: [] },
  { ai: '253', qualifierSequences: [] },
  { ai: '255', qualifierSequences: [] },
  { ai: '401', qualifierSequences: [] },
  { ai: '402', qualifierSequences: [] },
  { ai: '8003', qualifierSequences: [] },
  { ai: '8004', qualifierSequences: [['7040']] },
  { ai: '8013', qualifierSequences: [] },
];

export const DIGITAL_LINK_KEYS: ReadonlyMap<string, DigitalLinkKey> = new Map(KEYS.map((k) => [k.ai, k]));

/** Every AI that qualifies some primary key. */
export const KEY_QUALIFIER_AIS: ReadonlySet<string> = new Set(KEYS.flatMap((k) => k.qualifierSequences.flat()));

/**
 * The short names of Digital Link 1.0/1.1 ("convenience alphas"), deprecated since 1.2 but still
 * met in printed codes: accepted on input, never produced (canonical form uses numeric AIs only).
 */
export const SHORT_NAMES: ReadonlyMap<string, string> = new Map([
  ['gtin', '01'],
  ['itip', '8006'],
  ['cpid', '8010'],
  ['gln', '414'],
  ['party', '417'],
  ['gsrnp', '8017'],
  ['gsrn', '8018'],
  ['gcn', '255'],
  ['sscc', '00'],
  ['gdti', '253'],
  ['ginc', '401'],
  ['gsin', '402'],
  ['grai', '8003'],
  ['giai', '8004'],
  ['cpv', '22'],
  ['lot', '10'],
  ['ser', '21'],
  ['cpsn', '8011'],
  ['glnx', '254'],
  ['srin', '8019'],
]);

/** Position of `ai` in the key's qualifier sequences: [sequence index, position], or undefined. */
export function qualifierPosition(key: DigitalLinkKey, ai: string): readonly [number, number] | undefined {
  const seqs = key.qualifierSequences;
  for (let s = 0; s < seqs.length; s++) {
    const pos = seqs[s]?.indexOf(ai) ?? -1;
    if (pos >= 0) return [s, pos];
  }
  return undefined;
}

/** The canonical path template of a key, for messages: `/01/{01}/22/{22}/10/{10}/21/{21}`. */
export function pathTemplate(key: DigitalLinkKey): string {
  const seqs = key.qualifierSequences.map((seq) => `/${key.ai}/{${key.ai}}` + seq.map((q) => `/${q}/{${q}}`).join(''));
  return seqs.length === 0 ? `/${key.ai}/{${key.ai}}` : seqs.join(' or ');
}
