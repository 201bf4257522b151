// Keys and errors over the wire: the publishable key's client_secret access and reduced view,
// secret-only endpoints, missing and malformed keys, Basic auth, and the error envelope
// (unknown routes, wrong states, unknown parameters), with a Request-Id on every response.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLISHABLE_FIELDS } from '../support/publishable-fields.js';
import { validateErrorBody, validateSetupIntent } from '../support/openapi.js';
import { PUBLISHABLE_KEY, errorBody, paymentMethodTypes, plain, startEmulator, stripeError } from './support/start-emulator.js';
import type { StartedEmulator } from './support/start-emulator.js';

const MANDATE_DATA: Stripe.SetupIntentCreateParams.MandateData = {
  customer_acceptance: { type: 'online', online: { ip_address: '203.0.113.7', user_agent: 'Mozilla/5.0 (e2e)' } },
};
const MISSING_PM =
  "You cannot confirm this SetupIntent because it's missing a payment method. You can either update the SetupIntent " +
  'with a payment method and then confirm it again, or confirm it again directly with a payment method or ConfirmationToken.';

let started: StartedEmulator;
let stripe: Stripe;
let publishable: Stripe;

beforeAll(async () => {
  started = await startEmulator({ seed: 404 });
  stripe = started.stripe();
  publishable = started.stripe(PUBLISHABLE_KEY);
});
afterAll(async () => {
  await started.close();
});

async function customerIntent(params: Stripe.SetupIntentCreateParams = {}): Promise<Stripe.SetupIntent> {
  const customer = await stripe.customers.create({ email: 'pk@example.com' });
  return stripe.setupIntents.create({ ...paymentMethodTypes('card'), customer: customer.id, description: 'pk view', metadata: { order: '42' }, ...params });
}

/** Confirm parameters with the client_secret, which the SDK's confirm types leave out. */
function withSecret(secret: string | null, params: Stripe.SetupIntentConfirmParams = {}): Stripe.SetupIntentConfirmParams {
  return { ...params, client_secret: secret ?? '' } as Stripe.SetupIntentConfirmParams;
}

