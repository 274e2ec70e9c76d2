import type { BadInputCase, BadInputCategory, Body, ProblemExpectation } from './bad-input-case.js';
import {
  documentOf,
  freshSerial,
  GLN,
  GTIN,
  mutate,
  OTHER_SITE,
  pointerOf,
  REMOVE,
  SSCC,
  standaloneEvent,
  SUBMITTER,
  validEvent,
  withWrongCheckDigit,
} from './epcis-fixtures.js';

/** One thing wrong in an otherwise valid event; replayed through POST /epcis/events and POST /epcis/capture. */
interface EventMutation {
  readonly name: string;
  readonly category: BadInputCategory;
  readonly path: readonly (string | number)[];
  readonly value: unknown;
  /** Defaults: 400 VALIDATION_FAILED naming `path`. */
  readonly status?: number;
  readonly code?: string;
  readonly issueCode?: string;
  /** The pointer named, when it is not `path` itself (relative to the event). */
  readonly at?: readonly (string | number)[];
}

const DAY = 86_400_000;
const inDays = (days: number): string => new Date(Date.now() + days * DAY).toISOString();

const wrongTypes: EventMutation[] = [
  ...(
    [
      ['eventTime', 1_700_000_000_000],
      ['eventTime', true],
      ['eventTime', null],
      ['eventTime', {}],
      ['eventTime', []],
      ['eventTimeZoneOffset', 1],
      ['eventTimeZoneOffset', null],
      ['epcList', 'urn:epc:id:sgtin:9520123.000001.1'],
      ['epcList', {}],
      ['epcList', 42],
      ['action', 1],
      ['action', ['ADD']],
      ['action', null],
      ['bizStep', 5],
      ['bizStep', { id: 'shipping' }],
      ['disposition', false],
      ['readPoint', 'urn:epc:id:sgln:9520123.00001.0'],
      ['readPoint', []],
      ['bizLocation', 7],
      ['type', 42],
      ['bizTransactionList', 'po-1'],
      ['sourceList', {}],
      ['destinationList', 'x'],
      ['quantityList', {}],
      ['ilmd', []],
      ['eventID', 12],
      ['recordTime', 5],
      ['certificationInfo', 3],
    ] as const
  ).map(([field, value]): EventMutation => ({
    name: `${field} as ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}`,
    category: 'wrong-type',
    path: [field],
    value,
  })),
  { name: 'an EPC that is a number', category: 'wrong-type', path: ['epcList', 0], value: 9520123000001 },
  { name: 'an EPC that is an object', category: 'wrong-type', path: ['epcList', 0], value: { id: 'x' } },
  { name: 'readPoint.id as a number', category: 'wrong-type', path: ['readPoint', 'id'], value: 952012300001 },
  { name: 'bizLocation.id as null', category: 'wrong-type', path: ['bizLocation', 'id'], value: null },
  {
    name: 'a quantity given as a string',
    category: 'wrong-type',
    path: ['quantityList'],
    value: [{ epcClass: `urn:epc:class:lgtin:${SUBMITTER.prefix}.000001.L1`, quantity: '12' }],
    at: ['quantityList', 0, 'quantity'],
  },
  {
    name: 'a negative quantity',
    category: 'wrong-type',
    path: ['quantityList'],
    value: [{ epcClass: `urn:epc:class:lgtin:${SUBMITTER.prefix}.000001.L1`, quantity: -1 }],
    at: ['quantityList', 0, 'quantity'],
  },
  {
    name: 'a bizTransaction as a number',
    category: 'wrong-type',
    path: ['bizTransactionList'],
    value: [{ type: 'po', bizTransaction: 42 }],
    at: ['bizTransactionList', 0, 'bizTransaction'],
  },
  { name: 'an unknown member at the event root', category: 'wrong-type', path: ['colour'], value: 'red' },
  {
    name: 'a parentID on an ObjectEvent',
    category: 'wrong-type',
    path: ['parentID'],
    value: `urn:epc:id:sscc:${SUBMITTER.prefix}.0000000001`,
  },
  { name: 'action in lower case', category: 'wrong-type', path: ['action'], value: 'add' },
  { name: 'an EPCIS 1.2 event type', category: 'wrong-type', path: ['type'], value: 'QuantityEvent' },
];

