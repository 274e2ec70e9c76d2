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
  const out = write(value);
  if (out === undefined) {
    // Slow path only on failure: the hot path builds no JSON pointers (a third of its time did).
    const found = locateInvalid(value, '');
    throw new CanonicalJsonError(found?.pointer ?? '', found?.message ?? 'value has no JSON form');
  }
  return out;
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

/** Returns undefined when some value below has no JSON form (the caller then locates it). */
function write(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      // JSON.stringify yields ECMAScript's Number::toString, which RFC 8785 adopts; -0 becomes 0.
      return Number.isFinite(value) ? JSON.stringify(value) : undefined;
    case 'object':
      break;
    default:
      return undefined;
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const written = write(item === undefined ? null : item);
      if (written === undefined) return undefined;
      out += i === 0 ? written : ',' + written;
    }
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, exactly what RFC 8785 §3.2.3 requires.
  const keys = Object.keys(obj).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = obj[key];
    if (member === undefined) continue; // absent and undefined are the same member
    const written = write(member);
    if (written === undefined) return undefined;
    out += (first ? '' : ',') + JSON.stringify(key) + ':' + written;
    first = false;
  }
  return out + '}';
}

function locateInvalid(value: unknown, pointer: string): { pointer: string; message: string } | undefined {
  if (value === null) return undefined;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : { pointer, message: `number ${String(value)} has no JSON form` };
    case 'object':
      break;
    default:
      return { pointer, message: `a ${typeof value} has no JSON form` };
  }
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v: unknown, i) => [String(i), v ?? null])
    : Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  for (const [token, child] of entries) {
    const found = locateInvalid(child, `${pointer}/${token.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    if (found) return found;
  }
  return undefined;
}
