import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument } from './csv.js';

describe('CSV cells', () => {
  it('leaves plain text and numbers as they are and empty cells empty', () => {
    expect(csvCell('https://id.gs1.org/01/09520123456788/10/LT2603A')).toBe('https://id.gs1.org/01/09520123456788/10/LT2603A');
    expect(csvCell(3)).toBe('3');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('quotes a field with a comma, a quote or a line break, doubling quotes (RFC 4180 §2.6, §2.7)', () => {
    expect(csvCell('Basel, CH')).toBe('"Basel, CH"');
    expect(csvCell('the "north" dock')).toBe('"the ""north"" dock"');
    expect(csvCell('line one\nline two')).toBe('"line one\nline two"');
    expect(csvCell('a\r\nb')).toBe('"a\r\nb"');
  });

  it('turns every cell a spreadsheet would evaluate into text with a leading apostrophe', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","click")')).toBe('"\'=HYPERLINK(""http://evil.example"",""click"")"');
    expect(csvCell('+1+1')).toBe("'+1+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe('"\'\r=1"');
    // Only the first character matters: text with = inside is data.
    expect(csvCell('a=b')).toBe('a=b');
  });
});

describe('CSV documents', () => {
  it('joins a header and rows with CRLF and ends with CRLF', () => {
    expect(
      csvDocument(
        ['id', 'n'],
        [
          ['a,b', 1],
          ['=x', null],
        ],
      ),
    ).toBe('id,n\r\n"a,b",1\r\n\'=x,\r\n');
  });
});
