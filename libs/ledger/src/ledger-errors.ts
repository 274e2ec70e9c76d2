/**
 * Coded ledger errors. Services map `code` to their transport (HTTP status, retry or DLQ,
 * exit code); neither Fabric nor embedded types leak through them.
 */
export type LedgerErrorCode =
  | 'LEDGER_UNAVAILABLE'
  | 'LEDGER_REJECTED'
  | 'MERKLE_ROOT_MISMATCH'
  | 'LEDGER_CONFLICT'
  | 'LEDGER_TIMEOUT'
  | 'LEDGER_CORRUPT'
  | 'LEDGER_CONFIG';

export abstract class LedgerError extends Error {
  abstract readonly code: LedgerErrorCode;
  /** Whether trying the same request again later may succeed. */
  abstract readonly retriable: boolean;
  constructor(
    message: string,
    readonly transactionId?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The ledger could not be reached or did not answer (network, peer down, not started). */
export class LedgerUnavailableError extends LedgerError {
  override readonly name = 'LedgerUnavailableError';
  readonly code = 'LEDGER_UNAVAILABLE' as const;
  readonly retriable = true;
}

/** A call passed its deadline; the transaction may or may not have committed. */
export class LedgerTimeoutError extends LedgerError {
  override readonly name = 'LedgerTimeoutError';
  readonly code = 'LEDGER_TIMEOUT' as const;
  readonly retriable = true;
}

/** The contract refused the whole transaction; `reason` is the contract's code (FORBIDDEN, UNKNOWN_ORGANIZATION, NOT_FOUND…). */
export class LedgerRejectedError extends LedgerError {
  override readonly name = 'LedgerRejectedError';
  readonly code = 'LEDGER_REJECTED' as const;
  readonly retriable = false;
  constructor(
    readonly reason: string,
    message: string,
    transactionId?: string,
    options?: { cause?: unknown },
  ) {
    super(message, transactionId, options);
  }
}

/** The batch's Merkle root is not the root of its hash IDs. */
export class MerkleRootMismatchError extends LedgerError {
  override readonly name = 'MerkleRootMismatchError';
  readonly code = 'MERKLE_ROOT_MISMATCH' as const;
  readonly retriable = false;
}

/** MVCC read conflicts persisted through every retry. */
export class LedgerConflictError extends LedgerError {
  override readonly name = 'LedgerConflictError';
  readonly code = 'LEDGER_CONFLICT' as const;
  readonly retriable = true;
}

/** The embedded chain does not verify (a block was altered, removed or re-signed). */
export class LedgerCorruptError extends LedgerError {
  override readonly name = 'LedgerCorruptError';
  readonly code = 'LEDGER_CORRUPT' as const;
  readonly retriable = false;
  constructor(
    readonly blockNumber: number,
    readonly why: string,
  ) {
    super(`block ${blockNumber}: ${why}`);
  }
}

/** Missing or invalid configuration (which setting is named in the message). */
export class LedgerConfigError extends LedgerError {
  override readonly name = 'LedgerConfigError';
  readonly code = 'LEDGER_CONFIG' as const;
  readonly retriable = false;
}

/** Maps a contract error message "CODE: text" to the port's coded error. */
export function contractError(message: string, transactionId?: string, cause?: unknown): LedgerError {
  const match = /([A-Z][A-Z_]+): (.*)$/s.exec(message);
  const code = match?.[1] ?? 'CONTRACT_ERROR';
  const text = match?.[2] ?? message;
  if (code === 'MERKLE_ROOT_MISMATCH') return new MerkleRootMismatchError(text, transactionId, { cause });
  return new LedgerRejectedError(code, `${code}: ${text}`, transactionId, { cause });
}
