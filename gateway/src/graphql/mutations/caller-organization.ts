import type { Principal } from '@lotledger/auth';
import { mutationError } from './mutation-errors.js';

/**
 * The MSP id a change is signed with on the ledger: a supplier's organisation, or the organisation a
 * regulator's or admin's token names (tokens issued from a registered regulator's client credentials
 * carry it). A token without one cannot act on the ledger: refused rather than guessed.
 */
export function ledgerMspOf(principal: Principal): string {
  if (principal.org !== undefined && principal.org !== '') return principal.org;
  throw mutationError(
    'ORGANIZATION_REQUIRED',
    `a ${principal.role} token without an organisation (org claim) cannot change the ledger; use a token issued to a registered organisation`,
  );
}
