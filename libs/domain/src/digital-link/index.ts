// GS1 Digital Link (URI Syntax 1.2+): parse, validate, build, canonicalise.
export {
  GS1_CANONICAL_BASE,
  buildDigitalLink,
  canonicaliseDigitalLink,
  formatDigitalLink,
  parseDigitalLink,
  type DigitalLinkParts,
} from './digital-link.js';
export { DIGITAL_LINK_KEYS, type DigitalLinkKey } from './digital-link-keys.js';
