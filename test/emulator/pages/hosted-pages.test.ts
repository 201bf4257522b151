// The hosted pages through the emulator's fetch handler: no sockets, no browser.
import { beforeEach, describe, expect, it } from 'vitest';
import { createEmulator } from '../../../src/emulator.js';
import { DEFAULT_TEST_PAYMENT_METHODS, createTestPaymentMethodCatalogue } from '../../../src/index.js';
import type { Emulator, EmulatorOptions } from '../../../src/emulator.js';

const BASE = 'http://127.0.0.1:12111';
const ONLINE_MANDATE = {
  'mandate_data[customer_acceptance][type]': 'online',
  'mandate_data[customer_acceptance][online][ip_address]': '203.0.113.7',
  'mandate_data[customer_acceptance][online][user_agent]': 'Mozilla/5.0 (test)',
};
const MANUAL_ACH = {
  'payment_method_data[type]': 'us_bank_account',
  'payment_method_data[us_bank_account][account_number]': '000123456789',
  'payment_method_data[us_bank_account][routing_number]': '110000000',
  'payment_method_data[us_bank_account][account_holder_type]': 'individual',
  'payment_method_data[billing_details][name]': 'Jenny Rosen',
};

interface JsonIntent {
  readonly id: string;
  readonly status: string;
  readonly client_secret: string;
  readonly latest_attempt: string;
  readonly mandate: string | null;
  readonly last_setup_error: { readonly code?: string } | null;
  readonly next_action: {
    readonly type: string;
    readonly redirect_to_url?: { readonly url: string };
    readonly use_stripe_sdk?: { readonly stripe_js: string };
    readonly verify_with_microdeposits?: { readonly hosted_verification_url: string };
  } | null;
}

let emulator: Emulator;
let logged: string[];

async function start(options: EmulatorOptions = {}): Promise<void> {
  logged = [];
  emulator = await createEmulator({ seed: 11, log: (message) => logged.push(message), ...options });
}

beforeEach(async () => {
  await start();
});

