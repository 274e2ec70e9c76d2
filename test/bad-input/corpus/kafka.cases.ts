import type { BadInputCase, DlqExpectation, IntakeSigner } from './bad-input-case.js';
import { documentOf, GTIN, mutate, OTHER_ORG, OTHER_SITE, SUBMITTER, validEvent, withWrongCheckDigit } from './epcis-fixtures.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const b64url = (text: string | Uint8Array): string => Buffer.from(typeof text === 'string' ? utf8(text) : text).toString('base64url');
const json = (value: unknown): Uint8Array => utf8(JSON.stringify(value));

/** A compact JWS whose header the case chooses (alg none, HS256…), with a signature that is whatever the case says. */
function forged(header: Record<string, unknown>, payload: Uint8Array, signature = ''): Uint8Array {
  return utf8(`${b64url(JSON.stringify(header))}.${b64url(payload)}.${signature}`);
}

const signedBy =
  (payload: () => Uint8Array) =>
  async (signer: IntakeSigner): Promise<Uint8Array> =>
    utf8(await signer.signCompact(payload()));

/** Garbage and forged messages on lotledger.events.raw: each must reach lotledger.dlq with its reason, after a bounded number of attempts. */
export function kafkaCases(): BadInputCase[] {
  const cases: BadInputCase[] = [];
  const add = (
    name: string,
    message: (signer: IntakeSigner) => Promise<Uint8Array>,
    expect: DlqExpectation,
    headers?: Record<string, string>,
  ): void => {
    cases.push({
      name: `kafka: ${name}`,
      category: 'kafka-garbage',
      transport: 'kafka',
      message,
      expect,
      ...(headers === undefined ? {} : { headers }),
    });
  };
  const plain = (bytes: Uint8Array) => () => Promise.resolve(bytes);
  const document = (): Uint8Array => json(documentOf([validEvent()]));

  add('an empty message', plain(new Uint8Array()), { code: 'JWS_MALFORMED' });
  add('plain text', plain(utf8('hello')), { code: 'JWS_MALFORMED' });
  add('an unsigned EPCIS document', plain(document()), { code: 'JWS_MALFORMED' });
  add('random bytes', plain(Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) % 256)), { code: 'JWS_MALFORMED' });
  add('invalid UTF-8', plain(Uint8Array.from([0xff, 0xfe, 0x2e, 0x2e])), { code: 'JWS_MALFORMED' });
  add('a JWS with five parts (JWE-shaped)', plain(utf8('a.b.c.d.e')), { code: 'JWS_MALFORMED' });
  add('a header that is not JSON', plain(utf8(`${b64url('not json')}.${b64url('{}')}.${b64url('sig')}`)), { code: 'JWS_MALFORMED' });
  add('alg none', plain(forged({ alg: 'none', kid: `${SUBMITTER.mspId}-key`, org: SUBMITTER.mspId }, document())), {
    code: 'JWS_MALFORMED',
  });
  add(
    'alg none with a signature',
    plain(forged({ alg: 'none', kid: `${SUBMITTER.mspId}-key`, org: SUBMITTER.mspId }, document(), b64url('x'))),
    { code: 'JWS_ALGORITHM' },
  );
  add(
    'HS256 keyed with the public key',
    plain(forged({ alg: 'HS256', kid: `${SUBMITTER.mspId}-key`, org: SUBMITTER.mspId }, document(), b64url('forged-mac'))),
    { code: 'JWS_ALGORITHM' },
  );
  add(
    'an ES256 signature that does not verify',
    plain(forged({ alg: 'ES256', kid: `${SUBMITTER.mspId}-key`, org: SUBMITTER.mspId }, document(), b64url(new Uint8Array(64)))),
    { code: 'JWS_BAD_SIGNATURE' },
  );
  add('signed with a key the organisation never registered', async (s) => utf8(await s.signWithUnregisteredKey(document())), {
    code: 'JWS_BAD_SIGNATURE',
  });
  add('an unknown kid', async (s) => utf8(await s.signCompact(document(), { kid: 'no-such-key' })), { code: 'JWS_UNKNOWN_KEY' });
  add('an unknown organisation', async (s) => utf8(await s.signCompact(document(), { org: 'NobodyMSP' })), { code: 'JWS_UNKNOWN_ORG' });
  add('no org in the header', async (s) => utf8(await s.signCompact(document(), { org: undefined })), { code: 'JWS_MALFORMED' });
  add('no kid in the header', async (s) => utf8(await s.signCompact(document(), { kid: undefined })), { code: 'JWS_MALFORMED' });
  add(
    'a tampered payload',
    async (s) => {
      const [h, , sig] = (await s.signCompact(document())).split('.');
      return utf8(`${h ?? ''}.${b64url(json(documentOf([validEvent()])))}.${sig ?? ''}`);
    },
    { code: 'JWS_BAD_SIGNATURE' },
  );
  add(
    'a submitter header naming another organisation',
    signedBy(document),
    { code: 'JWS_ORG_MISMATCH' },
    { 'x-submitter-msp': OTHER_ORG.mspId },
  );
  add('a flattened JWS without a signature', plain(json({ protected: b64url('{"alg":"ES256"}'), payload: b64url('{}') })), {
    code: 'JWS_MALFORMED',
  });
  add('a general JWS with two signatures', plain(json({ protected: 'e30', payload: 'e30', signature: 'AA', signatures: [] })), {
    code: 'JWS_MALFORMED',
  });
  // Valid signatures over content that is not a capturable EPCIS document.
  add(
    'a signed payload that is not JSON',
    signedBy(() => utf8('{"type":')),
    { code: 'INVALID_JSON' },
  );
  add(
    'a signed payload with a duplicate key',
    signedBy(() => utf8('{"type":"EPCISDocument","type":"x"}')),
    { code: 'INVALID_JSON', pointer: '/type', issueCode: 'JSON_DUPLICATE_KEY' },
  );
  add(
    'a signed payload with __proto__',
    signedBy(() => utf8('{"__proto__":{"a":1}}')),
    { code: 'INVALID_JSON', pointer: '/__proto__', issueCode: 'JSON_FORBIDDEN_KEY' },
  );
  add(
    'a signed payload nested 10 000 deep',
    signedBy(() => utf8(`${'['.repeat(10_000)}${']'.repeat(10_000)}`)),
    { code: 'INVALID_JSON', issueCode: 'JSON_SYNTAX' },
  );
  add(
    'a signed payload that is invalid UTF-8',
    signedBy(() => Uint8Array.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d])),
    { code: 'INVALID_JSON' },
  );
  add(
    'a signed JSON number',
    signedBy(() => json(42)),
    { code: 'VALIDATION_FAILED' },
  );
  add(
    'a signed empty object',
    signedBy(() => json({})),
    { code: 'VALIDATION_FAILED' },
  );
  const invalid = (name: string, path: readonly (string | number)[], value: unknown, pointer: string, code = 'VALIDATION_FAILED'): void => {
    add(
      `a signed document with ${name}`,
      signedBy(() => json(documentOf([validEvent(), mutate(validEvent(), path, value)]))),
      { code, pointer },
    );
  };
  invalid('eventTime as a number', ['eventTime'], 5, '/epcisBody/eventList/1/eventTime');
  invalid('no action', ['action'], undefined, '/epcisBody/eventList/1/action');
  invalid(
    'a GTIN with a wrong check digit',
    ['epcList', 0],
    `https://id.gs1.org/01/${withWrongCheckDigit(GTIN.slice(0, -1))}/21/K1`,
    '/epcisBody/eventList/1/epcList/0',
  );
  invalid('an unknown bizStep', ['bizStep'], 'teleporting', '/epcisBody/eventList/1/bizStep');
  invalid('an eventTime on 30 February', ['eventTime'], '2026-02-30T00:00:00Z', '/epcisBody/eventList/1/eventTime');
  invalid(
    'an eventTime a year ahead',
    ['eventTime'],
    new Date(Date.now() + 366 * 86_400_000).toISOString(),
    '/epcisBody/eventList/1/eventTime',
  );
  invalid('a Cyrillic letter in the bizStep', ['bizStep'], 'сommissioning', '/epcisBody/eventList/1/bizStep');
  invalid("another organisation's readPoint", ['readPoint', 'id'], OTHER_SITE, '/epcisBody/eventList/1/readPoint/id', 'FORBIDDEN_PARTY');
  add(
    'a signed event with a NUL character in an EPC',
    signedBy(() => utf8(JSON.stringify(documentOf([validEvent()])).replace('"epcList":["', '"epcList":["\\u0000'))),
    {
      code: 'INVALID_JSON',
      pointer: '/epcisBody/eventList/0/epcList/0',
    },
  );
  add(
    'a signed document of 10 001 events',
    signedBy(() => json(documentOf(Array.from({ length: 10_001 }, () => ({ type: 'ObjectEvent' }))))),
    { code: 'TOO_MANY_EVENTS' },
  );
  return cases;
}
