import { canonicalTimestamp, canonicalValue, pythonStrip } from './hash-value.canonicaliser.js';
import { isPair, type HashItem, type HashNode } from './pre-hash.tree.js';

/**
 * The pre-hash string of CBV 2.0 §8.9, built the way the reference implementation builds it
 * (RalphTro/epcis-event-hash-generator `hash_generator.py` and `PROP_ORDER` in `__init__.py`,
 * commit 5d2f1c38 of 2025-10-17, the newest; PyPI 1.9.3 of 2023-05-16 produces the same strings for
 * JSON documents, it lacks only the later `ignoreFields` and query-document support).
 *
 * Where the reference's code and its README disagree, the code is followed, since its published
 * hashes come from it: `certificationInfo` and `parentID` come before `epcList`; business
 * transactions, sources and destinations are written as `type=…` then the identifier and sorted with
 * the user extensions (after `bizLocation`, in name order), not in the table's positions.
 */

type Order = readonly (readonly [string, Order | undefined])[];

const QUANTITY: Order = [
  ['epcClass', undefined],
  ['quantity', undefined],
  ['uom', undefined],
];
const EPC: Order = [['epc', undefined]];
const ID: Order = [['id', undefined]];

/** The canonical property order (the pair lists are absent: the reference never matches them here). */
const PROP_ORDER: Order = [
  ['eventTime', undefined],
  ['eventTimeZoneOffset', undefined],
  ['certificationInfo', undefined],
  ['parentID', undefined],
  ['epcList', EPC],
  ['inputEPCList', EPC],
  ['childEPCs', EPC],
  ['quantityList', [['quantityElement', QUANTITY]]],
  ['childQuantityList', [['quantityElement', QUANTITY]]],
  ['inputQuantityList', [['quantityElement', QUANTITY]]],
  ['outputEPCList', EPC],
  ['outputQuantityList', [['quantityElement', QUANTITY]]],
  ['action', undefined],
  ['transformationID', undefined],
  ['bizStep', undefined],
  ['disposition', undefined],
  [
    'persistentDisposition',
    [
      ['set', undefined],
      ['unset', undefined],
    ],
  ],
  ['readPoint', ID],
  ['bizLocation', ID],
  [
    'sensorElementList',
    [
      [
        'sensorElement',
        [
          [
            'sensorMetadata',
            ['time', 'startTime', 'endTime', 'deviceID', 'deviceMetadata', 'rawData', 'dataProcessingMethod', 'bizRules'].map(
              (name) => [name, undefined] as const,
            ),
          ],
          [
            'sensorReport',
            [
              'type',
              'exception',
              'deviceID',
              'deviceMetadata',
              'rawData',
              'dataProcessingMethod',
              'time',
              'microorganism',
              'chemicalSubstance',
              'value',
              'component',
              'stringValue',
              'booleanValue',
              'hexBinaryValue',
              'uriValue',
              'minValue',
              'maxValue',
              'meanValue',
              'sDev',
              'percRank',
              'percValue',
              'uom',
              'coordinateReferenceSystem',
            ].map((name) => [name, undefined] as const),
          ],
        ],
      ],
    ],
  ],
];

/** Top-level members that never enter the hash (§8.9: the hash must not depend on them). */
const EXCLUDED = new Set(['recordTime', 'eventID', 'type', 'errorDeclaration']);

/** Members whose elements keep their written order (they are type/identifier pairs). */
const UNSORTED = new Set(['bizTransaction', 'source', 'destination']);

export function buildPreHash(event: HashNode): string {
  const children = event.children;
  const ordered = inOrder(children, EVENT_ORDER);
  const rest = children.filter((c) => isPair(c) || !EXCLUDED.has(c.name));
  return `eventType=${event.name}${ordered}${rest.length > 0 ? generic(rest) : ''}`;
}

/** An order with its names indexed once, so a level is grouped in one pass without a per-call Map. */
interface IndexedOrder {
  readonly entries: Order;
  readonly index: ReadonlyMap<string, number>;
  readonly subOrders: readonly (IndexedOrder | undefined)[];
}

function indexed(order: Order): IndexedOrder {
  return {
    entries: order,
    index: new Map(order.map(([name], i) => [name, i])),
    subOrders: order.map(([, sub]) => (sub === undefined ? undefined : indexed(sub))),
  };
}

const EVENT_ORDER = indexed(PROP_ORDER);

/** The ordered names whose values are timestamps (the reference: "time" in the name, not "offset"). */
const TIME_NAMES = new Set(['eventTime', 'time', 'startTime', 'endTime']);

