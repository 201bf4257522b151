// What recordings of live Stripe settled, over the wire through the official SDK: decline advice
// codes, the SetupIntent on ownership refusals, spent PaymentMethods, the detached event's
// previous attributes, keys Stripe always renders, updates after success, and booleans as Python
// clients send them (spec §11, "Settled by recordings of live Stripe").
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLISHABLE_FIELDS } from '../support/publishable-fields.js';
import { validateErrorBody } from '../support/openapi.js';
import { PUBLISHABLE_KEY, errorBody, paymentMethodTypes, plain, startEmulator, stripeError } from './support/start-emulator.js';
import type { StartedEmulator } from './support/start-emulator.js';

let started: StartedEmulator;
let stripe: Stripe;

beforeAll(async () => {
  started = await startEmulator({ seed: 909 });
  stripe = started.stripe();
});
afterAll(async () => {
  await started.close();
});

const PREVIOUSLY_USED =
  'The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected ' +
  'account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod ' +
  'multiple times, you must attach it to a Customer first.';

function cardIntent(params: Stripe.SetupIntentCreateParams = {}): Promise<Stripe.SetupIntent> {
  return stripe.setupIntents.create({ ...paymentMethodTypes('card'), ...params });
}

describe('declines carry advice codes, not payment_method_type', () => {
  it('a generic decline (pm_card_visa_chargeDeclined): advice_code try_again_later, network_decline_code 01, on the error, the intent and the attempt', async () => {
    // Recorded: zulip/zulip corporate/tests/stripe_fixtures/replace_payment_method--SetupIntent.create.2.json
    // (a 402 SetupIntent decline of 4000000000000002 with exactly these keys).
    const intent = await cardIntent();
    const error = await stripeError(stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_visa_chargeDeclined' }));
    expect(error.statusCode).toBe(402);
    expect(error.rawType).toBe('card_error');
    expect(error.code).toBe('card_declined');
    expect(error.decline_code).toBe('generic_decline');
    expect(error.message).toBe('Your card was declined.');
    expect(error.advice_code).toBe('try_again_later');
    expect(error.network_decline_code).toBe('01');
    expect(error.network_advice_code).toBeUndefined();
    expect(error.payment_method_type).toBeUndefined();
    expect(error.payment_method?.id).toMatch(/^pm_/);
    const body = errorBody(error).error;
    expect(Object.keys(body).sort()).toEqual(
      // request_log_url is on every live error body after the version check (test/fixtures/recordings/).
      ['advice_code', 'code', 'decline_code', 'doc_url', 'message', 'network_decline_code', 'payment_method', 'request_log_url', 'setup_intent', 'type'].sort(),
    );
    expect(validateErrorBody(errorBody(error))).toEqual([]);
    const stored = (body['setup_intent'] as Stripe.SetupIntent).last_setup_error;
    expect(stored).toMatchObject({ advice_code: 'try_again_later', network_decline_code: '01' });
    expect(stored).not.toHaveProperty('payment_method_type');

    const after = await stripe.setupIntents.retrieve(intent.id);
    expect(after.last_setup_error).toMatchObject({ advice_code: 'try_again_later', network_decline_code: '01' });
    expect(after.last_setup_error).not.toHaveProperty('payment_method_type');
    const [attempt] = (await stripe.setupAttempts.list({ setup_intent: intent.id })).data;
    expect(attempt?.setup_error).toMatchObject({ advice_code: 'try_again_later', network_decline_code: '01' });
    expect(attempt?.setup_error).not.toHaveProperty('payment_method_type');
  });

  it('an expired card (judgement): advice_code confirm_card_data, network_decline_code 54', async () => {
    // No recording gives these values: the catalogue's judgement follows the advice codes'
    // documented meanings (https://docs.stripe.com/declines/card#retrying-issuer-declines).
    const intent = await cardIntent();
    const error = await stripeError(stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_chargeDeclinedExpiredCard' }));
    // "Your card has expired." is exact (spec §11), with param exp_month (spec §2.6).
    expect(error.message).toBe('Your card has expired.');
    expect(error.param).toBe('exp_month');
    expect(error.advice_code).toBe('confirm_card_data');
    expect(error.network_decline_code).toBe('54');
    expect(error.payment_method_type).toBeUndefined();
  });
});

describe('ownership refusals carry the SetupIntent on update and confirm, not on create', () => {
  // Spec §11: on update and confirm live Stripe embeds the SetupIntent in these refusals.
  async function ownedCard(): Promise<{ readonly owner: Stripe.Customer; readonly pm: string }> {
    const owner = await stripe.customers.create({ email: 'owner@example.com' });
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
    await stripe.paymentMethods.attach(pm.id, { customer: owner.id });
    return { owner, pm: pm.id };
  }

  it('confirm with another customer’s PaymentMethod: 400 with error.setup_intent as it is', async () => {
    const { pm } = await ownedCard();
    const stranger = await stripe.customers.create({ email: 'stranger@example.com' });
    const intent = await cardIntent({ customer: stranger.id });
    const error = await stripeError(stripe.setupIntents.confirm(intent.id, { payment_method: pm }));
    expect(error.statusCode).toBe(400);
    expect(error.param).toBe('payment_method');
    expect(error.message).toBe(
      `The PaymentMethod ${pm} does not belong to the Customer you supplied ${stranger.id}. Please use this PaymentMethod with the Customer that it belongs to instead.`,
    );
    const unchanged = plain(await stripe.setupIntents.retrieve(intent.id));
    expect(error.setup_intent).toEqual(unchanged);
    expect(unchanged.status).toBe('requires_payment_method');
    expect(unchanged.latest_attempt).toBeNull();
    expect(validateErrorBody(errorBody(error))).toEqual([]);
  });

  it('update with a customer’s PaymentMethod on an intent without customer: 400 with error.setup_intent', async () => {
    const { owner, pm } = await ownedCard();
    const intent = await cardIntent();
    const error = await stripeError(stripe.setupIntents.update(intent.id, { payment_method: pm }));
    expect(error.statusCode).toBe(400);
    expect(error.message).toBe(
      `The payment method supplied (${pm}) belongs to the Customer ${owner.id}. Please include the Customer in the \`customer\` parameter on the SetupIntent.`,
    );
    expect(error.setup_intent).toEqual(plain(intent));
  });

  it('create with a customer’s PaymentMethod: the refusal carries no setup_intent', async () => {
    const { pm } = await ownedCard();
    const error = await stripeError(cardIntent({ payment_method: pm }));
    expect(error.statusCode).toBe(400);
    expect(error.param).toBe('payment_method');
    expect(error.setup_intent).toBeUndefined();
  });

  it('a publishable-key confirm sees the embedded SetupIntent in its reduced view', async () => {
    const { pm } = await ownedCard();
    const intent = await cardIntent();
    const publishable = started.stripe(PUBLISHABLE_KEY);
    const params = { payment_method: pm, client_secret: intent.client_secret ?? '' } as Stripe.SetupIntentConfirmParams;
    const error = await stripeError(publishable.setupIntents.confirm(intent.id, params));
    expect(error.statusCode).toBe(400);
    expect(Object.keys(error.setup_intent ?? {}).sort()).toEqual([...PUBLISHABLE_FIELDS]);
  });
});

describe('a PaymentMethod used once without a customer cannot be set up again', () => {
  it('the second confirm is 400 with the recorded message, and the SetupIntent and events stay as they are', async () => {
    // The message and a body of type and message only are quoted from a live answer in
    // Automattic/woocommerce-payments issue #323; the rule for setups is spec §11.
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
    const first = await cardIntent({ confirm: true, payment_method: pm.id });
    expect(first.status).toBe('succeeded');
    const rendered = await stripe.paymentMethods.retrieve(pm.id);
    expect(Object.keys(rendered).sort()).toEqual(Object.keys(pm).sort());
    const second = await cardIntent();
    const eventsBefore = (await stripe.events.list({ limit: 100 })).data.length;
    const error = await stripeError(stripe.setupIntents.confirm(second.id, { payment_method: pm.id }));
    expect(error).toBeInstanceOf(stripe.errors.StripeInvalidRequestError);
    expect(error.statusCode).toBe(400);
    expect(error.message).toBe(PREVIOUSLY_USED);
    expect(errorBody(error).error).toEqual({ type: 'invalid_request_error', message: PREVIOUSLY_USED, request_log_url: expect.stringMatching(/^https:\/\/dashboard\.stripe\.com\/test\/logs\/req_/) });
    const after = await stripe.setupIntents.retrieve(second.id);
    expect(after.status).toBe('requires_payment_method');
    expect(after.payment_method).toBeNull();
    expect(after.latest_attempt).toBeNull();
    expect((await stripe.events.list({ limit: 100 })).data.length).toBe(eventsBefore);
  });

  it('a detached PaymentMethod is refused too; test aliases are fresh every time', async () => {
    const customer = await stripe.customers.create({ email: 'detached@example.com' });
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
    await stripe.paymentMethods.attach(pm.id, { customer: customer.id });
    await stripe.paymentMethods.detach(pm.id);
    const error = await stripeError(cardIntent({ confirm: true, payment_method: pm.id }));
    expect(error.statusCode).toBe(400);
    expect(error.message).toBe(PREVIOUSLY_USED);
    for (let i = 0; i < 2; i++) {
      expect((await cardIntent({ confirm: true, payment_method: 'pm_card_visa' })).status).toBe('succeeded');
    }
  });
});

describe('payment_method.detached', () => {
  it('carries data.previous_attributes.customer', async () => {
    // Spec §11, settled by recordings of live Stripe.
    const customer = await stripe.customers.create({ email: 'previous@example.com' });
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
    await stripe.paymentMethods.attach(pm.id, { customer: customer.id });
    await stripe.paymentMethods.detach(pm.id);
    const events = (await stripe.events.list({ type: 'payment_method.*', limit: 100 })).data.filter(
      (event) => (event.data.object as { id?: string }).id === pm.id,
    );
    expect(events.map((event) => event.type)).toEqual(['payment_method.detached', 'payment_method.attached']);
    const [detached, attached] = events;
    expect(detached?.data.previous_attributes).toEqual({ customer: customer.id });
    expect((detached?.data.object as Stripe.PaymentMethod).customer).toBeNull();
    expect(attached?.data.previous_attributes).toBeUndefined();
  });
});

// Recorded at 2026-08-26.dahlia (test/fixtures/recordings/stripe-world-10-setup-intents.json,
// stripe-world-06-customers-payment-methods.json).
describe('keys live Stripe always renders', () => {
  it('every SetupIntent has customer_account, flow_directions and managed_payments', async () => {
    const intent = await cardIntent();
    expect(intent.customer_account).toBeNull();
    expect(intent.flow_directions).toBeNull();
    expect(intent.managed_payments).toEqual({ enabled: false });
    const listed = await stripe.setupIntents.list({ limit: 1 });
    expect(listed.data[0]?.managed_payments).toEqual({ enabled: false });
  });

  it('every PaymentMethod has allow_redisplay, an address of nulls, and shared_payment_granted_token', async () => {
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
    expect(pm.allow_redisplay).toBe('unspecified');
    expect(pm.billing_details.address).toEqual({ city: null, country: null, line1: null, line2: null, postal_code: null, state: null });
    expect((plain(pm) as unknown as Record<string, unknown>)['shared_payment_granted_token']).toBeNull();
    // A new card is unchecked until it is used (recorded: "unchecked", then "pass" after attach or confirm).
    expect(pm.card?.checks?.cvc_check).toBe('unchecked');
    const confirmed = await cardIntent({ confirm: true, payment_method: pm.id });
    expect(confirmed.status).toBe('succeeded');
    expect((await stripe.paymentMethods.retrieve(pm.id)).card?.checks?.cvc_check).toBe('pass');
  });
});

// Recorded at 2026-08-26.dahlia (test/fixtures/recordings/stripe-world-10-setup-intents.json).
describe('a succeeded SetupIntent', () => {
  it('takes metadata, description and customer, with no event, and refuses a payment method', async () => {
    const done = await cardIntent({ confirm: true, payment_method: 'pm_card_visa' });
    const customer = await stripe.customers.create({ email: 'late@example.com' });
    const eventsBefore = (await stripe.events.list({ limit: 100 })).data.length;
    const updated = await stripe.setupIntents.update(done.id, { metadata: { order: '42' }, description: 'kept', customer: customer.id });
    expect(updated).toMatchObject({ status: 'succeeded', metadata: { order: '42' }, description: 'kept', customer: customer.id });
    expect((await stripe.events.list({ limit: 100 })).data.length).toBe(eventsBefore);
    const refused = await stripeError(stripe.setupIntents.update(done.id, { payment_method: 'pm_card_visa' }));
    expect(refused.code).toBe('setup_intent_unexpected_state');
    expect(refused.message).toBe('You cannot update this SetupIntent because it has already succeeded.');
  });
});

describe('booleans as stripe-python 5 sends them', () => {
  it('confirm=True creates and confirms, automatic_payment_methods[enabled]=True turns them on', async () => {
    const created = await started.raw('POST', '/v1/setup_intents', {
      form: { confirm: 'True', payment_method: 'pm_card_visa', 'payment_method_types[0]': 'card' },
    });
    expect(created.status).toBe(200);
    expect(created.body.status).toBe('succeeded');
    const automatic = await started.raw('POST', '/v1/setup_intents', {
      form: { 'automatic_payment_methods[enabled]': 'True', 'automatic_payment_methods[allow_redirects]': 'never', confirm: 'False' },
    });
    expect(automatic.status).toBe(200);
    expect(automatic.body.automatic_payment_methods).toEqual({ allow_redirects: 'never', enabled: true });
  });
});
