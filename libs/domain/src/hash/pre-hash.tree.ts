import { pythonNumberText } from './hash-value.canonicaliser.js';

/**
 * The intermediate tree the CBV 2.0 event hash works on, built from an event in its JSON / JSON-LD form.
 *
 * This mirrors the reference implementation (RalphTro/epcis-event-hash-generator, `json_to_py.py` and
 * `json_xml_model_mismatch_correction.py` at commit 5d2f1c38, 2025-10-17): every JSON member becomes a
 * node (name, text value, children); arrays become repeated siblings of the same name; then the JSON
 * shapes are renamed to the XML element names the pre-hash string is defined on (`epcList` → `epc`
 * children, `quantityList` → `quantityElement` children, `childEPCs` → one list…). Keeping the same
 * tree as the reference is what makes the pre-hash strings equal byte for byte, quirks included.
 */

/** One element: its (namespace-expanded) name, its text value and its child elements. */
export interface HashNode {
  name: string;
  value: string;
  children: HashItem[];
}

/** A business transaction / source / destination: the type and the identifier, kept together. */
export interface HashPair {
  readonly pair: readonly HashNode[];
}

export type HashItem = HashNode | HashPair;

export function isPair(item: HashItem): item is HashPair {
  return 'pair' in item;
}

/** Lists whose elements are (type, identifier) pairs and are never reordered internally. */
export const PAIR_LISTS: ReadonlyMap<string, string> = new Map([
  ['bizTransactionList', 'bizTransaction'],
  ['sourceList', 'source'],
  ['destinationList', 'destination'],
]);

/** Members that never take part in any element's string (JSON-LD comments). */
const ALWAYS_IGNORED = new Set(['#text', 'rdfs:comment', 'comment']);

/** Prefix → `{namespace}` as collected from `@context` (and `@xmlns:` members, as the reference does). */
export type Namespaces = Map<string, string>;

export interface TreeOptions {
  readonly namespaces: Namespaces;
  /** Replaces a CBV bare word by its web URI (the reference's JSON-LD expansion heuristic). */
  readonly expandBareWord: (value: string) => string;
}

/** Builds the corrected tree of one event; `ignored` names top-level members left out of the hash. */
export function eventTree(event: Readonly<Record<string, unknown>>, options: TreeOptions, ignored: ReadonlySet<string>): HashNode {
  return correctStructure(toNode(event, options, ignored));
}

/**
 * `named`: whether the node keeps its own name. A member's node is renamed after its key at once, so
 * only the event itself and elements of nested arrays need their `type` expanded as a name.
 */
function toNode(json: unknown, options: TreeOptions, ignored: ReadonlySet<string>, named = true): HashNode {
  if (Array.isArray(json)) {
    const children: HashItem[] = [];
    for (const child of json as unknown[]) children.push(toNode(child, options, EMPTY));
    return { name: '', value: '', children };
  }
  if (json !== null && typeof json === 'object') {
    const record = json as Readonly<Record<string, unknown>>;
    const type = named ? record['type'] : undefined;
    const node: HashNode = {
      // As in the reference: the element's own name is its raw `type` (only the event's is ever used).
      name: typeof type === 'string' ? options.expandBareWord(type) : '',
      value: '',
      children: [],
    };
    const children = node.children;
    for (const key of Object.keys(record)) {
      const val = record[key];
      // `#text` is read here rather than looked up on every object: a lookup of a member most
      // objects lack, over ever-changing object shapes, was the slowest line of the tree.
      if (key === '#text') {
        if (typeof val === 'string') node.value = val;
        continue;
      }
      if (ALWAYS_IGNORED.has(key) || key === '@context' || (ignored !== EMPTY && ignored.has(key))) continue;
      if (key.startsWith('@xmlns')) {
        options.namespaces.set(key.slice(7), `{${typeof val === 'string' ? val : String(val)}}`);
        if (named) node.name = replaceNamespace(node.name, options.namespaces, false);
        continue;
      }
      if (Array.isArray(val)) {
        // Each element becomes a sibling named after the member (fresh nodes: renamed in place).
        const from = children.length;
        for (const element of val as unknown[]) children.push(toNode(element, options, EMPTY, false));
        // Named after the value is read, as in the reference: an `@xmlns:` inside it may declare the prefix.
        const name = memberName(key, options.namespaces);
        for (let i = from; i < children.length; i++) (children[i] as HashNode).name = name;
      } else {
        const child = toNode(val, options, EMPTY, false);
        child.name = memberName(key, options.namespaces);
        children.push(child);
      }
    }
    return node;
  }
  return { name: '', value: scalarText(json, options), children: [] };
}

