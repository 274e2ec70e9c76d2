import { LedgerRejectedError } from '@lotledger/ledger';
import { GraphQLError } from '../graphql-runtime.js';

/** A GraphQL error with a stable code, and the contract's own code where the ledger refused. */
export function mutationError(code: string, message: string, contractCode?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...(contractCode === undefined ? {} : { contractCode }) } });
}

// The contract's refusal codes (chaincode/README.md) and the GraphQL code each maps to.
const CONTRACT_CODES: Readonly<Record<string, string>> = {
  NOT_ALLOWED_TO_HOLD: 'FORBIDDEN',
  NOT_HOLD_SETTER: 'FORBIDDEN',
  FORBIDDEN: 'FORBIDDEN',
  UNKNOWN_ORGANIZATION: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  NO_SUCH_HOLD: 'CONFLICT',
  PREFIX_CONFLICT: 'CONFLICT',
  INVALID_ARGUMENT: 'BAD_USER_INPUT',
};

/** Maps a ledger refusal to a GraphQL error; anything else (unavailable, timeout) stays LEDGER_UNAVAILABLE. */
export function ledgerMutationError(error: unknown): GraphQLError {
  if (error instanceof LedgerRejectedError) {
    return mutationError(CONTRACT_CODES[error.reason] ?? 'CONFLICT', error.message, error.reason);
  }
  const message = error instanceof Error ? error.message : String(error);
  return mutationError('LEDGER_UNAVAILABLE', `the ledger did not take the change: ${message}`);
}
