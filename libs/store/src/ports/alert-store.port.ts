/**
 * Alerts: industry-profile findings (a cold-chain excursion, an out-of-spec certificate value) raised
 * when the event that carries them is anchored, kept in the read model for the owner's and regulators'
 * inbox. The finding itself stays derivable from the events (the domain's `profileFindings`); an alert
 * is the notice that someone must look, and who acknowledged it.
 */

/** One finding to raise, as the anchor projection derives it from an event of the batch. */
export interface AlertToRaise {
  /** The hash ID of the anchored event that carries the value. With `code` and `field`, the alert's key. */
  readonly eventHashId: string;
  /** The object the event names that the finding is about (canonical Digital Link: item, container, lot, class). */
  readonly objectId: string;
  /** The GTIN whose master data (industry, storage range, grade) the rule used; null when none was registered. */
  readonly gtin: string | null;
  readonly industry: string;
  /** COLD_CHAIN_EXCURSION or CERTIFICATE_OUT_OF_SPEC. */
  readonly code: string;
  readonly message: string;
  /** The quantity: `temperature`, or a certificate field such as `steel:yieldStrengthMPa`. */
  readonly field: string;
  readonly observed: number;
  readonly limitMin: number | null;
  readonly limitMax: number | null;
  readonly unit: string;
  /** The norm or master-data source of the limit. */
  readonly source: string;
  /** The organisation that sees the alert: the product's registered owner, else the object's custodian. */
  readonly ownerMsp: string | null;
  /** ISO 8601 time of the reading or the event; null when the event does not say. */
  readonly eventTime: string | null;
}

export interface StoredAlert extends AlertToRaise {
  readonly id: string;
  /** ISO 8601: when the alert was recorded (the anchoring batch's ledger time). */
  readonly raisedAt: string;
  readonly acknowledgedAt: string | null;
  /** Who acknowledged: the token subject and organisation, e.g. `alice (HeliosPharmaMSP)`. */
  readonly acknowledgedBy: string | null;
}

export interface AlertQuery {
  /** Only this organisation's alerts (a supplier's inbox); undefined = every organisation (a regulator's). */
  readonly ownerMsp?: string;
  readonly industry?: string;
  readonly code?: string;
  /** true: only acknowledged, false: only open, undefined: both. */
  readonly acknowledged?: boolean;
}

export interface AlertPageRequest {
  readonly first: number;
  /** The `nextCursor` of the previous page. */
  readonly after?: string;
}

export interface AlertPage {
  /** Newest first (raised-at, then id). */
  readonly alerts: readonly StoredAlert[];
  readonly nextCursor: string | null;
}

export interface AlertStore {
  listAlerts(query: AlertQuery, page: AlertPageRequest): Promise<AlertPage>;
  getAlert(id: string): Promise<StoredAlert | null>;
  /**
   * Marks an alert acknowledged by `by` at `at` (ISO 8601). The first acknowledgement stays: acknowledging
   * again changes nothing. Null when there is no such alert.
   */
  acknowledgeAlert(id: string, by: string, at: string): Promise<StoredAlert | null>;
}
