// Manual capture through the official SDK against the real server: a card saved with a SetupIntent
// is authorized off-session with capture_method=manual (Tryton's account_payment_stripe creates such
// PaymentIntents and cancels them; other applications capture later, in part), then captured in
// full or in part, or released by a cancel; the refusals; signed webhooks and the validator.
//
// Sources of the facts asserted, named at each: "recorded" is live test-mode Stripe at
// 2026-08-26.dahlia in test/fixtures/recordings/stripe-world-04-money-path.json (exchange numbers
// given; replayed by test/fidelity/); https://docs.stripe.com/payments/place-a-hold-on-a-payment-method,
// https://docs.stripe.com/api/payment_intents/capture, https://docs.stripe.com/api/payment_intents/cancel
// and https://docs.stripe.com/api/events/types otherwise.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateEventSequence } from '../../src/index.js';
import { validateCharge, validateErrorBody, validatePaymentIntent } from '../support/openapi.js';
import { enabledEvents, errorBody, paymentMethodTypes, plain, startEmulator, stripeError } from './support/start-emulator.js';
import type { StartedEmulator } from './support/start-emulator.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';
import type { WebhookReceiver } from './support/webhook-receiver.js';

let started: StartedEmulator;
let stripe: Stripe;
let receiver: WebhookReceiver;
let secret: string;

beforeAll(async () => {
  started = await startEmulator({ seed: 6500 });
  stripe = started.stripe();
  receiver = await startWebhookReceiver();
  const endpoint = await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: enabledEvents('payment_intent.*', 'charge.*') });
  secret = endpoint.secret as string;
});
afterAll(async () => {
  await started.close();
  await receiver.close();
});

/** A Customer with `pm_card_visa` saved off_session through a SetupIntent. */
async function savedCard(): Promise<{ customer: string; paymentMethod: string }> {
  const customer = await stripe.customers.create({ email: 'held@example.com' });
  const setup = await stripe.setupIntents.create({ customer: customer.id, ...paymentMethodTypes('card'), payment_method: 'pm_card_visa', confirm: true });
  expect(setup.status).toBe('succeeded');
  return { customer: customer.id, paymentMethod: setup.payment_method as string };
}

/** Authorizes `amount` off-session on the saved card, to be captured later (Tryton's call: manual, off_session, confirm). */
function authorize(customer: string, paymentMethod: string, amount: number): Promise<Stripe.Response<Stripe.PaymentIntent>> {
  return stripe.paymentIntents.create({ amount, currency: 'usd', customer, payment_method: paymentMethod, capture_method: 'manual', off_session: true, confirm: true });
}

async function eventsOf(id: string, charge: string | null): Promise<string[]> {
  const types: string[] = [];
  for await (const event of stripe.events.list({ limit: 100 })) {
    const object = event.data.object as { id?: string; payment_intent?: string };
    if (object.id === id || object.payment_intent === id || (charge !== null && object.id === charge)) types.push(event.type);
  }
  return types.reverse();
}

describe('authorizing off-session with a saved card', () => {
  it('capture_method=manual holds the amount: requires_capture, amount_capturable, an uncaptured Charge', async () => {
    const { customer, paymentMethod } = await savedCard();
    const held = await authorize(customer, paymentMethod, 6500);
    expect(validatePaymentIntent(plain(held))).toEqual([]);
    // Recorded (exchange 15): requires_capture, the whole amount capturable, nothing received.
    expect(held).toMatchObject({ status: 'requires_capture', capture_method: 'manual', amount: 6500, amount_capturable: 6500, amount_received: 0, next_action: null });
    const charge = await stripe.charges.retrieve(held.latest_charge as string);
    expect(validateCharge(plain(charge))).toEqual([]);
    // Recorded (exchange 16): paid and succeeded, not captured, nothing captured, no balance transaction yet,
    // capture_before seven days after the charge.
    expect(charge).toMatchObject({ status: 'succeeded', paid: true, captured: false, amount: 6500, amount_captured: 0, amount_refunded: 0, refunded: false, balance_transaction: null });
    expect(charge.payment_method_details?.card?.capture_before).toBe(charge.created + 7 * 24 * 60 * 60);
    // https://docs.stripe.com/api/events/types: charge.succeeded at authorization, then payment_intent.amount_capturable_updated.
    expect(await eventsOf(held.id, charge.id)).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.amount_capturable_updated']);
  });
});