const missing: EventMutation[] = [
  ...(['eventTime', 'eventTimeZoneOffset', 'action'] as const).map((field): EventMutation => ({
    name: `without ${field}`,
    category: 'missing-required',
    path: [field],
    value: REMOVE,
  })),
  { name: 'without type', category: 'missing-required', path: ['type'], value: REMOVE },
  { name: 'without any object (epcList removed)', category: 'missing-required', path: ['epcList'], value: REMOVE, at: [] },
  { name: 'with an empty epcList and no quantities', category: 'missing-required', path: ['epcList'], value: [], at: [] },
  { name: 'readPoint without id', category: 'missing-required', path: ['readPoint', 'id'], value: REMOVE },
  { name: 'bizLocation without id', category: 'missing-required', path: ['bizLocation', 'id'], value: REMOVE },
  { name: 'an empty EPC string', category: 'missing-required', path: ['epcList', 0], value: '' },
  {
    name: 'a bizTransaction without its id',
    category: 'missing-required',
    path: ['bizTransactionList'],
    value: [{ type: 'po' }],
    at: ['bizTransactionList', 0, 'bizTransaction'],
  },
];

const dl = (ai: string, key: string, rest = ''): string => `https://id.gs1.org/${ai}/${key}${rest}`;
const gtinBody = GTIN.slice(0, -1);
const glnBody = GLN.slice(0, -1);
const ssccBody = SSCC.slice(0, -1);
const checkDigits: EventMutation[] = [
  {
    name: 'a GTIN with a wrong check digit (Digital Link, serial)',
    path: ['epcList', 0],
    value: dl('01', withWrongCheckDigit(gtinBody), '/21/X1'),
  },
  {
    name: 'a GTIN with a wrong check digit (Digital Link, lot)',
    path: ['epcList', 0],
    value: dl('01', withWrongCheckDigit(gtinBody), '/10/L1'),
  },
  { name: 'a GTIN of 11 digits', path: ['epcList', 0], value: dl('01', GTIN.slice(3), '/21/X1') },
  { name: 'a GTIN one digit long', path: ['epcList', 0], value: dl('01', `0${GTIN}`, '/21/X1') },
  { name: 'a GTIN with a letter', path: ['epcList', 0], value: dl('01', `${GTIN.slice(0, 5)}A${GTIN.slice(6)}`, '/21/X1') },
  { name: 'an SSCC with a wrong check digit', path: ['epcList', 0], value: dl('00', withWrongCheckDigit(ssccBody)) },
  { name: 'an SSCC one digit short', path: ['epcList', 0], value: dl('00', SSCC.slice(1)) },
  { name: 'a GLN readPoint with a wrong check digit', path: ['readPoint', 'id'], value: dl('414', withWrongCheckDigit(glnBody)) },
  { name: 'a GLN bizLocation with a wrong check digit', path: ['bizLocation', 'id'], value: dl('414', withWrongCheckDigit(glnBody)) },
  { name: 'a GLN of 12 digits', path: ['readPoint', 'id'], value: dl('414', glnBody) },
  {
    name: 'a GTIN class with a wrong check digit in a quantity',
    path: ['quantityList'],
    value: [{ epcClass: dl('01', withWrongCheckDigit(gtinBody), '/10/L1'), quantity: 5 }],
    at: ['quantityList', 0, 'epcClass'],
  },
  {
    name: 'a source party GLN with a wrong check digit',
    path: ['sourceList'],
    value: [{ type: 'owning_party', source: dl('417', withWrongCheckDigit(glnBody)) }],
    at: ['sourceList', 0, 'source'],
  },
  { name: 'an SGTIN URN whose company prefix does not fit', path: ['epcList', 0], value: 'urn:epc:id:sgtin:95201234567890.1.X' },
  { name: 'an SSCC URN of the wrong length', path: ['epcList', 0], value: `urn:epc:id:sscc:${SUBMITTER.prefix}.001` },
  {
    name: 'an SGLN URN with a letter in the location reference',
    path: ['readPoint', 'id'],
    value: `urn:epc:id:sgln:${SUBMITTER.prefix}.0000A.0`,
  },
].map((m): EventMutation => ({ ...m, category: 'check-digit' }));

