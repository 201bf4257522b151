// The payoff of a SetupIntent, through the official SDK against the real server: a card saved with
// setupIntents.create is charged later with paymentIntents.create(..., { off_session: true, confirm: true }).
// Each outcome of the test catalogue end to end, the on-session recovery through the hosted 3D
// Secure page and the test helper, ownership, wrong states, expansion, and signed webhooks.
//
// Sources of the facts asserted: https://docs.stripe.com/payments/save-and-reuse ("Charge the saved
// payment method later": authentication_required, error.payment_intent, last_payment_error.payment_method);
// https://docs.stripe.com/testing#authentication-and-setup (4000002500003155, 4000002760003184,
// 4000000000000341); live Stripe at 2026-08-26.dahlia as recorded in Kiln-AI/stripe_world's cassette
// 04_money_path (replayed from test/fixtures/recordings/stripe-world-04-money-path.json by
// test/fidelity/) and as that project's tests/test_payment_intents.py (0ff51954) pins what it
// probed (secondhand where not recorded), marked "probed" below.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateEventSequence } from '../../src/index.js';
import { validateCharge, validateErrorBody, validatePaymentIntent } from '../support/openapi.js';
import { enabledEvents, errorBody, paymentMethodTypes, plain, startEmulator, stripeError } from './support/start-emulator.js';
import type { StartedEmulator } from './support/start-emulator.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';
import type { WebhookReceiver } from './support/webhook-receiver.js';

const RETURN_URL = 'https://shop.example/pay/return';

let started: StartedEmulator;
let stripe: Stripe;
let receiver: WebhookReceiver;
let secret: string;

beforeAll(async () => {
  started = await startEmulator({ seed: 4242 });
  stripe = started.stripe();
  receiver = await startWebhookReceiver();
  const endpoint = await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: enabledEvents('payment_intent.*', 'charge.*') });
  secret = endpoint.secret as string;
});
afterAll(async () => {
  await started.close();
  await receiver.close();
});

function expectValid(intent: Stripe.PaymentIntent): void {
  expect(validatePaymentIntent(plain(intent))).toEqual([]);
}

/**
 * Saves `card` for a new Customer with a SetupIntent of `usage`, completing 3D Secure through the
 * SetupIntent test helper when the card asks for it; returns the Customer and the saved PaymentMethod.
 */
async function saveCard(card: string, usage: 'off_session' | 'on_session' = 'off_session', client: Stripe = stripe): Promise<{ customer: string; paymentMethod: string }> {
  const customer = await client.customers.create({ email: 'saved@example.com' });
  let setup: Stripe.SetupIntent = await client.setupIntents.create({ customer: customer.id, ...paymentMethodTypes('card'), usage, payment_method: card, confirm: true });
  if (setup.status === 'requires_action') {
    setup = (await client.rawRequest('POST', `/v1/test_helpers/setup_intents/${setup.id}/succeed`, {})) as unknown as Stripe.SetupIntent;
  }
  expect(setup.status).toBe('succeeded');
  return { customer: customer.id, paymentMethod: setup.payment_method as string };
}

function chargeLater(customer: string, paymentMethod: string, client: Stripe = stripe): Promise<Stripe.Response<Stripe.PaymentIntent>> {
  return client.paymentIntents.create({ amount: 1099, currency: 'usd', customer, payment_method: paymentMethod, off_session: true, confirm: true });
}

describe('a card set up off_session is charged off-session', () => {
  it('pm_card_visa: the PaymentIntent succeeds with a paid ch_ Charge that GET /v1/charges/:id returns', async () => {
    const { customer, paymentMethod } = await saveCard('pm_card_visa');
    const intent = await chargeLater(customer, paymentMethod);
    expectValid(intent);
    expect(intent.id).toMatch(/^pi_/);
    expect(intent.object).toBe('payment_intent');
    expect(intent.status).toBe('succeeded');
    expect(intent.amount).toBe(1099);
    expect(intent.amount_received).toBe(1099);
    expect(intent.customer).toBe(customer);
    expect(intent.payment_method).toBe(paymentMethod);
    // Probed: capture_method automatic_async and confirmation_method automatic by default.
    expect(intent.capture_method).toBe('automatic_async');
    expect(intent.latest_charge).toMatch(/^ch_/);
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    expect(validateCharge(plain(charge))).toEqual([]);
    // Probed: a paid charge is succeeded, paid and captured in full.
    expect(charge).toMatchObject({ object: 'charge', status: 'succeeded', paid: true, captured: true, amount: 1099, amount_captured: 1099, payment_intent: intent.id, payment_method: paymentMethod, customer });
  });

  it('4000002500003155, authenticated once at setup, needs no authentication off-session', async () => {
    const { customer, paymentMethod } = await saveCard('pm_card_authenticationRequiredOnSetup');
    const intent = await chargeLater(customer, paymentMethod);
    expect(intent.status).toBe('succeeded');
    expect(intent.next_action).toBeNull();
  });

  it('expands latest_charge, payment_method and customer', async () => {
    const { customer, paymentMethod } = await saveCard('pm_card_visa');
    const intent = await chargeLater(customer, paymentMethod);
    const expanded = await stripe.paymentIntents.retrieve(intent.id, { expand: ['latest_charge', 'payment_method', 'customer'] });
    // Probed: an expanded latest_charge is the charge, pointing back at its PaymentIntent.
    expect((expanded.latest_charge as Stripe.Charge).object).toBe('charge');
    expect((expanded.latest_charge as Stripe.Charge).payment_intent).toBe(intent.id);
    expect((expanded.payment_method as Stripe.PaymentMethod).id).toBe(paymentMethod);
    expect((expanded.customer as Stripe.Customer).id).toBe(customer);
    const charge = await stripe.charges.retrieve(intent.latest_charge as string, { expand: ['payment_intent'] });
    expect((charge.payment_intent as Stripe.PaymentIntent).id).toBe(intent.id);
  });
});