describe('authorizing on-session after 3D Secure', () => {
  it('the hosted page holds the payment: requires_capture, and the return URL says succeeded', async () => {
    const customer = await stripe.customers.create({ email: 'held-3ds@example.com' });
    const waiting = await stripe.paymentIntents.create({
      amount: 4000,
      currency: 'usd',
      customer: customer.id,
      payment_method: 'pm_card_authenticationRequired',
      capture_method: 'manual',
      confirm: true,
      return_url: 'https://shop.example/held',
    });
    expect(waiting.status).toBe('requires_action');
    const page = new URL((waiting.next_action?.redirect_to_url?.url as string) ?? '');
    const back = await fetch(page.origin + page.pathname, {
      method: 'POST',
      body: new URLSearchParams({ attempt: page.searchParams.get('attempt') ?? '', outcome: 'succeeded' }),
      redirect: 'manual',
    });
    expect(back.status).toBe(303);
    // https://docs.stripe.com/payments/place-a-hold-on-a-payment-method: once authorized, the payment is held.
    expect(new URL(back.headers.get('location') ?? '').searchParams.get('redirect_status')).toBe('succeeded');
    const held = await stripe.paymentIntents.retrieve(waiting.id);
    expect(held).toMatchObject({ status: 'requires_capture', amount_capturable: 4000, amount_received: 0, next_action: null });
    const charge = await stripe.charges.retrieve(held.latest_charge as string);
    expect(charge).toMatchObject({ captured: false, paid: true });
    expect(charge.payment_method_details?.card?.three_d_secure?.result).toBe('authenticated');
  });
});

describe('capturing', () => {
  it('in full: succeeded, amount_received the amount, the Charge captured', async () => {
    const { customer, paymentMethod } = await savedCard();
    const held = await authorize(customer, paymentMethod, 2500);
    const captured = await stripe.paymentIntents.capture(held.id, { metadata: { order: 'A-1' }, expand: ['latest_charge'] });
    expect(validatePaymentIntent(plain({ ...captured, latest_charge: (captured.latest_charge as Stripe.Charge).id }))).toEqual([]);
    // https://docs.stripe.com/api/payment_intents/capture: without amount_to_capture, the whole capturable amount.
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 2500, amount_capturable: 0, metadata: { order: 'A-1' } });
    const charge = captured.latest_charge as Stripe.Charge;
    expect(charge).toMatchObject({ object: 'charge', captured: true, amount_captured: 2500, amount_refunded: 0, refunded: false });
    expect(charge.balance_transaction).toMatch(/^txn_/);
    // https://docs.stripe.com/api/events/types: charge.captured, then payment_intent.succeeded.
    expect((await eventsOf(held.id, charge.id)).slice(-2)).toEqual(['charge.captured', 'payment_intent.succeeded']);
  });

  it('in part: amount_received the captured part, the rest released and not counted as refunded', async () => {
    const { customer, paymentMethod } = await savedCard();
    const held = await authorize(customer, paymentMethod, 6500);
    const captured = await stripe.paymentIntents.capture(held.id, { amount_to_capture: 5000 });
    // Recorded (exchange 17): succeeded, amount_received 5000, amount_capturable 0, amount unchanged.
    expect(captured).toMatchObject({ status: 'succeeded', amount: 6500, amount_received: 5000, amount_capturable: 0 });
    const charge = await stripe.charges.retrieve(captured.latest_charge as string);
    // Recorded (exchange 19): captured for 5000 of 6500, amount_refunded 0, refunded false, a balance transaction.
    expect(charge).toMatchObject({ amount: 6500, captured: true, amount_captured: 5000, amount_refunded: 0, refunded: false, status: 'succeeded' });
    expect(charge.balance_transaction).toMatch(/^txn_/);
    // Recorded (exchange 18): the rest cannot be captured afterwards.
    const again = await stripeError(stripe.paymentIntents.capture(held.id));
    expect(validateErrorBody(errorBody(again))).toEqual([]);
    expect(again.statusCode).toBe(400);
    expect(again.code).toBe('payment_intent_unexpected_state');
    expect(again.message).toBe('The remaining amount on this PaymentIntent could not be captured because the remainder of the authorized amount has been released.');
    expect((again.payment_intent as Stripe.PaymentIntent).status).toBe('succeeded');
  });
});

describe('canceling a held payment', () => {
  it('releases the authorization: canceled, nothing capturable, the Charge refunded, and it cannot be captured', async () => {
    const { customer, paymentMethod } = await savedCard();
    const held = await authorize(customer, paymentMethod, 1200);
    const canceled = await stripe.paymentIntents.cancel(held.id, { cancellation_reason: 'requested_by_customer' });
    expect(validatePaymentIntent(plain(canceled))).toEqual([]);
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'requested_by_customer', amount_capturable: 0, amount_received: 0 });
    expect(canceled.canceled_at).toEqual(expect.any(Number));
    // https://docs.stripe.com/api/payment_intents/cancel: "the remaining amount_capturable is automatically refunded".
    const charge = await stripe.charges.retrieve(held.latest_charge as string);
    expect(charge).toMatchObject({ captured: false, amount_captured: 0, refunded: true, amount_refunded: 1200 });
    expect((await eventsOf(held.id, charge.id)).slice(-2)).toEqual(['charge.refunded', 'payment_intent.canceled']);
    // Recorded wording (exchange 31): a canceled PaymentIntent cannot be captured.
    const capture = await stripeError(stripe.paymentIntents.capture(held.id));
    expect(capture.code).toBe('payment_intent_unexpected_state');
    expect(capture.message).toBe(
      'This PaymentIntent could not be captured because it has a status of canceled. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.',
    );
  });
});