describe('a publishable key', () => {
  it('retrieves with the client_secret and sees only the publishable subset', async () => {
    const intent = await customerIntent();
    const seen = await publishable.setupIntents.retrieve(intent.id, { client_secret: intent.client_secret ?? '' });
    expect(Object.keys(plain(seen)).sort()).toEqual(PUBLISHABLE_FIELDS);
    expect(seen).not.toHaveProperty('customer');
    expect(seen).not.toHaveProperty('metadata');
    expect(seen).not.toHaveProperty('payment_method_options');
    expect(seen).not.toHaveProperty('latest_attempt');
    expect(seen.id).toBe(intent.id);
    expect(seen.client_secret).toBe(intent.client_secret);
    expect(seen.description).toBe('pk view');
    expect(seen.status).toBe('requires_payment_method');
    expect(validateSetupIntent(plain(seen))).toEqual([]);
  });

  it('cannot retrieve without the client_secret, nor with a wrong one: 404 as if it did not exist', async () => {
    const intent = await customerIntent();
    for (const params of [{}, { client_secret: `${intent.id}_secret_wrong` }]) {
      const error = await stripeError(publishable.setupIntents.retrieve(intent.id, params));
      expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(error.statusCode).toBe(404);
      expect(error.code).toBe('resource_missing');
      expect(error.param).toBe('intent');
      expect(error.message).toBe(`No such setupintent: '${intent.id}'`);
    }
  });

  it('confirms with the client_secret and gets the publishable view back', async () => {
    const intent = await customerIntent();
    const confirmed = await publishable.setupIntents.confirm(intent.id, withSecret(intent.client_secret, { payment_method: 'pm_card_visa' }));
    expect(confirmed.status).toBe('succeeded');
    expect(Object.keys(plain(confirmed)).sort()).toEqual(PUBLISHABLE_FIELDS);
    const full = await stripe.setupIntents.retrieve(intent.id);
    expect(full.status).toBe('succeeded');
    expect(full.customer).toBe(intent.customer);
    expect((await stripe.paymentMethods.retrieve(full.payment_method as string)).customer).toBe(intent.customer);
  });

  it('a decline with the publishable key answers 402 and the error carries the publishable view', async () => {
    const intent = await customerIntent();
    const error = await stripeError(publishable.setupIntents.confirm(intent.id, withSecret(intent.client_secret, { payment_method: 'pm_card_chargeDeclined' })));
    expect(error.statusCode).toBe(402);
    expect(error.code).toBe('card_declined');
    expect(error.setup_intent?.id).toBe(intent.id);
    expect(error.setup_intent).not.toHaveProperty('customer');
    expect(error.setup_intent).not.toHaveProperty('metadata');
  });

  it('a refusal with the publishable key carries the publishable view too', async () => {
    const intent = await customerIntent();
    await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
    const error = await stripeError(publishable.setupIntents.confirm(intent.id, withSecret(intent.client_secret)));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('setup_intent_unexpected_state');
    expect(error.setup_intent?.status).toBe('succeeded');
    expect(error.setup_intent).not.toHaveProperty('customer');
    expect(error.setup_intent).not.toHaveProperty('metadata');
  });

  it('cannot confirm without the client_secret (404)', async () => {
    const intent = await customerIntent();
    const error = await stripeError(publishable.setupIntents.confirm(intent.id, { payment_method: 'pm_card_visa' }));
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('resource_missing');
    expect((await stripe.setupIntents.retrieve(intent.id)).status).toBe('requires_payment_method');
  });

  it('verifies microdeposits with the client_secret', async () => {
    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('us_bank_account') });
    await stripe.setupIntents.confirm(intent.id, {
      payment_method_data: { type: 'us_bank_account', us_bank_account: { account_number: '000123456789', routing_number: '110000000', account_holder_type: 'individual' } },
      mandate_data: MANDATE_DATA,
    });
    const refused = await stripeError(publishable.setupIntents.verifyMicrodeposits(intent.id, { amounts: [32, 45] }));
    expect(refused.statusCode).toBe(404);
    const verified = await publishable.setupIntents.verifyMicrodeposits(intent.id, {
      amounts: [32, 45],
      client_secret: intent.client_secret ?? '',
    } as Stripe.SetupIntentVerifyMicrodepositsParams);
    expect(verified.status).toBe('succeeded');
    expect(verified).not.toHaveProperty('mandate');
  });

  it('cannot create, list, update or cancel: 401 secret_key_required', async () => {
    const intent = await customerIntent();
    const calls: Promise<unknown>[] = [
      publishable.setupIntents.create({ ...paymentMethodTypes('card') }),
      publishable.setupIntents.list(),
      publishable.setupIntents.update(intent.id, { description: 'changed' }),
      publishable.setupIntents.cancel(intent.id),
    ];
    for (const call of calls) {
      const error = await stripeError(call);
      expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
      expect(error.type).toBe('StripeAuthenticationError');
      expect(error.statusCode).toBe(401);
      expect(error.code).toBe('secret_key_required');
      expect(error.requestId).toMatch(/^req_/);
    }
    const after = await stripe.setupIntents.retrieve(intent.id);
    expect(after.status).toBe('requires_payment_method');
    expect(after.description).toBe('pk view');
  });

  it('cannot read events, list attempts, manage customers or drive test helpers either (401)', async () => {
    const intent = await customerIntent();
    const calls: Promise<unknown>[] = [
      publishable.events.list(),
      publishable.setupAttempts.list({ setup_intent: intent.id }),
      publishable.customers.create({ email: 'pk@example.com' }),
      publishable.rawRequest('POST', `/v1/test_helpers/setup_intents/${intent.id}/succeed`, {}),
    ];
    for (const call of calls) {
      const error = await stripeError(call);
      expect(error.statusCode).toBe(401);
      expect(error.code).toBe('secret_key_required');
    }
  });

  it('can create a PaymentMethod, as Stripe.js does', async () => {
    const pm = await publishable.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
    expect(pm.id).toMatch(/^pm_/);
  });
});

