// The hosted pages in a real browser: headless Chromium (from npm, see scripts/chromium-path.mjs) driven by playwright-core, the official SDK
// against the emulator on an ephemeral port, and a local server standing in for the merchant's return URL.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_ARGS } from '../../scripts/chromium-path.mjs';
import { createEmulator, listen } from '../../src/emulator.js';
import type { RunningEmulator } from '../../src/emulator.js';
import { DAHLIA_API_VERSION } from '../support/sdk-version.js';

const NAVIGATION_TIMEOUT_MS = 5_000;
const ONLINE_MANDATE: Stripe.SetupIntentConfirmParams.MandateData = {
  customer_acceptance: { type: 'online', online: { ip_address: '203.0.113.7', user_agent: 'Mozilla/5.0 (test)' } },
};
// Dynamic payment methods without redirects: a bank debit confirmed server-side needs no return_url.
const BANK_DEBIT_ONLY: Stripe.SetupIntentCreateParams = { automatic_payment_methods: { enabled: true, allow_redirects: 'never' } };

/** The merchant's site: it records every request to `/return`. */
interface ReturnServer {
  readonly server: Server;
  readonly url: string;
  readonly hits: URL[];
}

let browser: Browser;
let emulator: RunningEmulator;
let merchant: ReturnServer;
let stripe: Stripe;
let context: BrowserContext;
let page: Page;
const violations: string[] = [];

async function startReturnServer(): Promise<ReturnServer> {
  const hits: URL[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/return') {
      hits.push(url);
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><html lang="en"><title>Merchant</title><h1>Back at the merchant</h1></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, hits };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: inject('chromiumPath'),
    args: [...CHROMIUM_ARGS],
  });
  emulator = await listen(await createEmulator({ seed: 21, log: () => undefined }), { port: 0 });
  merchant = await startReturnServer();
  stripe = new Stripe('sk_test_browser', { host: '127.0.0.1', port: emulator.port, protocol: 'http', maxNetworkRetries: 0, apiVersion: DAHLIA_API_VERSION });
  // One page for the file: every test starts with a navigation, and a new page costs a second on a busy machine.
  context = await browser.newContext();
  page = await context.newPage();
  page.setDefaultTimeout(NAVIGATION_TIMEOUT_MS);
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) {
      violations.push(message.text());
    }
  });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await Promise.all([emulator?.close(), merchant === undefined ? undefined : closeServer(merchant.server)]);
});

beforeEach(() => {
  violations.length = 0;
});

afterEach(() => {
  // A form post or redirect the policy refuses shows up as a console message, not as an exception.
  expect(violations).toEqual([]);
});

async function waitingOn3ds(returnPath: string): Promise<Stripe.SetupIntent> {
  const customer = await stripe.customers.create({ email: 'jenny@example.com' });
  const intent = await stripe.setupIntents.create({ customer: customer.id });
  const confirmed = await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_authenticationRequiredOnSetup', return_url: `${merchant.url}${returnPath}` });
  expect(confirmed.status).toBe('requires_action');
  expect(confirmed.next_action?.type).toBe('redirect_to_url');
  return confirmed;
}

async function openAuthentication(intent: Stripe.SetupIntent): Promise<void> {
  const url = intent.next_action?.redirect_to_url?.url;
  expect(url).toMatch(new RegExp(`^${emulator.url}/hosted/authenticate/`));
  const response = await page.goto(url ?? '');
  expect(response?.status()).toBe(200);
}

async function returnedTo(): Promise<URL> {
  await page.waitForURL((url) => url.origin === merchant.url && url.pathname === '/return');
  const landed = new URL(page.url());
  expect(merchant.hits.map((hit) => hit.search)).toContain(landed.search);
  return landed;
}

