// The emulator's Stripe.js-compatible script in a real browser: headless Chromium driven by
// playwright-core, the emulator on an ephemeral port, and a merchant's page on another origin that
// loads the script and confirms SetupIntents created server-side with the official SDK. The page is
// driven only through Stripe Elements' selectors (the `__privateStripeFrame` iframe, input names).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import type Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { CHROMIUM_ARGS } from '../../scripts/chromium-path.mjs';
import { PUBLISHABLE_KEY, paymentMethodTypes, startEmulator } from './support/start-emulator.js';
import type { StartedEmulator } from './support/start-emulator.js';
import { cardSetupPage, paymentSetupPage, startMerchantSite } from './support/merchant-site.js';
import type { MerchantSite } from './support/merchant-site.js';

const TIMEOUT_MS = 10_000;
const ELEMENT_FRAME = 'iframe[name^="__privateStripeFrame"]';
const CHALLENGE_FRAME = 'iframe[name="stripe-challenge-frame"]';

let browser: Browser;
let started: StartedEmulator;
let merchant: MerchantSite;
let stripe: Stripe;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: inject('chromiumPath'), args: [...CHROMIUM_ARGS] });
  started = await startEmulator({ seed: 31, log: () => undefined });
  stripe = started.stripe();
  merchant = await startMerchantSite();
  merchant.serve('/card', cardSetupPage(`${started.server.url}/js/v3`, PUBLISHABLE_KEY));
  merchant.serve('/payment', paymentSetupPage(`${started.server.url}/js/v3`, PUBLISHABLE_KEY));
  merchant.serve('/card-from-js-stripe-com', cardSetupPage('https://js.stripe.com/v3', PUBLISHABLE_KEY));
  context = await browser.newContext();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await Promise.all([started?.close(), merchant?.close()]);
});

