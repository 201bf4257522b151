// startStripeEmulator: the emulator on a free loopback port for a test run, the keys and
// environment pointing at it, and waits for events and for signed webhook deliveries, timed out on
// injected timers (no test here waits on a real clock).
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { ChargeSucceededEvent, SetupIntentEvent, SetupIntentSucceededEvent, StripeEvent } from '../../src/events/stripe-event.js';
import { startStripeEmulator } from '../../src/testing.js';
import type { EventOfType, StripeTestEmulator, Timers } from '../../src/testing.js';

/** Timers that fire only when told to, recording the delays asked for. */
function manualTimers(): { readonly timers: Timers; readonly delays: number[]; readonly pending: () => number; readonly fireAll: () => void } {
  const scheduled = new Map<number, () => void>();
  const delays: number[] = [];
  let next = 0;
  return {
    timers: {
      setTimeout: (fn, ms) => {
        next += 1;
        scheduled.set(next, fn);
        delays.push(ms);
        return next;
      },
      clearTimeout: (handle) => {
        scheduled.delete(handle as number);
      },
    },
    delays,
    pending: () => scheduled.size,
    fireAll: () => {
      const due = [...scheduled.values()];
      scheduled.clear();
      for (const fn of due) fn();
    },
  };
}

describe('startStripeEmulator', () => {
  const clock = manualTimers();
  let testing: StripeTestEmulator;
  let stripe: Stripe;

  beforeAll(async () => {
    testing = await startStripeEmulator({ seed: 21, log: () => undefined, timers: clock.timers, timeoutMs: 1234 });
    stripe = new Stripe(testing.secretKey, { ...testing.stripeOptions, maxNetworkRetries: 0 });
  });

  afterAll(async () => {
    await testing.close();
  });

  it('listens on a free loopback port and hands out keys, environment and SDK options for it', () => {
    expect(testing.url).toBe(`http://127.0.0.1:${testing.port}`);
    expect(testing.port).toBeGreaterThan(0);
    expect(testing.stripeOptions).toEqual({ host: '127.0.0.1', port: testing.port, protocol: 'http' });
    expect(testing.env).toEqual({
      STRIPE_API_BASE: testing.url,
      STRIPE_SECRET_KEY: 'sk_test_setup_intent_machine',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_setup_intent_machine',
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: String(testing.port),
      STRIPE_API_PROTOCOL: 'http',
    });
    expect(testing.emulator.baseUrl()).toBe(testing.url);
  });

  it('waitForEvent resolves with an event already emitted', async () => {
    const intent = await stripe.setupIntents.create({ allowed_payment_method_types: ['card'] });
    const event = await testing.waitForEvent('setup_intent.created', (candidate) => candidate.data.object.id === intent.id);
    expect(event.data.object).toMatchObject({ id: intent.id, status: 'requires_payment_method' });
    expect(clock.pending()).toBe(0);
  });

  it('waitForEvent resolves with an event still to come, by wildcard, and clears its timer', async () => {
    const intent = await stripe.setupIntents.create({ allowed_payment_method_types: ['card'] });
    const failed = testing.waitForEvent('setup_intent.*', (event) => event.data.object.id === intent.id && event.type !== 'setup_intent.created');
    expect(clock.pending()).toBe(1);
    await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_chargeDeclined' }).catch(() => undefined);
    const event = await failed;
    expect(event.type).toBe('setup_intent.setup_failed');
    // Typed by the pattern: every setup_intent.* event carries a SetupIntent.
    expect(event.data.object.last_setup_error?.code).toBe('card_declined');
    expect(clock.pending()).toBe(0);
  });

  it('waitForEvent rejects on timeout, naming what it waited for and listing the events seen', async () => {
    const waiting = testing.waitForEvent('setup_intent.canceled', { timeoutMs: 50 });
    expect(clock.delays.at(-1)).toBe(50);
    clock.fireAll();
    await expect(waiting).rejects.toThrow(/^No setup_intent\.canceled event within 50 ms\. Events seen \(3: setup_intent\.created evt_\w+ \(seti_\w+\), .*setup_intent\.setup_failed evt_\w+ \(seti_\w+\)\)\.$/);
  });

  it('waitForEvent takes the helper’s default timeout and says when a predicate was given', async () => {
    const waiting = testing.waitForEvent('setup_intent.succeeded', () => false);
    expect(clock.delays.at(-1)).toBe(1234);
    clock.fireAll();
    await expect(waiting).rejects.toThrow(/^No setup_intent\.succeeded event matching the predicate within 1234 ms/);
  });

  it('waitForEvent refuses a type that is no event type or wildcard', async () => {
    await expect(testing.waitForEvent('setup_intent*')).rejects.toThrow(TypeError);
  });

  it('waitForWebhook resolves with a delivery whose signature verifies, from the receiver it registered', async () => {
    const endpoint = await testing.startWebhookReceiver();
    expect(endpoint.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhooks$/);
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect((await stripe.webhookEndpoints.retrieve(endpoint.endpointId)).url).toBe(endpoint.url);
    const intent = await stripe.setupIntents.create({ allowed_payment_method_types: ['card'] });
    const delivered = testing.waitForWebhook('setup_intent.succeeded', (event) => event.data.object.id === intent.id);
    await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
    const event = await delivered;
    expect(event.data.object).toMatchObject({ id: intent.id, status: 'succeeded' });
    await testing.emulator.webhooks.idle();
    expect(testing.emulator.deliveries.filter((record) => record.endpointId === endpoint.endpointId).every((record) => record.status === 200)).toBe(true);
    expect(await testing.startWebhookReceiver()).toEqual(endpoint);
  });

  it('waitForWebhook rejects on timeout, listing deliveries and the matching events sent before the receiver existed', async () => {
    await testing.startWebhookReceiver();
    const waiting = testing.waitForWebhook('setup_intent.setup_failed', { timeoutMs: 10 });
    clock.fireAll();
    const error = (await waiting.catch((caught: unknown) => caught)) as Error;
    expect(error.message).toMatch(/^No setup_intent\.setup_failed webhook was delivered to http:\/\/127\.0\.0\.1:\d+\/webhooks within 10 ms\. Delivered \(2: setup_intent\.created evt_\w+ \(seti_\w+\), setup_intent\.succeeded evt_\w+ \(seti_\w+\)\)\. Refused for a bad signature: 0\./);
    expect(error.message).toMatch(/emitted before the receiver was registered, so never sent to it \(1: setup_intent\.setup_failed evt_\w+ \(seti_\w+\)\): start it first with startWebhookReceiver\(\)\.$/);
  });

  it('answers a delivery with a forged signature 400 and counts it', async () => {
    const { url } = await testing.startWebhookReceiver();
    const forged = await fetch(url, { method: 'POST', headers: { 'stripe-signature': 't=1,v1=00' }, body: '{"id":"evt_forged","type":"setup_intent.created"}' });
    expect(forged.status).toBe(400);
    const waiting = testing.waitForWebhook('setup_intent.canceled', { timeoutMs: 1 });
    clock.fireAll();
    await expect(waiting).rejects.toThrow(/Refused for a bad signature: 1\./);
  });
});