const vocabulary: EventMutation[] = [
  { name: 'bizStep misspelt', path: ['bizStep'], value: 'shippping', issueCode: 'CBV_UNKNOWN_BIZSTEP' },
  { name: 'bizStep in upper case', path: ['bizStep'], value: 'COMMISSIONING', issueCode: 'CBV_UNKNOWN_BIZSTEP' },
  {
    name: 'an unknown CBV bizStep URN',
    path: ['bizStep'],
    value: 'urn:epcglobal:cbv:bizstep:teleporting',
    issueCode: 'CBV_UNKNOWN_BIZSTEP',
  },
  {
    name: 'an unknown CBV bizStep web URI',
    path: ['bizStep'],
    value: 'https://ref.gs1.org/cbv/BizStep-teleporting',
    issueCode: 'CBV_UNKNOWN_BIZSTEP',
  },
  { name: 'disposition misspelt', path: ['disposition'], value: 'in-transit', issueCode: 'CBV_UNKNOWN_DISPOSITION' },
  {
    name: 'an unknown CBV disposition URN',
    path: ['disposition'],
    value: 'urn:epcglobal:cbv:disp:vanished',
    issueCode: 'CBV_UNKNOWN_DISPOSITION',
  },
  {
    name: 'an unknown business transaction type',
    path: ['bizTransactionList'],
    value: [{ type: 'invoice-ish', bizTransaction: 'urn:epcglobal:cbv:bt:0952012300001:PO1' }],
    at: ['bizTransactionList', 0, 'type'],
    issueCode: 'CBV_UNKNOWN_BTT',
  },
  {
    name: 'an unknown source type',
    path: ['sourceList'],
    value: [{ type: 'owner', source: `urn:epc:id:pgln:${SUBMITTER.prefix}.00000` }],
    at: ['sourceList', 0, 'type'],
    issueCode: 'CBV_UNKNOWN_SDT',
  },
  {
    name: 'an unknown destination type',
    path: ['destinationList'],
    value: [{ type: 'recipient', destination: `urn:epc:id:pgln:${SUBMITTER.prefix}.00000` }],
    at: ['destinationList', 0, 'type'],
    issueCode: 'CBV_UNKNOWN_SDT',
  },
  {
    name: 'an unknown sensor measurement type',
    path: ['sensorElementList'],
    value: [{ sensorReport: [{ type: 'gs1:Warmth', value: 5, uom: 'CEL' }] }],
    at: ['sensorElementList', 0, 'sensorReport', 0, 'type'],
    issueCode: 'CBV_UNKNOWN_MEASUREMENT_TYPE',
  },
].map((m): EventMutation => ({ ...m, category: 'unknown-vocabulary' }));

const times: EventMutation[] = [
  ['30 February', '2026-02-30T10:00:00Z'],
  ['month 13', '2026-13-01T10:00:00Z'],
  ['hour 25', '2026-03-01T25:00:00Z'],
  ['minute 60', '2026-03-01T10:60:00Z'],
  ['second 61', '2026-03-01T10:00:61Z'],
  ['24:00:01', '2026-03-01T24:00:01Z'],
  ['no offset', '2026-03-01T10:00:00'],
  ['a date only', '2026-03-01'],
  ['an offset of +15:00', '2026-03-01T10:00:00+15:00'],
  ['an offset of +14:01', '2026-03-01T10:00:00+14:01'],
  ['an offset without a colon hour', '2026-03-01T10:00:00+1:00'],
  ['words', 'yesterday'],
  ['epoch milliseconds as text', '1772359200000'],
  ['29 February of a common year', '2025-02-29T10:00:00Z'],
  ['year 0', '0000-01-01T00:00:00Z'],
  ['year 1 with an offset that puts it in year 0', '0001-01-01T00:30:00+01:00'],
  ['year 9999 with an offset that puts it in year 10000', '9999-12-31T23:59:59-01:00'],
  ['a space instead of T', '2026-03-01 10:00:00Z'],
].map(([what, value]): EventMutation => ({
  name: `eventTime with ${what ?? ''}`,
  category: 'impossible-time',
  path: ['eventTime'],
  value,
}));
const offsets: EventMutation[] = [
  ['Z', 'Z'],
  ['+25:00', '+25:00'],
  ['-14:30', '-14:30'],
  ['+01:60', '+01:60'],
  ['0100', '0100'],
  ['an empty string', ''],
  ['UTC', 'UTC'],
].map(([what, value]): EventMutation => ({
  name: `eventTimeZoneOffset ${what ?? ''}`,
  category: 'impossible-time',
  path: ['eventTimeZoneOffset'],
  value,
}));

const future: EventMutation[] = [
  ['two days ahead', inDays(2)],
  ['a year ahead', inDays(366)],
  ['in 9999', '9999-12-31T23:59:59Z'],
  ['25 hours ahead', new Date(Date.now() + 25 * 3_600_000).toISOString()],
].map(([what, value]): EventMutation => ({
  name: `eventTime ${what ?? ''}`,
  category: 'future-event',
  path: ['eventTime'],
  value,
  issueCode: 'EVENT_TIME_IN_FUTURE',
}));
// Past what a four-digit year (and PostgreSQL) can hold: not a date-time at all.
future.push({
  name: 'eventTime at the last instant a JavaScript Date can hold',
  category: 'future-event',
  path: ['eventTime'],
  value: '+275760-09-13T00:00:00.000Z',
  issueCode: 'DATE_TIME',
});

