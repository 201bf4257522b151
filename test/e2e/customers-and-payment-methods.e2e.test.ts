// Customers and PaymentMethods through the official SDK: CRUD, test aliases and tokens, card
// numbers, attach/detach, and how a successful setup attaches the PaymentMethod to the Customer.
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentMethodTypes, startEmulator, stripeError } from './support/start-emulator.js';
import type { StartedEmulator } from './support/start-emulator.js';

let started: StartedEmulator;
let stripe: Stripe;

beforeAll(async () => {
  started = await startEmulator({ seed: 303 });
  stripe = started.stripe();
});
afterAll(async () => {
  await started.close();
});

/** A card PaymentMethod attached to a Customer by setting it up for that Customer. */
async function setUpCardFor(customer: string, alias = 'pm_card_visa'): Promise<string> {
  const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('card'), customer, confirm: true, payment_method: alias });
  expect(intent.status).toBe('succeeded');
  return intent.payment_method as string;
}

describe('customers', () => {
  it('create, retrieve, update and list', async () => {
    const customer = await stripe.customers.create({ email: 'ada@example.com', name: 'Ada', metadata: { tier: 'gold', team: 'a' } });
    expect(customer.id).toMatch(/^cus_/);
    expect(customer.object).toBe('customer');
    expect(customer.email).toBe('ada@example.com');
    expect(customer.name).toBe('Ada');
    expect(customer.metadata).toEqual({ tier: 'gold', team: 'a' });
    expect(customer.livemode).toBe(false);
    expect(customer.created).toBeTypeOf('number');

    const retrieved = await stripe.customers.retrieve(customer.id);
    expect(retrieved).toEqual(customer);

    const updated = await stripe.customers.update(customer.id, { name: 'Ada L.', metadata: { team: '' } });
    expect(updated.name).toBe('Ada L.');
    expect(updated.email).toBe('ada@example.com');
    expect(updated.metadata).toEqual({ tier: 'gold' });

    const other = await stripe.customers.create({ email: 'grace@example.com' });
    const page = await stripe.customers.list({ limit: 2 });
    expect(page.object).toBe('list');
    expect(page.url).toBe('/v1/customers');
    expect(page.data.map((c) => c.id)).toEqual([other.id, customer.id]);
    const byEmail = await stripe.customers.list({ email: 'ada@example.com' });
    expect(byEmail.data.map((c) => c.id)).toEqual([customer.id]);
  });

  it('an unknown customer is 404 resource_missing', async () => {
    const error = await stripeError(stripe.customers.retrieve('cus_doesnotexist'));
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('resource_missing');
    expect(error.message).toBe("No such customer: 'cus_doesnotexist'");
  });

  it('a SetupIntent naming an unknown customer is refused with resource_missing', async () => {
    const error = await stripeError(stripe.setupIntents.create({ ...paymentMethodTypes('card'), customer: 'cus_doesnotexist' }));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('resource_missing');
    expect(error.param).toBe('customer');
  });
});

describe('a successful setup attaches the PaymentMethod to the Customer', () => {
  it('the PaymentMethod shows the customer and is listed for it', async () => {
    const customer = await stripe.customers.create({ email: 'owner@example.com' });
    const pm = await setUpCardFor(customer.id);
    const retrieved = await stripe.paymentMethods.retrieve(pm);
    expect(retrieved.id).toBe(pm);
    expect(retrieved.object).toBe('payment_method');
    expect(retrieved.customer).toBe(customer.id);
    expect(retrieved.type).toBe('card');
    expect(retrieved.card?.last4).toBe('4242');

    const listed = await stripe.customers.listPaymentMethods(customer.id);
    expect(listed.object).toBe('list');
    expect(listed.data.map((p) => p.id)).toEqual([pm]);
    const byCustomer = await stripe.paymentMethods.list({ customer: customer.id, type: 'card' });
    expect(byCustomer.data.map((p) => p.id)).toEqual([pm]);
  });

  it('without a customer the PaymentMethod stays unattached', async () => {
    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('card'), confirm: true, payment_method: 'pm_card_visa' });
    expect((await stripe.paymentMethods.retrieve(intent.payment_method as string)).customer).toBeNull();
  });

  it('a declined setup attaches nothing', async () => {
    const customer = await stripe.customers.create({ email: 'declined@example.com' });
    await stripeError(stripe.setupIntents.create({ ...paymentMethodTypes('card'), customer: customer.id, confirm: true, payment_method: 'pm_card_chargeDeclined' }));
    expect((await stripe.customers.listPaymentMethods(customer.id)).data).toEqual([]);
  });

  it('listing the payment methods of an unknown customer is 404', async () => {
    const error = await stripeError(stripe.customers.listPaymentMethods('cus_doesnotexist'));
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('resource_missing');
  });
});