describe('the type of what a wait resolves with', () => {
  it('follows the pattern: one type, a prefix wildcard, or every event', () => {
    expectTypeOf<EventOfType<'setup_intent.succeeded'>>().toEqualTypeOf<SetupIntentSucceededEvent>();
    expectTypeOf<EventOfType<'setup_intent.*'>>().toEqualTypeOf<SetupIntentEvent>();
    expectTypeOf<EventOfType<'*'>>().toEqualTypeOf<StripeEvent>();
    expectTypeOf<EventOfType<'charge.succeeded'>>().toEqualTypeOf<ChargeSucceededEvent>();
    expectTypeOf<EventOfType<'invoice.paid'>>().toEqualTypeOf<StripeEvent>();
  });
});

describe('startStripeEmulator close()', () => {
  it('rejects pending waits, then stops the server and the webhook receiver', async () => {
    const clock = manualTimers();
    const testing = await startStripeEmulator({ log: () => undefined, timers: clock.timers });
    const { url } = await testing.startWebhookReceiver();
    const waiting = testing.waitForEvent('setup_intent.created');
    await testing.close();
    await expect(waiting).rejects.toThrow('The Stripe emulator was closed before the wait ended.');
    expect(clock.pending()).toBe(0);
    await expect(fetch(`${testing.url}/v1/setup_intents`)).rejects.toThrow();
    await expect(fetch(url, { method: 'POST' })).rejects.toThrow();
  });

  it('serves a given emulator, with other keys, and waits on their account only', async () => {
    const { createEmulator } = await import('../../src/emulator/create-emulator.js');
    const emulator = await createEmulator({ seed: 5, log: () => undefined });
    const testing = await startStripeEmulator({ emulator, secretKey: 'sk_test_acct_t1_secret', publishableKey: 'pk_test_acct_t1_publishable', timers: manualTimers().timers });
    try {
      expect(testing.emulator).toBe(emulator);
      expect(testing.env.STRIPE_SECRET_KEY).toBe('sk_test_acct_t1_secret');
      const waiting = testing.waitForEvent('setup_intent.created');
      const other = new Stripe('sk_test_default_account', { ...testing.stripeOptions, maxNetworkRetries: 0 });
      const elsewhere = await other.setupIntents.create({ allowed_payment_method_types: ['card'] });
      const mine = await new Stripe(testing.secretKey, { ...testing.stripeOptions, maxNetworkRetries: 0 }).setupIntents.create({ allowed_payment_method_types: ['card'] });
      const event = await waiting;
      expect(event.data.object.id).toBe(mine.id);
      expect(event.data.object.id).not.toBe(elsewhere.id);
    } finally {
      await testing.close();
    }
  });
});
