import type { AlertPage, JsonValue, RecallImpact, StoredAlert, TraceResult } from '@lotledger/store';
import { html, type Html } from '../consumer-page/html-template.js';
import type { ProvenanceFacts } from '../provenance/consumer-view.js';
import { VERIFICATION_REASONS } from '../provenance/ledger-verification.js';
import { layoutGenealogy, NODE_HEIGHT, NODE_WIDTH, type GraphLayout } from './genealogy-graph.js';

export const REGULATOR_STYLESHEET_PATH = '/regulator/assets/regulator.css';
export const REGULATOR_HOME = '/regulator';
export const LOOKUP_PATH = '/regulator/lookup';
export const CSV_PATH = '/regulator/recall-impact.csv';
export const SESSION_PATH = '/regulator/session';
export const SESSION_END_PATH = '/regulator/session/end';

/** Who is signed in, for the header (the token's subject and organisation; never the token). */
export interface SignedIn {
  readonly subject: string | undefined;
  readonly org: string | undefined;
  /** True when the token came from the sign-in cookie (then a sign-out button makes sense). */
  readonly viaCookie: boolean;
}

export interface LookupResult {
  readonly input: string;
  readonly facts: ProvenanceFacts;
  readonly trace: TraceResult;
  readonly impact: RecallImpact;
}

function layout(title: string, body: Html, who: SignedIn | undefined): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${title}</title>
<link rel="stylesheet" href="${REGULATOR_STYLESHEET_PATH}">
<link rel="icon" href="data:,">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site" role="banner"><p class="brand"><a href="${REGULATOR_HOME}">lotledger · Regulator</a></p>${
    who === undefined
      ? undefined
      : html`<div class="who"><span>Signed in as <strong>${who.subject ?? 'regulator'}</strong>${who.org === undefined ? '' : html` (${who.org})`}</span>${
          who.viaCookie
            ? html`<form method="post" action="${SESSION_END_PATH}"><button type="submit" class="link-button">Sign out</button></form>`
            : undefined
        }</div>`
  }</header>
<main id="main">
${body}
</main>
</body>
</html>
`.value;
}

function searchForm(value: string): Html {
  return html`<section aria-labelledby="lookup-title">
<h1 id="lookup-title">Look up a product, lot, item or container</h1>
<form method="get" action="${LOOKUP_PATH}" class="lookup" role="search">
<label for="id">EPC URN, GS1 Digital Link, or GTIN and lot</label>
<div class="row"><input id="id" name="id" type="text" value="${value}" required autocomplete="off" spellcheck="false" placeholder="https://id.gs1.org/01/09520123456788/10/LT2603A"><button type="submit">Look up</button></div>
<p class="hint">For example <code>urn:epc:id:sgtin:9520123.045678.PX7K2M4Q9A</code>, <code>https://id.gs1.org/00/095201230000047115</code> or <code>09520123456788 LT2603A</code>.</p>
</form>
</section>`;
}

function limitText(alert: StoredAlert): string {
  const { limitMin: min, limitMax: max, unit } = alert;
  if (min !== null && max !== null) return `${String(min)}–${String(max)} ${unit}`;
  if (min !== null) return `≥ ${String(min)} ${unit}`;
  return max === null ? '' : `≤ ${String(max)} ${unit}`;
}

/** The alerts inbox: every organisation's industry-profile alerts, newest first, each linked to the lookup of its object. */
function alertsSection(page: AlertPage): Html {
  const rows = page.alerts.map(
    (a) => html`<tr class="${a.acknowledgedAt === null ? 'alert-open' : 'alert-acknowledged'}">
<td>${a.raisedAt}</td>
<td>${a.industry}<br><span class="muted">${a.code}</span></td>
<td class="wrap"><a href="${lookupHref(a.objectId)}">${shortLabel(a.objectId)}</a></td>
<td class="wrap">${a.message}<br><span class="muted">${a.field}: ${String(a.observed)} ${a.unit}; limit ${limitText(a)} (${a.source})</span></td>
<td>${a.ownerMsp ?? 'unknown'}</td>
<td>${a.acknowledgedAt === null ? html`<span class="badge badge-warn">open</span>` : html`<span class="badge badge-ok">acknowledged</span><br><span class="muted">${a.acknowledgedBy ?? ''} ${a.acknowledgedAt}</span>`}</td>
</tr>`,
  );
  return html`<section aria-labelledby="alerts-title">