describe('ownership of payment methods', () => {
  it("confirming with another customer's payment method is refused, and the intent is untouched", async () => {
    const owner = await stripe.customers.create({ email: 'owner2@example.com' });
    const stranger = await stripe.customers.create({ email: 'stranger@example.com' });
    const pm = await setUpCardFor(owner.id);
    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('card'), customer: stranger.id });
    const error = await stripeError(stripe.setupIntents.confirm(intent.id, { payment_method: pm }));
    expect(error).toBeInstanceOf(stripe.errors.StripeInvalidRequestError);
    expect(error.statusCode).toBe(400);
    expect(error.rawType).toBe('invalid_request_error');
    expect(error.param).toBe('payment_method');
    expect(error.code).toBeUndefined();
    expect(error.message).toBe(
      `The PaymentMethod ${pm} does not belong to the Customer you supplied ${stranger.id}. ` +
        'Please use this PaymentMethod with the Customer that it belongs to instead.',
    );
    const after = await stripe.setupIntents.retrieve(intent.id);
    expect(after.status).toBe('requires_payment_method');
    expect(after.latest_attempt).toBeNull();
    expect(after.payment_method).toBeNull();
    expect((await stripe.paymentMethods.retrieve(pm)).customer).toBe(owner.id);
  });

  it("a customer's payment method on an intent without a customer is refused", async () => {
    const owner = await stripe.customers.create({ email: 'owner3@example.com' });
    const pm = await setUpCardFor(owner.id);
    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('card') });
    const error = await stripeError(stripe.setupIntents.confirm(intent.id, { payment_method: pm }));
    expect(error.statusCode).toBe(400);
    expect(error.param).toBe('payment_method');
    expect(error.message).toBe(
      `The payment method supplied (${pm}) belongs to the Customer ${owner.id}. Please include the Customer in the \`customer\` parameter on the SetupIntent.`,
    );
  });

  it('the owner can set up its own payment method again', async () => {
    const owner = await stripe.customers.create({ email: 'owner4@example.com' });
    const pm = await setUpCardFor(owner.id);
    const again = await stripe.setupIntents.create({ ...paymentMethodTypes('card'), customer: owner.id, confirm: true, payment_method: pm });
    expect(again.status).toBe('succeeded');
    expect(again.payment_method).toBe(pm);
  });
});

