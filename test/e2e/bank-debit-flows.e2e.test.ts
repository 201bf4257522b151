// Bank debits through the official SDK: SEPA with a mandate, ACH microdeposits (wrong and right
// amounts, exhausted attempts, the 10-day timeout driven by the clock helper), and `processing`.
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateErrorBody, validateMandate, validateSetupIntent } from '../support/openapi.js';
import { errorBody, paymentMethodTypes, plain, startEmulator, stripeError } from './support/start-emulator.js';
import type { StartedEmulator } from './support/start-emulator.js';

const DAY = 24 * 60 * 60;
const MANDATE_DATA: Stripe.SetupIntentCreateParams.MandateData = {
  customer_acceptance: { type: 'online', online: { ip_address: '203.0.113.7', user_agent: 'Mozilla/5.0 (e2e)' } },
};
/** A US bank account entered by hand (routing 110000000): verified with microdeposits. */
const MANUAL_ACH: Stripe.SetupIntentConfirmParams.PaymentMethodData = {
  type: 'us_bank_account',
  us_bank_account: { account_number: '000123456789', routing_number: '110000000', account_holder_type: 'individual' },
  billing_details: { name: 'Jenny Rosen', email: 'jenny@example.com' },
};
const MISMATCH = 'payment_method_microdeposit_verification_amounts_mismatch';
const EXCEEDED = 'payment_method_microdeposit_verification_attempts_exceeded';
const TIMEOUT = 'payment_method_microdeposit_verification_timeout';

let started: StartedEmulator;
let stripe: Stripe;

beforeAll(async () => {
  started = await startEmulator({ seed: 202 });
  stripe = started.stripe();
});
afterAll(async () => {
  await started.close();
});

function helper(id: string, step: 'succeed' | 'fail' | 'expire'): Promise<Stripe.SetupIntent> {
  return stripe.rawRequest('POST', `/v1/test_helpers/setup_intents/${id}/${step}`, {}) as Promise<Stripe.SetupIntent>;
}

function advanceClock(seconds: number): Promise<{ object: string; advanced_by: number }> {
  return stripe.rawRequest('POST', '/v1/test_helpers/advance_clock', { seconds }) as Promise<{ object: string; advanced_by: number }>;
}

function expectValid(intent: Stripe.SetupIntent): void {
  expect(validateSetupIntent(plain(intent))).toEqual([]);
}

/** A SetupIntent waiting on microdeposits, confirmed with hand-entered ACH details. */
async function waitingOnMicrodeposits(customer?: string): Promise<Stripe.SetupIntent> {
  const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('us_bank_account'), ...(customer === undefined ? {} : { customer }) });
  return stripe.setupIntents.confirm(intent.id, { payment_method_data: MANUAL_ACH, mandate_data: MANDATE_DATA });
}

describe('SEPA Direct Debit', () => {
  it('payment_method_data with a test IBAN and mandate_data sets up with a multi_use mandate', async () => {
    const customer = await stripe.customers.create({ name: 'Jenny Rosen', email: 'jenny@example.com' });
    const intent = await stripe.setupIntents.create({
      ...paymentMethodTypes('sepa_debit'),
      customer: customer.id,
      confirm: true,
      payment_method_data: {
        type: 'sepa_debit',
        sepa_debit: { iban: 'DE89370400440532013000' },
        billing_details: { name: 'Jenny Rosen', email: 'jenny@example.com' },
      },
      mandate_data: MANDATE_DATA,
    });
    expectValid(intent);
    expect(intent.status).toBe('succeeded');
    expect(intent.payment_method).toMatch(/^pm_/);
    expect(intent.mandate).toMatch(/^mandate_/);
    expect(intent.single_use_mandate).toBeNull();

    const mandate = await stripe.mandates.retrieve(intent.mandate as string);
    expect(validateMandate(plain(mandate))).toEqual([]);
    expect(mandate.id).toBe(intent.mandate);
    expect(mandate.object).toBe('mandate');
    expect(mandate.type).toBe('multi_use');
    expect(mandate.status).toBe('active');
    expect(mandate.payment_method).toBe(intent.payment_method);
    expect(mandate.payment_method_details.type).toBe('sepa_debit');
    expect(mandate.customer_acceptance.type).toBe('online');
    expect(mandate.customer_acceptance.online).toEqual({ ip_address: '203.0.113.7', user_agent: 'Mozilla/5.0 (e2e)' });

    const pm = await stripe.paymentMethods.retrieve(intent.payment_method as string);
    expect(pm.type).toBe('sepa_debit');
    expect(pm.sepa_debit?.last4).toBe('3000');
    expect(pm.customer).toBe(customer.id);
  });

  it('pm_success_de confirmed server-side without mandate_data is parameter_missing', async () => {
    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('sepa_debit') });
    const error = await stripeError(stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_success_de' }));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('parameter_missing');
    expect(error.param).toBe('mandate_data');
    expect((await stripe.setupIntents.retrieve(intent.id)).status).toBe('requires_payment_method');
  });

  it('single_use terms make a single_use mandate', async () => {
    const intent = await stripe.setupIntents.create({
      ...paymentMethodTypes('sepa_debit'),
      single_use: { amount: 1500, currency: 'eur' },
      confirm: true,
      payment_method: 'pm_success_fr',
      mandate_data: MANDATE_DATA,
    });
    expect(intent.status).toBe('succeeded');
    expect(intent.mandate).toBeNull();
    expect(intent.single_use_mandate).toMatch(/^mandate_/);
    const mandate = await stripe.mandates.retrieve(intent.single_use_mandate as string);
    expect(mandate.type).toBe('single_use');
    expect(mandate.single_use).toEqual({ amount: 1500, currency: 'eur' });
  });

  it('an unknown mandate is 404 resource_missing', async () => {
    const error = await stripeError(stripe.mandates.retrieve('mandate_doesnotexist'));
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('resource_missing');
  });
});

