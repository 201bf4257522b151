import { describe, expect, it } from 'vitest';
import { DEFAULT_TEST_PAYMENT_METHODS, completeCustomerAction, createEnvironment, createTestPaymentMethodCatalogue } from '../../src/index.js';
import type { SetupIntentRecord, TestPaymentMethod } from '../../src/index.js';
import {
  ONLINE_MANDATE,
  applied,
  confirm,
  create,
  deepFreeze,
  expectError,
  harness,
  inProcessing,
  inRequiresActionMicrodeposits,
  inRequiresActionThreeDS,
  inRequiresPaymentMethod,
  inSucceeded,
  refusal,
  storedPaymentMethod,
} from './helpers.js';
import type { Harness } from './helpers.js';

function waitingOn(h: Harness, paymentMethod: string, customer?: string): SetupIntentRecord {
  const record = create(h, { payment_method_types: ['card'], ...(customer === undefined ? {} : { customer }) });
  return applied(confirm(h, record, { payment_method: paymentMethod })).record;
}

const AUTH_FAILURE =
  'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod ' +
  'to attempt to fulfill this SetupIntent again.';

describe('the customer completes 3D Secure (T11)', () => {
  it('a 3DS-required card moves requires_action to succeeded and attaches the PaymentMethod to the customer', () => {
    const h = harness();
    const customer = h.store.addCustomer();
    const waiting = waitingOn(h, 'pm_card_authenticationRequiredOnSetup', customer.id);
    const result = applied(h.store.apply(completeCustomerAction(waiting, 'succeeded', h.env)));
    const intent = result.record.intent;
    expect(intent.status).toBe('succeeded');
    expect(intent.next_action).toBeNull();
    expect(intent.payment_method).toBe(waiting.intent.payment_method);
    expect(intent.latest_attempt).toBe(waiting.intent.latest_attempt);
    expect(result.changes.paymentMethods.map((pm) => [pm.id, pm.customer])).toEqual([[intent.payment_method, customer.id]]);
    const secure = result.record.latestAttempt?.payment_method_details.card?.three_d_secure;
    expect(result.record.latestAttempt?.status).toBe('succeeded');
    expect(secure?.result).toBe('authenticated');
    expect(secure?.electronic_commerce_indicator).toBe('05');
    expect(result.record.pending).toBeNull();
  });

  it('3DS then decline: pm_card_threeDSecureRequiredChargeDeclined ends in requires_payment_method after authentication', () => {
    const h = harness();
    const waiting = waitingOn(h, 'pm_card_threeDSecureRequiredChargeDeclined');
    expect(waiting.intent.status).toBe('requires_action');
    const pm = storedPaymentMethod(h, waiting.intent.payment_method);
    // Stripe-side outcomes are never HTTP errors: the result is applied, the failure recorded.
    const result = applied(h.store.apply(completeCustomerAction(waiting, 'succeeded', h.env)));
    const intent = result.record.intent;
    expect(intent.status).toBe('requires_payment_method');
    expect(intent.payment_method).toBeNull();
    expect(intent.next_action).toBeNull();
    expect(intent.last_setup_error).toEqual({
      type: 'card_error',
      // A generic decline carries these advice codes and no payment_method_type (zulip/zulip
      // corporate/tests/stripe_fixtures/replace_payment_method--SetupIntent.create.2.json).
      advice_code: 'try_again_later',
      code: 'card_declined',
      decline_code: 'generic_decline',
      doc_url: 'https://stripe.com/docs/error-codes/card-declined',
      message: 'Your card was declined.',
      network_decline_code: '01',
      payment_method: pm,
    });
    expect(result.record.latestAttempt?.status).toBe('failed');
    expect(result.record.latestAttempt?.payment_method_details.card?.three_d_secure?.result).toBe('authenticated');
    // A failure after a customer action does not count towards the confirmation limit.
    expect(result.record.failedConfirmations).toBe(0);
  });

  it('a custom card whose settlement processes moves requires_action to processing', () => {
    const entry: TestPaymentMethod = {
      key: 'slow_3ds',
      description: '3DS, then a slow network',
      aliases: ['pm_card_slow3ds'],
      details: { type: 'card', number: '4000000000009235', brand: 'visa', funding: 'credit', country: 'US', threeDSecure: 'required' },
      settlement: { kind: 'process', then: { kind: 'succeed' }, settlesAfterSeconds: 60 },
    };
    const h = harness({ catalogue: createTestPaymentMethodCatalogue([...DEFAULT_TEST_PAYMENT_METHODS, entry]) });
    const result = applied(h.store.apply(completeCustomerAction(waitingOn(h, 'pm_card_slow3ds'), 'succeeded', h.env)));
    expect(result.record.intent.status).toBe('processing');
    expect(result.record.pending).toEqual({ kind: 'processing', outcome: { kind: 'succeed' }, settlesAt: h.now() + 60 });
  });
});

