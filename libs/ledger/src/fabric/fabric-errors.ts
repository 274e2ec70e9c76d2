import { status as GrpcStatus } from '@grpc/grpc-js';
import { CommitStatusError, EndorseError, GatewayError } from '@hyperledger/fabric-gateway';
import { peer } from '@hyperledger/fabric-protos';
import { contractError, LedgerRejectedError, LedgerTimeoutError, LedgerUnavailableError, type LedgerError } from '../ledger-errors.js';

const CONTRACT_CODE = /\b([A-Z][A-Z_]{2,}): /;
const TIMEOUT_CODES: ReadonlySet<number> = new Set([GrpcStatus.DEADLINE_EXCEEDED]);
const UNAVAILABLE_CODES: ReadonlySet<number> = new Set([GrpcStatus.UNAVAILABLE, GrpcStatus.CANCELLED]);

/** Maps a Fabric Gateway failure to the port's coded errors; the contract's own code wins when the peer passed it on. */
export function mapFabricError(error: unknown, transactionId?: string): LedgerError {
  if (error instanceof GatewayError) {
    const txId = transactionId ?? (error instanceof EndorseError || error instanceof CommitStatusError ? error.transactionId : undefined);
    for (const detail of error.details) {
      const at = detail.message.search(CONTRACT_CODE);
      if (at >= 0) return contractError(detail.message.slice(at), txId, error);
    }
    if (TIMEOUT_CODES.has(error.code))
      return new LedgerTimeoutError(`Fabric call passed its deadline: ${error.message}`, txId, { cause: error });
    if (UNAVAILABLE_CODES.has(error.code))
      return new LedgerUnavailableError(`Fabric peer unavailable: ${error.message}`, txId, { cause: error });
    // The gRPC status prefix ("10 ABORTED: …") is not the contract's code.
    const text = error.message.replace(/^\d+ [A-Z_]+: /, '');
    const at = text.search(CONTRACT_CODE);
    if (at >= 0) return contractError(text.slice(at), txId, error);
    if (error instanceof CommitStatusError)
      return new LedgerUnavailableError(`Fabric commit status unknown: ${error.message}`, txId, { cause: error });
    return new LedgerRejectedError(
      'FABRIC_ERROR',
      `${error.message}${error.details.map((d) => ` [${d.mspId}@${d.address}: ${d.message}]`).join('')}`,
      txId,
      { cause: error },
    );
  }
  if (error instanceof Error) return new LedgerUnavailableError(error.message, transactionId, { cause: error });
  return new LedgerUnavailableError(String(error), transactionId);
}

export function validationCodeName(code: number): string {
  const entry = Object.entries(peer.TxValidationCode).find(([, value]) => value === code);
  return entry?.[0] ?? `VALIDATION_CODE_${code}`;
}
