import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { GatewayError } from '@hyperledger/fabric-gateway';
import { describe, expect, it } from 'vitest';
import { LedgerRejectedError, LedgerTimeoutError, LedgerUnavailableError, MerkleRootMismatchError } from '../ledger-errors.js';
import { mapFabricError, validationCodeName } from './fabric-errors.js';

function gatewayError(code: status, message: string, details: string[] = []): GatewayError {
  const cause: ServiceError = Object.assign(new Error(message), { code, details: message, metadata: new Metadata() });
  return new GatewayError({ code, message, cause, details: details.map((m) => ({ address: 'peer0:7051', mspId: 'Org1MSP', message: m })) });
}

describe('mapFabricError', () => {
  it("maps a chaincode refusal passed on by the peer to the contract's code", () => {
    const error = mapFabricError(
      gatewayError(status.ABORTED, '10 ABORTED: failed to endorse transaction', [
        'chaincode response 500, UNKNOWN_ORGANIZATION: organisation X is not registered',
      ]),
      'tx1',
    );
    expect(error).toBeInstanceOf(LedgerRejectedError);
    expect(error).toMatchObject({ reason: 'UNKNOWN_ORGANIZATION', transactionId: 'tx1' });
  });

  it('maps a Merkle root mismatch to MerkleRootMismatchError', () => {
    expect(
      mapFabricError(
        gatewayError(status.ABORTED, '10 ABORTED: failed', ['chaincode response 500, MERKLE_ROOT_MISMATCH: the hash IDs give root a']),
      ),
    ).toBeInstanceOf(MerkleRootMismatchError);
  });

  it('does not take the gRPC status name for a contract code', () => {
    const error = mapFabricError(gatewayError(status.ABORTED, '10 ABORTED: failed to endorse transaction'));
    expect(error).toMatchObject({ reason: 'FABRIC_ERROR' });
  });

  it('maps an unreachable peer to LedgerUnavailableError and a passed deadline to LedgerTimeoutError', () => {
    expect(mapFabricError(gatewayError(status.UNAVAILABLE, '14 UNAVAILABLE: No connection established'))).toBeInstanceOf(
      LedgerUnavailableError,
    );
    expect(mapFabricError(gatewayError(status.DEADLINE_EXCEEDED, '4 DEADLINE_EXCEEDED: Deadline exceeded'))).toBeInstanceOf(
      LedgerTimeoutError,
    );
  });

  it('names validation codes', () => {
    expect(validationCodeName(11)).toBe('MVCC_READ_CONFLICT');
    expect(validationCodeName(999)).toBe('VALIDATION_CODE_999');
  });
});
