import { fail, ok, type Result } from '../errors/domain-error.js';
import { pointerJoin, type ValidationIssue } from '../errors/validation-issue.js';

/**
 * A strict RFC 8259 JSON parser for untrusted input.
 *
 * Why not `JSON.parse`: it silently keeps the last of duplicate keys (so two parties can read one
 * document two ways, and a signed or hashed event could differ from what was checked) and it reports
 * syntax errors without a usable position. Why not a library: the well-kept ones either reject
 * `__proto__` (secure-json-parse) or give positions (json-parse-even-better-errors), none also rejects
 * duplicate keys, and all of them wrap `JSON.parse`, which cannot see duplicates. So this is a small
 * hand-written recursive-descent parser: one pass, no regular expressions on the hot path.
 *
 * It reports the first syntax error (line and column, 1-based, columns in UTF-16 code units, plus the
 * JSON pointer of the value being read) and every duplicate or forbidden key. Keys that could poison
 * prototypes when the value is later merged (`__proto__`, `constructor`, `prototype`) are rejected.
 */
export interface ParseJsonOptions {
  /** Maximum nesting depth of arrays and objects (default 128); deeper input is rejected, not recursed into. */
  readonly maxDepth?: number;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const DEFAULT_MAX_DEPTH = 128;

/** Thrown inside the reader only, to unwind to parseJson; never escapes it. */
class SyntaxFailure extends Error {
  override readonly name = 'SyntaxFailure';
  constructor(
    readonly position: number,
    readonly pointer: string,
    message: string,
    readonly expected: string,
  ) {
    super(message);
  }
}

class StrictJsonReader {
  private pos = 0;
  /** Tokens of the value being read; joined into a pointer only when an issue is reported (hot path). */
  private readonly path: (string | number)[] = [];
  readonly issues: ValidationIssue[] = [];

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  parseDocument(): unknown {
    this.skipWhitespace();
    const value = this.parseValue(0);
    this.skipWhitespace();
    if (this.pos < this.text.length) throw this.failure('unexpected text after the JSON value', 'end of input');
    return value;
  }

  private pointer(): string {
    return this.path.length === 0 ? '' : pointerJoin('', ...this.path);
  }

  private failure(message: string, expected: string): SyntaxFailure {
    return new SyntaxFailure(this.pos, this.pointer(), message, expected);
  }

  private skipWhitespace(): void {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      // RFC 8259 §2: only space, tab, line feed and carriage return are whitespace.
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else break;
    }
    this.pos = pos;
  }

