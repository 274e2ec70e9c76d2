import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import { gs1CheckDigit } from '@lotledger/domain';
import { COMMERCIAL_TEXT, IDS, PUBLIC_NAMES, RECALL_REASON, pathOf } from './testing/provenance.fixtures.js';
import { openGatewayHarness, type GatewayHarness } from './testing/gateway-harness.js';

// Real PGlite read model + real embedded ledger in a temp dir, seeded through their ports; requests
// through Fastify's inject (no socket). The browser suite covers what a person sees.
let h: GatewayHarness;
const get = (url: string, headers: Record<string, string> = {}) =>
  h.app.getHttpAdapter().getInstance().inject({ method: 'GET', url, headers });

beforeAll(async () => {
  h = await openGatewayHarness();
});
afterAll(async () => {
  await h.close();
});

const PACK = pathOf(IDS.pack);
const COIL = pathOf(IDS.coil);
const LOT = pathOf(IDS.recalledLot);

describe('GS1 Digital Link resolver', () => {
  it('gives a browser the consumer page, with security headers and a Link header', async () => {
    const res = await get(PACK, { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('Cardiostat 10 mg tablets');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).not.toContain('script-src');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(String(res.headers['link'])).toContain('rel="https://gs1.org/voc/pip"');
  });

  it('sends the page compressed to a browser that accepts it, the same page once unpacked', async () => {
    const plain = await get(PACK, { accept: 'text/html' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(String(plain.headers['vary'])).toContain('Accept-Encoding');
    const br = await get(PACK, { accept: 'text/html', 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(plain.body);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    const gzip = await get(PACK, { accept: 'text/html', 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString('utf8')).toBe(plain.body);
    // A coding refused with q=0 is never sent.
    const refused = await get(PACK, { accept: 'text/html', 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body).toBe(plain.body);
  });

  it("gives an API client the object's anchored events, public fields only, as an EPCIS query document", async () => {
    const res = await get(PACK, { accept: 'application/ld+json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/ld+json');
    const doc = res.json<{
      '@context': unknown[];
      type: string;
      epcisBody: { queryResults: { resultsBody: { eventList: { bizStep: string }[] } } };
    }>();
    expect(doc.type).toBe('EPCISQueryDocument');
    expect(doc['@context']).toContain('https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld');
    expect(doc.epcisBody.queryResults.resultsBody.eventList.map((e) => e.bizStep)).toEqual([
      'commissioning',
      'packing',
      'shipping',
      'sensor_reporting',
      'receiving',
    ]);
    for (const text of COMMERCIAL_TEXT) expect(res.body).not.toContain(text);
    expect(String(res.headers['link'])).toContain('rel="linkset"');
  });

  it('answers ?linkType=gs1:traceability with the events even for a browser', async () => {
    const res = await get(`${PACK}?linkType=gs1:traceability`, { accept: 'text/html' });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ type: string }>().type).toBe('EPCISQueryDocument');
  });

  it('returns an RFC 9264 linkset with the GS1 link types for ?linkType=linkset and for Accept: application/linkset+json', async () => {
    for (const res of [await get(`${COIL}?linkType=linkset`), await get(COIL, { accept: 'application/linkset+json' })]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('application/linkset+json');
      const body = res.json<{ linkset: Record<string, unknown>[] }>();
      expect(body.linkset).toHaveLength(1);
      const ctx = body.linkset[0] ?? {};
      expect(ctx['anchor']).toBe(`https://trace.example.com${COIL}`);
      expect(ctx['itemDescription']).toBe('Hot-rolled steel coil S355J2');
      for (const rel of ['pip', 'traceability', 'certificationInfo', 'verificationService', 'defaultLink']) {
        const targets = ctx[`https://gs1.org/voc/${rel}`] as { href: string; title: string; type: string }[];
        expect(targets.length, rel).toBeGreaterThan(0);
        for (const t of targets) expect(Object.keys(t)).toEqual(expect.arrayContaining(['href', 'title', 'type']));
      }
      expect((ctx['https://gs1.org/voc/certificationInfo'] as { href: string }[])[0]?.href).toBe(
        'https://certs.mill.lotledger.example/en10204/3.1/H26-40718',
      );
      expect(String(res.headers['link'])).toContain('rel="http://www.w3.org/ns/json-ld#context"');
    }
  });

  it('lists every link of the linkset in the Link header, plus owl:sameAs to the canonical id.gs1.org URI', async () => {
    const link = String((await get(COIL, { accept: 'text/html' })).headers['link']);
    for (const rel of ['pip', 'traceability', 'certificationInfo', 'verificationService'])
      expect(link).toContain(`rel="https://gs1.org/voc/${rel}"`);
    expect(link).toContain(`<${IDS.coil}>; rel="owl:sameAs"`);
  });

  it('rejects a GTIN with a wrong check digit with 400 and an explanation a person understands', async () => {
    const gtin = '0952012345678';
    const wrong = `${gtin}${String((gs1CheckDigit(gtin) + 1) % 10)}`;
    const html = await get(`/01/${wrong}/21/X1`, { accept: 'text/html' });
    expect(html.statusCode).toBe(400);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('This code could not be read');
    expect(html.body).toContain(`check digit and it does not match the other digits (it should be ${String(gs1CheckDigit(gtin))})`);
    expect(html.headers['link']).toBeDefined();
    const api = await get(`/01/${wrong}/21/X1`, { accept: 'application/json' });
    expect(api.statusCode).toBe(400);
    expect(api.headers['content-type']).toContain('application/problem+json');
    const problem = api.json<{ code: string; detail: string; errors: { code: string }[] }>();
    expect(problem.code).toBe('INVALID_DIGITAL_LINK');
    expect(problem.detail).toContain('mistyped or misprinted');
    expect(problem.errors[0]?.code).toBe('GS1_CHECK_DIGIT');
  });

  it('answers 404 with a page for a valid key nobody registered', async () => {
    const res = await get('/01/04000001000005', { accept: 'text/html' });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('We do not know this product yet');
    expect(res.headers['link']).toContain('owl:sameAs');
  });

  it('resolves an SSCC and a GLN too', async () => {
    expect((await get(pathOf(IDS.case), { accept: 'application/json' })).statusCode).toBe(200);
    const gln = await get('/414/4012345000122', { accept: 'text/html' });
    expect(gln.statusCode).toBe(200);
    expect(gln.body).toContain(PUBLIC_NAMES.distributionCentre);
  });

  it('verifies every step against the ledger for ?linkType=gs1:verificationService', async () => {
    const res = await get(`${PACK}?linkType=gs1:verificationService`);
    const report = res.json<{ events: { verified: boolean; txId: string; blockNumber: number }[] }>();
    expect(report.events).toHaveLength(5);
    expect(report.events.every((e) => e.verified && /^[0-9a-f]{64}$/.test(e.txId) && e.blockNumber >= 0)).toBe(true);
  });

  it('redirects ?linkType=gs1:certificationInfo to the certificate', async () => {
    const res = await get(`${COIL}?linkType=gs1:certificationInfo`);
    expect(res.statusCode).toBe(307);
    expect(res.headers['location']).toBe('https://certs.mill.lotledger.example/en10204/3.1/H26-40718');
  });

  it('answers HEAD with the same status and Link header as GET', async () => {
    const res = await h.app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'HEAD', url: PACK, headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expect(String(res.headers['link'])).toContain('rel="https://gs1.org/voc/traceability"');
  });

  it('answers a CORS preflight', async () => {
    const res = await h.app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'OPTIONS', url: PACK, headers: { origin: 'https://shop.example', 'access-control-request-method': 'GET' } });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-expose-headers']).toContain('Link');
  });

  it('shows the recall of a lot in its JSON and its page', async () => {
    const page = await get(LOT, { accept: 'text/html' });
    expect(page.body).toContain('Recalled: do not use this product');
    expect(page.body).toContain(RECALL_REASON);
  });

  it('serves the resolver description file', async () => {
    const res = await get('/.well-known/gs1resolver');
    const body = res.json<Record<string, unknown>>();
    expect(body['resolverRoot']).toBe('https://trace.example.com');
    expect(body['supportedPrimaryKeys']).toEqual(expect.arrayContaining(['01', '00', '414']));
    expect(body['supportedLinkType']).toEqual([{ namespace: 'https://gs1.org/voc/', prefix: 'gs1:' }]);
  });
});

describe('EPCIS 2.0 REST query', () => {
  type QueryDoc = {
    type: string;
    epcisBody: { queryResults: { resultsBody: { eventList: { eventID: string; type: string; bizStep?: string }[] } } };
  };
  const events = (body: QueryDoc) => body.epcisBody.queryResults.resultsBody.eventList;

  it('filters by event type, business step and time', async () => {
    const res = await get('/epcis/events?eventType=TransformationEvent');
    expect(res.statusCode).toBe(200);
    expect(res.headers['gs1-epcis-version']).toBe('2.0');
    expect(events(res.json<QueryDoc>()).map((e) => e.type)).toEqual(['TransformationEvent']);
    const shipping = events((await get('/epcis/events?EQ_bizStep=https://ref.gs1.org/cbv/BizStep-shipping')).json<QueryDoc>());
    expect(shipping.map((e) => e.bizStep)).toEqual(['shipping', 'shipping']);
    const march = events((await get('/epcis/events?GE_eventTime=2026-03-01T00:00:00Z&LT_eventTime=2026-04-01T00:00:00Z')).json<QueryDoc>());
    expect(march).toHaveLength(5);
  });

  it('matches EPCs in URN or Digital Link form, and several values separated by |', async () => {
    const urn = events(
      (await get(`/epcis/events?MATCH_epc=${encodeURIComponent('urn:epc:id:sgtin:9520123.045678.PX7K2M4Q9A')}`)).json<QueryDoc>(),
    );
    const dl = events((await get(`/epcis/events?MATCH_epc=${encodeURIComponent(IDS.pack)}`)).json<QueryDoc>());
    expect(urn.map((e) => e.eventID)).toEqual(dl.map((e) => e.eventID));
    expect(urn.map((e) => e.type)).toEqual(['ObjectEvent', 'AggregationEvent']);
    const both = events(
      (await get(`/epcis/events?MATCH_parentID=${encodeURIComponent(IDS.case)}|${encodeURIComponent(IDS.pack)}`)).json<QueryDoc>(),
    );
    expect(both.map((e) => e.type)).toEqual(['AggregationEvent']);
  });

  it('pages with perPage and a Link rel="next" whose nextPageToken fetches the rest', async () => {
    const all = events((await get('/epcis/events?perPage=100')).json<QueryDoc>()).map((e) => e.eventID);
    const seen: string[] = [];
    let url: string | undefined = '/epcis/events?perPage=3';
    let pages = 0;
    while (url !== undefined) {
      const res = await get(url);
      seen.push(...events(res.json<QueryDoc>()).map((e) => e.eventID));
      pages += 1;
      const next = /<([^>]+)>; rel="next"/.exec(String(res.headers['link'] ?? ''))?.[1];
      url = next?.replace('https://trace.example.com', '');
    }
    expect(all.length).toBeGreaterThan(3);
    expect(pages).toBe(Math.ceil(all.length / 3));
    expect(seen).toEqual(all);
  });

  it('rejects an unknown parameter or a bad value with 400 naming the parameter and what was expected', async () => {
    const unknown = await get('/epcis/events?EQ_colour=red');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(unknown.json<{ errors: { parameter: string }[] }>().errors[0]?.parameter).toBe('EQ_colour');
    const badTime = await get('/epcis/events?GE_eventTime=yesterday');
    expect(badTime.json<{ errors: { parameter: string; expected: string }[] }>().errors[0]).toMatchObject({
      parameter: 'GE_eventTime',
      expected: expect.stringContaining('ISO 8601') as string,
    });
    expect((await get('/epcis/events?perPage=0')).statusCode).toBe(400);
    expect((await get('/epcis/events?eventType=ShippingEvent')).statusCode).toBe(400);
    expect((await get('/epcis/events?nextPageToken=not-a-token')).json<{ errors: { parameter: string }[] }>().errors[0]?.parameter).toBe(
      'nextPageToken',
    );
  });

  it('answers 501 naming a standard parameter the repository does not support yet', async () => {
    const res = await get('/epcis/events?EQ_persistentDisposition_unset=completeness_verified&EQ_transformationID=x');
    expect(res.statusCode).toBe(501);
    expect(
      res
        .json<{ errors: { parameter: string }[] }>()
        .errors.map((e) => e.parameter)
        .sort(),
    ).toEqual(['EQ_persistentDisposition_unset', 'EQ_transformationID']);
  });

  it('returns one event by its URL-encoded hash ID, public fields only', async () => {
    const hashId = h.seeded.batches[0]?.hashIds[2] ?? '';
    const res = await get(`/epcis/events/${encodeURIComponent(hashId)}`);
    expect(res.statusCode).toBe(200);
    const event = res.json<Record<string, unknown>>();
    expect(event['bizStep']).toBe('shipping');
    expect(event['@context']).toBeDefined();
    expect(event['bizTransactionList']).toBeUndefined();
    expect((await get(`/epcis/events/${encodeURIComponent('ni:///sha-256;' + '0'.repeat(64) + '?ver=CBV2.0')}`)).statusCode).toBe(404);
  });

  it('serves an OpenAPI 3.1 description of the REST surface', async () => {
    const doc = (await get('/openapi.json')).json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/epcis/events', '/epcis/events/{eventID}', '/01/{path}', '/qr/{path}.svg', '/.well-known/gs1resolver']),
    );
  });
});

describe('QR codes', () => {
  it('draws the canonical Digital Link on this host as SVG and PNG', async () => {
    const svg = await get(`/qr${PACK}.svg`);
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    // Quiet zone 4 at error correction M: the drawing is the symbol's modules plus 4 on each side.
    const side = Number(/viewBox="0 0 (\d+) \1"/.exec(svg.body)?.[1]);
    const symbol = QRCode.create(`https://trace.example.com${PACK}`, { errorCorrectionLevel: 'M' });
    expect(side).toBe(symbol.modules.size + 8);
    expect(svg.headers['link']).toContain(`<https://trace.example.com${PACK}>`);
    const png = await get(`/qr${PACK}.png`);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  it('refuses to draw a code for an invalid Digital Link', async () => {
    expect((await get('/qr/01/09520123456781.svg')).statusCode).toBe(400);
  });
});