describe('the 3D Secure page in Chromium', () => {
  it('is an accessible page whose "Complete authentication" returns the customer with redirect_status=succeeded', async () => {
    const intent = await waitingOn3ds('/return?order=1');
    await openAuthentication(intent);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.title()).toBe('Authenticate your card - Stripe emulator');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Authenticate your card');
    expect(await page.getByText('ending in 3155').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Fail authentication' }).isEnabled()).toBe(true);

    await page.getByRole('button', { name: 'Complete authentication' }).click();
    const landed = await returnedTo();
    expect(landed.searchParams.get('order')).toBe('1');
    expect(landed.searchParams.get('setup_intent')).toBe(intent.id);
    expect(landed.searchParams.get('setup_intent_client_secret')).toBe(intent.client_secret);
    expect(landed.searchParams.get('redirect_status')).toBe('succeeded');
    expect((await stripe.setupIntents.retrieve(intent.id)).status).toBe('succeeded');
  });

  it('"Fail authentication" returns with redirect_status=failed and the SetupIntent needs a new payment method', async () => {
    const intent = await waitingOn3ds('/return');
    await openAuthentication(intent);
    await page.getByRole('button', { name: 'Fail authentication' }).click();
    const landed = await returnedTo();
    expect(landed.searchParams.get('setup_intent')).toBe(intent.id);
    expect(landed.searchParams.get('redirect_status')).toBe('failed');
    const after = await stripe.setupIntents.retrieve(intent.id);
    expect(after.status).toBe('requires_payment_method');
    expect(after.last_setup_error?.code).toBe('setup_intent_authentication_failure');
  });

  it('renders: a screenshot of the page is a non-empty PNG', async () => {
    const intent = await waitingOn3ds('/return');
    await openAuthentication(intent);
    const dir = await mkdtemp(join(tmpdir(), 'hosted-pages-'));
    try {
      const file = join(dir, '3ds.png');
      await page.screenshot({ path: file, fullPage: true });
      const png = await readFile(file);
      expect(png.length).toBeGreaterThan(1000);
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('shows "Nothing to authenticate" without buttons when the link is opened again', async () => {
    const intent = await waitingOn3ds('/return');
    await openAuthentication(intent);
    await page.getByRole('button', { name: 'Complete authentication' }).click();
    await returnedTo();
    const again = await page.goto(intent.next_action?.redirect_to_url?.url ?? '');
    expect(again?.status()).toBe(409);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Nothing to authenticate');
    expect(await page.getByRole('button').count()).toBe(0);
  });
});

describe('the microdeposit page in Chromium', () => {
  it('shows a mismatch, keeps the SetupIntent waiting, then verifies 32 and 45', async () => {
    const intent = await stripe.setupIntents.create(BANK_DEBIT_ONLY);
    const confirmed = await stripe.setupIntents.confirm(intent.id, {
      payment_method_data: {
        type: 'us_bank_account',
        us_bank_account: { account_number: '000123456789', routing_number: '110000000', account_holder_type: 'individual' },
        billing_details: { name: 'Jenny Rosen' },
      },
      mandate_data: ONLINE_MANDATE,
    });
    const verification = confirmed.next_action?.verify_with_microdeposits;
    expect(verification?.microdeposit_type).toBe('amounts');
    await page.goto(verification?.hosted_verification_url ?? '');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Verify your bank account');

    await page.getByLabel('Amount 1 (cents)').fill('12');
    await page.getByLabel('Amount 2 (cents)').fill('34');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Verify account' }).click()]);
    expect(await page.getByRole('alert').textContent()).toMatch(/do not match.*verification attempts remaining/);
    expect((await stripe.setupIntents.retrieve(intent.id)).status).toBe('requires_action');

    await page.getByLabel('Amount 1 (cents)').fill('32');
    await page.getByLabel('Amount 2 (cents)').fill('45');
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Verify account' }).click()]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Bank account verified');
    expect((await stripe.setupIntents.retrieve(intent.id)).status).toBe('succeeded');
  });
});

describe('the mandate page in Chromium', () => {
  it('shows the active mandate of a SEPA Direct Debit setup, linked from the mandate itself', async () => {
    const intent = await stripe.setupIntents.create(BANK_DEBIT_ONLY);
    const confirmed = await stripe.setupIntents.confirm(intent.id, {
      payment_method_data: { type: 'sepa_debit', sepa_debit: { iban: 'DE89370400440532013000' }, billing_details: { name: 'Jenny Rosen', email: 'jenny@example.com' } },
      mandate_data: ONLINE_MANDATE,
    });
    expect(confirmed.status).toBe('succeeded');
    const mandate = await stripe.mandates.retrieve(String(confirmed.mandate));
    const url = mandate.payment_method_details.sepa_debit?.url ?? `${emulator.url}/hosted/mandates/${mandate.id}`;
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Mandate');
    const rows = await page.locator('dl').innerText();
    expect(rows).toMatch(/Status\s+active/);
    expect(rows).toMatch(/Payment method type\s+sepa_debit/);
    expect(rows).toMatch(/IP address\s+203\.0\.113\.7/);
  });
});
