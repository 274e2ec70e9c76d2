// The VIN check character is the domain's (the automotive profile checks VINs with the same rule).
import { gs1CheckDigit, vinCheckCharacter } from '@lotledger/domain';

/**
 * GS1 keys and EPC URNs for generated master data. Every key is built from a company prefix and a
 * reference, and ends in its GS1 mod-10 check digit, so the pipeline accepts it as a real one would be.
 */

const pad = (value: number | string, width: number): string => String(value).padStart(width, '0');

function withCheckDigit(body: string): string {
  return body + String(gs1CheckDigit(body));
}

/** A GTIN-14: indicator digit, company prefix, item reference, check digit. */
export function gtin14(companyPrefix: string, itemReference: number, indicator = '0'): string {
  return withCheckDigit(indicator + companyPrefix + pad(itemReference, 12 - companyPrefix.length));
}

function indicatorAndItem(companyPrefix: string, itemReference: number, indicator: string): string {
  return indicator + pad(itemReference, 12 - companyPrefix.length);
}

export function sgtinUrn(companyPrefix: string, itemReference: number, serial: string, indicator = '0'): string {
  return `urn:epc:id:sgtin:${companyPrefix}.${indicatorAndItem(companyPrefix, itemReference, indicator)}.${serial}`;
}

/** The EPC pattern of every serial of a product (the form master data is keyed by in the demo). */
export function sgtinPattern(companyPrefix: string, itemReference: number, indicator = '0'): string {
  return `urn:epc:idpat:sgtin:${companyPrefix}.${indicatorAndItem(companyPrefix, itemReference, indicator)}.*`;
}

/** A lot (batch) of a product: GTIN + lot, the EPC class of quantities. */
export function lgtinUrn(companyPrefix: string, itemReference: number, lot: string, indicator = '0'): string {
  return `urn:epc:class:lgtin:${companyPrefix}.${indicatorAndItem(companyPrefix, itemReference, indicator)}.${lot}`;
}

/** A 13-digit GLN. */
export function gln(companyPrefix: string, locationReference: number): string {
  return withCheckDigit(companyPrefix + pad(locationReference, 12 - companyPrefix.length));
}

/** A site or a sub-location of it (extension "0" for the site itself; e.g. "L3" for a line). */
export function sglnUrn(companyPrefix: string, locationReference: number, extension = '0'): string {
  return `urn:epc:id:sgln:${companyPrefix}.${pad(locationReference, 12 - companyPrefix.length)}.${extension}`;
}

/** The party GLN of an organisation (location reference 0). */
export function pglnUrn(companyPrefix: string): string {
  return `urn:epc:id:pgln:${companyPrefix}.${pad(0, 12 - companyPrefix.length)}`;
}

/** The 13-digit party GLN, the form business transaction ids carry. */
export function partyGln(companyPrefix: string): string {
  return gln(companyPrefix, 0);
}

/** An SSCC (pallet or case): extension digit, company prefix, serial reference. */
export function ssccUrn(companyPrefix: string, serialReference: number, extension = '0'): string {
  return `urn:epc:id:sscc:${companyPrefix}.${extension}${pad(serialReference, 16 - companyPrefix.length)}`;
}

/** The 18-digit SSCC of an SSCC URN built by ssccUrn. */
export function ssccOf(urn: string): string {
  const [prefix = '', rest = ''] = urn.replace('urn:epc:id:sscc:', '').split('.');
  return withCheckDigit(rest.slice(0, 1) + prefix + rest.slice(1));
}

/** A CBV business transaction id of a party: `urn:epcglobal:cbv:bt:<party GLN>:<id>`. */
export function bizTransactionId(companyPrefix: string, id: string): string {
  return `urn:epcglobal:cbv:bt:${partyGln(companyPrefix)}:${id}`;
}

/** True when a 17-character VIN uses the VIN alphabet and carries the right check character. */
export function isValidVin(vin: string): boolean {
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(vin)) return false;
  return vin.charAt(8) === vinCheckCharacter(vin);
}

/**
 * A VIN: world manufacturer identifier (3), vehicle descriptor (5), check character, model year
 * code, plant code, serial number (6).
 */
export function vin(wmi: string, descriptor: string, modelYearCode: string, plantCode: string, serial: number): string {
  const draft = `${wmi}${descriptor}0${modelYearCode}${plantCode}${pad(serial, 6)}`;
  return draft.slice(0, 8) + vinCheckCharacter(draft) + draft.slice(9);
}