async function api(path: string, params: Record<string, string>): Promise<JsonIntent> {
  const response = await emulator.fetch(
    new Request(`${BASE}${path}`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_pages', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    }),
  );
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as JsonIntent;
}

async function retrieve(id: string): Promise<JsonIntent> {
  const response = await emulator.fetch(new Request(`${BASE}/v1/setup_intents/${id}`, { headers: { authorization: 'Bearer sk_test_pages' } }));
  return (await response.json()) as JsonIntent;
}

/** A page as the browser gets it. */
interface Page {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

async function get(url: string): Promise<Page> {
  const response = await emulator.fetch(new Request(url.startsWith('http') ? url : `${BASE}${url}`));
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function post(url: string, form: Record<string, string>): Promise<Page> {
  const response = await emulator.fetch(
    new Request(url.startsWith('http') ? url : `${BASE}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      redirect: 'manual',
    }),
  );
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function expectHtmlPage(page: Page): void {
  expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'unsafe-inline';/);
  expect(page.text).toMatch(/<html lang="en">/);
  expect(page.text.toLowerCase()).not.toContain('<script');
}

async function waitingOn3ds(extra: Record<string, string> = {}): Promise<JsonIntent> {
  const intent = await api('/v1/setup_intents', { 'payment_method_types[0]': 'card', 'metadata[note]': '<script>alert(1)</script>' });
  return api(`/v1/setup_intents/${intent.id}/confirm`, { payment_method: 'pm_card_authenticationRequiredOnSetup', ...extra });
}

function authenticationUrl(intent: JsonIntent): string {
  const url = intent.next_action?.redirect_to_url?.url ?? intent.next_action?.use_stripe_sdk?.stripe_js;
  expect(url).toBeDefined();
  return url ?? '';
}

async function waitingOnMicrodeposits(): Promise<JsonIntent> {
  const intent = await api('/v1/setup_intents', { 'payment_method_types[0]': 'us_bank_account' });
  const confirmed = await api(`/v1/setup_intents/${intent.id}/confirm`, { ...MANUAL_ACH, ...ONLINE_MANDATE });
  expect(confirmed.next_action?.type).toBe('verify_with_microdeposits');
  return confirmed;
}

describe('the 3D Secure page', () => {
  it('shows the card and two submit buttons for the latest attempt', async () => {
    const intent = await waitingOn3ds({ return_url: 'https://shop.example/done' });
    const page = await get(authenticationUrl(intent));
    expect(page.status).toBe(200);
    expectHtmlPage(page);
    expect(page.text).toContain('<h1>Authenticate your card</h1>');
    expect(page.text).toContain('ending in 3155');
    expect(page.text).toContain('<button type="submit" name="outcome" value="succeeded">Complete authentication</button>');
    expect(page.text).toContain('<button type="submit" name="outcome" value="failed" class="secondary">Fail authentication</button>');
    expect(page.text).toContain(`<input type="hidden" name="attempt" value="${intent.latest_attempt}">`);
    expect(page.headers.get('content-security-policy')).toContain("form-action 'self' https://shop.example");
  });

  it('redirects to the return URL with setup_intent, its client secret and redirect_status=succeeded', async () => {
    const intent = await waitingOn3ds({ return_url: 'https://shop.example/done?order=7' });
    const page = await post(`/hosted/authenticate/${intent.id}`, { attempt: intent.latest_attempt, outcome: 'succeeded' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe(
      `https://shop.example/done?order=7&setup_intent=${intent.id}&setup_intent_client_secret=${encodeURIComponent(intent.client_secret)}&redirect_status=succeeded`,
    );
    expect((await retrieve(intent.id)).status).toBe('succeeded');
  });

  it('redirects with redirect_status=failed and leaves the SetupIntent needing a payment method', async () => {
    const intent = await waitingOn3ds({ return_url: 'https://shop.example/done' });
    const page = await post(`/hosted/authenticate/${intent.id}`, { attempt: intent.latest_attempt, outcome: 'failed' });
    expect(page.status).toBe(303);
    expect(new URL(page.headers.get('location') ?? '').searchParams.get('redirect_status')).toBe('failed');
    const after = await retrieve(intent.id);
    expect(after.status).toBe('requires_payment_method');
    expect(after.last_setup_error?.code).toBe('setup_intent_authentication_failure');
  });

  it('percent-encodes a return URL carrying markup, and never shows it', async () => {
    const intent = await waitingOn3ds({ return_url: 'https://shop.example/"><script>alert(1)</script>' });
    const page = await get(authenticationUrl(intent));
    expectHtmlPage(page);
    expect(page.text).not.toContain('shop.example');
    const done = await post(`/hosted/authenticate/${intent.id}`, { attempt: intent.latest_attempt, outcome: 'succeeded' });
    expect(done.headers.get('location')).toMatch(/^https:\/\/shop\.example\/%22%3E%3Cscript%3Ealert\(1\)%3C\/script%3E\?setup_intent=/);
    expect(done.text).not.toContain('<script');
  });

  it('shows the result without a return URL (use_stripe_sdk)', async () => {
    const intent = await waitingOn3ds();
    expect(intent.next_action?.type).toBe('use_stripe_sdk');
    const page = await post(`/hosted/authenticate/${intent.id}`, { attempt: intent.latest_attempt, outcome: 'succeeded' });
    expect(page.status).toBe(200);
    expectHtmlPage(page);
    expect(page.text).toContain('<h1>Authentication completed</h1>');
    expect(page.text).toContain('<strong>succeeded</strong>');
  });

  it('shows a "not waiting" page without buttons once the SetupIntent moved on, and on a duplicate post', async () => {
    const intent = await waitingOn3ds();
    expect((await post(`/hosted/authenticate/${intent.id}`, { attempt: intent.latest_attempt, outcome: 'succeeded' })).status).toBe(200);
    const again = await get(authenticationUrl(intent));
    expect(again.status).toBe(409);
    expectHtmlPage(again);
    expect(again.text).toContain('<h1>Nothing to authenticate</h1>');
    expect(again.text).toContain('it has a status of succeeded');
    expect(again.text).not.toContain('<button');
    const duplicate = await post(`/hosted/authenticate/${intent.id}`, { attempt: intent.latest_attempt, outcome: 'failed' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.text).toContain('not waiting on a customer action');
    expect((await retrieve(intent.id)).status).toBe('succeeded');
    expect(logged).toEqual([]);
  });

  it('refuses a link of another attempt, escaping the attempt it names', async () => {
    const intent = await waitingOn3ds();
    const page = await get(`/hosted/authenticate/${intent.id}?attempt=${encodeURIComponent('<script>x</script>')}`);
    expect(page.status).toBe(409);
    expectHtmlPage(page);
    expect(page.text).toContain('the attempt &lt;script&gt;x&lt;/script&gt;');
    expect(page.text).not.toContain('<button');
    const posted = await post(`/hosted/authenticate/${intent.id}`, { attempt: 'setatt_other', outcome: 'succeeded' });
    expect(posted.status).toBe(409);
    expect((await retrieve(intent.id)).status).toBe('requires_action');
  });

  it('asks for an outcome when the post carries none', async () => {
    const intent = await waitingOn3ds();
    const page = await post(`/hosted/authenticate/${intent.id}`, { attempt: intent.latest_attempt, outcome: 'maybe' });
    expect(page.status).toBe(400);
    expectHtmlPage(page);
    expect((await retrieve(intent.id)).status).toBe('requires_action');
  });

  it('answers 404 pages for an unknown SetupIntent or mandate, escaping the id', async () => {
    for (const path of ['/hosted/authenticate/seti_%3Cscript%3E?attempt=x', '/hosted/microdeposits/seti_%3Cscript%3E', '/hosted/mandates/mandate_%3Cscript%3E']) {
      const page = await get(path);
      expect(page.status, path).toBe(404);
      expectHtmlPage(page);
      expect(page.text).toContain('_&lt;script&gt; in this emulator');
    }
    expect((await post('/hosted/authenticate/seti_missing', { outcome: 'succeeded' })).status).toBe(404);
  });
});

describe('the microdeposit page', () => {
  it('asks for two amounts in cents, with the test values', async () => {
    const intent = await waitingOnMicrodeposits();
    const page = await get(intent.next_action?.verify_with_microdeposits?.hosted_verification_url ?? '');
    expect(page.status).toBe(200);
    expectHtmlPage(page);
    expect(page.text).toContain('<label for="amount_1">Amount 1 (cents)</label>');
    expect(page.text).toContain('<input id="amount_2" name="amount_2" type="number" inputmode="numeric" min="1" max="99"');
    expect(page.text).toContain('32 and 45 verify');
    expect(page.headers.get('content-security-policy')).toContain("form-action 'self'");
  });

  it('lists the test values of a custom catalogue', async () => {
    await start({
      catalogue: createTestPaymentMethodCatalogue(DEFAULT_TEST_PAYMENT_METHODS, [
        { amounts: [7, 8], outcome: 'verify' },
        { amounts: [5, 6], outcome: 'time_out' },
      ]),
    });
    const intent = await waitingOnMicrodeposits();
    const page = await get(intent.next_action?.verify_with_microdeposits?.hosted_verification_url ?? '');
    expect(page.text).toContain('<p class="note">Test values: 7 and 8 verify; 5 and 6 time out.</p>');
    expect(page.text).not.toContain('32 and 45');
  });

  it('refuses non-numeric amounts without using up an attempt, then shows mismatches and verifies', async () => {
    const intent = await waitingOnMicrodeposits();
    const path = `/hosted/microdeposits/${intent.id}`;
    const invalid = await post(path, { attempt: intent.latest_attempt, amount_1: 'abc', amount_2: '<b>' });
    expect(invalid.status).toBe(400);
    expectHtmlPage(invalid);
    expect(invalid.text).toContain('whole numbers of cents');
    expect(invalid.text).toContain('value="&lt;b&gt;"');
    const wrong = await post(path, { attempt: intent.latest_attempt, amount_1: '12', amount_2: '34' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toMatch(/do not match.*You have \d+ verification attempts remaining/);
    expect(wrong.text).toContain('name="amount_1"');
    expect((await retrieve(intent.id)).status).toBe('requires_action');
    const right = await post(path, { attempt: intent.latest_attempt, amount_1: '32', amount_2: '45' });
    expect(right.status).toBe(200);
    expect(right.text).toContain('<h1>Bank account verified</h1>');
    expect((await retrieve(intent.id)).status).toBe('succeeded');
    const late = await get(`${path}?attempt=${intent.latest_attempt}`);
    expect(late.status).toBe(409);
    expect(late.text).toContain('not waiting on microdeposit verification');
    const duplicate = await post(path, { attempt: intent.latest_attempt, amount_1: '32', amount_2: '45' });
    expect(duplicate.status).toBe(409);
    expect(logged).toEqual([]);
  });

  it('ends the verification when the attempts are used up', async () => {
    const intent = await waitingOnMicrodeposits();
    const page = await post(`/hosted/microdeposits/${intent.id}`, { attempt: intent.latest_attempt, amount_1: '10', amount_2: '11' });
    expect(page.text).toContain('<h1>Verification failed</h1>');
    expect(page.text).toContain('exceeded the number of allowed verification attempts');
    expect(page.text).not.toContain('<form');
    expect((await retrieve(intent.id)).status).toBe('requires_payment_method');
  });

  it('asks for the descriptor code when that is the microdeposit type, case-insensitively', async () => {
    await start({ behavior: { microdepositType: 'descriptor_code' } });
    const intent = await waitingOnMicrodeposits();
    const page = await get(intent.next_action?.verify_with_microdeposits?.hosted_verification_url ?? '');
    expect(page.text).toContain('<label for="descriptor_code">Descriptor code</label>');
    expect(page.text).toContain('SM11AA verifies');
    expect(page.text).not.toContain('amount_1');
    const short = await post(`/hosted/microdeposits/${intent.id}`, { attempt: intent.latest_attempt, descriptor_code: 'SM1' });
    expect(short.status).toBe(400);
    const verified = await post(`/hosted/microdeposits/${intent.id}`, { attempt: intent.latest_attempt, descriptor_code: ' sm11aa ' });
    expect(verified.text).toContain('<h1>Bank account verified</h1>');
  });
});

describe('the mandate page', () => {
  it('shows a SEPA mandate with its acceptance, escaped', async () => {
    const intent = await api('/v1/setup_intents', { 'payment_method_types[0]': 'sepa_debit' });
    const done = await api(`/v1/setup_intents/${intent.id}/confirm`, {
      'payment_method_data[type]': 'sepa_debit',
      'payment_method_data[sepa_debit][iban]': 'DE89370400440532013000',
      'payment_method_data[billing_details][name]': 'Jenny Rosen',
      'payment_method_data[billing_details][email]': 'jenny@example.com',
      ...ONLINE_MANDATE,
      'mandate_data[customer_acceptance][online][user_agent]': '<script>alert(1)</script>',
    });
    expect(done.status).toBe('succeeded');
    const page = await get(`/hosted/mandates/${done.mandate ?? ''}`);
    expect(page.status).toBe(200);
    expectHtmlPage(page);
    expect(page.text).toContain('<dt>Status</dt><dd><strong>active</strong></dd>');
    expect(page.text).toContain('<dt>Payment method type</dt><dd>sepa_debit</dd>');
    expect(page.text).toContain('<dd>&lt;script&gt;alert(1)&lt;/script&gt;</dd>');
    expect(page.headers.get('content-security-policy')).toContain("form-action 'none'");
  });

  it('shows an accepted_at Date cannot represent as the number it is, instead of failing', async () => {
    const intent = await api('/v1/setup_intents', { 'payment_method_types[0]': 'sepa_debit' });
    const done = await api(`/v1/setup_intents/${intent.id}/confirm`, {
      'payment_method_data[type]': 'sepa_debit',
      'payment_method_data[sepa_debit][iban]': 'DE89370400440532013000',
      'payment_method_data[billing_details][name]': 'Jenny Rosen',
      'payment_method_data[billing_details][email]': 'jenny@example.com',
      ...ONLINE_MANDATE,
      'mandate_data[customer_acceptance][accepted_at]': '99999999999999',
    });
    const page = await get(`/hosted/mandates/${done.mandate ?? ''}`);
    expect(page.status, page.text).toBe(200);
    expect(page.text).toContain('99999999999999 (unix time)');
    expect(logged).toEqual([]);
  });
});

describe('framing', () => {
  it('the mandate, microdeposit and message pages refuse to be framed', async () => {
    const sepa = await api('/v1/setup_intents', { 'payment_method_types[0]': 'sepa_debit' });
    const done = await api(`/v1/setup_intents/${sepa.id}/confirm`, {
      'payment_method_data[type]': 'sepa_debit',
      'payment_method_data[sepa_debit][iban]': 'DE89370400440532013000',
      'payment_method_data[billing_details][name]': 'Jenny Rosen',
      'payment_method_data[billing_details][email]': 'jenny@example.com',
      ...ONLINE_MANDATE,
    });
    const ach = await api('/v1/setup_intents', { 'payment_method_types[0]': 'us_bank_account' });
    const waiting = await api(`/v1/setup_intents/${ach.id}/confirm`, { ...MANUAL_ACH, ...ONLINE_MANDATE });
    const pages = [`/hosted/mandates/${done.mandate ?? ''}`, waiting.next_action?.verify_with_microdeposits?.hosted_verification_url ?? '', '/hosted/mandates/mandate_missing'];
    for (const url of pages) {
      const page = await get(url);
      expect(page.headers.get('content-security-policy'), url).toContain("frame-ancestors 'none'");
      expect(page.headers.get('x-frame-options'), url).toBe('DENY');
    }
  });

  it('the 3D Secure page, shown by Stripe.js in a modal, may be framed by loopback origins only', async () => {
    const waiting = await waitingOn3ds({ use_stripe_sdk: 'true' });
    const page = await get(waiting.next_action?.use_stripe_sdk?.stripe_js ?? '');
    expect(page.status).toBe(200);
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("frame-ancestors 'self' http://localhost:* https://localhost:* http://127.0.0.1:*");
    expect(policy).toContain('http://*.localhost:*');
    expect(policy).not.toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBeNull();
  });

  it('an origin given with allowedOrigins may frame the 3D Secure page too; * lets every origin', async () => {
    await start({ allowedOrigins: ['https://shop.test:8443'] });
    const waiting = await waitingOn3ds({ use_stripe_sdk: 'true' });
    const page = await get(waiting.next_action?.use_stripe_sdk?.stripe_js ?? '');
    expect(page.headers.get('content-security-policy')).toMatch(/frame-ancestors 'self' [^;]* https:\/\/shop\.test:8443(;|$)/);
    expect((await get(`/hosted/mandates/mandate_missing`)).headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    await start({ allowedOrigins: ['*'] });
    const any = await waitingOn3ds({ use_stripe_sdk: 'true' });
    expect((await get(any.next_action?.use_stripe_sdk?.stripe_js ?? '')).headers.get('content-security-policy')).toMatch(/frame-ancestors \*(;|$)/);
  });
});
