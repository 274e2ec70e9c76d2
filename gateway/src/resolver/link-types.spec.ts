import { describe, expect, it } from 'vitest';
import { linkHeader, linkset, requestedLinkType } from './link-types.js';

describe('GS1 link types', () => {
  it('accepts a link type as CURIE or URI in either GS1 namespace spelling', () => {
    expect(requestedLinkType('gs1:traceability')).toBe('traceability');
    expect(requestedLinkType('https://gs1.org/voc/pip')).toBe('pip');
    expect(requestedLinkType('https://ref.gs1.org/voc/certificationInfo')).toBe('certificationInfo');
    expect(requestedLinkType('linkset')).toBe('linkset');
    expect(requestedLinkType('all')).toBe('linkset');
    expect(requestedLinkType('gs1:recipeInfo')).toBe('unknown');
    expect(requestedLinkType(null)).toBeUndefined();
  });

  it('groups targets by relation type in one RFC 9264 link context', () => {
    const set = linkset('https://r.example/01/09520123456788', [
      { rel: 'https://gs1.org/voc/certificationInfo', href: 'https://c.example/1', title: 'Certificate', type: 'text/html' },
      { rel: 'https://gs1.org/voc/certificationInfo', href: 'https://c.example/2', title: 'Certificate', type: 'text/html' },
      { rel: 'https://gs1.org/voc/pip', href: 'https://r.example/p', title: 'Page', type: 'text/html', hreflang: ['en'] },
    ]);
    expect(set).toEqual({
      linkset: [
        {
          anchor: 'https://r.example/01/09520123456788',
          'https://gs1.org/voc/certificationInfo': [
            { href: 'https://c.example/1', title: 'Certificate', type: 'text/html' },
            { href: 'https://c.example/2', title: 'Certificate', type: 'text/html' },
          ],
          'https://gs1.org/voc/pip': [{ href: 'https://r.example/p', title: 'Page', type: 'text/html', hreflang: ['en'] }],
        },
      ],
    });
  });

  it('writes a valid Link header: quoted parameters, ASCII titles, encoded targets', () => {
    expect(
      linkHeader([
        {
          href: 'https://r.example/01/09520123456788?linkType=gs1:pip',
          rel: 'https://gs1.org/voc/pip',
          type: 'text/html',
          hreflang: ['en'],
          title: 'Köln "test"',
        },
      ]),
    ).toBe(
      '<https://r.example/01/09520123456788?linkType=gs1:pip>; rel="https://gs1.org/voc/pip"; type="text/html"; hreflang="en"; title="Koln \\"test\\""',
    );
  });
});
