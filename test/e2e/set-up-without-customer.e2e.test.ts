// A card set up by a SetupIntent without a Customer, then attached to one, is charged later: the
// flow of Tryton's account_payment_stripe scenario (SetupIntent, then `customers.create` with the
// PaymentMethod, then an off-session PaymentIntent). Until it is attached it may not be used again.
//
// Sources: Stripe's refusal of a PaymentMethod used without a Customer ends "To use a PaymentMethod
// multiple times, you must attach it to a Customer first" (a live answer quoted in
// Automattic/woocommerce-payments issue #323), and https://docs.stripe.com/api/payment_methods/attach
// recommends setting a PaymentMethod up with a SetupIntent before attaching it.
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentMethodTypes, startEmulator, stripeError } from './support/start-emulator.js';
import type { StartedEmulator } from './support/start-emulator.js';

let started: StartedEmulator;
let stripe: Stripe;

beforeAll(async () => {
  started = await startEmulator({ seed: 3055 });
  stripe = started.stripe();
});
afterAll(async () => {
  await started.close();
});

async function setUpWithoutCustomer(): Promise<string> {
  const setup = await stripe.setupIntents.create({ ...paymentMethodTypes('card'), payment_method: 'pm_card_visa', confirm: true });
  expect(setup.status).toBe('succeeded');
  expect(setup.customer).toBeNull();
  return setup.payment_method as string;
}

describe('a card set up without a Customer', () => {
  it('may not be used again until it is attached to a Customer', async () => {
    const paymentMethod = await setUpWithoutCustomer();
    const again = await stripeError(stripe.setupIntents.create({ ...paymentMethodTypes('card'), payment_method: paymentMethod, confirm: true }));
    expect(again.statusCode).toBe(400);
    expect(again.message).toMatch(/^The provided PaymentMethod was previously used .* you must attach it to a Customer first\.$/);
    const charged = await stripeError(stripe.paymentIntents.create({ amount: 4200, currency: 'usd', payment_method: paymentMethod, confirm: true }));
    expect(charged.statusCode).toBe(400);
    expect(charged.message).toMatch(/^The provided PaymentMethod was previously used/);
  });

  it('is charged off-session once a Customer is created with it', async () => {
    const paymentMethod = await setUpWithoutCustomer();
    const customer = await stripe.customers.create({ payment_method: paymentMethod, name: 'Customer' });
    expect((await stripe.paymentMethods.retrieve(paymentMethod)).customer).toBe(customer.id);
    const payment = await stripe.paymentIntents.create({ amount: 4200, currency: 'usd', customer: customer.id, payment_method: paymentMethod, off_session: true, confirm: true });
    expect(payment.status).toBe('succeeded');
    expect(payment.latest_charge).toMatch(/^ch_/);
  });

  it('stays unusable once detached from its Customer', async () => {
    const paymentMethod = await setUpWithoutCustomer();
    const customer = await stripe.customers.create({ payment_method: paymentMethod });
    await stripe.paymentMethods.detach(paymentMethod);
    const charged = await stripeError(stripe.paymentIntents.create({ amount: 4200, currency: 'usd', customer: customer.id, payment_method: paymentMethod, off_session: true, confirm: true }));
    expect(charged.statusCode).toBe(400);
    expect(charged.message).toMatch(/^The provided PaymentMethod was previously used/);
  });
});
