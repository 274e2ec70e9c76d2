import { buildDigitalLink, parseIdentifier, type ParsedIdentifier, type ValidationIssue } from '@lotledger/domain';

export type LookupKey =
  { readonly ok: true; readonly key: ParsedIdentifier } | { readonly ok: false; readonly problems: readonly string[] };

// A GTIN and a lot typed together: "09520123456788 LT2603A", ".../LT2603A", "…,LT2603A" (a + in a URL is a space).
const GTIN_AND_LOT = /^(\d{8}|\d{12,14})\s*[\s/,;|]\s*(\S+)$/;
const GTIN_ONLY = /^(\d{8}|\d{12,14})$/;

function explain(issues: readonly ValidationIssue[]): string[] {
  return issues.map((i) => `${i.message}; expected ${i.expected}`);
}

/**
 * What a regulator typed, as one GS1 key: an EPC URN, a GS1 Digital Link (any host), or a GTIN with
 * or without a lot (the form's two fields, or one field with both). Problems come back in words.
 */
export function parseLookup(input: { readonly id?: string; readonly gtin?: string; readonly lot?: string }): LookupKey {
  const id = input.id?.trim() ?? '';
  const gtinField = input.gtin?.trim() ?? '';
  const lotField = input.lot?.trim() ?? '';
  let gtin: string | undefined;
  let lot: string | undefined;
  if (id !== '') {
    const both = GTIN_AND_LOT.exec(id);
    const only = GTIN_ONLY.exec(id);
    if (both !== null) [gtin, lot] = [both[1], both[2]];
    else if (only !== null) gtin = only[1];
    else {
      const parsed = parseIdentifier(id);
      return parsed.ok ? { ok: true, key: parsed.value } : { ok: false, problems: explain(parsed.issues) };
    }
  } else if (gtinField !== '') {
    gtin = gtinField;
    lot = lotField === '' ? undefined : lotField;
  } else {
    return { ok: false, problems: ['Enter an EPC URN, a GS1 Digital Link, or a GTIN (and a lot).'] };
  }
  const link = buildDigitalLink({ ai: '01', value: gtin ?? '' }, lot === undefined ? [] : [{ ai: '10', value: lot }]);
  if (!link.ok) return { ok: false, problems: explain(link.issues) };
  const parsed = parseIdentifier(link.value);
  return parsed.ok ? { ok: true, key: parsed.value } : { ok: false, problems: explain(parsed.issues) };
}