describe('4000002760003184 always asks for authentication', () => {
  it('declines off-session with 402 authentication_required, the PaymentIntent in requires_payment_method in error.payment_intent', async () => {
    const { customer, paymentMethod } = await saveCard('pm_card_authenticationRequired');
    const error = await stripeError(chargeLater(customer, paymentMethod));
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error.statusCode).toBe(402);
    expect(validateErrorBody(errorBody(error))).toEqual([]);
    // Probed: code and decline_code authentication_required, this message, no charge.
    expect(error.code).toBe('authentication_required');
    expect(error.decline_code).toBe('authentication_required');
    expect(error.message).toBe('Your card was declined. This transaction requires authentication.');
    expect((error.raw as { charge?: string }).charge).toBeUndefined();
    const intent = error.payment_intent as Stripe.PaymentIntent;
    expectValid(intent);
    expect(intent.status).toBe('requires_payment_method');
    expect(intent.latest_charge).toBeNull();
    expect(intent.last_payment_error?.code).toBe('authentication_required');
    expect(intent.last_payment_error?.payment_method?.id).toBe(paymentMethod);
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('requires_payment_method');
  });

  it('confirmed again on-session it goes to requires_action, and the hosted 3D Secure page completes it and returns', async () => {
    const { customer, paymentMethod } = await saveCard('pm_card_authenticationRequired');
    const error = await stripeError(chargeLater(customer, paymentMethod));
    const declined = error.payment_intent as Stripe.PaymentIntent;
    // The docs' recovery: bring the customer back and confirm with last_payment_error.payment_method.
    const waiting = await stripe.paymentIntents.confirm(declined.id, { payment_method: declined.last_payment_error?.payment_method?.id as string, return_url: RETURN_URL });
    expectValid(waiting);
    expect(waiting.status).toBe('requires_action');
    expect(waiting.next_action?.type).toBe('redirect_to_url');
    const url = waiting.next_action?.redirect_to_url?.url as string;
    expect(waiting.next_action?.redirect_to_url?.return_url).toBe(RETURN_URL);

    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('PaymentIntent');
    const attempt = new URL(url).searchParams.get('attempt') as string;
    expect(attempt).toMatch(/^payatt_/);
    const posted = await fetch(new URL(url).origin + new URL(url).pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ attempt, outcome: 'succeeded' }).toString(),
      redirect: 'manual',
    });
    expect(posted.status).toBe(303);
    const location = new URL(posted.headers.get('location') as string);
    expect(location.origin + location.pathname).toBe(RETURN_URL);
    expect(location.searchParams.get('payment_intent')).toBe(declined.id);
    expect(location.searchParams.get('redirect_status')).toBe('succeeded');

    // The link acts once: a second post finds nothing to authenticate, and an unknown PaymentIntent has no page.
    const stale = await fetch(new URL(url).origin + new URL(url).pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ attempt, outcome: 'succeeded' }).toString(),
      redirect: 'manual',
    });
    expect(stale.status).toBe(409);
    expect((await fetch(`${new URL(url).origin}/hosted/authenticate/pi_unknown?attempt=payatt_x`)).status).toBe(404);

    const paid = await stripe.paymentIntents.retrieve(declined.id);
    expectValid(paid);
    expect(paid.status).toBe('succeeded');
    expect(paid.next_action).toBeNull();
    expect(paid.last_payment_error).toBeNull();
    const charge = await stripe.charges.retrieve(paid.latest_charge as string);
    expect(charge.payment_method_details?.card?.three_d_secure?.result).toBe('authenticated');
  });

  it('the test helper completes (or fails) the authentication of a use_stripe_sdk next action', async () => {
    const { customer, paymentMethod } = await saveCard('pm_card_authenticationRequired');
    const declined = (await stripeError(chargeLater(customer, paymentMethod))).payment_intent as Stripe.PaymentIntent;
    const waiting = await stripe.paymentIntents.confirm(declined.id, { payment_method: paymentMethod });
    expect(waiting.next_action?.type).toBe('use_stripe_sdk');
    const paid = (await stripe.rawRequest('POST', `/v1/test_helpers/payment_intents/${declined.id}/succeed`, {})) as unknown as Stripe.PaymentIntent;
    expect(paid.status).toBe('succeeded');

    const other = await stripe.paymentIntents.create({ amount: 500, currency: 'usd', customer, payment_method: paymentMethod, confirm: true });
    expect(other.status).toBe('requires_action');
    const failed = await stripeError(stripe.rawRequest('POST', `/v1/test_helpers/payment_intents/${other.id}/fail`, {}));
    expect(failed.statusCode).toBe(400);
    expect(failed.code).toBe('payment_intent_authentication_failure');
    expect((await stripe.paymentIntents.retrieve(other.id)).status).toBe('requires_payment_method');
  });
});