/**
 * Appends the members named in `order`, consuming the leaves it used (what is left goes to the
 * generic pass, as in the reference); returns their string.
 */
function inOrder(children: HashItem[], order: IndexedOrder): string {
  const extensions = gatherUserExtensions(children);
  const groups: (HashNode[] | undefined)[] = new Array<HashNode[] | undefined>(order.entries.length);
  let any = false;
  for (const child of children) {
    if (isPair(child)) continue;
    const at = order.index.get(child.name);
    if (at === undefined) continue;
    const group = groups[at];
    if (group === undefined) groups[at] = [child];
    else group.push(child);
    any = true;
  }
  let preHash = '';
  if (any) {
    let consumed = false;
    for (let i = 0; i < groups.length; i++) {
      const group = groups[i];
      if (group === undefined) continue;
      const subOrder = order.subOrders[i];
      if (group.length === 1) {
        const child = group[0] as HashNode;
        preHash += childText(child, subOrder);
        if (child.children.length === 0) consumed = true;
        continue;
      }
      const values: string[] = [];
      for (const child of group) {
        const text = childText(child, subOrder);
        if (text !== '') values.push(text);
        if (child.children.length === 0) consumed = true;
      }
      sortByCodePoints(values);
      preHash += values.join('');
    }
    if (consumed) {
      // Leaves of the order are used up; anything else stays for the generic pass.
      let w = 0;
      for (const child of children) {
        if (isPair(child) || child.children.length > 0 || !order.index.has(child.name)) children[w++] = child;
      }
      children.length = w;
    }
  }
  if (extensions.length > 0) preHash += generic(extensions);
  return preHash;
}

function childText(child: HashNode, subOrder: IndexedOrder | undefined): string {
  const grandChildren = subOrder === undefined ? '' : inOrder(child.children, subOrder);
  let text = '';
  if (child.value !== '') {
    text = pythonStrip(child.value);
    text = TIME_NAMES.has(child.name) ? canonicalTimestamp(text) : canonicalValue(text);
    if (text !== '') text = '=' + text;
  }
  return text !== '' || grandChildren !== '' ? child.name + text + grandChildren : '';
}

/**
 * User extensions inside a standard member with an extension point (readPoint, sensorElement…) go
 * after that member's own fields (§8.9 step 21). The reference recognises them by a `{…/}` name, and
 * leaves event-level ones (detected by an `eventTime`/`action` sibling) to the generic pass.
 */
const NONE: readonly HashItem[] = [];

function gatherUserExtensions(children: HashItem[]): readonly HashItem[] {
  if (children.length <= 1) return NONE;
  let found = false;
  for (const child of children) {
    if (isPair(child)) continue;
    if (child.name.includes('eventTime') || child.name.includes('action')) return NONE;
    if (!found && child.name.includes('/}')) found = true;
  }
  if (!found) return NONE;
  const extensions: HashItem[] = [];
  for (let i = 0; i < children.length;) {
    const child = children[i];
    if (child !== undefined && !isPair(child) && child.name.includes('{') && child.name.includes('/}')) {
      extensions.push(child);
      children.splice(i, 1);
    } else {
      i++;
    }
  }
  return extensions;
}

/** Whatever the order did not consume: `name=value` and children, sorted per level (§8.9 steps 19–20). */
function generic(children: readonly HashItem[]): string {
  const values: string[] = [];
  let sort = children.length > 1;
  for (const child of children) {
    if (isPair(child)) {
      values.push(generic(child.pair));
      continue;
    }
    if (UNSORTED.has(child.name)) sort = false;
    let text = child.value === '' ? '' : pythonStrip(child.value);
    if (text !== '') text = '=' + canonicalValue(text);
    values.push(child.name + text + (child.children.length > 0 ? generic(child.children) : ''));
  }
  if (sort) sortByCodePoints(values);
  return values.join('');
}

// A UTF-16 surrogate: only strings with one can sort differently by code unit and by code point.
const SURROGATE = /[\ud800-\udfff]/;

/** Sorts as Python sorts strings (by code point); the engine's own string order when that is the same. */
function sortByCodePoints(values: string[]): void {
  if (values.length < 2) return;
  for (const v of values) {
    if (SURROGATE.test(v)) {
      values.sort(compareCodePoints);
      return;
    }
  }
  values.sort();
}

/** Python orders strings by code point; JavaScript's default sort by UTF-16 unit differs above U+FFFF. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // A surrogate (astral code point) sorts after every BMP unit above the surrogate range.
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys) return xs ? (y >= 0xe000 ? 1 : x - y) : x >= 0xe000 ? -1 : x - y;
      return x - y;
    }
  }
  return a.length - b.length;
}