// Letters and digits that look like the ASCII ones but are not: a GTIN or a bizStep must not be "close enough".
const confusables: EventMutation[] = [
  { name: 'bizStep with a Cyrillic о', path: ['bizStep'], value: 'shipping'.replace('i', 'і') },
  { name: 'bizStep with a Cyrillic с', path: ['bizStep'], value: 'сommissioning' },
  { name: 'bizStep with a zero-width space', path: ['bizStep'], value: 'commis\u200bsioning' },
  { name: 'bizStep with a trailing no-break space', path: ['bizStep'], value: 'commissioning\u00a0' },
  { name: 'disposition with a Greek ο', path: ['disposition'], value: 'in_prοgress' },
  { name: 'action with a Cyrillic А', path: ['action'], value: 'АDD' },
  { name: 'action in fullwidth letters', path: ['action'], value: 'ＡＤＤ' },
  {
    name: 'a GTIN in fullwidth digits',
    path: ['epcList', 0],
    value: dl(
      '01',
      GTIN.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))),
      '/21/X1',
    ),
  },
  {
    name: 'a GTIN in Arabic-Indic digits',
    path: ['epcList', 0],
    value: dl(
      '01',
      GTIN.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d))),
      '/21/X1',
    ),
  },
  { name: 'a GTIN with a Devanagari digit', path: ['epcList', 0], value: dl('01', `${GTIN.slice(0, -1)}\u0967`, '/21/X1') },
  { name: 'an SGTIN URN with a fullwidth company prefix', path: ['epcList', 0], value: `urn:epc:id:sgtin:９５２０１２３.000001.X1` },
  { name: 'an EPC with a right-to-left override', path: ['epcList', 0], value: `urn:epc:id:sgtin:${SUBMITTER.prefix}.000001.\u202eX1` },
  { name: 'a Digital Link with a fullwidth application identifier', path: ['epcList', 0], value: `https://id.gs1.org/０1/${GTIN}/21/X1` },
  { name: 'readPoint with fullwidth digits', path: ['readPoint', 'id'], value: `urn:epc:id:sgln:９５２０１２３.00001.0` },
  { name: 'eventTime in fullwidth digits', path: ['eventTime'], value: '２０２６-03-01T10:00:00Z' },
].map((m): EventMutation => ({ ...m, category: 'unicode-confusable' }));

const foreign: EventMutation[] = [
  { name: "a readPoint at another organisation's site", path: ['readPoint', 'id'], value: OTHER_SITE },
  { name: "a bizLocation at another organisation's site", path: ['bizLocation', 'id'], value: OTHER_SITE },
].map((m): EventMutation => ({ ...m, category: 'unknown-vocabulary', status: 403, code: 'FORBIDDEN_PARTY' }));

const EVENT_MUTATIONS: readonly EventMutation[] = [
  ...wrongTypes,
  ...missing,
  ...checkDigits,
  ...vocabulary,
  ...times,
  ...offsets,
  ...future,
  ...confusables,
  ...foreign,
];

function expectationOf(m: EventMutation, base: readonly (string | number)[]): ProblemExpectation {
  return {
    status: m.status ?? 400,
    code: m.code ?? 'VALIDATION_FAILED',
    pointer: pointerOf([...base, ...(m.at ?? m.path)]),
    ...(m.issueCode === undefined ? {} : { issueCode: m.issueCode }),
  };
}

function mutationCases(): BadInputCase[] {
  return EVENT_MUTATIONS.flatMap((m): BadInputCase[] => [
    {
      name: `events: ${m.name}`,
      category: m.category,
      transport: 'rest-events',
      body: { kind: 'json', value: mutate(standaloneEvent(validEvent()), m.path, m.value) },
      expect: expectationOf(m, []),
    },
    {
      name: `capture: ${m.name} (second event of two)`,
      category: m.category,
      transport: 'rest-capture',
      // A valid first event: a refusal must not keep it (rollback is the default behaviour).
      body: { kind: 'json', value: documentOf([validEvent(), mutate(validEvent(), m.path, m.value)]) },
      expect: expectationOf(m, ['epcisBody', 'eventList', 1]),
    },
  ]);
}

// ---- Whole-body cases: the text itself is what is wrong. `%EVENT%` is a valid event's JSON.

