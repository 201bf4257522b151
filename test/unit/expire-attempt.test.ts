import { describe, expect, it } from 'vitest';
import { expireSetupAttempt } from '../../src/index.js';
import {
  applied,
  confirm,
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
  storedPaymentMethod,
} from './helpers.js';
import type { Harness } from './helpers.js';

const EXPIRED = {
  type: 'invalid_request_error',
  code: 'setup_intent_setup_attempt_expired',
  doc_url: 'https://stripe.com/docs/error-codes/setup-intent-setup-attempt-expired',
  message: 'The latest setup attempt for this SetupIntent has expired. Provide a new payment method to attempt to set up again.',
} as const;

describe('a pending attempt expires (T12)', () => {
  it('a 3DS requires_action intent falls back to requires_payment_method with setup_intent_setup_attempt_expired', () => {
    const h = harness();
    const waiting = inRequiresActionThreeDS(h);
    const pm = storedPaymentMethod(h, waiting.intent.payment_method);
    const result = applied(h.store.apply(expireSetupAttempt(waiting, h.env)));
    const intent = result.record.intent;
    expect(intent.status).toBe('requires_payment_method');
    expect(intent.payment_method).toBeNull();
    expect(intent.next_action).toBeNull();
    expect(intent.last_setup_error).toEqual({ ...EXPIRED, payment_method: pm, payment_method_type: 'card' });
    expect(result.record.latestAttempt?.status).toBe('failed');
    expect(result.record.latestAttempt?.setup_error).toEqual(intent.last_setup_error);
    expect(result.record.pending).toBeNull();
    expect(result.record.failedConfirmations).toBe(0);
  });

  it('an intent waiting on microdeposits expires the same way', () => {
    const h = harness();
    const result = applied(expireSetupAttempt(inRequiresActionMicrodeposits(h), h.env));
    expect(result.record.intent.status).toBe('requires_payment_method');
    expect(result.record.intent.last_setup_error?.code).toBe(EXPIRED.code);
    expect(result.record.intent.last_setup_error?.payment_method_type).toBe('us_bank_account');
  });

  it('after expiry the intent can be confirmed again', () => {
    const h = harness();
    const expired = applied(h.store.apply(expireSetupAttempt(inRequiresActionThreeDS(h), h.env))).record;
    const retried = applied(confirm(h, expired, { payment_method: 'pm_card_visa' })).record;
    expect(retried.intent.status).toBe('succeeded');
    expect(retried.intent.last_setup_error).toBeNull();
  });

  it('never mutates a frozen record', () => {
    const h = harness();
    const record = deepFreeze(inRequiresActionThreeDS(h));
    const before = structuredClone(record);
    expect(() => expireSetupAttempt(record, h.env)).not.toThrow();
    expect(record).toEqual(before);
  });
});

describe('expireSetupAttempt refusals', () => {
  const builders = [
    ['requires_payment_method', inRequiresPaymentMethod],
    ['requires_confirmation', inRequiresConfirmation],
    ['processing', inProcessing],
    ['succeeded', inSucceeded],
    ['canceled', inCanceled],
  ] as const;
  for (const [status, build] of builders) {
    it(`${status}: nothing to expire, the record stays identical`, () => {
      const h: Harness = harness();
      const record = deepFreeze(build(h));
      const before = structuredClone(record);
      const result = refusal(expireSetupAttempt(record, h.env));
      expectError(result.error, {
        statusCode: 400,
        type: 'invalid_request_error',
        code: 'setup_intent_unexpected_state',
        message: `This SetupIntent has no pending attempt to expire: it has a status of ${status}.`,
      });
      expect(result.error.error.setup_intent).toEqual(record.intent);
      expect(record).toEqual(before);
    });
  }
});
