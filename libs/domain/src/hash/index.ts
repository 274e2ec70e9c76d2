// CBV 2.0 §8.9 EPCIS event hash ID (see event-hash-id.ts for the algorithm version it follows).
export {
  EVENT_HASH_ALGORITHM,
  EVENT_HASH_VERSION,
  documentEventHashIds,
  documentPreHashStrings,
  eventHashId,
  hashIdOf,
  preHashString,
} from './event-hash-id.js';