describe('4000000000000341 attaches, then its charges decline', () => {
  it('is saved by the SetupIntent, and the off-session charge is declined with card_declined and a failed Charge', async () => {
    const { customer, paymentMethod } = await saveCard('pm_card_chargeCustomerFail');
    expect((await stripe.paymentMethods.retrieve(paymentMethod)).customer).toBe(customer);
    const error = await stripeError(chargeLater(customer, paymentMethod));
    expect(error.statusCode).toBe(402);
    expect(validateErrorBody(errorBody(error))).toEqual([]);
    // Probed: card_declined / generic_decline, "Your card was declined.", error.charge, the intent reset.
    expect(error.code).toBe('card_declined');
    expect(error.decline_code).toBe('generic_decline');
    expect(error.message).toBe('Your card was declined.');
    const chargeId = (error.raw as { charge?: string }).charge as string;
    expect(chargeId).toMatch(/^ch_/);
    const intent = error.payment_intent as Stripe.PaymentIntent;
    expect(intent.status).toBe('requires_payment_method');
    expect(intent.payment_method).toBeNull();
    expect(intent.latest_charge).toBe(chargeId);
    const charge = await stripe.charges.retrieve(chargeId);
    expect(validateCharge(plain(charge))).toEqual([]);
    expect(charge).toMatchObject({ status: 'failed', paid: false, captured: false, failure_code: 'card_declined' });
  });
});

describe('a card set up on_session (the offSessionAfterOnSessionSetup switch)', () => {
  it('by default 4000002500003155 set up on_session is declined off-session with authentication_required', async () => {
    const { customer, paymentMethod } = await saveCard('pm_card_authenticationRequiredOnSetup', 'on_session');
    const error = await stripeError(chargeLater(customer, paymentMethod));
    expect(error.code).toBe('authentication_required');
  });

  it('with the switch at succeed, the same card succeeds off-session', async () => {
    const lenient = await startEmulator({ seed: 99, behavior: { offSessionAfterOnSessionSetup: 'succeed' } });
    try {
      const client = lenient.stripe();
      const { customer, paymentMethod } = await saveCard('pm_card_authenticationRequiredOnSetup', 'on_session', client);
      expect((await chargeLater(customer, paymentMethod, client)).status).toBe('succeeded');
    } finally {
      await lenient.close();
    }
  });
});

