/**
 * The one serialiser for everything that is hashed or written to the ledger.
 *
 * It produces RFC 8785 (JSON Canonicalization Scheme) output: object members sorted by the
 * UTF-16 code units of their names, no insignificant whitespace, strings escaped as
 * ECMAScript's JSON.stringify does, and numbers in ECMAScript's shortest round-trip form
 * (which is what RFC 8785 §3.2.2.3 prescribes). Non-JSON values (undefined, functions,
 * symbols, bigint, non-finite numbers) are refused rather than silently dropped, because a
 * value that vanishes from a hashed document would make two different inputs hash alike.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '');
}

export class CanonicalJsonError extends Error {
  override readonly name = 'CanonicalJsonError';
  constructor(
    readonly pointer: string,
    message: string,
  ) {
    super(`${pointer === '' ? '/' : pointer}: ${message}`);
  }
}

function write(value: unknown, pointer: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(pointer, `number ${String(value)} has no JSON form`);
      // JSON.stringify yields ECMAScript's Number::toString, which RFC 8785 adopts; -0 becomes 0.
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new CanonicalJsonError(pointer, `a ${typeof value} has no JSON form`);
  }
  if (Array.isArray(value)) {
    const parts: string[] = [];
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      parts.push(write(item === undefined ? null : item, `${pointer}/${String(i)}`));
    }
    return '[' + parts.join(',') + ']';
  }
  const obj = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, exactly what RFC 8785 §3.2.3 requires.
  const keys = Object.keys(obj).sort();
  const parts: string[] = [];
  for (const key of keys) {
    const member = obj[key];
    if (member === undefined) continue; // absent and undefined are the same member
    parts.push(JSON.stringify(key) + ':' + write(member, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`));
  }
  return '{' + parts.join(',') + '}';
}