  private parseValue(depth: number): unknown {
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case 0x7b: // {
        return this.parseObject(depth + 1);
      case 0x5b: // [
        return this.parseArray(depth + 1);
      case 0x22: // "
        return this.parseString();
      case 0x74: // t
        return this.parseLiteral('true', true);
      case 0x66: // f
        return this.parseLiteral('false', false);
      case 0x6e: // n
        return this.parseLiteral('null', null);
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.parseNumber();
        if (Number.isNaN(c)) throw this.failure('unexpected end of input', 'a JSON value');
        throw this.failure(
          `unexpected character ${JSON.stringify(this.text.charAt(this.pos))}`,
          'a JSON value (object, array, string, number, true, false or null)',
        );
    }
  }

  private parseLiteral<T>(word: string, value: T): T {
    if (this.text.startsWith(word, this.pos)) {
      this.pos += word.length;
      return value;
    }
    throw this.failure('invalid literal', 'true, false or null');
  }

  private parseNumber(): number {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    if (text.charCodeAt(pos) === 0x2d) pos++;
    const first = text.charCodeAt(pos);
    if (first === 0x30) pos++;
    else if (first >= 0x31 && first <= 0x39) {
      while (isDigit(text.charCodeAt(pos))) pos++;
    } else {
      this.pos = pos;
      throw this.failure('invalid number', 'a digit after the minus sign');
    }
    if (text.charCodeAt(pos) === 0x2e) {
      pos++;
      if (!isDigit(text.charCodeAt(pos))) {
        this.pos = pos;
        throw this.failure('invalid number', 'a digit after the decimal point');
      }
      while (isDigit(text.charCodeAt(pos))) pos++;
    }
    const e = text.charCodeAt(pos);
    if (e === 0x65 || e === 0x45) {
      pos++;
      const sign = text.charCodeAt(pos);
      if (sign === 0x2b || sign === 0x2d) pos++;
      if (!isDigit(text.charCodeAt(pos))) {
        this.pos = pos;
        throw this.failure('invalid number', 'a digit in the exponent');
      }
      while (isDigit(text.charCodeAt(pos))) pos++;
    }
    const value = Number(text.slice(start, pos));
    if (!Number.isFinite(value)) {
      this.pos = start;
      throw this.failure('number out of range', 'a number within IEEE 754 double range');
    }
    this.pos = pos;
    return value;
  }

  private parseString(): string {
    const text = this.text;
    let pos = this.pos + 1;
    let chunkStart = pos;
    let result = '';
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        result += text.slice(chunkStart, pos);
        this.pos = pos + 1;
        return result;
      }
      if (c === 0x5c) {
        result += text.slice(chunkStart, pos);
        pos++;
        const esc = text.charCodeAt(pos);
        switch (esc) {
          case 0x22:
            result += '"';
            break;
          case 0x5c:
            result += '\\';
            break;
          case 0x2f:
            result += '/';
            break;
          case 0x62:
            result += '\b';
            break;
          case 0x66:
            result += '\f';
            break;
          case 0x6e:
            result += '\n';
            break;
          case 0x72:
            result += '\r';
            break;
          case 0x74:
            result += '\t';
            break;
          case 0x75: {
            const hex = text.slice(pos + 1, pos + 5);
            if (!/^[0-9A-Fa-f]{4}$/.test(hex)) {
              this.pos = pos;
              throw this.failure('invalid \\u escape in string', 'four hexadecimal digits after \\u');
            }
            const unit = parseInt(hex, 16);
            // I-JSON (RFC 7493 §2.1): no NUL and no unpaired surrogate. Both parse as JavaScript strings
            // but cannot be stored (PostgreSQL's jsonb and text refuse them), nor hashed as UTF-8.
            if (unit === 0) {
              this.pos = pos - 1;
              throw this.failure('\\u0000 (NUL) in a string', 'text without NUL characters (I-JSON, RFC 7493)');
            }
            if (unit >= 0xd800 && unit <= 0xdbff) {
              const low = /^\\u([dD][c-fC-F][0-9A-Fa-f]{2})$/.exec(text.slice(pos + 5, pos + 11));
              if (low === null) {
                this.pos = pos - 1;
                throw this.failure('unpaired surrogate escape in a string', 'a high surrogate followed by a low one (I-JSON, RFC 7493)');
              }
              result += String.fromCharCode(unit, parseInt(low[1] ?? '', 16));
              pos += 10;
              break;
            }
            if (unit >= 0xdc00 && unit <= 0xdfff) {
              this.pos = pos - 1;
              throw this.failure('unpaired surrogate escape in a string', 'a high surrogate followed by a low one (I-JSON, RFC 7493)');
            }
            result += String.fromCharCode(unit);
            pos += 4;
            break;
          }
          default:
            this.pos = pos;
            throw this.failure('invalid escape in string', 'one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX');
        }
        pos++;
        chunkStart = pos;
        continue;
      }
      if (c < 0x20 || Number.isNaN(c)) {
        this.pos = pos;
        if (Number.isNaN(c)) throw this.failure('unterminated string', 'a closing quote');
        throw this.failure('unescaped control character in string', 'control characters escaped (e.g. \\n)');
      }
      pos++;
    }
  }

  private parseArray(depth: number): unknown[] {
    if (depth > this.maxDepth)
      throw this.failure(`nesting deeper than ${String(this.maxDepth)} levels`, `at most ${String(this.maxDepth)} nested arrays/objects`);
    this.pos++;
    const result: unknown[] = [];
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      this.path.push(result.length);
      result.push(this.parseValue(depth));
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        this.path.pop();
        continue;
      }
      if (c === 0x5d) {
        this.pos++;
        this.path.pop();
        return result;
      }
      throw this.failure(Number.isNaN(c) ? 'unexpected end of input in array' : 'unexpected character in array', "',' or ']'");
    }
  }

  private parseObject(depth: number): Record<string, unknown> {
    if (depth > this.maxDepth)
      throw this.failure(`nesting deeper than ${String(this.maxDepth)} levels`, `at most ${String(this.maxDepth)} nested arrays/objects`);
    this.pos++;
    const result: Record<string, unknown> = {};
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text.charCodeAt(this.pos) !== 0x22) throw this.failure('expected a member name', 'a double-quoted member name');
      const key = this.parseString();
      this.path.push(key);
      this.skipWhitespace();
      if (this.text.charCodeAt(this.pos) !== 0x3a) throw this.failure("missing ':' after member name", "':'");
      this.pos++;
      this.skipWhitespace();
      const value = this.parseValue(depth);
      if (FORBIDDEN_KEYS.has(key)) {
        this.issues.push({
          pointer: this.pointer(),
          code: 'JSON_FORBIDDEN_KEY',
          message: `member name "${key}" is not allowed`,
          expected: 'no __proto__, constructor or prototype members',
        });
      } else if (Object.hasOwn(result, key)) {
        this.issues.push({
          pointer: this.pointer(),
          code: 'JSON_DUPLICATE_KEY',
          message: `duplicate member name "${key}"`,
          expected: 'each member name at most once per object',
        });
      } else {
        result[key] = value;
      }
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        this.path.pop();
        continue;
      }
      if (c === 0x7d) {
        this.pos++;
        this.path.pop();
        return result;
      }
      throw this.failure(Number.isNaN(c) ? 'unexpected end of input in object' : 'unexpected character in object', "',' or '}'");
    }
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Line and column (1-based) of a UTF-16 offset. */
function lineColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: position - lineStart + 1 };
}

/**
 * Parses untrusted JSON text. Never throws: a syntax error, a duplicate member name or a forbidden
 * member name comes back as issues (code `JSON_SYNTAX`, `JSON_DUPLICATE_KEY`, `JSON_FORBIDDEN_KEY`).
 */
export function parseJson(text: string, options: ParseJsonOptions = {}): Result<unknown> {
  const reader = new StrictJsonReader(text, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  try {
    const value = reader.parseDocument();
    return reader.issues.length === 0 ? ok(value) : fail(...reader.issues);
  } catch (error: unknown) {
    if (error instanceof SyntaxFailure) {
      const { line, column } = lineColumn(text, error.position);
      return fail({
        pointer: error.pointer,
        code: 'JSON_SYNTAX',
        message: `${error.message} at line ${String(line)}, column ${String(column)}`,
        expected: error.expected,
      });
    }
    // Only a stack overflow could get here (maxDepth set absurdly high); report it, never throw.
    return fail({
      pointer: '',
      code: 'JSON_TOO_DEEP',
      message: 'the document is nested too deeply to parse',
      expected: 'fewer nested arrays/objects',
    });
  }
}