describe('ACH Direct Debit with microdeposits', () => {
  it('hand-entered account details need microdeposits: verify_with_microdeposits', async () => {
    const waiting = await waitingOnMicrodeposits();
    expectValid(waiting);
    expect(waiting.status).toBe('requires_action');
    expect(waiting.next_action?.type).toBe('verify_with_microdeposits');
    const verify = waiting.next_action?.verify_with_microdeposits;
    expect(verify?.microdeposit_type).toBe('amounts');
    expect(verify?.arrival_date).toBeGreaterThan(waiting.created);
    expect(verify?.hosted_verification_url).toMatch(/^https?:\/\//);
    const pm = await stripe.paymentMethods.retrieve(waiting.payment_method as string);
    expect(pm.type).toBe('us_bank_account');
    expect(pm.us_bank_account?.routing_number).toBe('110000000');
    expect(pm.us_bank_account?.last4).toBe('6789');
  });

  it('wrong amounts answer 400 and keep requires_action; 32 and 45 then verify it with a mandate', async () => {
    const customer = await stripe.customers.create({ email: 'ach@example.com' });
    const waiting = await waitingOnMicrodeposits(customer.id);
    const wrong = await stripeError(stripe.setupIntents.verifyMicrodeposits(waiting.id, { amounts: [1, 2] }));
    expect(wrong).toBeInstanceOf(stripe.errors.StripeInvalidRequestError);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.rawType).toBe('invalid_request_error');
    expect(wrong.code).toBe(MISMATCH);
    expect(wrong.message).toBe(
      'The amounts provided do not match the amounts that were sent to the bank account. You have 2 verification attempts remaining.',
    );
    expect(validateErrorBody(errorBody(wrong))).toEqual([]);
    const still = await stripe.setupIntents.retrieve(waiting.id);
    expect(still.status).toBe('requires_action');
    expect(still.next_action?.type).toBe('verify_with_microdeposits');
    expect(still.last_setup_error).toBeNull();

    const verified = await stripe.setupIntents.verifyMicrodeposits(waiting.id, { amounts: [32, 45] });
    expectValid(verified);
    expect(verified.status).toBe('succeeded');
    expect(verified.next_action).toBeNull();
    expect(verified.mandate).toMatch(/^mandate_/);
    const mandate = await stripe.mandates.retrieve(verified.mandate as string);
    expect(mandate.payment_method_details.type).toBe('us_bank_account');
    expect(mandate.payment_method).toBe(verified.payment_method);
    expect((await stripe.paymentMethods.retrieve(verified.payment_method as string)).customer).toBe(customer.id);
  });

  it('the third wrong pair exhausts the attempts: requires_payment_method with attempts_exceeded', async () => {
    const waiting = await waitingOnMicrodeposits();
    for (const remaining of [2, 1]) {
      const error = await stripeError(stripe.setupIntents.verifyMicrodeposits(waiting.id, { amounts: [11, 12] }));
      expect(error.code).toBe(MISMATCH);
      expect(error.message).toContain(`You have ${remaining} verification attempts remaining.`);
    }
    const last = await stripeError(stripe.setupIntents.verifyMicrodeposits(waiting.id, { amounts: [11, 12] }));
    expect(last.statusCode).toBe(400);
    expect(last.code).toBe(EXCEEDED);
    expect(last.message).toBe('You have exceeded the number of allowed verification attempts.');
    const after = await stripe.setupIntents.retrieve(waiting.id);
    expect(after.status).toBe('requires_payment_method');
    expect(after.next_action).toBeNull();
    expect(after.payment_method).toBeNull();
    expect(after.last_setup_error?.code).toBe(EXCEEDED);
    const [attempt] = (await stripe.setupAttempts.list({ setup_intent: waiting.id })).data;
    expect(attempt?.status).toBe('failed');
  });

  it('the test amounts 10 and 11 exhaust the attempts at once', async () => {
    const waiting = await waitingOnMicrodeposits();
    const error = await stripeError(stripe.setupIntents.verifyMicrodeposits(waiting.id, { amounts: [10, 11] }));
    expect(error.code).toBe(EXCEEDED);
    expect((await stripe.setupIntents.retrieve(waiting.id)).status).toBe('requires_payment_method');
  });

  it('one amount only is amounts_invalid, and the intent still waits', async () => {
    const waiting = await waitingOnMicrodeposits();
    const error = await stripeError(stripe.setupIntents.verifyMicrodeposits(waiting.id, { amounts: [32] }));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('payment_method_microdeposit_verification_amounts_invalid');
    expect((await stripe.setupIntents.retrieve(waiting.id)).status).toBe('requires_action');
  });

  it('verify_microdeposits outside a microdeposit requires_action is intent_invalid_state', async () => {
    const threeDS = await stripe.setupIntents.create({ ...paymentMethodTypes('card'), confirm: true, payment_method: 'pm_card_authenticationRequired' });
    const error = await stripeError(stripe.setupIntents.verifyMicrodeposits(threeDS.id, { amounts: [32, 45] }));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('intent_invalid_state');
    const fresh = await stripe.setupIntents.create({ ...paymentMethodTypes('us_bank_account') });
    const refused = await stripeError(stripe.setupIntents.verifyMicrodeposits(fresh.id, { amounts: [32, 45] }));
    expect(refused.code).toBe('intent_invalid_state');
    expect(refused.message).toBe(
      'This SetupIntent cannot be actioned on because it has a status of requires_payment_method. Only a SetupIntent with one of the following statuses may be actioned on: ["requires_action"].',
    );
    expect(refused.setup_intent?.id).toBe(fresh.id);
  });

  it('the succeed test helper verifies the microdeposits', async () => {
    const waiting = await waitingOnMicrodeposits();
    const done = await helper(waiting.id, 'succeed');
    expect(done.status).toBe('succeeded');
    expect(done.mandate).toMatch(/^mandate_/);
  });

  it('a linked account (pm_usBankAccount_success) sets up at once with a mandate', async () => {
    const intent = await stripe.setupIntents.create({
      ...paymentMethodTypes('us_bank_account'),
      confirm: true,
      payment_method: 'pm_usBankAccount_success',
      mandate_data: MANDATE_DATA,
    });
    expect(intent.status).toBe('succeeded');
    expect(intent.mandate).toMatch(/^mandate_/);
  });
});

