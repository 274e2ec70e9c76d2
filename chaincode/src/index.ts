// The chaincode's entry point. fabric-chaincode-node loads package.json `main` and registers
// `contracts`; the ledger library imports the same class and the record types from here.
import { TraceContract } from './trace.contract.js';

export const contracts = [TraceContract];
export { TraceContract, TraceError } from './trace.contract.js';
export * from './batch-facts.js';
export * from './ledger-records.js';
export * from './rejection.js';
export * from './trace-context.js';
export { stateKey, KEY_TYPES } from './state-keys.js';
export { glnOf, ownsGln, isClassLevelId, gs1CheckDigit } from './gs1-ownership.js';
