/** Valid inputs the corpus breaks one thing at a time; all from the submitting organisation's own prefix. */
export const SUBMITTER = { mspId: 'HeliosPharmaMSP', name: 'Helios Pharma', role: 'manufacturer', prefix: '9520123' } as const;
export const OTHER_ORG = { mspId: 'MedLineMSP', name: 'MedLine Distribution', role: 'distributor', prefix: '9520456' } as const;

export const EPCIS_CONTEXT = ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'];

/** GS1 mod-10 check digit of the digits before it (GS1 General Specifications §7.9.1). */
export function gs1CheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = Number(body[body.length - 1 - i]);
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return String((10 - (sum % 10)) % 10);
}

export const withCheckDigit = (body: string): string => body + gs1CheckDigit(body);
/** The same key with its check digit off by one: exactly one digit wrong. */
export const withWrongCheckDigit = (body: string): string => body + String((Number(gs1CheckDigit(body)) + 1) % 10);

export const GTIN = withCheckDigit(`0${SUBMITTER.prefix}00001`);
export const GLN = withCheckDigit(`${SUBMITTER.prefix}00001`);
export const SSCC = withCheckDigit(`0${SUBMITTER.prefix}000000001`);
export const SITE = `urn:epc:id:sgln:${SUBMITTER.prefix}.00001.0`;
export const OTHER_SITE = `urn:epc:id:sgln:${OTHER_ORG.prefix}.00001.0`;

let serial = 0;
/** A serial no other run or case uses (events are hashed by content: two cases never collide). */
export function freshSerial(prefix = 'BI'): string {
  serial += 1;
  return `${prefix}${Date.now().toString(36)}${String(serial)}`;
}

export function sgtin(serialNumber: string): string {
  return `urn:epc:id:sgtin:${SUBMITTER.prefix}.000001.${serialNumber}`;
}

/** A valid commissioning ObjectEvent at the submitter's own site, an hour ago. */
export function validEvent(serialNumber = freshSerial()): Record<string, unknown> {
  return {
    type: 'ObjectEvent',
    eventTime: new Date(Date.now() - 3_600_000).toISOString(),
    eventTimeZoneOffset: '+00:00',
    epcList: [sgtin(serialNumber)],
    action: 'ADD',
    bizStep: 'commissioning',
    disposition: 'active',
    readPoint: { id: SITE },
    bizLocation: { id: SITE },
  };
}

export function documentOf(events: readonly unknown[]): Record<string, unknown> {
  return {
    '@context': EPCIS_CONTEXT,
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: new Date().toISOString(),
    epcisBody: { eventList: events },
  };
}

/** A single event as POST /epcis/events takes it: with its own @context. */
export function standaloneEvent(event: Record<string, unknown>): Record<string, unknown> {
  return { '@context': EPCIS_CONTEXT, ...event };
}

export const REMOVE = Symbol('remove');

/** A copy of `value` with the member at `path` replaced (or removed with REMOVE). */
export function mutate(value: Record<string, unknown>, path: readonly (string | number)[], replacement: unknown): Record<string, unknown> {
  const copy = structuredClone(value);
  let at: Record<string | number, unknown> = copy;
  for (const step of path.slice(0, -1)) at = at[step] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (last === undefined) throw new Error('empty path');
  if (replacement === REMOVE) {
    if (Array.isArray(at) && typeof last === 'number') at.splice(last, 1);
    else Reflect.deleteProperty(at, last);
  } else at[last] = replacement;
  return copy;
}

export const pointerOf = (path: readonly (string | number)[]): string =>
  path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
