import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRouteAccess } from '@lotledger/auth';
import { fixtureAlert, fixtureBatch, fixtureEvent } from '@lotledger/store/testing';
import { IDS, MSP, RECALL_REASON } from '../testing/provenance.fixtures.js';
import { openAuthedGateway, type AuthedGateway } from '../testing/authed-gateway-harness.js';
import { REGULATOR_COOKIE } from './regulator-session.js';

// The regulator view through Fastify's inject over the real PGlite read model and embedded ledger,
// with the auth guard installed as `lotledger start` installs it. The browser suite covers what a person sees.
let h: AuthedGateway;
let regulator: string;
let supplier: string;

const get = (url: string, headers: Record<string, string> = {}) =>
  h.app.getHttpAdapter().getInstance().inject({ method: 'GET', url, headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const lookup = (id: string) => `/regulator/lookup?id=${encodeURIComponent(id)}`;

beforeAll(async () => {
  h = await openAuthedGateway();
  regulator = await h.token('regulator', MSP.regulator);
  supplier = await h.token('supplier', MSP.pharma);
}, 300_000);
afterAll(async () => {
  await h.close();
});

describe('access to the regulator view', () => {
  it('refuses a browser without a token with a 401 sign-in page and a bearer challenge', async () => {
    for (const url of ['/regulator', lookup(IDS.heat), `/regulator/recall-impact.csv?id=${encodeURIComponent(IDS.heat)}`]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(401);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['www-authenticate']).toBe('Bearer realm="lotledger"');
      expect(res.body).toContain('Sign in to the regulator view');
      expect(res.body).not.toContain(MSP.steel);
      expect(res.body).not.toContain('MO-26-5521');
    }
  });

  it('refuses a supplier token with a 403 page and shows it nothing', async () => {
    const res = await get(lookup(IDS.heat), bearer(supplier));
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Regulators only');
    expect(res.body).not.toContain(MSP.steel);
  });

  it('refuses a forged token and an admin token', async () => {
    expect((await get('/regulator', { authorization: 'Bearer abc.def.ghi' })).statusCode).toBe(401);
    expect((await get('/regulator', bearer(await h.token('admin')))).statusCode).toBe(403);
  });

  it('serves its pages with a CSP that allows no script and forms only to itself, uncached', async () => {
    const res = await get('/regulator', bearer(regulator));
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(csp).toContain("form-action 'self'");
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.body).not.toContain('<script');
  });

  it('signs a browser in from the form: an HttpOnly, SameSite=Strict cookie for /regulator that then opens the pages', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/regulator/session',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:80', host: 'localhost:80' },
      payload: `token=${encodeURIComponent(regulator)}&next=${encodeURIComponent(lookup(IDS.heat))}`,
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers['location']).toBe(lookup(IDS.heat));
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^${REGULATOR_COOKIE}=[A-Za-z0-9._-]+; Path=/regulator; Max-Age=\\d+; HttpOnly; SameSite=Strict`));
    const page = await get(lookup(IDS.heat), { cookie: cookie.split(';')[0] ?? '' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sign out');
  });

  it('refuses to sign in a supplier token, a bad token, or a form posted from another site', async () => {
    const post = (payload: string, headers: Record<string, string> = {}) =>
      h.app.inject({
        method: 'POST',
        url: '/regulator/session',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload,
      });
    const asSupplier = await post(`token=${encodeURIComponent(supplier)}`);
    expect(asSupplier.statusCode).toBe(403);
    expect(asSupplier.headers['set-cookie']).toBeUndefined();
    const bad = await post('token=not-a-token');
    expect(bad.statusCode).toBe(401);
    expect(bad.headers['set-cookie']).toBeUndefined();
    const foreign: readonly Record<string, string>[] = [
      { origin: 'https://evil.example', host: 'trace.example.com' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of foreign) {
      const crossSite = await post(`token=${encodeURIComponent(regulator)}`, headers);
      expect(crossSite.statusCode).toBe(403);
      expect(crossSite.headers['set-cookie']).toBeUndefined();
    }
    // A page that sends no referrer makes the browser write Origin: null; Sec-Fetch-Site still says same-origin.
    const own = await post(`token=${encodeURIComponent(regulator)}`, { origin: 'null', 'sec-fetch-site': 'same-origin' });
    expect(own.statusCode).toBe(303);
  });

  it('never redirects a sign-in elsewhere than the regulator view', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/regulator/session',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `token=${encodeURIComponent(regulator)}&next=${encodeURIComponent('//evil.example/regulator')}`,
    });
    expect(res.headers['location']).toBe('/regulator');
  });

  it('clears a cookie whose token has expired and asks to sign in again', async () => {
    const expired = await h.expiredToken('regulator', MSP.regulator);
    const res = await get('/regulator', { cookie: `${REGULATOR_COOKIE}=${expired}` });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('Your sign-in has expired');
    expect(String(res.headers['set-cookie'])).toContain(`${REGULATOR_COOKIE}=; Path=/regulator; Max-Age=0`);
  });

  it('signs out by clearing the cookie', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/regulator/session/end' });
    expect(res.statusCode).toBe(303);
    expect(String(res.headers['set-cookie'])).toContain('Max-Age=0');
  });
});

describe('looking up a key', () => {
  it('shows the full history of a lot with submitters and commercial fields a consumer never sees', async () => {
    const res = await get(lookup(IDS.heat), bearer(regulator));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('SteelMSP');
    // The transformation's production order and the price in its ilmd: commercial, shown to a regulator.
    expect(res.body).toContain('MO-26-5521');
    expect(res.body).toContain('orderPricePerTonne');
  });

  it('finds the same lot by EPC URN, by Digital Link, and by GTIN and lot typed together or in two fields', async () => {
    const pages = await Promise.all([
      get(lookup('urn:epc:class:lgtin:0614141.077001.H26-40718'), bearer(regulator)),
      get(lookup(IDS.heat), bearer(regulator)),
      get(lookup('00614141770014 H26-40718'), bearer(regulator)),
      get('/regulator/lookup?gtin=00614141770014&lot=H26-40718', bearer(regulator)),
    ]);
    for (const p of pages) {
      expect(p.statusCode, p.body.slice(0, 300)).toBe(200);
      expect(p.body).toContain(`<code>${IDS.heat}</code>`);
    }
  });

  it('draws the genealogy as inline SVG: the heat, and the coil rolled from it downstream', async () => {
    const res = await get(lookup(IDS.heat), bearer(regulator));
    const svg = /<svg class="genealogy"[\s\S]*?<\/svg>/.exec(res.body)?.[0] ?? '';
    expect(svg).toContain(`data-id="${IDS.heat}"`);
    expect(svg).toContain(`data-id="${IDS.coil}"`);
    expect(svg).toContain('class="edge edge-transformation"');
    expect(svg).toContain(`href="/regulator/lookup?id=${encodeURIComponent(IDS.coil)}"`);
  });

  it('lists the recall impact with custodians, and links the CSV', async () => {
    const res = await get(lookup(IDS.heat), bearer(regulator));
    const impact = res.body.slice(res.body.indexOf('id="impact-title"'));
    expect(impact).toContain('serial C2640718-01');
    expect(impact).toContain(MSP.steel);
    expect(impact).toContain(`/regulator/recall-impact.csv?id=${encodeURIComponent(IDS.heat)}`);
  });

  it('shows a recalled lot with its hold', async () => {
    const res = await get(lookup(IDS.recalledLot), bearer(regulator));
    expect(res.body).toContain('recalled');
    expect(res.body).toContain(RECALL_REASON);
  });

  it('explains a mistyped key with 400 and an unknown one with 404', async () => {
    const bad = await get(lookup('09520123456781 LT1'), bearer(regulator));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('This key could not be read');
    expect(bad.body).toContain('check digit');
    const unknown = await get(lookup('urn:epc:id:sgtin:4000001.000001.NOBODY'), bearer(regulator));
    expect(unknown.statusCode).toBe(404);
  });
});

describe('the alerts inbox on the regulator home', () => {
  it("lists every organisation's alerts newest first, each linked to the lookup of its object", async () => {
    const empty = await get('/regulator', bearer(regulator));
    expect(empty.body).toContain('<h2 id="alerts-title">Alerts</h2>');
    expect(empty.body).toContain('No alert has been raised');
    const events = ['rp-alert-old', 'rp-alert-new'].map((label) => fixtureEvent({ label, bizStep: 'sensor_reporting' }));
    for (const [i, event] of events.entries()) {
      const batch = fixtureBatch(`rp-alerts-${String(i)}`, [event]);
      await h.store.applyAnchoredBatch({
        ...batch,
        batch: { ...batch.batch, anchoredAt: `2026-03-0${String(i + 2)}T00:00:00.000Z` },
        alerts: [
          i === 0
            ? fixtureAlert('rp-alert-old', {
                objectId: IDS.pack,
                ownerMsp: MSP.pharma,
                message: 'kept at up to 11.5 °C, above the storage maximum of 8 °C',
              })
            : fixtureAlert('rp-alert-new', {
                objectId: IDS.coil,
                ownerMsp: MSP.steel,
                industry: 'steel',
                code: 'CERTIFICATE_OUT_OF_SPEC',
                field: 'steel:C',
                message: "C 0.26 % is outside S355J2's at most 0.2 %",
                observed: 0.26,
                limitMin: null,
                limitMax: 0.2,
                unit: '%',
              }),
        ],
      });
    }
    const res = await get('/regulator', bearer(regulator));
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<script');
    const steel = res.body.indexOf('C 0.26 % is outside S355J2');
    const pharma = res.body.indexOf('kept at up to 11.5 °C, above the storage maximum of 8 °C');
    expect(steel).toBeGreaterThan(0);
    expect(pharma).toBeGreaterThan(steel);
    expect(res.body).toContain(`href="${lookup(IDS.coil)}"`);
    expect(res.body).toContain(`href="${lookup(IDS.pack)}"`);
    expect(res.body).toContain(MSP.steel);
    expect(res.body).toContain('limit ≤ 0.2 %');
    expect((await get('/regulator?alerts=not-a-cursor', bearer(regulator))).statusCode).toBe(400);
  });

  it('shows the alerts to no supplier', async () => {
    const res = await get('/regulator', bearer(supplier));
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('storage maximum');
  });
});

describe('the recall impact CSV', () => {
  it('downloads every downstream object as RFC 4180 CSV with a header row', async () => {
    const res = await get(`/regulator/recall-impact.csv?id=${encodeURIComponent(IDS.heat)}`, bearer(regulator));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="recall-impact-01_00614141770014_10_H26-40718\.csv"$/);
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe('object_id,kind,gtin,lot,serial,depth,status,custodian_msp,location');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(1, -1).some((l) => l.startsWith(`${IDS.coil},sgtin,`) && l.includes(MSP.steel))).toBe(true);
    const impact = await h.store.recallImpact(IDS.heat);
    expect(lines.length - 2).toBe(impact.affected.length);
  });
});

describe('route declarations', () => {
  it('guards every route of the gateway (with the auth module) or marks it public; the regulator pages need the regulator role', () => {
    const routes = auditRouteAccess(h.app);
    const open = routes.filter((r) => !r.guarded || r.access === 'undeclared');
    expect(open, JSON.stringify(open)).toEqual([]);
    const regulatorRoutes = routes.filter((r) => r.path.startsWith('/regulator')).map((r) => `${r.method} ${r.path} ${r.access}`);
    expect(regulatorRoutes.sort()).toEqual([
      'GET /regulator roles:regulator',
      'GET /regulator/assets/regulator.css public',
      'GET /regulator/lookup roles:regulator',
      'GET /regulator/recall-impact.csv roles:regulator',
      'POST /regulator/session public',
      'POST /regulator/session/end public',
    ]);
  });
});
