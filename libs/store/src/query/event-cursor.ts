/** Opaque keyset cursor: the (event_time, hash_id) of the last row of a page, base64url-encoded. */
export interface EventCursor {
  readonly eventTime: string;
  readonly hashId: string;
}

export function encodeEventCursor(cursor: EventCursor): string {
  return Buffer.from(JSON.stringify([cursor.eventTime, cursor.hashId]), 'utf8').toString('base64url');
}

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  readonly code = 'INVALID_CURSOR';
  constructor() {
    super('The page cursor is not one this server issued.');
  }
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

export function decodeEventCursor(token: string): EventCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw new InvalidCursorError();
  const [eventTime, hashId] = parsed as unknown[];
  if (typeof eventTime !== 'string' || typeof hashId !== 'string' || !ISO_INSTANT.test(eventTime)) throw new InvalidCursorError();
  return { eventTime, hashId };
}
