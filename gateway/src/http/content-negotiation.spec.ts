import { describe, expect, it } from 'vitest';
import { negotiate } from './content-negotiation.js';

describe('content negotiation', () => {
  it('gives browsers HTML and API clients JSON', () => {
    expect(negotiate('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe('html');
    expect(negotiate('application/json')).toBe('json');
    expect(negotiate('application/ld+json')).toBe('json');
    expect(negotiate('application/linkset+json')).toBe('linkset');
  });

  it('defaults to HTML with no Accept header or only wildcards', () => {
    expect(negotiate(undefined)).toBe('html');
    expect(negotiate('*/*')).toBe('html');
  });

  it('follows quality values and prefers the specific range at equal quality', () => {
    expect(negotiate('text/html;q=0.5, application/json')).toBe('json');
    expect(negotiate('*/*, application/linkset+json')).toBe('linkset');
    expect(negotiate('application/json;q=0, text/html;q=0.1')).toBe('html');
  });
});
