import type { CertificateRow, ConsumerView, TimelineStep } from '../provenance/consumer-view.js';
import { html, safeUrl, type Html } from './html-template.js';

export const STYLESHEET_PATH = '/assets/consumer-page.css';

export interface PageLinks {
  /** This object's canonical Digital Link on this resolver (what the QR code encodes). */
  readonly hostLink: string;
  /** The QR code image of hostLink (same-origin path). */
  readonly qrPath: string;
}

function layout(title: string, body: Html): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
<link rel="icon" href="data:,">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site" role="banner"><p>Product passport</p></header>
<main id="main">
${body}
</main>
<footer role="contentinfo"><p>Every step shown here is anchored on a shared ledger. Commercial details (orders, prices, quantities, trading partners) are never shown.</p></footer>
</body>
</html>
`.value;
}

function alertBanner(view: ConsumerView): Html | undefined {
  const alert = view.alert;
  if (alert === undefined) return undefined;
  const recall = alert.kind === 'recall';
  return html`<section class="alert ${recall ? 'alert-recall' : 'alert-quarantine'}" role="alert" aria-labelledby="alert-title">
<h2 id="alert-title">${recall ? 'Recalled: do not use this product' : 'On hold: this product is being checked'}</h2>
<p>${recall ? `The manufacturer has recalled ${alert.scope}.` : `The manufacturer has put ${alert.scope} on hold while it is checked.`}</p>
${alert.reason === '' ? undefined : html`<p><strong>Reason:</strong> ${alert.reason}</p>`}
<p>${recall ? 'Stop using it and return it where you got it, or ask your pharmacist or retailer.' : 'Please wait before using it; check this page again later.'}</p>
</section>`;
}

function ledgerLine(view: ConsumerView): Html {
  const l = view.ledger;
  if (l.total === 0) {
    return html`<section class="ledger ledger-warn" aria-labelledby="ledger-title"><span class="mark" aria-hidden="true">!</span><div><h2 id="ledger-title" class="verified-line">Not verified on the ledger</h2><p>No step of this product has been recorded on the ledger yet.</p></div></section>`;
  }
  if (l.verified === l.total && l.latest !== undefined) {
    return html`<section class="ledger ledger-ok" aria-labelledby="ledger-title"><span class="mark" aria-hidden="true">✓</span><div>
<h2 id="ledger-title" class="verified-line">Verified on the ledger</h2>
<p>${l.total === 1 ? 'The step below matches its record' : `All ${String(l.total)} steps below match their records`} on the ledger.</p>
<p>Latest transaction <code>${l.latest.txId}</code>${l.latest.blockNumber === null ? '' : html` in block <strong>${l.latest.blockNumber}</strong>`}</p>
</div></section>`;
  }
  return html`<section class="ledger ledger-warn" aria-labelledby="ledger-title"><span class="mark" aria-hidden="true">!</span><div>
<h2 id="ledger-title" class="verified-line">${l.verified === 0 ? 'Not verified on the ledger' : `Partly verified on the ledger: ${String(l.verified)} of ${String(l.total)} steps`}</h2>
${l.problems.map((p) => html`<p>Not verified: ${p}.</p>`)}
${l.latest === undefined ? undefined : html`<p>Latest verified transaction <code>${l.latest.txId}</code>${l.latest.blockNumber === null ? '' : html` in block <strong>${l.latest.blockNumber}</strong>`}</p>`}
</div></section>`;
}

function badge(step: TimelineStep): Html {
  const v = step.verification;
  return v.verified
    ? html`<span class="badge badge-ok">Verified on the ledger</span>`
    : html`<span class="badge badge-warn">Not verified: ${v.detail}</span>`;
}

function row(label: string, value: string | undefined): Html | undefined {
  return value === undefined ? undefined : html`<dt>${label}</dt><dd>${value}</dd>`;
}

function coldChainSection(view: ConsumerView): Html {
  const c = view.coldChain;
  const limits = c.limits === undefined ? undefined : `${String(c.limits.min)} °C to ${String(c.limits.max)} °C`;
  const status =
    c.status === 'within-limits'
      ? html`<p class="cold-ok">Kept within its storage limits (${limits ?? ''}).</p>`
      : c.status === 'excursion'
        ? html`<p class="cold-bad">Temperature went outside its storage limits (${limits ?? ''}).</p>`
        : c.status === 'recorded'
          ? html`<p class="cold-none">Temperatures were recorded; no storage limits are published for this product.</p>`
          : html`<p class="cold-none">No temperature readings${limits === undefined ? '' : ` (storage limits ${limits})`}.</p>`;
  return html`<section aria-labelledby="cold-title"><h2 id="cold-title">Cold chain</h2>${status}
