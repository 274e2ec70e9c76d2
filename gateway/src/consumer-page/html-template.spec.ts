import { describe, expect, it } from 'vitest';
import { escapeHtml, html, safeUrl } from './html-template.js';

const INJECTION = `"><script>alert('x')</script><img src=x onerror=alert(1)>`;

describe('html template', () => {
  it('escapes an injection string interpolated into content and attributes', () => {
    const out = html`<p title="${INJECTION}">${INJECTION}</p>`.value;
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('<img');
    expect(out).not.toContain(`"><`);
    expect(out).toContain('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;');
  });

  it('does not escape nested fragments twice, and escapes values inside lists', () => {
    const items = ['a<b', 'c&d'].map((t) => html`<li>${t}</li>`);
    expect(html`<ul>${items}</ul>`.value).toBe('<ul><li>a&lt;b</li><li>c&amp;d</li></ul>');
  });

  it('renders null, undefined and false as nothing', () => {
    expect(html`[${null}${undefined}${false}]`.value).toBe('[]');
  });

  it('escapes every character that can break out of HTML text or attributes', () => {
    expect(escapeHtml(`&<>"'\``)).toBe('&amp;&lt;&gt;&quot;&#39;&#96;');
  });

  it('turns script and data URLs into a harmless #', () => {
    expect(safeUrl('javascript:alert(1)')).toBe('#');
    expect(safeUrl('data:text/html,<script>')).toBe('#');
    expect(safeUrl('//evil.example/x')).toBe('#');
    expect(safeUrl('https://cdn.example/p.png')).toBe('https://cdn.example/p.png');
    expect(safeUrl('/qr/01/09520123456788.svg')).toBe('/qr/01/09520123456788.svg');
  });
});