describe('processing (pm_usBankAccount_processing)', () => {
  async function processing(): Promise<Stripe.SetupIntent> {
    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('us_bank_account') });
    return stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_usBankAccount_processing', mandate_data: MANDATE_DATA });
  }

  it('confirm moves to processing, which can be neither canceled nor confirmed', async () => {
    const intent = await processing();
    expectValid(intent);
    expect(intent.status).toBe('processing');
    expect(intent.next_action).toBeNull();
    const [attempt] = (await stripe.setupAttempts.list({ setup_intent: intent.id })).data;
    expect(attempt?.status).toBe('processing');
    const cancel = await stripeError(stripe.setupIntents.cancel(intent.id));
    expect(cancel.statusCode).toBe(400);
    expect(cancel.code).toBe('setup_intent_unexpected_state');
    const confirm = await stripeError(stripe.setupIntents.confirm(intent.id));
    expect(confirm.statusCode).toBe(400);
    expect(confirm.code).toBe('setup_intent_unexpected_state');
    expect((await stripe.setupIntents.retrieve(intent.id)).status).toBe('processing');
  });

  it('the succeed helper settles it: succeeded with a mandate', async () => {
    const intent = await processing();
    const done = await helper(intent.id, 'succeed');
    expectValid(done);
    expect(done.status).toBe('succeeded');
    expect(done.mandate).toMatch(/^mandate_/);
    const [attempt] = (await stripe.setupAttempts.list({ setup_intent: intent.id })).data;
    expect(attempt?.status).toBe('succeeded');
  });

  it('the fail helper settles it: requires_payment_method with last_setup_error', async () => {
    const intent = await processing();
    const failed = await helper(intent.id, 'fail');
    expectValid(failed);
    expect(failed.status).toBe('requires_payment_method');
    expect(failed.payment_method).toBeNull();
    expect(failed.mandate).toBeNull();
    expect(failed.last_setup_error?.code).toBe('payment_method_provider_decline');
    const [attempt] = (await stripe.setupAttempts.list({ setup_intent: intent.id })).data;
    expect(attempt?.status).toBe('failed');
  });
});

