import type { Organization } from './ledger-records.js';

/**
 * Which GLN a canonical location or party id names, and whether an organisation owns it.
 * Ids arrive canonicalised by the domain (GS1 Digital Link `/414/`, `/417/` or EPC URN
 * `sgln` / `pgln`); the chaincode only reads the digits back out.
 */
const DL_GLN = /^https?:\/\/[^/]+\/(?:414|417)\/(\d{13})(?:[/?#]|$)/;
const URN_GLN = /^urn:epc:id:(?:sgln|pgln):(\d{6,12})\.(\d{0,6})(?:\.|$)/;

/** GS1 mod-10 check digit of the digits before it. */
export function gs1CheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(digits.length - 1 - i) - 48;
    sum += i % 2 === 0 ? d * 3 : d;
  }
  return (10 - (sum % 10)) % 10;
}

/** The 13-digit GLN a location / party id names, or undefined when it names none. */
export function glnOf(id: string): string | undefined {
  const dl = DL_GLN.exec(id);
  if (dl?.[1] !== undefined) return dl[1];
  const urn = URN_GLN.exec(id);
  if (urn?.[1] !== undefined && urn[2] !== undefined) {
    const twelve = urn[1] + urn[2];
    if (twelve.length !== 12) return undefined;
    return twelve + String(gs1CheckDigit(twelve));
  }
  return undefined;
}

/** An organisation owns a GLN it registered, or any GLN that begins with one of its company prefixes. */
export function ownsGln(org: Organization, gln: string): boolean {
  return org.glns.includes(gln) || org.companyPrefixes.some((prefix) => gln.startsWith(prefix));
}

export function ownsId(org: Organization, id: string): boolean {
  const gln = glnOf(id);
  return gln !== undefined && ownsGln(org, gln);
}

/**
 * Class-level ids (a lot, a product class, an EPC pattern) are not single physical things:
 * they carry status and holds, but custody of their quantities is not exclusive.
 */
export function isClassLevelId(id: string): boolean {
  if (id.startsWith('urn:epc:class:') || id.startsWith('urn:epc:idpat:')) return true;
  return /^https?:\/\/[^/]+\/01\/\d{14}(?:\/10\/[^/?#]+)?(?:[?#]|$)/.test(id);
}
