// CBV 2.0 vocabularies: the standard term lists and one normaliser for every accepted spelling.
export type { CbvTerm, CbvVocabulary } from './cbv.normaliser.js';
export { cbvTerms, isAbsoluteUri, normaliseCbv } from './cbv.normaliser.js';