// Moves the emulator's clock: these run last in the file, and every waiting intent of the file
// ages with them.
describe('the clock: Stripe-side deadlines fired by advance_clock', () => {
  it('unverified microdeposits time out 10 days after confirmation', async () => {
    const waiting = await waitingOnMicrodeposits();
    const early = await advanceClock(10 * DAY - 60);
    expect(early.object).toBe('test_helpers.clock_advance');
    expect(early.advanced_by).toBe(10 * DAY - 60);
    expect((await stripe.setupIntents.retrieve(waiting.id)).status).toBe('requires_action');
    await advanceClock(60);
    const after = await stripe.setupIntents.retrieve(waiting.id);
    expectValid(after);
    expect(after.status).toBe('requires_payment_method');
    expect(after.next_action).toBeNull();
    expect(after.payment_method).toBeNull();
    expect(after.last_setup_error?.code).toBe(TIMEOUT);
    expect(after.last_setup_error?.message).toBe("Microdeposit timeout. Customer hasn't verified their bank account within the required 10 day period.");
    const late = await stripeError(stripe.setupIntents.verifyMicrodeposits(waiting.id, { amounts: [32, 45] }));
    expect(late.code).toBe('intent_invalid_state');

    const failed = (await stripe.events.list({ type: 'setup_intent.setup_failed', limit: 100 })).data.find(
      (event) => (event.data.object as Stripe.SetupIntent).id === waiting.id,
    );
    expect(failed?.request).toEqual({ id: null, idempotency_key: null });
    expect((failed?.data.object as Stripe.SetupIntent | undefined)?.last_setup_error?.code).toBe(TIMEOUT);
  });

  it('pm_usBankAccount_failMicrodeposits fails with payment_method_microdeposit_failed once the deposits are due', async () => {
    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('us_bank_account') });
    const waiting = await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_usBankAccount_failMicrodeposits', mandate_data: MANDATE_DATA });
    expect(waiting.status).toBe('requires_action');
    await advanceClock(2 * DAY + 60);
    const after = await stripe.setupIntents.retrieve(intent.id);
    expect(after.status).toBe('requires_payment_method');
    expect(after.last_setup_error?.code).toBe('payment_method_microdeposit_failed');
  });

  it('pm_usBankAccount_processingFails settles by itself three minutes later, as a failure', async () => {
    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('us_bank_account') });
    const processing = await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_usBankAccount_processingFails', mandate_data: MANDATE_DATA });
    expect(processing.status).toBe('processing');
    await advanceClock(120);
    expect((await stripe.setupIntents.retrieve(intent.id)).status).toBe('processing');
    await advanceClock(120);
    const after = await stripe.setupIntents.retrieve(intent.id);
    expect(after.status).toBe('requires_payment_method');
    expect(after.last_setup_error?.code).toBe('payment_method_provider_decline');
  });

  it('advance_clock needs seconds, and only a non-negative integer', async () => {
    const missing = await stripeError(stripe.rawRequest('POST', '/v1/test_helpers/advance_clock', {}));
    expect(missing.statusCode).toBe(400);
    expect(missing.code).toBe('parameter_missing');
    expect(missing.param).toBe('seconds');
    const negative = await stripeError(stripe.rawRequest('POST', '/v1/test_helpers/advance_clock', { seconds: -5 }));
    expect(negative.statusCode).toBe(400);
  });
});
