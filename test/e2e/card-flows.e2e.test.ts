// Card setups through the official SDK: straight success, 3D Secure (redirect and SDK next
// actions, then the Stripe-side test helpers), declines answered 402 and persisted, create+confirm.
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateErrorBody, validateSetupAttempt, validateSetupIntent } from '../support/openapi.js';
import { errorBody, paymentMethodTypes, plain, startEmulator, stripeError } from './support/start-emulator.js';
import type { StartedEmulator } from './support/start-emulator.js';

const RETURN_URL = 'https://shop.example/setup/return';

let started: StartedEmulator;
let stripe: Stripe;

beforeAll(async () => {
  started = await startEmulator({ seed: 101 });
  stripe = started.stripe();
});
afterAll(async () => {
  await started.close();
});

/** Calls a SetupIntent test helper (`succeed`, `fail`, `expire`) and returns the SetupIntent it answers. */
function helper(id: string, step: 'succeed' | 'fail' | 'expire'): Promise<Stripe.SetupIntent> {
  return stripe.rawRequest('POST', `/v1/test_helpers/setup_intents/${id}/${step}`, {}) as Promise<Stripe.SetupIntent>;
}

function expectValid(intent: Stripe.SetupIntent): void {
  expect(validateSetupIntent(plain(intent))).toEqual([]);
}

async function cardIntent(params: Stripe.SetupIntentCreateParams = {}): Promise<Stripe.SetupIntent> {
  return stripe.setupIntents.create({ ...paymentMethodTypes('card'), ...params });
}

describe('a card that needs no authentication', () => {
  it('a fresh card SetupIntent has the documented defaults', async () => {
    const intent = await cardIntent();
    expectValid(intent);
    expect(intent.id).toMatch(/^seti_/);
    expect(intent.object).toBe('setup_intent');
    expect(intent.client_secret).toMatch(new RegExp(`^${intent.id}_secret_`));
    expect(intent.status).toBe('requires_payment_method');
    expect(intent.livemode).toBe(false);
    expect(intent.usage).toBe('off_session');
    expect(intent.payment_method_types).toEqual(['card']);
    expect(intent.payment_method).toBeNull();
    expect(intent.latest_attempt).toBeNull();
    expect(intent.next_action).toBeNull();
    expect(intent.last_setup_error).toBeNull();
    expect(intent.mandate).toBeNull();
    expect(intent.cancellation_reason).toBeNull();
    expect(intent.metadata).toEqual({});
    expect(intent.payment_method_options?.card?.request_three_d_secure).toBe('automatic');
  });

  it('pm_card_visa with a customer succeeds on confirm, with a succeeded SetupAttempt', async () => {
    const customer = await stripe.customers.create({ email: 'card@example.com' });
    const intent = await cardIntent({ customer: customer.id });
    const confirmed = await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
    expectValid(confirmed);
    expect(confirmed.id).toBe(intent.id);
    expect(confirmed.status).toBe('succeeded');
    expect(confirmed.payment_method).toMatch(/^pm_/);
    expect(confirmed.payment_method).not.toBe('pm_card_visa');
    expect(confirmed.latest_attempt).toMatch(/^setatt_/);
    expect(confirmed.next_action).toBeNull();
    expect(confirmed.last_setup_error).toBeNull();
    expect(confirmed.mandate).toBeNull();
    expect(confirmed.customer).toBe(customer.id);

    const attempts = await stripe.setupAttempts.list({ setup_intent: intent.id });
    expect(attempts.data).toHaveLength(1);
    const attempt = attempts.data[0] as Stripe.SetupAttempt;
    expect(validateSetupAttempt(plain(attempt))).toEqual([]);
    expect(attempt.id).toBe(confirmed.latest_attempt);
    expect(attempt.status).toBe('succeeded');
    expect(attempt.setup_intent).toBe(intent.id);
    expect(attempt.payment_method).toBe(confirmed.payment_method);
    expect(attempt.customer).toBe(customer.id);
    expect(attempt.payment_method_details.type).toBe('card');
    expect(attempt.payment_method_details.card?.last4).toBe('4242');
    expect(attempt.payment_method_details.card?.brand).toBe('visa');
    expect(attempt.setup_error).toBeNull();
  });

  it('create with payment_method waits in requires_confirmation, and a bare confirm completes it', async () => {
    const intent = await cardIntent({ payment_method: 'pm_card_mastercard' });
    expect(intent.status).toBe('requires_confirmation');
    expect(intent.payment_method).toMatch(/^pm_/);
    const confirmed = await stripe.setupIntents.confirm(intent.id);
    expect(confirmed.status).toBe('succeeded');
    expect(confirmed.payment_method).toBe(intent.payment_method);
  });

  it('create with confirm: true sets the card up in one call', async () => {
    const intent = await cardIntent({ confirm: true, payment_method: 'pm_card_visa' });
    expectValid(intent);
    expect(intent.status).toBe('succeeded');
    expect(intent.latest_attempt).toMatch(/^setatt_/);
    expect((await stripe.setupIntents.retrieve(intent.id)).status).toBe('succeeded');
  });

  it('pm_card_amex_threeDSecureNotSupported carries on without authentication even when 3DS is requested', async () => {
    const intent = await cardIntent({ payment_method_options: { card: { request_three_d_secure: 'challenge' } } });
    const confirmed = await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_amex_threeDSecureNotSupported' });
    expect(confirmed.status).toBe('succeeded');
  });
});