describe('authentication', () => {
  it('no key at all is 401 invalid_request_error', async () => {
    const answer = await started.raw('GET', '/v1/setup_intents', { authorization: null });
    expect(answer.status).toBe(401);
    expect(answer.body.error.type).toBe('invalid_request_error');
    expect(answer.body.error.message).toMatch(/You did not provide an API key/);
    expect(answer.headers.get('request-id')).toMatch(/^req_/);
    expect(validateErrorBody(answer.body)).toEqual([]);
  });

  it('a malformed key is StripeAuthenticationError (401)', async () => {
    for (const key of ['not_a_key', 'sk_test_', 'xx_test_123']) {
      const error = await stripeError(started.stripe(key).setupIntents.list());
      expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
      expect(error.statusCode).toBe(401);
      expect(error.rawType).toBe('invalid_request_error');
      expect(error.message).toMatch(/^Invalid API Key provided/);
    }
  });

  it('a live key is refused by the test-mode emulator (401)', async () => {
    const error = await stripeError(started.stripe('sk_live_123456789').setupIntents.list());
    expect(error.statusCode).toBe(401);
  });

  it('an Authorization header that is neither Bearer nor Basic is 401', async () => {
    const answer = await started.raw('GET', '/v1/setup_intents', { authorization: 'Token sk_test_123' });
    expect(answer.status).toBe(401);
    expect(answer.body.error.type).toBe('invalid_request_error');
  });

  it('Basic auth with the key as user name works', async () => {
    const intent = await customerIntent();
    const basic = `Basic ${Buffer.from('sk_test_x:').toString('base64')}`;
    const answer = await started.raw('GET', `/v1/setup_intents/${intent.id}`, { authorization: basic });
    expect(answer.status).toBe(200);
    expect(answer.body.id).toBe(intent.id);
    expect(answer.body.object).toBe('setup_intent');
    expect(answer.body.customer).toBe(intent.customer);
    const created = await started.raw('POST', '/v1/setup_intents', { authorization: basic, form: { 'payment_method_types[]': 'card' } });
    expect(created.status).toBe(200);
    expect(created.body.status).toBe('requires_payment_method');
  });

  it('any test secret key works, the SDK sending it as a Bearer token', async () => {
    const list = await started.stripe('sk_test_another_key').setupIntents.list({ limit: 1 });
    expect(list.object).toBe('list');
  });
});