${c.excursions.length === 0 ? undefined : html`<div class="excursion" role="note"><p><strong>Temperature excursion</strong>: this product was stored outside its limits. The manufacturer and the authorities have been shown this; ask your pharmacist before use.</p><ul>${c.excursions.map((e) => html`<li>${e.when}: ${e.message}</li>`)}</ul></div>`}
${c.readings.length === 0 ? undefined : html`<ul>${c.readings.map((r) => html`<li>${r.when}: ${r.min} °C to ${r.max} °C</li>`)}</ul>`}
</section>`;
}

function specBadge(row: CertificateRow): Html | undefined {
  if (row.spec === undefined) return undefined;
  const limit = row.limit === undefined ? '' : ` (limit ${row.limit})`;
  return row.spec === 'within'
    ? html` <span class="spec spec-ok">within spec${limit}</span>`
    : html` <span class="spec spec-bad">out of spec${limit}</span>`;
}

function certificatesSection(view: ConsumerView): Html | undefined {
  if (view.certificateLinks.length === 0 && view.certificates.length === 0) return undefined;
  return html`<section aria-labelledby="cert-title" id="certificates"><h2 id="cert-title">Certificates</h2>
${view.certificates.map((doc) => html`<div class="certificate"><h3>${doc.title}</h3>${doc.checkedAgainst === undefined ? undefined : html`<p class="spec-note">Values checked against ${doc.checkedAgainst}.</p>`}${doc.outOfSpec.length === 0 ? undefined : html`<div class="out-of-spec" role="note"><p><strong>Outside the grade's limits</strong>:</p><ul>${doc.outOfSpec.map((m) => html`<li>${m}</li>`)}</ul></div>`}<dl>${doc.rows.map((r) => html`<dt>${r.label}</dt><dd>${r.value}${specBadge(r)}</dd>`)}</dl></div>`)}
${view.certificateLinks.length === 0 ? undefined : html`<ul>${view.certificateLinks.map((u) => html`<li><a href="${safeUrl(u)}" rel="noopener noreferrer">Certificate document</a> <span class="key">${u}</span></li>`)}</ul>`}
</section>`;
}

/** The consumer page of one object: server-rendered, no script, every value escaped. */
export function consumerPage(view: ConsumerView, links: PageLinks): string {
  const o = view.origin;
  const body = html`${alertBanner(view)}
<section aria-labelledby="product-title">
<h1 id="product-title">${view.title}</h1>
${view.manufacturer === undefined ? undefined : html`<p class="maker">Made by <strong>${view.manufacturer}</strong></p>`}
<p class="key">${view.keyLabel}</p>
${view.imageUrl === undefined ? undefined : html`<img class="product-image" src="${safeUrl(view.imageUrl)}" alt="Photo of ${view.title}" width="640" height="480">`}
${view.facts.length === 0 ? undefined : html`<dl>${view.facts.map((f) => html`<dt>${f.label}</dt><dd>${f.value}</dd>`)}</dl>`}
</section>
${ledgerLine(view)}
<section aria-labelledby="origin-title"><h2 id="origin-title">Origin and dates</h2>
${o.made === undefined && o.lot === undefined && o.expiry === undefined ? html`<p>No origin has been recorded yet.</p>` : html`<dl>${row('Made', o.made)}${row('Where', o.place)}${row('Lot', o.lot)}${row('Use by', o.expiry)}</dl>`}
</section>
<section aria-labelledby="journey-title"><h2 id="journey-title">Journey</h2>
${view.timeline.length === 0 ? html`<p>No steps recorded yet.</p>` : html`<ol class="timeline">${view.timeline.map((s) => html`<li><p class="step-title">${s.title}</p><p class="step-when"><time datetime="${s.time}">${s.when}</time></p>${s.detail === undefined ? undefined : html`<p class="step-detail">${s.detail}</p>`}${badge(s)}</li>`)}</ol>`}
</section>
${certificatesSection(view)}
${coldChainSection(view)}
<section class="qr" aria-labelledby="qr-title"><h2 id="qr-title">This page's code</h2>
<img src="${links.qrPath}" alt="QR code that opens this page (${links.hostLink})" width="192" height="192">
<p>${links.hostLink}</p>
</section>`;
  return layout(`${view.title}: product passport`, body);
}

/** The page for a code that cannot be read: what is wrong, in words a person can act on. */
export function badCodePage(path: string, problems: readonly string[]): string {
  return layout(
    'This code could not be read',
    html`<section aria-labelledby="bad-title"><h1 id="bad-title">This code could not be read</h1>
<p>The link <code>${path}</code> is not a valid GS1 product code:</p>
<ul>${problems.map((p) => html`<li>${p}</li>`)}</ul>
<p>If you typed it, please check it against the printed code. If you scanned it, the label may be damaged or misprinted: tell the seller or manufacturer.</p>
</section>`,
  );
}

export function notFoundPage(label: string): string {
  return layout(
    'Product not found',
    html`<section aria-labelledby="nf-title"><h1 id="nf-title">We do not know this product yet</h1>
<p>The code is valid (${label}), but no manufacturer has registered it or recorded any step for it here.</p>
<p>Check the code on the pack, or ask the seller.</p>
</section>`,
  );
}
