import { describe, expect, it } from 'vitest';
import { createEnvironment, settleProcessing } from '../../src/index.js';
import type { SetupIntentRecord } from '../../src/index.js';
import {
  ONLINE_MANDATE,
  applied,
  confirm,
  create,
  deepFreeze,
  expectError,
  harness,
  inCanceled,
  inProcessing,
  inRequiresActionMicrodeposits,
  inRequiresActionThreeDS,
  inRequiresConfirmation,
  inRequiresPaymentMethod,
  inSucceeded,
  refusal,
} from './helpers.js';
import type { Harness } from './helpers.js';

function processing(h: Harness, paymentMethod: string, customer?: string): SetupIntentRecord {
  const record = create(h, { payment_method_types: ['us_bank_account'], ...(customer === undefined ? {} : { customer }) });
  const result = applied(confirm(h, record, { payment_method: paymentMethod, mandate_data: ONLINE_MANDATE }));
  expect(result.record.intent.status).toBe('processing');
  return result.record;
}

const PROVIDER_DECLINE = {
  type: 'invalid_request_error',
  code: 'payment_method_provider_decline',
  doc_url: 'https://stripe.com/docs/error-codes/payment-method-provider-decline',
} as const;

describe('the bank answers a processing setup', () => {
  it('pm_usBankAccount_processing settles to succeeded (T16): mandate created, PaymentMethod attached', () => {
    const h = harness();
    const customer = h.store.addCustomer();
    const record = processing(h, 'pm_usBankAccount_processing', customer.id);
    expect(record.pending).toEqual({ kind: 'processing', outcome: { kind: 'succeed' }, settlesAt: null });
    const result = applied(h.store.apply(settleProcessing(record, h.env)));
    const intent = result.record.intent;
    expect(intent.status).toBe('succeeded');
    expect(intent.mandate).toMatch(/^mandate_/);
    expect(intent.last_setup_error).toBeNull();
    expect(result.record.latestAttempt?.status).toBe('succeeded');
    expect(result.record.latestAttempt?.id).toBe(record.intent.latest_attempt);
    expect(result.record.pending).toBeNull();
    expect(result.changes.paymentMethods.map((pm) => pm.customer)).toEqual([customer.id]);
    expect(result.changes.mandates.map((m) => m.type)).toEqual(['multi_use']);
  });

  it("forcing 'failed' on a succeeding setup records payment_method_provider_decline (T17)", () => {
    const h = harness();
    const record = processing(h, 'pm_usBankAccount_processing');
    const pm = h.store.paymentMethods.get(record.intent.payment_method ?? '');
    const result = applied(settleProcessing(record, h.env, 'failed'));
    const intent = result.record.intent;
    expect(intent.status).toBe('requires_payment_method');
    expect(intent.payment_method).toBeNull();
    expect(intent.mandate).toBeNull();
    expect(intent.last_setup_error).toEqual({
      ...PROVIDER_DECLINE,
      message: 'The payment method provider declined to set up this payment method.',
      payment_method: pm,
      payment_method_type: 'us_bank_account',
    });
    expect(result.record.latestAttempt?.status).toBe('failed');
    expect(result.changes.mandates).toEqual([]);
  });

  it('pm_usBankAccount_processingFails fails with its own error; succeeded can be forced', () => {
    const h = harness();
    const record = processing(h, 'pm_usBankAccount_processingFails');
    const own = applied(settleProcessing(record, h.env)).record.intent.last_setup_error;
    expect(own?.code).toBe(PROVIDER_DECLINE.code);
    expect(own?.message).toBe('The bank declined to set up this payment method.');
    expect(applied(settleProcessing(record, h.env, 'failed')).record.intent.last_setup_error?.message).toBe('The bank declined to set up this payment method.');
    expect(applied(settleProcessing(record, h.env, 'succeeded')).record.intent.status).toBe('succeeded');
  });

  it('a processing failure does not count towards the confirmation limit', () => {
    const h = harness({ behavior: { confirmationFailureLimit: 1 } });
    const result = applied(settleProcessing(processing(h, 'pm_usBankAccount_processingFails'), h.env));
    expect(result.record.intent.status).toBe('requires_payment_method');
    expect(result.record.intent.cancellation_reason).toBeNull();
    expect(result.record.failedConfirmations).toBe(0);
  });

  it('the intent can be confirmed again after a processing failure', () => {
    const h = harness();
    const failedSetup = applied(h.store.apply(settleProcessing(processing(h, 'pm_usBankAccount_processingFails'), h.env))).record;
    const retried = applied(confirm(h, failedSetup, { payment_method: 'pm_usBankAccount_success', mandate_data: ONLINE_MANDATE }));
    expect(retried.record.intent.status).toBe('succeeded');
    expect(retried.record.intent.last_setup_error).toBeNull();
  });

  it('never mutates a frozen record', () => {
    const h = harness();
    const record = deepFreeze(inProcessing(h));
    const before = structuredClone(record);
    expect(() => settleProcessing(record, h.env)).not.toThrow();
    expect(() => settleProcessing(record, h.env, 'failed')).not.toThrow();
    expect(record).toEqual(before);
  });
});

describe('settleProcessing refusals', () => {
  const builders = [
    ['requires_payment_method', inRequiresPaymentMethod],
    ['requires_confirmation', inRequiresConfirmation],
    ['requires_action', inRequiresActionThreeDS],
    ['requires_action', inRequiresActionMicrodeposits],
    ['succeeded', inSucceeded],
    ['canceled', inCanceled],
  ] as const;
  for (const [status, build] of builders) {
    it(`${status} (${build.name}) is not processing: refused, record unchanged`, () => {
      const h = harness();
      const record = deepFreeze(build(h));
      const before = structuredClone(record);
      const result = refusal(settleProcessing(record, h.env, 'succeeded'));
      expectError(result.error, {
        statusCode: 400,
        type: 'invalid_request_error',
        code: 'setup_intent_unexpected_state',
        message: `This SetupIntent is not processing: it has a status of ${status}.`,
      });
      expect(record).toEqual(before);
    });
  }

  it('a processing intent whose PaymentMethod the environment cannot find is refused', () => {
    const h = harness();
    const record = inProcessing(h);
    const result = refusal(settleProcessing(record, createEnvironment()));
    expectError(result.error, {
      statusCode: 400,
      type: 'invalid_request_error',
      code: 'setup_intent_unexpected_state',
      message: `The PaymentMethod of this SetupIntent (${record.intent.payment_method ?? ''}) is not stored.`,
    });
  });
});