beforeEach(async () => {
  pageErrors.length = 0;
  page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterEach(async () => {
  await page.close();
  expect(pageErrors).toEqual([]);
});

async function setupIntent(types: readonly string[] = ['card']): Promise<Stripe.SetupIntent> {
  const customer = await stripe.customers.create({ email: 'jenny@example.com' });
  return stripe.setupIntents.create({ customer: customer.id, ...paymentMethodTypes(...types) });
}

/** Opens a merchant page for `intent` and waits until its Element reported `ready`. */
async function openCheckout(path: string, intent: Stripe.SetupIntent): Promise<FrameLocator> {
  await page.goto(`${merchant.url}${path}?client_secret=${encodeURIComponent(intent.client_secret ?? '')}`);
  await page.waitForFunction(() => document.body.dataset['ready'] === 'true');
  return page.frameLocator(ELEMENT_FRAME);
}

async function fillCard(frame: FrameLocator, number: string): Promise<void> {
  await frame.locator('[name="cardnumber"]').fill(number);
  await frame.locator('[name="exp-date"]').fill('12 / 34');
  await frame.locator('[name="cvc"]').fill('123');
  await frame.locator('[name="postal"]').fill('10001');
}

/** The `index`-th Stripe.js result the merchant page recorded, once it is there. */
async function result(index = 0): Promise<any> {
  await page.waitForFunction((at) => (window as unknown as { results: unknown[] }).results.length > at, index);
  return page.evaluate((at) => (window as unknown as { results: unknown[] }).results[at], index);
}

describe('serving the script', () => {
  it.each(['/js/v3', '/v3', '/endive/stripe.js'])('answers %s without a key, as JavaScript with CORS and the base URL baked in', async (path) => {
    const response = await fetch(`${started.server.url}${path}`, { headers: { origin: merchant.url } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(response.headers.get('access-control-allow-origin')).toBe(merchant.url);
    expect(await response.text()).toContain(JSON.stringify(started.server.url));
  });

  it('sets window.Stripe.version to the release train the path names, as loadStripe of @stripe/stripe-js expects', async () => {
    await page.route('https://js.stripe.com/**', async (route) => {
      const { pathname } = new URL(route.request().url());
      await route.fulfill({ response: await route.fetch({ url: `${started.server.url}${pathname}` }) });
    });
    merchant.serve('/train', '<!doctype html><html lang="en"><title>Train</title><script src="https://js.stripe.com/endive/stripe.js"></script></html>');
    await page.goto(`${merchant.url}/train`);
    expect(await page.evaluate(() => (window as unknown as { Stripe: { version: unknown } }).Stripe.version)).toBe('endive');
  });
});

describe('the card Element and confirmCardSetup, from another origin', () => {
  it('saves 4242 4242 4242 4242: the promise resolves { setupIntent } with the status succeeded', async () => {
    const intent = await setupIntent();
    const frame = await openCheckout('/card', intent);
    await fillCard(frame, '4242 4242 4242 4242');
    await page.getByRole('button', { name: 'Save card' }).click();

    const resolved = await result();
    expect(resolved.error).toBeUndefined();
    expect(resolved.setupIntent).toMatchObject({ id: intent.id, object: 'setup_intent', status: 'succeeded' });
    await page.getByText('Status: succeeded').waitFor();
    const stored = await stripe.setupIntents.retrieve(intent.id, { expand: ['payment_method'] });
    const paymentMethod = stored.payment_method as Stripe.PaymentMethod;
    expect(paymentMethod.card).toMatchObject({ last4: '4242', exp_month: 12, exp_year: 2034 });
    expect(paymentMethod.billing_details).toMatchObject({ name: 'Jenny Rosen', address: { postal_code: '10001' } });
  });

  it('keeps the card number in the iframe: the merchant page cannot read it', async () => {
    const intent = await setupIntent();
    const frame = await openCheckout('/card', intent);
    await fillCard(frame, '4242 4242 4242 4242');
    const readable = await page.evaluate((selector) => {
      const iframe = document.querySelector<HTMLIFrameElement>(selector);
      try {
        return iframe?.contentDocument?.body.innerHTML ?? null;
      } catch {
        return null;
      }
    }, ELEMENT_FRAME);
    expect(readable).toBeNull();
    expect(await page.content()).not.toContain('4242 4242');
  });

  it('answers a decline with Stripe.js error: card_error, card_declined, generic_decline, shown on the page', async () => {
    const intent = await setupIntent();
    const frame = await openCheckout('/card', intent);
    await fillCard(frame, '4000000000000002');
    await page.getByRole('button', { name: 'Save card' }).click();

    const resolved = await result();
    expect(resolved.setupIntent).toBeUndefined();
    expect(resolved.error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' });
    expect(resolved.error.setup_intent).toMatchObject({ id: intent.id, status: 'requires_payment_method' });
    expect(resolved.error.payment_method).toMatchObject({ object: 'payment_method', type: 'card' });
    await page.getByText('Error: Your card was declined.').waitFor();
  });

  it('refuses an incomplete card number in the Element, before any request', async () => {
    const intent = await setupIntent();
    const frame = await openCheckout('/card', intent);
    await frame.locator('[name="cardnumber"]').fill('4242');
    await page.getByRole('button', { name: 'Save card' }).click();

    expect((await result()).error).toEqual({ type: 'validation_error', code: 'incomplete_number', message: 'Your card number is incomplete.' });
    expect((await stripe.setupIntents.retrieve(intent.id)).status).toBe('requires_payment_method');
  });

  it('shows 3D Secure for 4000 0025 0000 3155 in a modal; "Complete authentication" resolves succeeded', async () => {
    const intent = await setupIntent();
    const frame = await openCheckout('/card', intent);
    await fillCard(frame, '4000 0025 0000 3155');
    await page.getByRole('button', { name: 'Save card' }).click();

    await page.getByRole('dialog', { name: '3D Secure authentication' }).waitFor();
    await page.frameLocator(CHALLENGE_FRAME).getByRole('button', { name: 'Complete authentication' }).click();

    const resolved = await result();
    expect(resolved.setupIntent).toMatchObject({ id: intent.id, status: 'succeeded', next_action: null });
    await page.locator(CHALLENGE_FRAME).waitFor({ state: 'detached' });
    expect((await stripe.setupIntents.retrieve(intent.id)).status).toBe('succeeded');
  });

  it('resolves a failed 3D Secure with setup_intent_authentication_failure and the SetupIntent', async () => {
    const intent = await setupIntent();
    const frame = await openCheckout('/card', intent);
    await fillCard(frame, '4000002500003155');
    await page.getByRole('button', { name: 'Save card' }).click();
    await page.frameLocator(CHALLENGE_FRAME).getByRole('button', { name: 'Fail authentication' }).click();

    const resolved = await result();
    expect(resolved.setupIntent).toBeUndefined();
    expect(resolved.error).toMatchObject({ type: 'invalid_request_error', code: 'setup_intent_authentication_failure' });
    expect(resolved.error.setup_intent).toMatchObject({ id: intent.id, status: 'requires_payment_method' });
    await page.locator(CHALLENGE_FRAME).waitFor({ state: 'detached' });
  });

  it('runs unchanged against <script src="https://js.stripe.com/v3"> when Playwright routes js.stripe.com to the emulator', async () => {
    await page.route('https://js.stripe.com/**', async (route) => {
      const { pathname } = new URL(route.request().url());
      await route.fulfill({ response: await route.fetch({ url: `${started.server.url}${pathname}` }) });
    });
    const intent = await setupIntent();
    const frame = await openCheckout('/card-from-js-stripe-com', intent);
    await fillCard(frame, '4242424242424242');
    await page.getByRole('button', { name: 'Save card' }).click();
    expect((await result()).setupIntent).toMatchObject({ id: intent.id, status: 'succeeded' });
  });
});

describe('the other setup calls, from the page', () => {
  const call = (expression: string): Promise<any> => page.evaluate(expression);

  it('confirms SEPA Debit and a US bank account from raw details, then verifies the microdeposits', async () => {
    const sepa = await setupIntent(['sepa_debit']);
    const bank = await setupIntent(['us_bank_account']);
    await openCheckout('/card', await setupIntent());
    const billing = "billing_details: { name: 'Jenny Rosen', email: 'jenny@example.com' }";
    const sepaResult = await call(`stripe.confirmSepaDebitSetup(${JSON.stringify(sepa.client_secret)}, { payment_method: { sepa_debit: { iban: 'DE89370400440532013000' }, ${billing} } })`);
    expect(sepaResult.setupIntent).toMatchObject({ id: sepa.id, status: 'succeeded' });

    const secret = JSON.stringify(bank.client_secret);
    const bankResult = await call(
      `stripe.confirmUsBankAccountSetup(${secret}, { payment_method: { us_bank_account: { routing_number: '110000000', account_number: '000123456789', account_holder_type: 'individual' }, ${billing} } })`,
    );
    expect(bankResult.setupIntent).toMatchObject({ status: 'requires_action', next_action: { type: 'verify_with_microdeposits' } });
    const right = await call(`stripe.verifyMicrodepositsForSetup(${secret}, { amounts: [32, 45] })`);
    expect(right).toMatchObject({ setupIntent: { status: 'succeeded' } });
  });

  it('leaves 3D Secure pending with handleActions: false, then handleNextAction shows the modal and resolves succeeded', async () => {
    const intent = await setupIntent();
    await openCheckout('/card', intent);
    const secret = JSON.stringify(intent.client_secret);
    const pending = await call(`stripe.confirmCardSetup(${secret}, { payment_method: 'pm_card_authenticationRequiredOnSetup' }, { handleActions: false })`);
    expect(pending.setupIntent).toMatchObject({ status: 'requires_action', next_action: { type: 'use_stripe_sdk' } });
    await call(`void (window.handled = stripe.handleNextAction({ clientSecret: ${secret} }))`);
    await page.frameLocator(CHALLENGE_FRAME).getByRole('button', { name: 'Complete authentication' }).click();
    expect((await call('window.handled')).setupIntent).toMatchObject({ id: intent.id, status: 'succeeded' });
    expect((await call(`stripe.retrieveSetupIntent(${secret})`)).setupIntent).toMatchObject({ status: 'succeeded' });
  });

  it('creates a PaymentMethod from the card Element, and from a test token', async () => {
    await openCheckout('/card', await setupIntent());
    await fillCard(page.frameLocator(ELEMENT_FRAME), '5555 5555 5555 4444');
    const fromElement = await call("stripe.createPaymentMethod({ type: 'card', card, billing_details: { email: 'jenny@example.com' } })");
    expect(fromElement.paymentMethod).toMatchObject({ object: 'payment_method', type: 'card', card: { brand: 'mastercard', last4: '4444' }, billing_details: { email: 'jenny@example.com' } });
    const fromToken = await call("stripe.createPaymentMethod({ type: 'card', card: { token: 'tok_visa' } })");
    expect(fromToken.paymentMethod).toMatchObject({ type: 'card', card: { last4: '4242' } });
  });
});

describe('the Payment Element and confirmSetup with redirect: if_required', () => {
  it('saves a card without leaving the page', async () => {
    const intent = await setupIntent(['card', 'sepa_debit', 'us_bank_account']);
    const frame = await openCheckout('/payment', intent);
    await frame.getByRole('tab', { name: 'Card' }).click();
    await frame.locator('[name="number"]').fill('4242 4242 4242 4242');
    await frame.locator('[name="expiry"]').fill('12/34');
    await frame.locator('[name="cvc"]').fill('123');
    await frame.locator('[name="postalCode"]').fill('10001');
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    expect((await result()).setupIntent).toMatchObject({ id: intent.id, status: 'succeeded' });
    expect(new URL(page.url()).pathname).toBe('/payment');
  });

  it('sets up SEPA Debit from an IBAN, with a mandate', async () => {
    const intent = await setupIntent(['card', 'sepa_debit']);
    const frame = await openCheckout('/payment', intent);
    await frame.getByRole('tab', { name: 'SEPA Debit' }).click();
    await frame.locator('[name="name"]').fill('Jenny Rosen');
    await frame.locator('[name="email"]').fill('jenny@example.com');
    await frame.locator('[name="iban"]').fill('DE89 3704 0044 0532 0130 00');
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    expect((await result()).setupIntent).toMatchObject({ id: intent.id, status: 'succeeded' });
    const stored = await stripe.setupIntents.retrieve(intent.id, { expand: ['payment_method', 'mandate'] });
    expect((stored.payment_method as Stripe.PaymentMethod).sepa_debit).toMatchObject({ last4: '3000', country: 'DE' });
    expect(stored.mandate).toMatchObject({ object: 'mandate', status: 'active', customer_acceptance: { type: 'online' } });
  });

  it('sets up a US bank account with microdeposits, then verifyMicrodepositsForSetup([32, 45]) succeeds', async () => {
    const intent = await setupIntent(['card', 'us_bank_account']);
    const frame = await openCheckout('/payment', intent);
    expect(await frame.getByRole('tab').allTextContents()).toEqual(['Card', 'US bank account']);
    await frame.getByRole('tab', { name: 'US bank account' }).click();
    await frame.locator('[name="name"]').fill('Jenny Rosen');
    await frame.locator('[name="email"]').fill('jenny@example.com');
    await frame.getByLabel('Routing number').fill('110000000');
    await frame.getByLabel('Account number').fill('000123456789');
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    const confirmed = await result(0);
    expect(confirmed.setupIntent).toMatchObject({ status: 'requires_action', next_action: { type: 'verify_with_microdeposits' } });
    await page.getByRole('button', { name: 'Verify microdeposits' }).click();
    expect((await result(1)).setupIntent).toMatchObject({ id: intent.id, status: 'succeeded', next_action: null });
  });
});

describe('the example page in docs/', () => {
  let folder: string | undefined;

  afterAll(async () => {
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
  });

  async function example(): Promise<string> {
    const text = await readFile(new URL('../../docs/stripe-js-example.html', import.meta.url), 'utf8');
    expect(text).toContain('http://127.0.0.1:12111/js/v3');
    return text.replaceAll('http://127.0.0.1:12111', started.server.url);
  }

  it('saves a test card against the emulator it names (its port rewritten), served from another origin', async () => {
    merchant.serve('/example', await example());
    await page.goto(`${merchant.url}/example`);
    await fillCard(page.frameLocator(ELEMENT_FRAME), '4242 4242 4242 4242');
    await page.getByRole('button', { name: 'Save card' }).click();
    await page.getByText(/SetupIntent seti_\w+ succeeded/).waitFor();
  });

  it('works opened as a file, as a person opens it, through 3D Secure, once the emulator allows the origin null', async () => {
    // A file page's origin is the opaque `null`, which the emulator refuses unless told (`--allow-origin null`).
    const fileFriendly = await startEmulator({ seed: 32, log: () => undefined, allowedOrigins: ['null'] });
    try {
      folder = await mkdtemp(join(tmpdir(), 'stripe-js-example-'));
      const file = join(folder, 'stripe-js-example.html');
      await writeFile(file, (await example()).replaceAll(started.server.url, fileFriendly.server.url));
      await page.goto(pathToFileURL(file).href);
      await fillCard(page.frameLocator(ELEMENT_FRAME), '4000 0025 0000 3155');
      await page.getByRole('button', { name: 'Save card' }).click();
      await page.frameLocator(CHALLENGE_FRAME).getByRole('button', { name: 'Complete authentication' }).click();
      await page.getByText(/SetupIntent seti_\w+ succeeded/).waitFor();
    } finally {
      await fileFriendly.close();
    }
  });

  it('opened as a file, is refused by an emulator that allows loopback origins only', async () => {
    folder = await mkdtemp(join(tmpdir(), 'stripe-js-example-'));
    const file = join(folder, 'stripe-js-example.html');
    await writeFile(file, await example());
    await page.goto(pathToFileURL(file).href);
    await fillCard(page.frameLocator(ELEMENT_FRAME), '4242 4242 4242 4242');
    await page.getByRole('button', { name: 'Save card' }).click();
    await page.getByText(/Could not reach the emulator/).waitFor();
  });
});