<h2 id="alerts-title">Alerts</h2>
${
  page.alerts.length === 0
    ? html`<p>No alert has been raised: no anchored reading or certificate is outside its limits.</p>`
    : html`<div class="scroll"><table class="alerts">
<caption>Cold-chain excursions and certificate values out of spec, newest first</caption>
<thead><tr><th scope="col">Raised</th><th scope="col">Industry</th><th scope="col">Object</th><th scope="col">Finding</th><th scope="col">Owner</th><th scope="col">Status</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`
}
${page.nextCursor === null ? undefined : html`<p><a href="${REGULATOR_HOME}?alerts=${encodeURIComponent(page.nextCursor)}#alerts-title">Older alerts</a></p>`}
</section>`;
}

export function homePage(who: SignedIn, alerts?: AlertPage): string {
  return layout('Regulator lookup', html`${searchForm('')}${alerts === undefined ? undefined : alertsSection(alerts)}`, who);
}

export function problemPage(who: SignedIn, input: string, title: string, problems: readonly string[]): string {
  return layout(
    title,
    html`${searchForm(input)}<section class="problem" role="alert" aria-labelledby="problem-title"><h2 id="problem-title">${title}</h2><ul>${problems.map(
      (p) => html`<li>${p}</li>`,
    )}</ul></section>`,
    who,
  );
}

/** The sign-in page: also what a request without a (valid) regulator token gets, with 401 or 403. */
export function signInPage(options: { readonly status: 401 | 403; readonly message: string; readonly next: string }): string {
  const refused = options.status === 403;
  return layout(
    refused ? 'Regulators only' : 'Sign in',
    html`<section aria-labelledby="signin-title">
