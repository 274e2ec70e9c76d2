/** The representations the resolver can answer with. */
export type Representation = 'html' | 'json' | 'linkset';

const MEDIA: Readonly<Record<string, Representation>> = {
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'application/json': 'json',
  'application/ld+json': 'json',
  'application/linkset+json': 'linkset',
};

/**
 * Picks a representation from an Accept header (RFC 9110 §12.5.1: highest q wins, then the more
 * specific range, then header order). No header, or only wildcards: HTML, the resolver's default.
 */
export function negotiate(accept: string | undefined): Representation {
  if (accept === undefined || accept.trim() === '') return 'html';
  let best: { rep: Representation; q: number; specificity: number; order: number } | undefined;
  accept.split(',').forEach((part, order) => {
    const [rangeRaw, ...params] = part.split(';');
    const range = (rangeRaw ?? '').trim().toLowerCase();
    let q = 1;
    for (const p of params) {
      const [k, v] = p.split('=').map((s) => s.trim());
      if (k === 'q' && v !== undefined) q = Number.isFinite(Number(v)) ? Number(v) : 0;
    }
    if (q <= 0) return;
    const rep = MEDIA[range] ?? (range === '*/*' || range === 'text/*' ? 'html' : range === 'application/*' ? 'json' : undefined);
    if (rep === undefined) return;
    const specificity = range.includes('*') ? 0 : 1;
    if (best === undefined || q > best.q || (q === best.q && specificity > best.specificity)) best = { rep, q, specificity, order };
  });
  return best?.rep ?? 'html';
}
