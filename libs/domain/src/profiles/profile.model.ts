import type { ValidationIssue } from '../errors/validation-issue.js';
import type { EpcisEvent, JsonValue } from '../epcis/epcis.model.js';

/** The industry a product is registered under (product master data); it selects the profile. */
export type Industry = 'pharma' | 'auto' | 'steel' | 'other';

/** What a profile needs of a product's master data (a subset of the registry's Product). */
export interface ProfileProduct {
  readonly gtin: string;
  readonly industry: Industry;
  readonly publicAttributes: { readonly [key: string]: JsonValue };
}

/**
 * A fact a profile found that does not make an event invalid but that the owner and the regulator
 * must see: a cold-chain excursion, a certificate value outside its grade's limits.
 */
export interface ProfileFinding {
  readonly code: 'COLD_CHAIN_EXCURSION' | 'CERTIFICATE_OUT_OF_SPEC';
  readonly industry: Industry;
  /** What is wrong, in plain language. */
  readonly message: string;
  /** The measured or certified quantity, e.g. `temperature`, `steel:yieldStrengthMPa`. */
  readonly field: string;
  readonly observed: number;
  readonly limit: { readonly min: number | undefined; readonly max: number | undefined };
  readonly unit: string;
  /** The norm or master-data source the limit comes from. */
  readonly source: string;
  /** ISO 8601 time of the event that carries the value. */
  readonly eventTime: string | undefined;
  /** The hash ID (or eventID) of that event, when the caller knows it. */
  readonly eventRef: string | undefined;
}

/** One event of an industry's product as the capture hook sees it. */
export interface ProfileCheckInput {
  readonly event: EpcisEvent;
  /** JSON pointer of the event in the submitted document. */
  readonly pointer: string;
  /** The registered product of the GTIN the check is about. */
  readonly product: ProfileProduct;
}

/** An industry profile: its capture-time rules. Pure and deterministic. */
export interface IndustryProfile {
  readonly industry: Industry;
  /** Capture-time errors (the event is refused or set aside), each with a JSON pointer and the expected form. */
  captureIssues(input: ProfileCheckInput): readonly ValidationIssue[];
}
