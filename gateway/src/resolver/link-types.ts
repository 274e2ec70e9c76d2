/**
 * GS1 Web Vocabulary link types a GS1-Conformant Resolver (1.2) answers with. Relation types are
 * written as full URIs in linksets and Link headers; requests may name them as CURIEs (gs1:pip) or
 * URIs in either GS1 namespace spelling.
 */
export const GS1_VOC = 'https://gs1.org/voc/';
const ALT_VOC = ['https://ref.gs1.org/voc/', 'http://gs1.org/voc/'];

export const LINK_TYPES = {
  pip: `${GS1_VOC}pip`,
  traceability: `${GS1_VOC}traceability`,
  certificationInfo: `${GS1_VOC}certificationInfo`,
  verificationService: `${GS1_VOC}verificationService`,
  defaultLink: `${GS1_VOC}defaultLink`,
} as const;

export type LinkTypeName = keyof typeof LINK_TYPES;

/** The linkset context (GS1-Conformant Resolver 1.2 artefact) for turning linkset JSON into JSON-LD. */
export const LINKSET_CONTEXT = 'https://ref.gs1.org/standards/resolver/1.2.0/linkset-context';
export const LINKSET_MEDIA_TYPE = 'application/linkset+json';

/** `linkset` / `all`, a known GS1 link type name, or undefined for a link type this resolver has no link for. */
export function requestedLinkType(value: string | null): LinkTypeName | 'linkset' | 'unknown' | undefined {
  if (value === null || value.trim() === '') return undefined;
  const v = value.trim();
  if (v === 'linkset' || v === 'all') return 'linkset';
  let local: string | undefined;
  if (v.startsWith('gs1:')) local = v.slice(4);
  else for (const ns of [GS1_VOC, ...ALT_VOC]) if (v.startsWith(ns)) local = v.slice(ns.length);
  if (local !== undefined && local in LINK_TYPES) return local as LinkTypeName;
  return 'unknown';
}

export interface LinkTarget {
  readonly rel: string;
  readonly href: string;
  readonly title: string;
  readonly type: string;
  readonly hreflang?: readonly string[];
}

/** An RFC 9264 JSON linkset with one link context object, as the GS1 resolver linkset schema shapes it. */
export function linkset(
  anchor: string,
  links: readonly LinkTarget[],
  itemDescription?: string,
): { readonly linkset: readonly Record<string, unknown>[] } {
  const context: Record<string, unknown> = { anchor };
  if (itemDescription !== undefined) context['itemDescription'] = itemDescription;
  for (const link of links) {
    const target = {
      href: link.href,
      title: link.title,
      type: link.type,
      ...(link.hreflang === undefined ? {} : { hreflang: [...link.hreflang] }),
    };
    const existing = context[link.rel];
    context[link.rel] = Array.isArray(existing) ? [...(existing as unknown[]), target] : [target];
  }
  return { linkset: [context] };
}

function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\r\n]/g, ' ')}"`;
}

/** One RFC 8288 Link header value; titles are ASCII-folded so the header stays valid. */
export function linkHeader(
  links: readonly {
    readonly href: string;
    readonly rel: string;
    readonly type?: string;
    readonly title?: string;
    readonly hreflang?: readonly string[];
  }[],
): string {
  return links
    .map((l) => {
      let s = `<${encodeURI(decodeURIComponentSafe(l.href))}>; rel=${quoted(l.rel)}`;
      if (l.type !== undefined) s += `; type=${quoted(l.type)}`;
      for (const lang of l.hreflang ?? []) s += `; hreflang=${quoted(lang)}`;
      if (l.title !== undefined) s += `; title=${quoted(l.title.normalize('NFKD').replace(/[^\x20-\x7e]/g, ''))}`;
      return s;
    })
    .join(', ');
}

// Hrefs arrive percent-encoded already; decode-then-encode keeps them encoded exactly once.
function decodeURIComponentSafe(href: string): string {
  try {
    return decodeURI(href);
  } catch {
    return href;
  }
}
