/** Why one event of a batch was rejected; the batch itself goes on. */
export const REJECTION_CODES = [
  'NOT_OWNER_OF_LOCATION',
  'NOT_OWNER_OF_SOURCE',
  'NOT_OWNER_OF_DESTINATION',
  'NO_OBJECTS',
  'ALREADY_COMMISSIONED',
  'UNKNOWN_OBJECT',
  'NOT_CUSTODIAN',
  'IN_TRANSIT',
  'MISSING_RECEIVER',
  'UNKNOWN_RECEIVER',
  'NOT_IN_TRANSIT',
  'WRONG_RECEIVER',
  'MISSING_PARENT',
  'CHILD_NOT_HELD',
  'CHILD_NOT_IN_PARENT',
  'INPUT_NOT_HELD',
  'OBJECT_TERMINATED',
  'OBJECT_ON_HOLD',
  'NOT_ALLOWED_TO_HOLD',
  'NOT_HOLD_SETTER',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

export class EventRejection extends Error {
  override readonly name = 'EventRejection';
  constructor(
    readonly code: RejectionCode,
    readonly reason: string,
  ) {
    super(`${code}: ${reason}`);
  }
}

export function reject(code: RejectionCode, reason: string): never {
  throw new EventRejection(code, reason);
}
