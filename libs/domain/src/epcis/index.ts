// EPCIS 2.0: the event and document model, strict JSON parsing, validation and normalised event facts.
export * from './epcis.model.js';
export { parseJson, type ParseJsonOptions } from './strict-json.parser.js';
export { EPCIS_CONTEXT_URIS, validateEpcis, type EpcisValidation, type ValidateEpcisOptions } from './epcis.validator.js';
export {
  claimedParties,
  PARTY_SOURCE_DEST_TYPES,
  RECEIVING_BIZ_STEPS,
  type ClaimedParty,
  type PartyClaimFacts,
} from './claimed-parties.js';
export { eventFacts, type BizTransactionFact, type EventFacts, type PartyFact, type QuantityFact } from './event-facts.projection.js';
export { parseDateTime, isTimeZoneOffset, type ParsedDateTime } from './date-time.parser.js';
