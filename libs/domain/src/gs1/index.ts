// GS1 keys: check digits, the Application Identifier table, EPC URNs ⇄ Digital Links, and the
// canonical object id every other part of lotledger keys on.
export { gs1CheckDigit, hasValidCheckDigit, normaliseGtin } from './check-digit.js';
export type { Gs1Element } from './gs1-element.js';
export { APPLICATION_IDENTIFIERS, aiDefinition, aiValueIssue, type AiComponent, type AiDefinition } from './application-identifiers.js';
export { epcUriFromParts, parseEpcUrn, type KeyParts } from './epc-uri.js';
export {
  canonicalObjectId,
  identifyKey,
  digitalLinkToEpcUri,
  epcUriToDigitalLink,
  parseIdentifier,
  type IdentifierKind,
  type KeyIdentity,
  type ParsedIdentifier,
  type ParseOptions,
} from './identifier.js';