<h1 id="signin-title">${refused ? 'Regulators only' : 'Sign in to the regulator view'}</h1>
<p class="notice" role="alert">${options.message}</p>
<p>Paste a regulator access token (from <code>POST /auth/token</code> with your organisation's client credentials). It is kept in a cookie this browser sends only to these pages, until the token expires or you sign out.</p>
<form method="post" action="${SESSION_PATH}" class="signin">
<input type="hidden" name="next" value="${options.next}">
<label for="token">Access token</label>
<textarea id="token" name="token" rows="5" required autocomplete="off" spellcheck="false"></textarea>
<button type="submit">Sign in</button>
</form>
</section>`,
    undefined,
  );
}

/** A Digital Link path value as typed; a malformed escape is shown as it is rather than failing the page. */
function decoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function shortLabel(id: string): string {
  const m = /^https:\/\/id\.gs1\.org\/(.*)$/.exec(id);
  if (m === null) return id;
  const parts = (m[1] ?? '').split('/');
  const named: string[] = [];
  const NAMES: Readonly<Record<string, string>> = {
    '01': 'GTIN',
    '10': 'lot',
    '21': 'serial',
    '00': 'SSCC',
    '414': 'GLN',
    '254': 'ext',
    '22': 'CPV',
  };
  for (let i = 0; i + 1 < parts.length; i += 2)
    named.push(`${NAMES[parts[i] ?? ''] ?? `(${parts[i] ?? ''})`} ${decoded(parts[i + 1] ?? '')}`);
  return named.join(' · ');
}

/** Two lines for a graph node: what tells it apart (lot, serial, SSCC…), then the product key it is of. */
function nodeLines(id: string): { readonly label: string; readonly sublabel: string } {
  const parts = shortLabel(id).split(' · ');
  if (parts.length < 2) return { label: parts[0] ?? id, sublabel: '' };
  return { label: parts.slice(1).join(' · '), sublabel: parts[0] ?? '' };
}

function fit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function lookupHref(id: string): string {
  return `${LOOKUP_PATH}?id=${encodeURIComponent(id)}`;
}

function statusClass(status: string | null): string {
  if (status === 'recalled') return 'node-recalled';
  if (status === 'quarantined') return 'node-quarantined';
  return 'node-ok';
}

/** Most objects drawn: past this an SVG stops being readable (the tables below still list everything downstream). */
export const MAX_DRAWN_NODES = 300;

function graphSvg(trace: TraceResult): { readonly svg: Html; readonly layout: GraphLayout } {
  // Nearest first, so a cut keeps the neighbourhood of the object looked up.
  const drawn = [...trace.nodes].sort((a, b) => a.depth - b.depth || a.id.localeCompare(b.id)).slice(0, MAX_DRAWN_NODES);
  const g = layoutGenealogy(
    drawn.map((n) => ({
      id: n.id,
      depth: n.depth,
      direction: n.direction,
      ...nodeLines(n.id),
      status: n.object?.status ?? null,
    })),
    trace.edges.map((e) => ({ from: e.parentId, to: e.childId, kind: e.kind })),
  );
  // Rough glyph widths of the label (12px bold) and the second line (11px), to cut text before the box edge.
  const chars = Math.floor((NODE_WIDTH - 16) / 7.4);
  const metaChars = Math.floor((NODE_WIDTH - 16) / 6.2);
  const svg = html`<svg class="genealogy" role="img" aria-labelledby="graph-title graph-desc" viewBox="0 0 ${g.width} ${g.height}" width="${g.width}" height="${g.height}" xmlns="http://www.w3.org/2000/svg">
<title id="graph-title">Genealogy of ${shortLabel(trace.root)}</title>
<desc id="graph-desc">${g.nodes.length} objects and ${g.edges.length} links; upstream to the left of the object looked up, downstream to the right.</desc>
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow-head"/></marker></defs>
${g.edges.map((e) => html`<path class="edge edge-${e.kind}" d="${e.path}" marker-end="url(#arrow)"><title>${e.kind}: ${shortLabel(e.from)} → ${shortLabel(e.to)}</title></path>`)}
${g.nodes.map(
  (
    n,
  ) => html`<a href="${lookupHref(n.id)}" class="node ${statusClass(n.status)}${n.direction === 'root' ? ' node-root' : ''}" data-id="${n.id}">
<title>${n.id}${n.status === null ? '' : ` (${n.status})`}</title>
<rect x="${n.x}" y="${n.y}" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="6"/>
<text x="${n.x + 8}" y="${n.y + 18}" class="node-label">${fit(n.label, chars)}</text>
<text x="${n.x + 8}" y="${n.y + 36}" class="node-meta">${fit(
    [n.sublabel, n.direction === 'root' ? 'looked up' : `${n.direction} ${String(n.depth)}`, n.status ?? '']
      .filter((t) => t !== '')
      .join(' · '),
    metaChars,
  )}</text>
</a>`,
)}
</svg>`;
  return { svg, layout: g };
}

function holdText(hold: JsonValue): string {
  if (typeof hold !== 'object' || hold === null || Array.isArray(hold)) return JSON.stringify(hold);
  const h = hold as Readonly<Record<string, JsonValue>>;
  const text = (k: string): string => (typeof h[k] === 'string' ? h[k] : '');
  return `${text('kind')} by ${text('setBy')}${text('setAt') === '' ? '' : ` on ${text('setAt')}`}: ${text('reason')}`;
}

function eventRows(facts: ProvenanceFacts): Html[] {
  const events = [...facts.events].sort((a, b) => a.stored.eventTime.localeCompare(b.stored.eventTime));
  return events.map(({ stored, verification }) => {
    const ledger = verification.verified
      ? html`<span class="badge badge-ok">verified</span> tx <code>${verification.txId.slice(0, 16)}…</code>${verification.blockNumber === null ? '' : html` block ${verification.blockNumber}`}`
      : html`<span class="badge badge-warn">${verification.reason}</span> ${VERIFICATION_REASONS[verification.reason]}`;
    return html`<tr>
<td>${stored.eventTime}</td>
<td>${stored.type}${stored.action === null ? '' : html`<br><span class="muted">${stored.action}</span>`}</td>
<td>${stored.bizStep ?? ''}</td>
<td>${stored.disposition ?? ''}</td>
<td>${stored.submitterMsp}</td>
<td class="wrap">${stored.bizLocation ?? ''}${stored.readPoint === null ? '' : html`<br><span class="muted">read point ${stored.readPoint}</span>`}</td>
<td>${ledger}</td>
<td><details><summary>Event</summary><p class="muted">hash ID <code>${stored.hashId}</code></p><pre>${JSON.stringify(stored.event, null, 2)}</pre></details></td>
</tr>`;
  });
}

function impactTable(impact: RecallImpact): Html {
  if (impact.affected.length === 0) return html`<p>Nothing is recorded downstream of this object.</p>`;
  return html`<div class="scroll"><table class="impact">
<caption>${impact.affected.length} object${impact.affected.length === 1 ? '' : 's'} downstream${impact.truncated ? ' (the walk stopped at the depth limit: there may be more)' : ''}</caption>
<thead><tr><th scope="col">Object</th><th scope="col">Kind</th><th scope="col">Depth</th><th scope="col">Status</th><th scope="col">Custodian</th><th scope="col">Location</th></tr></thead>
<tbody>${impact.affected.map(
    (a) =>
      html`<tr class="${statusClass(a.status)}"><td class="wrap"><a href="${lookupHref(a.id)}">${shortLabel(a.id)}</a></td><td>${a.kind ?? ''}</td><td>${a.depth}</td><td>${a.status ?? 'unknown'}</td><td>${a.custodianMsp ?? 'unknown'}</td><td class="wrap">${a.location ?? ''}</td></tr>`,
  )}</tbody>
</table></div>
<h3>By current custodian</h3>
<table class="counts"><thead><tr><th scope="col">Organisation</th><th scope="col">Objects</th></tr></thead>
<tbody>${impact.byOrganisation.map((b) => html`<tr><td>${b.mspId ?? 'unknown'}</td><td>${b.count}</td></tr>`)}</tbody></table>`;
}

export function lookupPage(who: SignedIn, result: LookupResult): string {
  const { facts, trace, impact } = result;
  const object = facts.object;
  const holds: readonly JsonValue[] = Array.isArray(object?.holds) ? (object.holds as readonly JsonValue[]) : [];
  const graph = graphSvg(trace);
  const title = facts.product?.name ?? shortLabel(facts.id);
  return layout(
    `${title} · regulator view`,
    html`${searchForm(result.input)}
<section aria-labelledby="object-title">
<h2 id="object-title">${title}</h2>
<p class="key"><code>${facts.id}</code></p>
<dl>
<dt>Status</dt><dd class="${statusClass(object?.status ?? null)}">${object?.status ?? 'not on the ledger'}</dd>
<dt>Kind</dt><dd>${object?.kind ?? '—'}</dd>
<dt>Custodian</dt><dd>${object?.custodianMsp ?? '—'}</dd>
<dt>Location</dt><dd class="wrap">${object?.location ?? '—'}</dd>
<dt>Manufacturer</dt><dd>${facts.manufacturer === null ? '—' : `${facts.manufacturer.name} (${facts.manufacturer.mspId})`}</dd>
<dt>Holds</dt><dd>${holds.length === 0 ? 'none' : html`<ul class="holds">${holds.map((h) => html`<li>${holdText(h)}</li>`)}</ul>`}</dd>
</dl>
</section>
<section aria-labelledby="history-title">
<h2 id="history-title">History (${facts.events.length} event${facts.events.length === 1 ? '' : 's'})</h2>
<div class="scroll"><table class="history">
<thead><tr><th scope="col">Event time</th><th scope="col">Type</th><th scope="col">Business step</th><th scope="col">Disposition</th><th scope="col">Submitter</th><th scope="col">Where</th><th scope="col">Ledger</th><th scope="col">Document</th></tr></thead>
<tbody>${eventRows(facts)}</tbody>
</table></div>
</section>
<section aria-labelledby="graph-section-title">
<h2 id="graph-section-title">Genealogy (${trace.nodes.length} objects${trace.truncated ? ', cut at the depth limit' : ''})</h2>
${trace.nodes.length > graph.layout.nodes.length ? html`<p class="notice">The nearest ${graph.layout.nodes.length} of ${trace.nodes.length} objects are drawn.</p>` : undefined}
<p class="legend"><span class="key-transformation">— transformation (input → output)</span> <span class="key-aggregation">- - aggregation (container → contents)</span> <span class="key-association">··· association</span></p>
<div class="scroll graph">${graph.svg}</div>
</section>
<section aria-labelledby="impact-title">
<h2 id="impact-title">Recall impact</h2>
<p><a class="download" href="${CSV_PATH}?id=${encodeURIComponent(facts.id)}" download>Download as CSV</a></p>
${impactTable(impact)}
</section>`,
    who,
  );
}
