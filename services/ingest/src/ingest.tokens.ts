/** DI tokens of the ingest service (the shared ones come from @lotledger/platform). */
export const CAPTURE_SERVICE = Symbol.for('lotledger.ingest.CAPTURE_SERVICE');