const EMPTY: ReadonlySet<string> = new Set();

function memberName(key: string, namespaces: Namespaces): string {
  return key.indexOf(':') < 0 ? key : replaceNamespace(key, namespaces, false);
}

/** A scalar as the reference's Python `str()` writes it, after bare-word and CURIE expansion. */
function scalarText(value: unknown, options: TreeOptions): string {
  if (typeof value === 'string') return replaceNamespace(options.expandBareWord(value), options.namespaces, true);
  if (typeof value === 'number') return pythonNumberText(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null || value === undefined) return 'None';
  return '';
}

/** `prefix:rest` → `{namespace}rest` for names, `namespacerest` for values, when the prefix is declared. */
export function replaceNamespace(text: string, namespaces: Namespaces, isValue: boolean): string {
  const colon = text.indexOf(':');
  if (colon < 0) return text;
  const ns = namespaceOf(text, colon, namespaces);
  if (ns === undefined) return text;
  return (isValue ? ns.slice(1, -1) : ns) + text.slice(colon + 1);
}

/** `namespaces.get(text.slice(0, colon))`, without cutting a string for the usual handful of prefixes. */
function namespaceOf(text: string, colon: number, namespaces: Namespaces): string | undefined {
  if (namespaces.size > 8) return namespaces.get(text.slice(0, colon));
  for (const [prefix, ns] of namespaces) {
    if (prefix.length === colon && text.startsWith(prefix)) return ns;
  }
  return undefined;
}

// ---- JSON → XML model corrections (json_xml_model_mismatch_correction.py) ----

/** Applies the corrections in place (the tree is private to one hash computation) and returns `node`. */
function correctStructure(node: HashNode): HashNode {
  let rest: HashItem[] | undefined;
  let lists: Map<string, HashNode[]> | undefined;
  let childEpcs: HashNode[] | undefined;
  const children = node.children;
  for (let i = 0; i < children.length; i++) {
    const child = children[i] as HashItem;
    if (!isPair(child) && (child.name.endsWith('List') || child.name === 'childEPCs')) {
      // First regrouping child: copy the untouched ones seen so far.
      rest ??= children.slice(0, i);
      if (child.name === 'childEPCs') {
        (childEpcs ??= []).push({ name: 'epc', value: child.value, children: [] });
        continue;
      }
      lists ??= new Map();
      let group = lists.get(child.name);
      if (group === undefined) lists.set(child.name, (group = []));
      child.name = child.name.slice(0, -4);
      group.push(child);
    } else if (rest !== undefined) {
      rest.push(child);
    }
  }
  if (rest !== undefined) {
    if (lists !== undefined) {
      for (const [listName, elements] of lists) {
        const idName = PAIR_LISTS.get(listName);
        if (idName === undefined) rest.push({ name: listName, value: '', children: elements });
        else rest.push({ name: listName, value: '', children: elements.map((element) => toPair(element, idName)) });
      }
    }
    if (childEpcs !== undefined) rest.push({ name: 'childEPCs', value: '', children: childEpcs });
    node.children = rest;
  }
  for (const child of node.children) {
    if (!isPair(child) && !PAIR_LISTS.has(child.name)) correctStructure(child);
  }
  node.name = renamed(node);
  return node;
}

/**
 * The reference pairs the first two members of each element in JSON member order, which makes the
 * hash depend on whether `type` is written before the identifier. We always pair (type, identifier) —
 * the order of the reference's own examples and of its XML reader — so key order never matters.
 */
function toPair(element: HashNode, idName: string): HashPair {
  const nodes = element.children.filter((c): c is HashNode => !isPair(c));
  const type = nodes.find((c) => c.name === 'type');
  const id = nodes.find((c) => c.name === idName);
  if (type === undefined && id === undefined) return { pair: nodes.slice(0, 2) };
  return { pair: [type, id].filter((c): c is HashNode => c !== undefined) };
}

function renamed(node: HashNode): string {
  switch (node.name) {
    case 'inputEPC':
    case 'outputEPC':
      return 'epc';
    case 'inputQuantity':
    case 'outputQuantity':
    case 'childQuantity':
      return 'quantityElement';
    case 'quantity':
      return node.children.length > 0 ? 'quantityElement' : node.name;
    default:
      return node.name;
  }
}