describe('the customer fails 3D Secure (T12)', () => {
  it('moves to requires_payment_method with setup_intent_authentication_failure', () => {
    const h = harness();
    const waiting = inRequiresActionThreeDS(h);
    const pm = storedPaymentMethod(h, waiting.intent.payment_method);
    const result = applied(h.store.apply(completeCustomerAction(waiting, 'failed', h.env)));
    const intent = result.record.intent;
    expect(intent.status).toBe('requires_payment_method');
    expect(intent.payment_method).toBeNull();
    expect(intent.next_action).toBeNull();
    expect(intent.last_setup_error).toEqual({
      type: 'invalid_request_error',
      code: 'setup_intent_authentication_failure',
      doc_url: 'https://stripe.com/docs/error-codes/setup-intent-authentication-failure',
      message: AUTH_FAILURE,
      payment_method: pm,
      payment_method_type: 'card',
    });
    const attempt = result.record.latestAttempt;
    expect(attempt?.status).toBe('failed');
    expect(attempt?.setup_error).toEqual(intent.last_setup_error);
    expect(attempt?.payment_method_details.card?.three_d_secure).toMatchObject({ result: 'failed', result_reason: 'rejected' });
    expect(result.changes.setupAttempts).toEqual([attempt]);
  });

  it('the intent can be confirmed again with another card afterwards', () => {
    const h = harness();
    const failedAuth = applied(h.store.apply(completeCustomerAction(inRequiresActionThreeDS(h), 'failed', h.env))).record;
    expect(applied(confirm(h, failedAuth, { payment_method: 'pm_card_visa' })).record.intent.status).toBe('succeeded');
  });
});

describe('completing an action whose PaymentMethod cannot be found', () => {
  it('fails authentication, with no payment_method in the error', () => {
    const h = harness();
    const result = applied(completeCustomerAction(inRequiresActionThreeDS(h), 'succeeded', createEnvironment()));
    expect(result.record.intent.status).toBe('requires_payment_method');
    expect(result.record.intent.last_setup_error).toEqual({
      type: 'invalid_request_error',
      code: 'setup_intent_authentication_failure',
      doc_url: 'https://stripe.com/docs/error-codes/setup-intent-authentication-failure',
      message: AUTH_FAILURE,
    });
  });
});

describe('completeCustomerAction refusals', () => {
  const STATE = { statusCode: 400, type: 'invalid_request_error', code: 'setup_intent_unexpected_state' } as const;

  for (const [status, build] of [['requires_payment_method', inRequiresPaymentMethod], ['processing', inProcessing], ['succeeded', inSucceeded]] as const) {
    it(`is refused on a ${status} intent, which stays identical`, () => {
      const h = harness();
      const record = deepFreeze(build(h));
      const before = structuredClone(record);
      const result = refusal(completeCustomerAction(record, 'succeeded', h.env));
      expectError(result.error, { ...STATE, message: `This SetupIntent is not waiting on a customer action: it has a status of ${status}.` });
      expect(record).toEqual(before);
    });
  }

  it('is refused when the intent waits on microdeposits instead', () => {
    const h = harness();
    expectError(refusal(completeCustomerAction(inRequiresActionMicrodeposits(h), 'succeeded', h.env)).error, {
      ...STATE,
      message: 'This SetupIntent is not waiting on a customer action: it has a status of requires_action and waits on microdeposit verification.',
    });
  });

  it('never mutates a frozen record', () => {
    const h = harness();
    const record = deepFreeze(inRequiresActionThreeDS(h));
    const before = structuredClone(record);
    expect(() => completeCustomerAction(record, 'succeeded', h.env)).not.toThrow();
    expect(() => completeCustomerAction(record, 'failed', h.env)).not.toThrow();
    expect(record).toEqual(before);
  });

  it('mandate_data given at confirmation is unaffected by a 3DS card (no mandate)', () => {
    const h = harness();
    const record = create(h);
    const waiting = applied(confirm(h, record, { payment_method: 'pm_card_authenticationRequired', mandate_data: ONLINE_MANDATE })).record;
    const result = applied(completeCustomerAction(waiting, 'succeeded', h.env));
    expect(result.changes.mandates).toEqual([]);
    expect(result.record.intent.mandate).toBeNull();
  });
});