describe('refusals', () => {
  it('a PaymentIntent that is not held cannot be captured (recorded wording, exchange 26)', async () => {
    const open = await stripe.paymentIntents.create({ amount: 4900, currency: 'usd' });
    const error = await stripeError(stripe.paymentIntents.capture(open.id));
    expect(validateErrorBody(errorBody(error))).toEqual([]);
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('payment_intent_unexpected_state');
    expect(error.message).toBe(
      'This PaymentIntent could not be captured because it has a status of requires_payment_method. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.',
    );
    expect((error.payment_intent as Stripe.PaymentIntent).id).toBe(open.id);
    const { customer, paymentMethod } = await savedCard();
    const paid = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer, payment_method: paymentMethod, off_session: true, confirm: true });
    const paidCapture = await stripeError(stripe.paymentIntents.capture(paid.id));
    expect(paidCapture.message).toContain('it has a status of succeeded');
  });

  it('too large, negative and zero amounts are refused with the recorded answers, and the hold stays', async () => {
    const { customer, paymentMethod } = await savedCard();
    const held = await authorize(customer, paymentMethod, 5000);
    // Recorded (exchange 21).
    const tooLarge = await stripeError(stripe.paymentIntents.capture(held.id, { amount_to_capture: 9999 }));
    expect(tooLarge.statusCode).toBe(400);
    expect(tooLarge.code).toBe('amount_too_large');
    expect(tooLarge.message).toBe(
      'The payment could not be captured because the requested capture amount is greater than the amount you can capture for this charge. Contact us via https://support.stripe.com/contact/ for help.',
    );
    // Recorded (exchange 23): no code, param amount_to_capture.
    const negative = await stripeError(stripe.paymentIntents.capture(held.id, { amount_to_capture: -100 }));
    expect(negative.code).toBeUndefined();
    expect(negative.param).toBe('amount_to_capture');
    expect(negative.message).toBe('Invalid non-negative integer');
    // Recorded (exchange 25): parameter_invalid_integer under param "amount".
    const zero = await stripeError(stripe.paymentIntents.capture(held.id, { amount_to_capture: 0 }));
    expect(zero.code).toBe('parameter_invalid_integer');
    expect(zero.param).toBe('amount');
    expect(zero.message).toBe('This value must be greater than or equal to 1.');
    for (const error of [tooLarge, negative, zero]) expect((error.payment_intent as Stripe.PaymentIntent).status).toBe('requires_capture');
    expect((await stripe.paymentIntents.retrieve(held.id)).amount_capturable).toBe(5000);
  });

  it('a held PaymentIntent refuses a new amount (recorded status list) and a second confirmation', async () => {
    const { customer, paymentMethod } = await savedCard();
    const held = await authorize(customer, paymentMethod, 3000);
    const amount = await stripeError(stripe.paymentIntents.update(held.id, { amount: 100 }));
    expect(amount.code).toBe('payment_intent_unexpected_state');
    expect(amount.param).toBe('amount');
    // The recorded amount refusal (exchange 47) lists the statuses the amount may change in.
    expect(amount.message).toContain('requires_payment_method, requires_confirmation, requires_action.');
    const noted = await stripe.paymentIntents.update(held.id, { metadata: { note: 'kept' } });
    expect(noted).toMatchObject({ status: 'requires_capture', metadata: { note: 'kept' } });
    const confirm = await stripeError(stripe.paymentIntents.confirm(held.id));
    expect(confirm.code).toBe('payment_intent_unexpected_state');
  });
});

describe('webhooks and the validator', () => {
  it('the manual-capture events arrive signed, and the whole log is valid', async () => {
    const all: Stripe.Event[] = [];
    for await (const event of stripe.events.list({ limit: 100 })) all.push(event);
    const types = new Set(all.map((event) => event.type));
    for (const type of ['payment_intent.amount_capturable_updated', 'charge.captured', 'charge.refunded']) expect(types.has(type as Stripe.Event.Type)).toBe(true);
    const ours = all.filter((event) => event.type.startsWith('payment_intent.') || event.type.startsWith('charge.'));
    await receiver.received(ours.length);
    const delivered = receiver.requests.map((request) => stripe.webhooks.constructEvent(request.body, request.headers['stripe-signature'] as string, secret));
    expect(delivered.filter((event) => event.type === 'charge.captured').every((event) => (event.data.object as Stripe.Charge).captured)).toBe(true);
    const report = validateEventSequence(all.reverse());
    expect(report.issues).toEqual([]);
  });
});
