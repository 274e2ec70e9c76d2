import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDS, MSP, RECALL_REASON } from '../testing/provenance.fixtures.js';
import { openAuthedGateway, type AuthedGateway } from '../testing/authed-gateway-harness.js';

// Real headless Chromium (Debian's; gateway/scripts/ensure-chromium.sh installs it) against the gateway
// with its auth guard, listening on a loopback port, over real PGlite and the embedded ledger. Script
// is off in the browser as it is in the CSP: the view must work without it. Keeps a phone-size and a
// desktop screenshot under test-artifacts/.
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--no-first-run',
  '--disable-sync',
];
const ARTIFACTS = join(process.cwd(), 'test-artifacts');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

let h: AuthedGateway;
let browser: Browser;
let origin: string;
let regulator: string;

beforeAll(async () => {
  h = await openAuthedGateway();
  await h.app.listen(0, '127.0.0.1');
  origin = await h.app.getUrl();
  regulator = await h.token('regulator', MSP.regulator);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  await mkdir(ARTIFACTS, { recursive: true });
}, 300_000);

afterAll(async () => {
  await browser.close();
  await h.close();
});

interface Opened {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly errors: string[];
}

async function newPage(viewport: { width: number; height: number }, headers: Record<string, string> = {}): Promise<Opened> {
  const context = await browser.newContext({
    viewport,
    javaScriptEnabled: false,
    locale: 'en-GB',
    acceptDownloads: true,
    extraHTTPHeaders: headers,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return { context, page, errors };
}

async function visibleText(page: Page): Promise<string> {
  return (await page.locator('body').innerText()).replace(/\s+/g, ' ');
}

/** Signs in through the form, as a person would: paste the token, press the button. */
async function signIn(page: Page, token: string): Promise<void> {
  await page.getByLabel('Access token').fill(token);
  // The click waits for the navigation it starts; then the page (after the 303) must have loaded.
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
}

describe('the regulator view in Chromium', () => {
  it('refuses a browser without a token with a 401 sign-in page, and shows nothing of the records', async () => {
    const { page, context } = await newPage(PHONE);
    const response = await page.goto(`${origin}/regulator/lookup?id=${encodeURIComponent(IDS.heat)}`, { waitUntil: 'load' });
    expect(response?.status()).toBe(401);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Sign in to the regulator view');
    const text = await visibleText(page);
    expect(text).not.toContain(MSP.steel);
    expect(text).not.toContain('Genealogy');
    await context.close();
  });

  it('refuses a supplier token with a 403 page', async () => {
    const supplier = await h.token('supplier', MSP.steel);
    const { page, context } = await newPage(PHONE, { authorization: `Bearer ${supplier}` });
    const response = await page.goto(`${origin}/regulator`, { waitUntil: 'load' });
    expect(response?.status()).toBe(403);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Regulators only');
    await context.close();
  });

  it('refuses to sign in with a supplier token from the form', async () => {
    const { page, context } = await newPage(PHONE);
    await page.goto(`${origin}/regulator`, { waitUntil: 'load' });
    await signIn(page, await h.token('supplier', MSP.pharma));
    expect(await visibleText(page)).toContain('these pages are for regulators only');
    expect((await context.cookies()).length).toBe(0);
    await context.close();
  });

  it('signs in from the form, looks up a steel heat, and shows its history, genealogy and recall impact (phone)', async () => {
    const { page, context, errors } = await newPage(PHONE);
    await page.goto(`${origin}/regulator/lookup?id=${encodeURIComponent(IDS.heat)}`, { waitUntil: 'load' });
    await signIn(page, regulator);
    // The 401 of the page before signing in is logged as a failed load: only what follows counts.
    errors.length = 0;
    expect(page.url()).toBe(`${origin}/regulator/lookup?id=${encodeURIComponent(IDS.heat)}`);
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/regulator' });
    const text = await visibleText(page);
    expect(text).toContain('Signed in as regulator-RegulatorMSP');
    expect(text).toContain(IDS.heat);
    expect(text).toMatch(/History \(2 events\)/);
    expect(text).toContain('TransformationEvent');
    expect(text).toContain(MSP.steel);
    expect(text).toContain('verified');
    // The genealogy: an SVG drawn on the server with the heat and the coil rolled from it, each a link.
    const graph = page.getByRole('img', { name: /Genealogy of GTIN 00614141770014 · lot H26-40718/ });
    expect(await graph.isVisible()).toBe(true);
    expect(await page.locator(`svg.genealogy a[data-id="${IDS.coil}"]`).count()).toBe(1);
    expect(await page.locator('svg.genealogy path.edge-transformation').count()).toBeGreaterThanOrEqual(1);
    // The recall impact table lists the coil with its custodian.
    const impact = page.locator('table.impact');
    expect(await impact.innerText()).toContain('serial C2640718-01');
    expect(await impact.innerText()).toContain(MSP.steel);
    // The stylesheet loaded under the CSP: the header is the dark slate of the stylesheet.
    expect(await page.evaluate<string>(`getComputedStyle(document.querySelector('header.site')).backgroundColor`)).toBe('rgb(43, 45, 66)');
    expect(await page.locator('script').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'regulator-page-phone.png'), fullPage: true });
    await context.close();
  });

  it('follows a node of the genealogy to its own page and downloads the recall impact as CSV (desktop)', async () => {
    // Signed in by the cookie, as a person is: the download is the browser's own request, without extra headers.
    const { page, context, errors } = await newPage(DESKTOP);
    await page.goto(`${origin}/regulator`, { waitUntil: 'load' });
    await signIn(page, regulator);
    errors.length = 0;
    await page.getByLabel('EPC URN, GS1 Digital Link, or GTIN and lot').fill('00614141770014 H26-40718');
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.waitForURL(/\/regulator\/lookup\?id=/);
    expect(await page.getByRole('heading', { level: 2, name: /H26-40718/ }).count()).toBeGreaterThan(0);
    const download = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as CSV' }).click()]).then(
      ([d]) => d,
    );
    expect(download.suggestedFilename()).toBe('recall-impact-01_00614141770014_10_H26-40718.csv');
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('object_id,kind,gtin,lot,serial,depth,status,custodian_msp,location');
    expect(csv).toContain(`${IDS.coil},sgtin,`);
    await page.screenshot({ path: join(ARTIFACTS, 'regulator-page-desktop.png'), fullPage: true });
    await page.locator(`svg.genealogy a[data-id="${IDS.coil}"]`).click();
    await page.waitForURL(`${origin}/regulator/lookup?id=${encodeURIComponent(IDS.coil)}`);
    expect(await visibleText(page)).toContain(IDS.coil);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a recalled lot with its status and the hold reason', async () => {
    const { page, context } = await newPage(DESKTOP, { authorization: `Bearer ${regulator}` });
    await page.goto(`${origin}/regulator/lookup?id=${encodeURIComponent(IDS.recalledLot)}`, { waitUntil: 'load' });
    const text = await visibleText(page);
    expect(text).toContain('Status recalled');
    expect(text).toContain(RECALL_REASON);
    await context.close();
  });
});