describe('payment methods', () => {
  it('card[token]=tok_visa creates an unattached Visa card PaymentMethod', async () => {
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
    expect(pm.id).toMatch(/^pm_/);
    expect(pm.object).toBe('payment_method');
    expect(pm.type).toBe('card');
    expect(pm.customer).toBeNull();
    expect(pm.livemode).toBe(false);
    expect(pm.card?.brand).toBe('visa');
    expect(pm.card?.last4).toBe('4242');
    expect(pm.card?.exp_month).toBeTypeOf('number');
    expect(pm.card?.exp_year).toBeTypeOf('number');
    expect(await stripe.paymentMethods.retrieve(pm.id)).toEqual(pm);
  });

  it('an unknown token is refused', async () => {
    const error = await stripeError(stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_doesnotexist' } }));
    expect(error.statusCode).toBe(400);
    expect(error.param).toBe('card[token]');
  });

  it('a test card number creates a card that behaves as its test card: 4000002500003155 needs 3D Secure', async () => {
    const pm = await stripe.paymentMethods.create({
      type: 'card',
      card: { number: '4000002500003155', exp_month: 12, exp_year: 2034, cvc: '123' },
    } as Stripe.PaymentMethodCreateParams);
    expect(pm.card?.last4).toBe('3155');
    expect(pm.card?.exp_month).toBe(12);
    expect(pm.card?.exp_year).toBe(2034);
    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('card'), confirm: true, payment_method: pm.id });
    expect(intent.status).toBe('requires_action');
    expect(intent.payment_method).toBe(pm.id);
  });

  it('a declining test card number is created, and its setup declines with 402', async () => {
    const pm = await stripe.paymentMethods.create({
      type: 'card',
      card: { number: '4000000000009987', exp_month: 1, exp_year: 2035, cvc: '314' },
    } as Stripe.PaymentMethodCreateParams);
    const error = await stripeError(stripe.setupIntents.create({ ...paymentMethodTypes('card'), confirm: true, payment_method: pm.id }));
    expect(error.statusCode).toBe(402);
    expect(error.decline_code).toBe('lost_card');
    expect(error.payment_method?.id).toBe(pm.id);
  });

  it('a card number failing the Luhn check is incorrect_number (402)', async () => {
    const error = await stripeError(
      stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424241', exp_month: 1, exp_year: 2035 } } as Stripe.PaymentMethodCreateParams),
    );
    expect(error).toBeInstanceOf(stripe.errors.StripeCardError);
    expect(error.statusCode).toBe(402);
    expect(error.code).toBe('incorrect_number');
  });

  it('retrieving by the alias pm_card_visa gives a fresh PaymentMethod', async () => {
    const pm = await stripe.paymentMethods.retrieve('pm_card_visa');
    expect(pm.id).toMatch(/^pm_/);
    expect(pm.id).not.toBe('pm_card_visa');
    expect(pm.type).toBe('card');
    expect(pm.card?.last4).toBe('4242');
    expect(pm.customer).toBeNull();
  });

  it('an unknown PaymentMethod is 404 resource_missing', async () => {
    const error = await stripeError(stripe.paymentMethods.retrieve('pm_doesnotexist'));
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('resource_missing');
  });

  it('attach, list by customer, refuse a second owner, detach', async () => {
    const customer = await stripe.customers.create({ email: 'attach@example.com' });
    const other = await stripe.customers.create({ email: 'other@example.com' });
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_mastercard' } });
    const attached = await stripe.paymentMethods.attach(pm.id, { customer: customer.id });
    expect(attached.id).toBe(pm.id);
    expect(attached.customer).toBe(customer.id);
    expect((await stripe.paymentMethods.list({ customer: customer.id })).data.map((p) => p.id)).toEqual([pm.id]);
    expect((await stripe.customers.listPaymentMethods(customer.id)).data.map((p) => p.id)).toEqual([pm.id]);

    const again = await stripe.paymentMethods.attach(pm.id, { customer: customer.id });
    expect(again.customer).toBe(customer.id);
    const taken = await stripeError(stripe.paymentMethods.attach(pm.id, { customer: other.id }));
    expect(taken.statusCode).toBe(400);
    // No code (recorded at 2023-10-16 in spree/spree_stripe spec/vcr/attach_customer_to_credit_card_error.yml).
    expect(taken.code).toBeUndefined();
    expect(taken.message).toBe('The payment method you provided has already been attached to a customer.');

    const detached = await stripe.paymentMethods.detach(pm.id);
    expect(detached.customer).toBeNull();
    expect((await stripe.paymentMethods.retrieve(pm.id)).customer).toBeNull();
    expect((await stripe.customers.listPaymentMethods(customer.id)).data).toEqual([]);
    const twice = await stripeError(stripe.paymentMethods.detach(pm.id));
    expect(twice.statusCode).toBe(400);
    // Recorded live at 2026-08-26.dahlia (test/fixtures/recordings/stripe-world-06-customers-payment-methods.json): no code.
    expect(twice.code).toBeUndefined();
    expect(twice.message).toBe('The payment method you provided is not attached to a customer so detachment is impossible.');
  });

  it('attaching to an unknown customer is refused with resource_missing', async () => {
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
    const error = await stripeError(stripe.paymentMethods.attach(pm.id, { customer: 'cus_doesnotexist' }));
    expect(error.code).toBe('resource_missing');
    expect(error.param).toBe('customer');
  });

  it('an issuer-decline test card cannot be attached to a Customer (402 card_declined)', async () => {
    const customer = await stripe.customers.create({ email: 'decline-attach@example.com' });
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_chargeDeclined' } });
    const error = await stripeError(stripe.paymentMethods.attach(pm.id, { customer: customer.id }));
    expect(error).toBeInstanceOf(stripe.errors.StripeCardError);
    expect(error.statusCode).toBe(402);
    expect(error.code).toBe('card_declined');
    expect(error.decline_code).toBe('generic_decline');
    expect((await stripe.paymentMethods.retrieve(pm.id)).customer).toBeNull();
  });

  it('pm_card_chargeCustomerFail attaches fine (it fails only when charged later)', async () => {
    const customer = await stripe.customers.create({ email: 'fail-later@example.com' });
    const attached = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    expect(attached.customer).toBe(customer.id);
    expect(attached.card?.last4).toBe('0341');
  });

  it('a detached PaymentMethod can be listed by type and is gone from its former customer', async () => {
    const customer = await stripe.customers.create({ email: 'list@example.com' });
    const card = await setUpCardFor(customer.id, 'pm_card_amex');
    const sepa = await stripe.setupIntents.create({
      ...paymentMethodTypes('sepa_debit'),
      customer: customer.id,
      confirm: true,
      payment_method: 'pm_success_de',
      mandate_data: { customer_acceptance: { type: 'online', online: { ip_address: '203.0.113.9', user_agent: 'e2e' } } },
    });
    expect((await stripe.customers.listPaymentMethods(customer.id)).data.map((p) => p.id)).toEqual([sepa.payment_method, card]);
    expect((await stripe.customers.listPaymentMethods(customer.id, { type: 'sepa_debit' })).data.map((p) => p.id)).toEqual([sepa.payment_method]);
    expect((await stripe.paymentMethods.list({ customer: customer.id, type: 'card' })).data.map((p) => p.id)).toEqual([card]);
  });
});
