import type { BadInputCase, BadInputCategory } from './bad-input-case.js';
import { captureCases } from './capture.cases.js';
import { graphqlCases } from './graphql.cases.js';
import { kafkaCases } from './kafka.cases.js';
import { queryCases } from './query.cases.js';

export type { BadInputCase, BadInputCategory } from './bad-input-case.js';

/** The whole corpus; `maxBytes` is the running app's CAPTURE_MAX_BYTES (the oversized cases go just past it). */
export function badInputCorpus(maxBytes: number): BadInputCase[] {
  return [...captureCases(maxBytes), ...queryCases(), ...graphqlCases(), ...kafkaCases()];
}

export function countByCategory(cases: readonly BadInputCase[]): Partial<Record<BadInputCategory, number>> {
  const counts: Partial<Record<BadInputCategory, number>> = {};
  for (const c of cases) counts[c.category] = (counts[c.category] ?? 0) + 1;
  return counts;
}