const eventJson = (): string => JSON.stringify(validEvent());
const documentText = (eventList: string): string =>
  `{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"${new Date().toISOString()}","epcisBody":{"eventList":[${eventList}]}}`;

const invalidJson: ProblemExpectation = { status: 400, code: 'INVALID_JSON' };
const malformed: [string, string][] = [
  ['an empty body', ''],
  ['whitespace only', '   \n\t '],
  ['an unclosed object', '{'],
  ['an unclosed array', '['],
  ['a missing value', '{"type":}'],
  ['a trailing comma in an object', '{"type":"ObjectEvent",}'],
  ['a trailing comma in an array', '{"epcList":["a",]}'],
  ['single-quoted strings', "{'type':'ObjectEvent'}"],
  ['unquoted keys', '{type:"ObjectEvent"}'],
  ['NaN', '{"quantity":NaN}'],
  ['Infinity', '{"quantity":Infinity}'],
  ['a // comment', '{"type":"ObjectEvent" // here\n}'],
  ['a /* comment */', '{/* c */"type":"ObjectEvent"}'],
  ['two JSON values', '{}{}'],
  ['an unescaped control character in a string', '{"type":"Object\u0001Event"}'],
  ['a raw newline in a string', '{"type":"Object\nEvent"}'],
  ['a bad escape', '{"type":"\\x41"}'],
  ['a short unicode escape', '{"type":"\\u12"}'],
  ['a leading zero number', '{"quantity":012}'],
  ['a hexadecimal number', '{"quantity":0x10}'],
  ['a lone closing bracket', ']'],
  ['undefined', 'undefined'],
  ['an XML document', '<?xml version="1.0"?><epcis:EPCISDocument/>'],
  ['a truncated document', documentText(eventJson()).slice(0, -7)],
];