describe('the error envelope', () => {
  it('an unknown route is 404 invalid_request_error', async () => {
    const answer = await started.raw('GET', '/v1/unknown_things');
    expect(answer.status).toBe(404);
    expect(answer.body.error.type).toBe('invalid_request_error');
    expect(answer.body.error.message).toMatch(/^Unrecognized request URL \(GET: \/v1\/unknown_things\)/);
    expect(answer.headers.get('request-id')).toMatch(/^req_/);
    expect(validateErrorBody(answer.body)).toEqual([]);
    const error = await stripeError(stripe.rawRequest('POST', '/v1/setup_intents/seti_123/explode', {}));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.statusCode).toBe(404);
  });

  it('an unknown SetupIntent is 404 resource_missing with param intent', async () => {
    const error = await stripeError(stripe.setupIntents.retrieve('seti_doesnotexist'));
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('resource_missing');
    expect(error.param).toBe('intent');
    expect(error.message).toBe("No such setupintent: 'seti_doesnotexist'");
    expect(error.doc_url).toBe('https://stripe.com/docs/error-codes/resource-missing');
    expect(validateErrorBody(errorBody(error))).toEqual([]);
  });

  it('cancel of a succeeded intent is 400 setup_intent_unexpected_state carrying the intent', async () => {
    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('card'), confirm: true, payment_method: 'pm_card_visa' });
    const error = await stripeError(stripe.setupIntents.cancel(intent.id));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.statusCode).toBe(400);
    expect(error.rawType).toBe('invalid_request_error');
    expect(error.code).toBe('setup_intent_unexpected_state');
    expect(error.message).toMatch(/^You cannot cancel this SetupIntent because it has a status of succeeded\. Only a SetupIntent with one of the following statuses may be canceled: /);
    expect(error.setup_intent?.id).toBe(intent.id);
    expect(error.setup_intent?.status).toBe('succeeded');
    expect(validateErrorBody(errorBody(error))).toEqual([]);
    expect((await stripe.setupIntents.retrieve(intent.id)).status).toBe('succeeded');
  });

  it('confirm of a succeeded intent, and a second cancel, are setup_intent_unexpected_state', async () => {
    const done = await stripe.setupIntents.create({ ...paymentMethodTypes('card'), confirm: true, payment_method: 'pm_card_visa' });
    const confirm = await stripeError(stripe.setupIntents.confirm(done.id));
    expect(confirm.code).toBe('setup_intent_unexpected_state');
    expect(confirm.message).toBe('You cannot confirm this SetupIntent because it has already succeeded.');

    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('card') });
    const canceled = await stripe.setupIntents.cancel(intent.id, { cancellation_reason: 'requested_by_customer' });
    expect(canceled.status).toBe('canceled');
    expect(canceled.cancellation_reason).toBe('requested_by_customer');
    const again = await stripeError(stripe.setupIntents.cancel(intent.id));
    expect(again.statusCode).toBe(400);
    expect(again.code).toBe('setup_intent_unexpected_state');
    expect(again.message).toBe('You cannot cancel this SetupIntent because it is already canceled.');
    expect(again.setup_intent?.status).toBe('canceled');
  });

  it('confirm without any payment method is setup_intent_unexpected_state', async () => {
    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('card') });
    const error = await stripeError(stripe.setupIntents.confirm(intent.id));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('setup_intent_unexpected_state');
    expect(error.message).toBe(MISSING_PM);
  });

  it('changing the payment method of a succeeded intent is refused', async () => {
    const done = await stripe.setupIntents.create({ ...paymentMethodTypes('card'), confirm: true, payment_method: 'pm_card_visa' });
    const error = await stripeError(stripe.setupIntents.update(done.id, { payment_method: 'pm_card_mastercard' }));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('setup_intent_unexpected_state');
    expect(error.message).toBe('You cannot update this SetupIntent because it has already succeeded.');
  });

  it('an unknown parameter is 400 parameter_unknown naming it', async () => {
    const error = await stripeError(stripe.setupIntents.create({ ...paymentMethodTypes('card'), colour: 'blue' } as Stripe.SetupIntentCreateParams));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('parameter_unknown');
    expect(error.param).toBe('colour');
    expect(validateErrorBody(errorBody(error))).toEqual([]);
    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('card') });
    const update = await stripeError(stripe.setupIntents.update(intent.id, { usage: 'on_session' } as Stripe.SetupIntentUpdateParams));
    expect(update.code).toBe('parameter_unknown');
    expect(update.param).toBe('usage');
  });

  it('return_url without confirm on create is refused', async () => {
    const error = await stripeError(stripe.setupIntents.create({ ...paymentMethodTypes('card'), return_url: 'https://shop.example/return' }));
    expect(error.statusCode).toBe(400);
    expect(error.rawType).toBe('invalid_request_error');
    expect(error.param).toBe('return_url');
  });
});

describe('Request-Id', () => {
  it('every SDK answer carries a req_ id, success and error alike', async () => {
    const created = await stripe.setupIntents.create({ ...paymentMethodTypes('card') });
    expect(created.lastResponse.requestId).toMatch(/^req_/);
    expect(created.lastResponse.headers['request-id']).toBe(created.lastResponse.requestId);
    const listed = await stripe.setupIntents.list({ limit: 1 });
    expect(listed.lastResponse.requestId).toMatch(/^req_/);
    expect(listed.lastResponse.requestId).not.toBe(created.lastResponse.requestId);
    const error = await stripeError(stripe.setupIntents.retrieve('seti_missing'));
    expect(error.requestId).toMatch(/^req_/);
    expect(error.headers?.['request-id']).toBe(error.requestId);
    const declined = await stripeError(stripe.setupIntents.confirm(created.id, { payment_method: 'pm_card_chargeDeclined' }));
    expect(declined.requestId).toMatch(/^req_/);
  });

  it('raw answers of every kind carry it: 200, 400, 401, 404, and a preflight', async () => {
    const answers = await Promise.all([
      started.raw('GET', '/v1/setup_intents'),
      started.raw('POST', '/v1/setup_intents', { form: { bogus: '1' } }),
      started.raw('GET', '/v1/setup_intents', { authorization: null }),
      started.raw('GET', '/v1/nowhere'),
      started.raw('OPTIONS', '/v1/setup_intents', { authorization: null }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 400, 401, 404, 204]);
    const ids = answers.map((answer) => answer.headers.get('request-id'));
    for (const id of ids) {
      expect(id).toMatch(/^req_/);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});
