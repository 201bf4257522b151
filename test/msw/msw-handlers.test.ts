// MSW handlers answer Stripe's hosts from an in-process emulator: the official SDK, built as its
// users build it (a bare secret key, Stripe's own host), runs a flow with no socket of ours.
import { setupServer } from 'msw/node';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStripeHandlers } from '../../src/msw.js';
import type { StripeHandlers } from '../../src/msw.js';

describe('createStripeHandlers with setupServer and the unmodified SDK', () => {
  let stripeMocks: StripeHandlers;
  let server: ReturnType<typeof setupServer>;
  const stripe = new Stripe('sk_test_msw_handlers');

  beforeAll(async () => {
    stripeMocks = await createStripeHandlers({ seed: 11, log: () => undefined });
    server = setupServer(...stripeMocks.handlers);
    server.listen({ onUnhandledRequest: 'error' });
  });

  afterAll(async () => {
    server.close();
    await stripeMocks.close();
  });

  it('links hosted pages under https://api.stripe.com', () => {
    expect(stripeMocks.emulator.baseUrl()).toBe('https://api.stripe.com');
  });

  it('creates and confirms a SetupIntent at api.stripe.com', async () => {
    const intent = await stripe.setupIntents.create({ allowed_payment_method_types: ['card'] });
    expect(intent.status).toBe('requires_payment_method');
    const confirmed = await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
    expect(confirmed.status).toBe('succeeded');
    expect(stripeMocks.emulator.store.setupIntents.get(intent.id)?.intent.status).toBe('succeeded');
  });

  it('answers a decline as the SDK’s StripeCardError', async () => {
    const intent = await stripe.setupIntents.create({ allowed_payment_method_types: ['card'] });
    const declined = await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_chargeDeclined' }).catch((error: unknown) => error);
    expect(declined).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(declined).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'generic_decline' });
    expect((await stripe.setupIntents.retrieve(intent.id)).status).toBe('requires_payment_method');
  });

  it('lists the events through the SDK and on the emulator alike', async () => {
    const listed = await stripe.events.list({ type: 'setup_intent.*', limit: 100 });
    const types = stripeMocks.emulator.events.filter((event) => event.type.startsWith('setup_intent.')).map((event) => event.type);
    expect(listed.data.map((event) => event.type).reverse()).toEqual(types);
    expect(types).toEqual(['setup_intent.created', 'setup_intent.succeeded', 'setup_intent.created', 'setup_intent.setup_failed']);
  });

  it('serves the hosted 3D Secure page it links to, through the same handlers', async () => {
    const intent = await stripe.setupIntents.create({
      confirm: true,
      payment_method: 'pm_card_authenticationRequiredOnSetup',
      return_url: 'https://example.com/return',
    });
    const link = intent.next_action?.redirect_to_url?.url ?? '';
    expect(link.startsWith('https://api.stripe.com/hosted/authenticate/')).toBe(true);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
  });

  it('forwards js.stripe.com and hooks.stripe.com to the emulator by path', async () => {
    const intent = await stripe.setupIntents.create({
      confirm: true,
      payment_method: 'pm_card_authenticationRequiredOnSetup',
      return_url: 'https://example.com/return',
    });
    const link = new URL(intent.next_action?.redirect_to_url?.url ?? '');
    const path = `${link.pathname}${link.search}`;
    expect((await fetch(`https://hooks.stripe.com${path}`)).status).toBe(200);
    // A path the emulator does not serve answers Stripe's 404 envelope, not MSW's unhandled error.
    const missing = await fetch('https://js.stripe.com/v1/no_such_thing');
    expect(missing.status).toBe(404);
  });
});

describe('createStripeHandlers with a given emulator', () => {
  it('answers from that emulator, leaving its base URL as it is', async () => {
    const { createEmulator } = await import('../../src/emulator/create-emulator.js');
    const emulator = await createEmulator({ seed: 12, baseUrl: 'https://api.stripe.com', log: () => undefined });
    const mocks = await createStripeHandlers({ emulator });
    const server = setupServer(...mocks.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    try {
      expect(mocks.emulator).toBe(emulator);
      const intent = await new Stripe('sk_test_given').setupIntents.create({});
      expect(emulator.store.setupIntents.has(intent.id)).toBe(true);
    } finally {
      server.close();
      await mocks.close();
    }
  });
});