describe('refusals', () => {
  it("another Customer's payment method is refused as Stripe does, and nothing is created", async () => {
    const { paymentMethod } = await saveCard('pm_card_visa');
    const other = await stripe.customers.create({ email: 'other@example.com' });
    const before = (await stripe.paymentIntents.list({ customer: other.id })).data.length;
    const error = await stripeError(chargeLater(other.id, paymentMethod));
    expect(error.statusCode).toBe(400);
    // Probed: no code, param payment_method, this wording.
    expect(error.code).toBeUndefined();
    expect(error.param).toBe('payment_method');
    expect(error.message).toBe(
      `The PaymentMethod ${paymentMethod} does not belong to the Customer you supplied ${other.id}. Please use this PaymentMethod with the Customer that it belongs to instead.`,
    );
    expect((await stripe.paymentIntents.list({ customer: other.id })).data.length).toBe(before);
  });

  it('unknown parameters, wrong types, missing ids and wrong states get Stripe-style errors', async () => {
    const unknown = await stripeError(stripe.paymentIntents.create({ amount: 100, currency: 'usd', bogus: 1 } as unknown as Stripe.PaymentIntentCreateParams));
    expect(unknown.code).toBe('parameter_unknown');
    const wrongType = await stripeError(stripe.paymentIntents.create({ amount: 'many' as unknown as number, currency: 'usd' }));
    expect(wrongType.code).toBe('parameter_invalid_integer');
    const missing = await stripeError(stripe.paymentIntents.retrieve('pi_nope'));
    // Probed: "No such payment_intent: 'pi_nope'" under param intent, 404.
    expect(missing.statusCode).toBe(404);
    expect(missing.message).toBe("No such payment_intent: 'pi_nope'");
    expect(missing.param).toBe('intent');

    const { customer, paymentMethod } = await saveCard('pm_card_visa');
    const paid = await chargeLater(customer, paymentMethod);
    const again = await stripeError(stripe.paymentIntents.confirm(paid.id));
    expect(again.code).toBe('payment_intent_unexpected_state');
    expect(again.message).toBe('You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.');
    const cancel = await stripeError(stripe.paymentIntents.cancel(paid.id));
    expect(cancel.code).toBe('payment_intent_unexpected_state');
    expect(cancel.message).toMatch(/^You cannot cancel this PaymentIntent because it has a status of succeeded\./);
    expect((error_payment_intent(cancel) as Stripe.PaymentIntent).id).toBe(paid.id);
  });

  it('update, list with pagination, and cancel', async () => {
    const customer = await stripe.customers.create({ email: 'list@example.com' });
    const ids: string[] = [];
    for (const amount of [100, 200, 300]) {
      ids.push((await stripe.paymentIntents.create({ amount, currency: 'usd', customer: customer.id, metadata: { n: String(amount) } })).id);
    }
    const updated = await stripe.paymentIntents.update(ids[0] as string, { amount: 150, description: 'first', receipt_email: 'r@example.com' });
    expectValid(updated);
    expect(updated).toMatchObject({ amount: 150, description: 'first', receipt_email: 'r@example.com', status: 'requires_payment_method' });
    const page = await stripe.paymentIntents.list({ customer: customer.id, limit: 2 });
    expect(page.data.map((intent) => intent.id)).toEqual([ids[2], ids[1]]);
    expect(page.has_more).toBe(true);
    const next = await stripe.paymentIntents.list({ customer: customer.id, limit: 2, starting_after: ids[1] as string });
    expect(next.data.map((intent) => intent.id)).toEqual([ids[0]]);
    const canceled = await stripe.paymentIntents.cancel(ids[1] as string, { cancellation_reason: 'requested_by_customer' });
    expectValid(canceled);
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'requested_by_customer' });
    expect(canceled.canceled_at).not.toBeNull();
  });
});

function error_payment_intent(error: InstanceType<typeof Stripe.errors.StripeError>): unknown {
  return error.payment_intent;
}

describe('webhooks', () => {
  it('every PaymentIntent and Charge event arrives signed as today', async () => {
    const { customer, paymentMethod } = await saveCard('pm_card_visa');
    const paid = await chargeLater(customer, paymentMethod);
    const canceled = await stripe.paymentIntents.cancel((await stripe.paymentIntents.create({ amount: 100, currency: 'usd' })).id);
    const events: Stripe.Event[] = [];
    for await (const event of stripe.events.list({ limit: 100 })) events.push(event);
    const types = new Set(events.map((event) => event.type));
    for (const type of ['payment_intent.created', 'payment_intent.succeeded', 'payment_intent.payment_failed', 'payment_intent.requires_action', 'payment_intent.canceled', 'charge.succeeded', 'charge.failed']) {
      expect(types.has(type as Stripe.Event.Type)).toBe(true);
    }
    const ours = events.filter((event) => event.type.startsWith('payment_intent.') || event.type.startsWith('charge.'));
    await receiver.received(ours.length);
    const delivered = receiver.requests.map((request) => stripe.webhooks.constructEvent(request.body, request.headers['stripe-signature'] as string, secret));
    const forPaid = delivered.filter((event) => (event.data.object as { id: string; payment_intent?: string }).id === paid.id || (event.data.object as { payment_intent?: string }).payment_intent === paid.id);
    expect(forPaid.map((event) => event.type)).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded']);
    expect(delivered.some((event) => event.type === 'payment_intent.canceled' && (event.data.object as { id: string }).id === canceled.id)).toBe(true);
  });

  it('the validator judges the whole event log, PaymentIntent histories included, as valid', async () => {
    const all: Stripe.Event[] = [];
    for await (const event of stripe.events.list({ limit: 100 })) all.push(event);
    const report = validateEventSequence(all.reverse());
    expect(report.issues).toEqual([]);
    expect(report.stats.payment_intents).toBeGreaterThan(10);
  });
});
