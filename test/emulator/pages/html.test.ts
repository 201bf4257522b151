import { describe, expect, it } from 'vitest';
import { Html, contentSecurityPolicy, escapeHtml, html, layout } from '../../../src/emulator/pages/html.js';

describe('HTML escaping of hosted pages', () => {
  it('escapes the five characters that matter in content and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('escapes every interpolated string and number, and inserts only markup built by html', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p title="${'"><script>'}">${inner}${[inner, inner]}${42}</p>`.text).toBe(
      '<p title="&quot;&gt;&lt;script&gt;"><b>&lt;i&gt;</b><b>&lt;i&gt;</b><b>&lt;i&gt;</b>42</p>',
    );
  });

  it('lays a page out with a language, a title and one heading', () => {
    const page = layout('A <title>', new Html('<p>x</p>')).text;
    expect(page).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(page).toContain('<title>A &lt;title&gt; - Stripe emulator</title>');
    expect(page.match(/<h1>/g)).toHaveLength(1);
    expect(page).not.toContain('<script');
  });

  it('allows no scripts, no other sources, and forms only to the emulator and the given targets', () => {
    expect(contentSecurityPolicy(['https://shop.example'])).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self' https://shop.example; frame-ancestors 'none'",
    );
    expect(contentSecurityPolicy('none')).toContain("form-action 'none'");
  });
});
