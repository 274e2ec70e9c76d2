import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJson } from './strict-json.parser.js';

function issues(text: string): string[] {
  const result = parseJson(text);
  return result.ok ? [] : result.issues.map((i) => `${i.pointer} ${i.code}: ${i.message}`);
}

describe('parseJson', () => {
  it('parses what JSON.parse parses, to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        const expected: unknown = JSON.parse(text);
        // JSON.stringify drops -0 to 0 and never writes duplicate keys, so the two must agree exactly.
        const keys = JSON.stringify(value).match(/"(__proto__|constructor|prototype)":/);
        if (keys !== null) return;
        expect(parseJson(text)).toEqual({ ok: true, value: expected });
      }),
      { numRuns: 500 },
    );
  });

  it('reads escapes, unicode and numbers exactly', () => {
    expect(parseJson('{"a":"\\u00e9\\n\\"\\/\\\\","b":[-0.5e2,1E+2,0,true,false,null],"c":"😀"}')).toEqual({
      ok: true,
      value: { a: 'é\n"/\\', b: [-50, 100, 0, true, false, null], c: '😀' },
    });
  });

  it('reports a syntax error with its line, column and the pointer of the value being read', () => {
    const text = '{\n  "epcisBody": {\n    "eventList": [\n      {"type": "ObjectEvent",}\n    ]\n  }\n}';
    expect(issues(text)).toEqual(['/epcisBody/eventList/0 JSON_SYNTAX: expected a member name at line 4, column 30']);
  });

  it.each([
    ['', ' JSON_SYNTAX: unexpected end of input at line 1, column 1'],
    ['{"a":1', '/a JSON_SYNTAX: unexpected end of input in object at line 1, column 7'],
    ['[1,]', '/1 JSON_SYNTAX: unexpected character "]" at line 1, column 4'],
    ['{"a":01}', '/a JSON_SYNTAX: unexpected character in object at line 1, column 7'],
    ['{"a":1e999}', '/a JSON_SYNTAX: number out of range at line 1, column 6'],
    ['"tab\there"', ' JSON_SYNTAX: unescaped control character in string at line 1, column 5'],
    ['"\\x"', ' JSON_SYNTAX: invalid escape in string at line 1, column 3'],
    ["{'a':1}", ' JSON_SYNTAX: expected a member name at line 1, column 2'],
    ['[1] [2]', ' JSON_SYNTAX: unexpected text after the JSON value at line 1, column 5'],
    ['NaN', ' JSON_SYNTAX: unexpected character "N" at line 1, column 1'],
  ])('rejects %j', (text, expected) => {
    expect(issues(text)).toEqual([expected]);
  });

  it('rejects every duplicate key, which JSON.parse would silently resolve to the last one', () => {
    expect(issues('{"a":1,"b":{"c":1,"c":2},"a":3}')).toEqual([
      '/b/c JSON_DUPLICATE_KEY: duplicate member name "c"',
      '/a JSON_DUPLICATE_KEY: duplicate member name "a"',
    ]);
  });

  it('rejects __proto__, constructor and prototype members, and does not pollute prototypes', () => {
    expect(issues('{"x":{"__proto__":{"polluted":true}},"constructor":{"prototype":{}}}')).toEqual([
      '/x/__proto__ JSON_FORBIDDEN_KEY: member name "__proto__" is not allowed',
      '/constructor/prototype JSON_FORBIDDEN_KEY: member name "prototype" is not allowed',
      '/constructor JSON_FORBIDDEN_KEY: member name "constructor" is not allowed',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects nesting deeper than the limit instead of overflowing the stack', () => {
    expect(issues('['.repeat(200) + ']'.repeat(200))[0]).toMatch(/JSON_SYNTAX: nesting deeper than 128 levels/);
    expect(parseJson('['.repeat(200) + ']'.repeat(200), { maxDepth: 300 }).ok).toBe(true);
    expect(parseJson('['.repeat(100_000), { maxDepth: 1_000_000 }).ok).toBe(false);
  });

  it('refuses NUL and unpaired surrogate escapes, which no database or UTF-8 hash can hold, naming the value', () => {
    expect(issues('{"a":["x\\u0000"]}')[0]).toMatch(/^\/a\/0 JSON_SYNTAX: \\u0000 \(NUL\) in a string/);
    expect(issues('{"a":"\\ud800"}')[0]).toMatch(/^\/a JSON_SYNTAX: unpaired surrogate/);
    expect(issues('{"a":"\\udc00\\ud800"}')[0]).toMatch(/^\/a JSON_SYNTAX: unpaired surrogate/);
    expect(issues('{"a":"\\ud800\\u0041"}')[0]).toMatch(/^\/a JSON_SYNTAX: unpaired surrogate/);
    expect(parseJson('{"a":"\\ud83d\\ude00\\u00e9"}')).toEqual({ ok: true, value: { a: '😀é' } });
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        parseJson(text);
      }),
      { numRuns: 1000 },
    );
  });
});