const duplicateKeys: [string, (event: string) => string, string][] = [
  [
    'a duplicate type at the document root',
    () => documentText(eventJson()).replace('"type":"EPCISDocument"', '"type":"EPCISDocument","type":"ObjectEvent"'),
    '/type',
  ],
  [
    'a duplicate eventTime',
    (e) => documentText(e.replace('"eventTime":', '"eventTime":"2020-01-01T00:00:00Z","eventTime":')),
    '/epcisBody/eventList/0/eventTime',
  ],
  [
    'a duplicate action',
    (e) => documentText(e.replace('"action":"ADD"', '"action":"ADD","action":"DELETE"')),
    '/epcisBody/eventList/0/action',
  ],
  [
    'a duplicate readPoint id',
    (e) =>
      documentText(e.replace(/"readPoint":\{"id":("[^"]*")\}/, `"readPoint":{"id":$1,"id":"urn:epc:id:sgln:${SUBMITTER.prefix}.00002.0"}`)),
    '/epcisBody/eventList/0/readPoint/id',
  ],
  [
    'a duplicate key spelt with a unicode escape',
    (e) => documentText(e.replace('"bizStep":', '"bizStep":"shipping","biz\\u0053tep":')),
    '/epcisBody/eventList/0/bizStep',
  ],
  ['a duplicate epcisBody', (e) => documentText(e).replace('"epcisBody":', '"epcisBody":{"eventList":[]},"epcisBody":'), '/epcisBody'],
];

const prototypeKeys: [string, (event: string) => string, string][] = [
  ['__proto__ at the document root', (e) => documentText(e).replace('{"@context"', '{"__proto__":{"admin":true},"@context"'), '/__proto__'],
  [
    '__proto__ in an event',
    (e) => documentText(e.replace('{"type"', '{"__proto__":{"polluted":1},"type"')),
    '/epcisBody/eventList/0/__proto__',
  ],
  [
    'constructor in an event',
    (e) => documentText(e.replace('{"type"', '{"constructor":{"prototype":{"x":1}},"type"')),
    '/epcisBody/eventList/0/constructor',
  ],
  [
    'prototype in readPoint',
    (e) => documentText(e.replace(/"readPoint":\{/, '"readPoint":{"prototype":1,')),
    '/epcisBody/eventList/0/readPoint/prototype',
  ],
  ['__proto__ in the epcisBody', (e) => documentText(e).replace('"epcisBody":{', '"epcisBody":{"__proto__":null,'), '/epcisBody/__proto__'],
  [
    '__proto__ spelt with a unicode escape',
    (e) => documentText(e.replace('{"type"', '{"__proto\\u005f_":{"polluted":1},"type"')),
    '/epcisBody/eventList/0/__proto__',
  ],
  [
    'constructor inside an extension',
    (e) => documentText(e.replace('{"type"', '{"example:ext":{"constructor":1},"type"')),
    '/epcisBody/eventList/0/example:ext/constructor',
  ],
];

function nested(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

function textCases(): BadInputCase[] {
  const cases: BadInputCase[] = [];
  const both = (name: string, category: BadInputCategory, body: Body, expect: ProblemExpectation): void => {
    cases.push({ name: `capture: ${name}`, category, transport: 'rest-capture', body, expect });
    cases.push({ name: `events: ${name}`, category, transport: 'rest-events', body, expect });
  };
  for (const [name, text] of malformed) both(name, 'malformed-json', { kind: 'text', text }, invalidJson);
  both(
    'invalid UTF-8 (a lone continuation byte)',
    'malformed-json',
    { kind: 'bytes', bytes: Uint8Array.from([0x7b, 0x22, 0x80, 0x22, 0x3a, 0x31, 0x7d]) },
    invalidJson,
  );
  both(
    'invalid UTF-8 (an overlong slash)',
    'malformed-json',
    { kind: 'bytes', bytes: Uint8Array.from([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d]) },
    invalidJson,
  );
  both(
    'a UTF-16 body',
    'malformed-json',
    { kind: 'bytes', bytes: new Uint8Array(Buffer.from('\ufeff{"type":"ObjectEvent"}', 'utf16le')) },
    invalidJson,
  );
  both('a lone surrogate escape', 'malformed-json', { kind: 'text', text: '{"type":"\\ud800"}' }, invalidJson);
  for (const [name, build, pointer] of duplicateKeys)
    cases.push({
      name: `capture: ${name}`,
      category: 'duplicate-key',
      transport: 'rest-capture',
      body: { kind: 'text', text: build(eventJson()) },
      expect: { ...invalidJson, pointer, issueCode: 'JSON_DUPLICATE_KEY' },
    });
  for (const [name, build, pointer] of prototypeKeys)
    cases.push({
      name: `capture: ${name}`,
      category: 'prototype-key',
      transport: 'rest-capture',
      body: { kind: 'text', text: build(eventJson()) },
      expect: { ...invalidJson, pointer, issueCode: 'JSON_FORBIDDEN_KEY' },
    });
  // The same keys on POST /epcis/events (a single event: pointers from the event's root).
  const single = (): string => JSON.stringify(standaloneEvent(validEvent()));
  cases.push(
    {
      name: 'events: a duplicate eventTime',
      category: 'duplicate-key',
      transport: 'rest-events',
      body: { kind: 'text', text: single().replace('"eventTime":', '"eventTime":"2020-01-01T00:00:00Z","eventTime":') },
      expect: { ...invalidJson, pointer: '/eventTime', issueCode: 'JSON_DUPLICATE_KEY' },
    },
    {
      name: 'events: a duplicate epcList',
      category: 'duplicate-key',
      transport: 'rest-events',
      body: { kind: 'text', text: single().replace('"epcList":', '"epcList":[],"epcList":') },
      expect: { ...invalidJson, pointer: '/epcList', issueCode: 'JSON_DUPLICATE_KEY' },
    },
    {
      name: 'events: __proto__ at the root',
      category: 'prototype-key',
      transport: 'rest-events',
      body: { kind: 'text', text: single().replace('{"@context"', '{"__proto__":{"role":"admin"},"@context"') },
      expect: { ...invalidJson, pointer: '/__proto__', issueCode: 'JSON_FORBIDDEN_KEY' },
    },
    {
      name: 'events: constructor.prototype in bizLocation',
      category: 'prototype-key',
      transport: 'rest-events',
      body: { kind: 'text', text: single().replace('"bizLocation":{', '"bizLocation":{"constructor":{"prototype":{"x":1}},') },
      expect: { ...invalidJson, pointer: '/bizLocation/constructor', issueCode: 'JSON_FORBIDDEN_KEY' },
    },
  );
  // Strings that parse in JavaScript but that no database or UTF-8 hash can hold (I-JSON, RFC 7493).
  const unstorable: [string, string, string][] = [
    ['a NUL character in an EPC', 'epcList', '["urn:epc:id:sgtin:9520123.000001.A\\u0000B"]'],
    ['a NUL character in an extension value', 'example:note', '"a\\u0000"'],
    ['an unpaired high surrogate in bizStep', 'bizStep', '"commissioning\\ud800"'],
    ['an unpaired low surrogate in the eventID', 'eventID', '"urn:uuid:\\udc00"'],
  ];
  for (const [name, member, json] of unstorable) {
    const inner = member === 'epcList' ? '/0' : '';
    const event = (): string =>
      member === 'epcList'
        ? eventJson().replace(/"epcList":\[[^\]]*\]/, `"epcList":${json}`)
        : eventJson().replace(/^\{/, `{"${member}":${json},`);
    cases.push(
      {
        name: `capture: ${name}`,
        category: 'unicode-confusable',
        transport: 'rest-capture',
        body: { kind: 'text', text: documentText(event()) },
        expect: { ...invalidJson, pointer: `/epcisBody/eventList/0/${member}${inner}`, issueCode: 'JSON_SYNTAX' },
      },
      {
        name: `events: ${name}`,
        category: 'unicode-confusable',
        transport: 'rest-events',
        body: { kind: 'text', text: `{"@context":${JSON.stringify(documentOf([])['@context'])},${event().slice(1)}` },
        expect: { ...invalidJson, pointer: `/${member}${inner}`, issueCode: 'JSON_SYNTAX' },
      },
    );
  }
  // Nesting: the parser stops at 128 levels without recursing further; the validator at 32 levels of extension.
  both('arrays nested 129 deep', 'deep-nesting', { kind: 'text', text: nested(129) }, { ...invalidJson, issueCode: 'JSON_SYNTAX' });
  both('arrays nested 100 000 deep', 'deep-nesting', { kind: 'text', text: nested(100_000) }, { ...invalidJson, issueCode: 'JSON_SYNTAX' });
  both(
    'objects nested 10 000 deep',
    'deep-nesting',
    { kind: 'text', text: `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}` },
    { ...invalidJson, issueCode: 'JSON_SYNTAX' },
  );
  both('an unclosed 50 000-deep array', 'deep-nesting', { kind: 'text', text: '['.repeat(50_000) }, invalidJson);
  let extension: unknown = 'leaf';
  for (let i = 0; i < 40; i++) extension = { 'example:level': extension };
  const deepEvent = { ...validEvent(), 'example:deep': extension };
  cases.push(
    {
      name: 'capture: an extension nested 40 levels deep',
      category: 'deep-nesting',
      transport: 'rest-capture',
      body: {
        kind: 'json',
        value: {
          ...documentOf([deepEvent]),
          '@context': [...(documentOf([]) as { '@context': string[] })['@context'], { example: 'https://example.com/ns/' }],
        },
      },
      expect: { status: 400, code: 'VALIDATION_FAILED', issueCode: 'TOO_DEEP' },
    },
    {
      name: 'events: an extension nested 40 levels deep',
      category: 'deep-nesting',
      transport: 'rest-events',
      body: {
        kind: 'json',
        value: {
          ...standaloneEvent(deepEvent),
          '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld', { example: 'https://example.com/ns/' }],
        },
      },
      expect: { status: 400, code: 'VALIDATION_FAILED', issueCode: 'TOO_DEEP' },
    },
  );
  // Documents that are not EPCIS documents at all.
  both('a JSON string', 'wrong-type', { kind: 'json', value: 'ObjectEvent' }, { status: 400, code: 'VALIDATION_FAILED' });
  both('a JSON number', 'wrong-type', { kind: 'json', value: 42 }, { status: 400, code: 'VALIDATION_FAILED' });
  both('JSON null', 'wrong-type', { kind: 'text', text: 'null' }, { status: 400, code: 'VALIDATION_FAILED' });
  both('a JSON array of events', 'wrong-type', { kind: 'json', value: [validEvent()] }, { status: 400, code: 'VALIDATION_FAILED' });
  both('an empty object', 'missing-required', { kind: 'json', value: {} }, { status: 400, code: 'VALIDATION_FAILED' });
  const docMutations: [string, BadInputCategory, readonly string[], unknown, string][] = [
    ['epcisBody as an array', 'wrong-type', ['epcisBody'], [], '/epcisBody'],
    ['eventList as an object', 'wrong-type', ['epcisBody', 'eventList'], {}, '/epcisBody/eventList'],
    ['schemaVersion as a number', 'wrong-type', ['schemaVersion'], 2, '/schemaVersion'],
    ['schemaVersion 1.2', 'wrong-type', ['schemaVersion'], '1.2', '/schemaVersion'],
    ['creationDate as a number', 'wrong-type', ['creationDate'], 5, '/creationDate'],
    ['creationDate on 31 April', 'impossible-time', ['creationDate'], '2026-04-31T00:00:00Z', '/creationDate'],
    ['without epcisBody', 'missing-required', ['epcisBody'], REMOVE, '/epcisBody'],
    ['without eventList', 'missing-required', ['epcisBody', 'eventList'], REMOVE, '/epcisBody/eventList'],
    ['without schemaVersion', 'missing-required', ['schemaVersion'], REMOVE, '/schemaVersion'],
    ['without creationDate', 'missing-required', ['creationDate'], REMOVE, '/creationDate'],
    ['without @context', 'missing-required', ['@context'], REMOVE, '/@context'],
    ['@context that is not the EPCIS context', 'wrong-type', ['@context'], ['https://example.com/ctx'], '/@context'],
  ];
  for (const [name, category, path, value, pointer] of docMutations)
    cases.push({
      name: `capture: a document ${name}`,
      category,
      transport: 'rest-capture',
      body: { kind: 'json', value: mutate(documentOf([validEvent()]), path, value) },
      expect: { status: 400, code: 'VALIDATION_FAILED', pointer },
    });
  cases.push({
    name: 'capture: a document with text/plain',
    category: 'malformed-json',
    transport: 'rest-capture',
    contentType: 'text/plain',
    body: { kind: 'json', value: documentOf([validEvent()]) },
    expect: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  });
  cases.push({
    name: 'events: an event as application/xml',
    category: 'malformed-json',
    transport: 'rest-events',
    contentType: 'application/xml',
    body: { kind: 'text', text: '<ObjectEvent/>' },
    expect: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  });
  return cases;
}

/** Bodies over the limits: bytes (CAPTURE_MAX_BYTES, 413 before the body is parsed), events per capture, huge strings. */
function oversizedCases(maxBytes: number): BadInputCase[] {
  const tooManyEvents = Array.from({ length: 10_001 }, () => ({ type: 'ObjectEvent' }));
  const hugeEpcList = Array.from({ length: Math.ceil(maxBytes / 40) + 10 }, (_, i) => sgtinOf(i));
  return [
    {
      name: 'capture: a document one byte over the size limit',
      category: 'oversized',
      transport: 'rest-capture',
      body: { kind: 'text', text: `${documentText(eventJson()).slice(0, -1)}${' '.repeat(maxBytes)}}` },
      expect: { status: 413, code: 'PAYLOAD_TOO_LARGE' },
    },
    {
      name: 'events: an event over the size limit',
      category: 'oversized',
      transport: 'rest-events',
      body: { kind: 'json', value: { ...standaloneEvent(validEvent()), 'example:pad': 'x'.repeat(maxBytes) } },
      expect: { status: 413, code: 'PAYLOAD_TOO_LARGE' },
    },
    {
      name: 'capture: an epcList of more entries than the byte limit holds',
      category: 'oversized',
      transport: 'rest-capture',
      body: { kind: 'json', value: documentOf([{ ...validEvent(), epcList: hugeEpcList }]) },
      expect: { status: 413, code: 'PAYLOAD_TOO_LARGE' },
    },
    {
      name: 'capture: 10 001 events in one document',
      category: 'oversized',
      transport: 'rest-capture',
      body: { kind: 'json', value: documentOf(tooManyEvents) },
      expect: { status: 413, code: 'TOO_MANY_EVENTS' },
    },
    {
      name: 'events: a 1 MB bizStep',
      category: 'oversized',
      transport: 'rest-events',
      body: { kind: 'json', value: standaloneEvent({ ...validEvent(), bizStep: 'x'.repeat(1_000_000) }) },
      expect: { status: 400, code: 'VALIDATION_FAILED', pointer: '/bizStep' },
    },
    {
      name: 'capture: a 1 MB EPC',
      category: 'oversized',
      transport: 'rest-capture',
      body: {
        kind: 'json',
        value: documentOf([{ ...validEvent(), epcList: [`urn:epc:id:sgtin:${SUBMITTER.prefix}.000001.${'9'.repeat(1_000_000)}`] }]),
      },
      expect: { status: 400, code: 'VALIDATION_FAILED', pointer: '/epcisBody/eventList/0/epcList/0' },
    },
    {
      name: 'capture: a 100 000-element array in an extension',
      category: 'oversized',
      transport: 'rest-capture',
      body: { kind: 'json', value: documentOf([{ ...validEvent(), epcList: Array.from({ length: 100_000 }, () => 'x') }]) },
      expect: { status: 400, code: 'VALIDATION_FAILED', pointer: '/epcisBody/eventList/0/epcList/0' },
    },
  ];
}

function sgtinOf(i: number): string {
  return `urn:epc:id:sgtin:${SUBMITTER.prefix}.000001.${freshSerial('O')}${String(i)}`;
}

export function captureCases(maxBytes: number): BadInputCase[] {
  return [...mutationCases(), ...textCases(), ...oversizedCases(maxBytes)];
}