describe('3D Secure', () => {
  it('with a return_url: requires_action with redirect_to_url, then the succeed helper completes it', async () => {
    const intent = await cardIntent({ payment_method: 'pm_card_authenticationRequiredOnSetup' });
    expect(intent.status).toBe('requires_confirmation');
    const waiting = await stripe.setupIntents.confirm(intent.id, { return_url: RETURN_URL });
    expectValid(waiting);
    expect(waiting.status).toBe('requires_action');
    expect(waiting.next_action?.type).toBe('redirect_to_url');
    expect(waiting.next_action?.redirect_to_url?.return_url).toBe(RETURN_URL);
    expect(waiting.next_action?.redirect_to_url?.url).toMatch(/^https?:\/\//);
    expect(waiting.payment_method).toBe(intent.payment_method);
    expect(waiting.latest_attempt).toMatch(/^setatt_/);

    const [attempt] = (await stripe.setupAttempts.list({ setup_intent: intent.id })).data;
    expect(attempt?.status).toBe('requires_action');

    const done = await helper(intent.id, 'succeed');
    expectValid(done);
    expect(done.status).toBe('succeeded');
    expect(done.next_action).toBeNull();
    expect(done.last_setup_error).toBeNull();
    expect(done.latest_attempt).toBe(waiting.latest_attempt);
    const retrieved = await stripe.setupIntents.retrieve(intent.id);
    expect(retrieved.status).toBe('succeeded');
    const [settled] = (await stripe.setupAttempts.list({ setup_intent: intent.id })).data;
    expect(settled?.status).toBe('succeeded');
    expect(settled?.payment_method_details.card?.three_d_secure?.result).toBe('authenticated');
  });

  it('without a return_url the next action is use_stripe_sdk', async () => {
    const intent = await cardIntent();
    const waiting = await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_threeDSecure2Required' });
    expectValid(waiting);
    expect(waiting.status).toBe('requires_action');
    expect(waiting.next_action?.type).toBe('use_stripe_sdk');
    expect(waiting.next_action?.use_stripe_sdk).toBeTypeOf('object');
    expect(waiting.next_action?.redirect_to_url).toBeUndefined();
  });

  it('use_stripe_sdk: true asks for use_stripe_sdk even with a return_url', async () => {
    const intent = await cardIntent();
    const waiting = await stripe.setupIntents.confirm(intent.id, {
      payment_method: 'pm_card_authenticationRequired',
      return_url: RETURN_URL,
      use_stripe_sdk: true,
    });
    expect(waiting.next_action?.type).toBe('use_stripe_sdk');
  });

  it('create with confirm: true and a 3DS card answers requires_action', async () => {
    const intent = await cardIntent({ confirm: true, payment_method: 'pm_card_authenticationRequired', return_url: RETURN_URL });
    expect(intent.status).toBe('requires_action');
    expect(intent.next_action?.type).toBe('redirect_to_url');
  });

  it("request_three_d_secure 'any' makes pm_card_threeDSecureOptional authenticate", async () => {
    const intent = await cardIntent();
    const waiting = await stripe.setupIntents.confirm(intent.id, {
      payment_method: 'pm_card_threeDSecureOptional',
      payment_method_options: { card: { request_three_d_secure: 'any' } },
    });
    expect(waiting.status).toBe('requires_action');
    const plainIntent = await cardIntent({ confirm: true, payment_method: 'pm_card_threeDSecureOptional' });
    expect(plainIntent.status).toBe('succeeded');
  });

  it('the fail helper returns it to requires_payment_method with setup_intent_authentication_failure; another card then succeeds', async () => {
    const intent = await cardIntent();
    const waiting = await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_authenticationRequired', return_url: RETURN_URL });
    const failed = await helper(intent.id, 'fail');
    expectValid(failed);
    expect(failed.status).toBe('requires_payment_method');
    expect(failed.next_action).toBeNull();
    expect(failed.payment_method).toBeNull();
    expect(failed.last_setup_error?.type).toBe('invalid_request_error');
    expect(failed.last_setup_error?.code).toBe('setup_intent_authentication_failure');
    expect(failed.last_setup_error?.payment_method?.id).toBe(waiting.payment_method);
    const [attempt] = (await stripe.setupAttempts.list({ setup_intent: intent.id })).data;
    expect(attempt?.status).toBe('failed');
    expect(attempt?.setup_error?.code).toBe('setup_intent_authentication_failure');

    const retried = await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
    expect(retried.status).toBe('succeeded');
    expect(retried.last_setup_error).toBeNull();
  });

  it('the expire helper returns it to requires_payment_method with setup_intent_setup_attempt_expired', async () => {
    const intent = await cardIntent();
    await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_authenticationRequired' });
    const expired = await helper(intent.id, 'expire');
    expectValid(expired);
    expect(expired.status).toBe('requires_payment_method');
    expect(expired.next_action).toBeNull();
    expect(expired.payment_method).toBeNull();
    expect(expired.last_setup_error?.code).toBe('setup_intent_setup_attempt_expired');
  });

  it('3DS then a decline: pm_card_threeDSecureRequiredChargeDeclined ends in requires_payment_method after authenticating', async () => {
    const intent = await cardIntent();
    const waiting = await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_threeDSecureRequiredChargeDeclined' });
    expect(waiting.status).toBe('requires_action');
    const after = await helper(intent.id, 'succeed');
    expect(after.status).toBe('requires_payment_method');
    expect(after.last_setup_error?.type).toBe('card_error');
    expect(after.last_setup_error?.code).toBe('card_declined');
    expect(after.last_setup_error?.decline_code).toBe('generic_decline');
  });

  it('re-confirming a requires_action intent with another card abandons the waiting attempt', async () => {
    const intent = await cardIntent();
    const waiting = await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_authenticationRequired' });
    const done = await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
    expect(done.status).toBe('succeeded');
    expect(done.latest_attempt).not.toBe(waiting.latest_attempt);
    const attempts = (await stripe.setupAttempts.list({ setup_intent: intent.id })).data;
    expect(attempts.map((attempt) => [attempt.id, attempt.status])).toEqual([
      [done.latest_attempt, 'succeeded'],
      [waiting.latest_attempt, 'abandoned'],
    ]);
  });

  it('a test helper on an intent that waits on nothing is refused with setup_intent_unexpected_state', async () => {
    const intent = await cardIntent();
    const error = await stripeError(helper(intent.id, 'succeed'));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('setup_intent_unexpected_state');
    expect((await stripe.setupIntents.retrieve(intent.id)).status).toBe('requires_payment_method');
  });

  it('a test helper on an unknown SetupIntent is 404', async () => {
    const error = await stripeError(helper('seti_doesnotexist', 'succeed'));
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('resource_missing');
  });
});

describe('update and cancel', () => {
  it('update merges metadata, unsets keys sent empty, and sets the description', async () => {
    const intent = await cardIntent({ metadata: { order: '1', cart: 'x' } });
    const updated = await stripe.setupIntents.update(intent.id, { description: 'Card for order 1', metadata: { cart: '', note: 'hi' } });
    expectValid(updated);
    expect(updated.description).toBe('Card for order 1');
    expect(updated.metadata).toEqual({ order: '1', note: 'hi' });
    expect(updated.status).toBe('requires_payment_method');
    const cleared = await stripe.setupIntents.update(intent.id, { metadata: '' });
    expect(cleared.metadata).toEqual({});
  });

  it('cancel of a requires_action intent: canceled, next_action cleared, payment_method kept; confirm then refused', async () => {
    const intent = await cardIntent();
    const waiting = await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_authenticationRequired', return_url: RETURN_URL });
    const canceled = await stripe.setupIntents.cancel(intent.id);
    expectValid(canceled);
    expect(canceled.status).toBe('canceled');
    expect(canceled.cancellation_reason).toBeNull();
    expect(canceled.next_action).toBeNull();
    expect(canceled.payment_method).toBe(waiting.payment_method);
    const error = await stripeError(stripe.setupIntents.confirm(intent.id));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('setup_intent_unexpected_state');
    expect(error.message).toBe('You cannot confirm this SetupIntent because it has been canceled.');
    const helperError = await stripeError(helper(intent.id, 'succeed'));
    expect(helperError.statusCode).toBe(400);
    expect((await stripe.setupIntents.retrieve(intent.id)).status).toBe('canceled');
  });
});

// Spec §5.2: alias, code, decline_code (the code itself when the issuer gives none).
const DECLINES = [
  ['pm_card_visa_chargeDeclined', 'card_declined', 'generic_decline'],
  ['pm_card_chargeDeclined', 'card_declined', 'generic_decline'],
  ['pm_card_visa_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds'],
  ['pm_card_visa_chargeDeclinedLostCard', 'card_declined', 'lost_card'],
  ['pm_card_visa_chargeDeclinedStolenCard', 'card_declined', 'stolen_card'],
  ['pm_card_visa_chargeDeclinedVelocityLimitExceeded', 'card_declined', 'card_velocity_exceeded'],
  ['pm_card_chargeDeclinedExpiredCard', 'expired_card', 'expired_card'],
  ['pm_card_chargeDeclinedIncorrectCvc', 'incorrect_cvc', 'incorrect_cvc'],
  ['pm_card_chargeDeclinedProcessingError', 'processing_error', 'processing_error'],
] as const;

describe('declines answer 402 and are persisted', () => {
  for (const [alias, code, declineCode] of DECLINES) {
    it(`${alias}: StripeCardError ${code}/${declineCode}, the intent falls back to requires_payment_method`, async () => {
      const intent = await cardIntent();
      const error = await stripeError(stripe.setupIntents.confirm(intent.id, { payment_method: alias }));
      expect(error).toBeInstanceOf(stripe.errors.StripeCardError);
      expect(error.type).toBe('StripeCardError');
      expect(error.rawType).toBe('card_error');
      expect(error.statusCode).toBe(402);
      expect(error.code).toBe(code);
      expect(error.decline_code).toBe(declineCode);
      expect(error.doc_url).toBe(`https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`);
      expect(error.payment_method?.id).toMatch(/^pm_/);
      // Recorded declines carry no payment_method_type (zulip/zulip corporate/tests/stripe_fixtures/
      // replace_payment_method--SetupIntent.create.2.json).
      expect(error.payment_method_type).toBeUndefined();
      expect(error.setup_intent?.id).toBe(intent.id);
      expect(error.setup_intent?.status).toBe('requires_payment_method');
      expect(validateErrorBody(errorBody(error))).toEqual([]);

      const after = await stripe.setupIntents.retrieve(intent.id);
      expectValid(after);
      expect(after.status).toBe('requires_payment_method');
      expect(after.payment_method).toBeNull();
      expect(after.next_action).toBeNull();
      expect(after.last_setup_error?.type).toBe('card_error');
      expect(after.last_setup_error?.code).toBe(code);
      expect(after.last_setup_error?.decline_code).toBe(declineCode);
      expect(after.latest_attempt).toMatch(/^setatt_/);
      const [attempt] = (await stripe.setupAttempts.list({ setup_intent: intent.id })).data;
      expect(attempt?.status).toBe('failed');
      expect(attempt?.setup_error?.code).toBe(code);
    });
  }

  it('a retry with pm_card_visa after a decline succeeds and clears last_setup_error', async () => {
    const intent = await cardIntent();
    await stripeError(stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_chargeDeclined' }));
    const retried = await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
    expect(retried.status).toBe('succeeded');
    expect(retried.last_setup_error).toBeNull();
    const attempts = (await stripe.setupAttempts.list({ setup_intent: intent.id })).data;
    expect(attempts.map((attempt) => attempt.status)).toEqual(['succeeded', 'failed']);
  });

  it('create with confirm: true and a declining card answers 402, yet the SetupIntent exists', async () => {
    const error = await stripeError(cardIntent({ confirm: true, payment_method: 'pm_card_visa_chargeDeclinedInsufficientFunds' }));
    expect(error.statusCode).toBe(402);
    expect(error.code).toBe('card_declined');
    expect(error.decline_code).toBe('insufficient_funds');
    const id = error.setup_intent?.id;
    expect(id).toMatch(/^seti_/);
    const stored = await stripe.setupIntents.retrieve(id ?? '');
    expect(stored.status).toBe('requires_payment_method');
    expect(stored.last_setup_error?.decline_code).toBe('insufficient_funds');
  });
});
