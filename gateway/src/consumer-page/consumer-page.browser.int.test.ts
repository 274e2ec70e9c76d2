import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMERCIAL_TEXT, IDS, PUBLIC_NAMES, RECALL_REASON, pathOf } from '../testing/provenance.fixtures.js';
import { openGatewayHarness, type GatewayHarness } from '../testing/gateway-harness.js';

// Real headless Chromium (Debian's, installed by gateway/scripts/ensure-chromium.sh) against the
// gateway listening on a loopback port, over real PGlite and the embedded ledger. Asserts what a person
// sees and keeps a phone-size screenshot of each story under test-artifacts/.
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

let h: GatewayHarness;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  h = await openGatewayHarness('https://trace.example.com');
  await h.app.listen(0, '127.0.0.1');
  origin = await h.app.getUrl();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  await mkdir(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser.close();
  await h.close();
});

/** Opens a resolver path as a phone would (390×844), collecting console errors (CSP violations show there). */
async function open(path: string): Promise<{ page: Page; errors: string[]; status: number | undefined }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false, locale: 'en-GB' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  const response = await page.goto(`${origin}${path}`, { waitUntil: 'load' });
  return { page, errors, status: response?.status() };
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `consumer-page-${name}.png`), fullPage: true });
}

async function visibleText(page: Page): Promise<string> {
  // Layout puts blank lines between blocks; a person reads the words.
  return (await page.locator('body').innerText()).replace(/\s+/g, ' ');
}

describe('the consumer page in Chromium', () => {
  it('shows a pharma pack: name, maker, origin, journey, cold chain, verified line and its own QR code', async () => {
    const { page, errors, status } = await open(pathOf(IDS.pack));
    expect(status).toBe(200);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Cardiostat 10 mg tablets');
    const text = await visibleText(page);
    expect(text).toContain('Made by Cardiomed AG');
    expect(text).toContain('LT2603A');
    expect(text).toContain('29 February 2028');
    expect(text).toContain(`Made 2 March 2026, 08:15 (UTC+01:00) At ${PUBLIC_NAMES.pharmaPlant}`);
    expect(text).toContain('Packed into shipping case 095201230000047115');
    expect(text).toContain(`Shipped from ${PUBLIC_NAMES.pharmaPlant} to ${PUBLIC_NAMES.distributionCentre}`);
    expect(text).toContain('Received');
    expect(text).toContain('Kept within its storage limits (2 °C to 8 °C).');
    expect(await page.getByRole('heading', { name: 'Verified on the ledger' }).isVisible()).toBe(true);
    expect(text).toMatch(/Latest transaction [0-9a-f]{64} in block \d+/);
    expect(await page.getByRole('alert').count()).toBe(0);
    const qr = page.getByRole('img', { name: /QR code that opens this page/ });
    // Structural parameter types: the project compiles without the DOM lib.
    expect(await qr.evaluate((img: { naturalWidth: number }) => img.naturalWidth)).toBeGreaterThan(0);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('main').count()).toBe(1);
    expect(await page.locator('img:not([alt])').count()).toBe(0);
    // The stylesheet loaded under the CSP (no inline style, no script): the header is dark blue.
    expect(await page.evaluate<string>(`getComputedStyle(document.querySelector('header.site')).backgroundColor`)).toBe('rgb(20, 50, 79)');
    expect(errors).toEqual([]);
    for (const commercial of COMMERCIAL_TEXT) expect(text).not.toContain(commercial);
    await screenshot(page, 'pharma-pack');
  });

  it('shows a steel coil with its EN 10204 3.1 certificate values and where it was made from', async () => {
    const { page, errors } = await open(pathOf(IDS.coil));
    const text = await visibleText(page);
    expect(text).toContain('Hot-rolled steel coil S355J2');
    expect(text).toContain('EN 10204 3.1 inspection certificate no. 31-H26-40718');
    expect(text).toContain('Yield strength (MPa) 389');
    expect(text).toContain('Tensile strength (MPa) 532');
    expect(text).toContain('C 0.17');
    expect(text).toContain(`Made 20 April 2026, 14:25 (UTC+02:00) From lot H26-40718, hot rolling, at ${PUBLIC_NAMES.mill}`);
    expect(text).toContain(`Shipped from ${PUBLIC_NAMES.mill}`);
    expect(text).toContain('No temperature readings.');
    expect(text).not.toContain('4800');
    expect(text).not.toContain('25640');
    expect(text).not.toContain('MO-26-5521');
    expect(errors).toEqual([]);
    await screenshot(page, 'steel-coil');
  });

  it('puts a recall banner first on a recalled lot', async () => {
    const { page } = await open(pathOf(IDS.recalledLot));
    const banner = page.getByRole('alert');
    expect(await banner.isVisible()).toBe(true);
    const bannerText = await banner.innerText();
    expect(bannerText).toContain('Recalled: do not use this product');
    expect(bannerText).toContain(RECALL_REASON);
    // The banner comes before the product heading in reading order.
    const order = await page.evaluate<boolean>(`(() => {
        const alert = document.querySelector('[role="alert"]');
        const h1 = document.querySelector('h1');
        return alert !== null && h1 !== null && (alert.compareDocumentPosition(h1) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
      })()`);
    expect(order).toBe(true);
    expect(await page.getByRole('heading', { name: 'Verified on the ledger' }).isVisible()).toBe(true);
    await screenshot(page, 'recalled-lot');
  });

  it('explains a mistyped code in words', async () => {
    const { page, status } = await open('/01/09520123456781/21/PX7K2M4Q9A');
    expect(status).toBe(400);
    const text = await visibleText(page);
    expect(text).toContain('This code could not be read');
    expect(text).toContain('it should be 8');
    await screenshot(page, 'bad-check-digit');
  });
});
