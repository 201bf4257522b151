import { describe, expect, it } from 'vitest';
import { redirectStatusOf } from '../../../src/core/redirect-status.js';
import { formActionSource, isRedirectable, returnUrlOf, returnUrlWithResult } from '../../../src/emulator/pages/return-url.js';
import type { SetupIntent } from '../../../src/types/setup-intent.js';

const intent = { id: 'seti_123', client_secret: 'seti_123_secret_abc' } as SetupIntent;
const RESULT = 'setup_intent=seti_123&setup_intent_client_secret=seti_123_secret_abc&redirect_status=succeeded';

describe('the return URL after authentication', () => {
  it('gets Stripe\'s three query parameters after a ?', () => {
    expect(returnUrlWithResult('https://shop.example/done', intent, 'succeeded')).toBe(`https://shop.example/done?${RESULT}`);
  });

  it('appends with & to a URL that has a query, and before its fragment', () => {
    expect(returnUrlWithResult('https://shop.example/done?order=7#top', intent, 'succeeded')).toBe(`https://shop.example/done?order=7&${RESULT}#top`);
    expect(returnUrlWithResult('https://shop.example/done?', intent, 'succeeded')).toBe(`https://shop.example/done?${RESULT}`);
    expect(returnUrlWithResult('https://shop.example/done?a=1&', intent, 'succeeded')).toBe(`https://shop.example/done?a=1&${RESULT}`);
  });

  it('comes back as a header-safe URL: markup and non-ASCII are percent-encoded', () => {
    const location = returnUrlWithResult('https://shop.example/<script>ü', intent, 'failed');
    expect(location).toBe('https://shop.example/%3Cscript%3E%C3%BC?setup_intent=seti_123&setup_intent_client_secret=seti_123_secret_abc&redirect_status=failed');
    expect(location).toMatch(/^[\x21-\x7e]+$/);
  });

  it('keeps an app\'s custom scheme', () => {
    expect(returnUrlWithResult('myapp://setup/done', intent, 'succeeded')).toBe(`myapp://setup/done?${RESULT}`);
    expect(formActionSource('myapp://setup/done')).toBe('myapp:');
  });

  it('is allowed as a form target by its origin; script and data URLs are not redirected to', () => {
    expect(formActionSource('http://127.0.0.1:4242/return?x=1')).toBe('http://127.0.0.1:4242');
    expect(formActionSource('javascript:alert(1)')).toBeNull();
    expect(isRedirectable('data:text/html,<script>alert(1)</script>')).toBe(false);
    expect(isRedirectable('/relative/path')).toBe(false);
  });

  it('reports succeeded, processing, or failed for any other status', () => {
    expect(redirectStatusOf('succeeded')).toBe('succeeded');
    expect(redirectStatusOf('processing')).toBe('processing');
    expect(redirectStatusOf('requires_payment_method')).toBe('failed');
  });

  it('is read only from a redirect_to_url next action', () => {
    expect(returnUrlOf({ next_action: { type: 'redirect_to_url', redirect_to_url: { return_url: 'https://a.example', url: 'u' } } } as SetupIntent)).toBe('https://a.example');
    expect(returnUrlOf({ next_action: { type: 'use_stripe_sdk', use_stripe_sdk: {} } } as SetupIntent)).toBeNull();
    expect(returnUrlOf({ next_action: null } as SetupIntent)).toBeNull();
  });
});
