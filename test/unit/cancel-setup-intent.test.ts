import { describe, expect, it } from 'vitest';
import { cancelSetupIntent } from '../../src/index.js';
import type { SetupIntentCancelParams, SetupIntentRecord } from '../../src/index.js';
import {
  applied,
  confirm,
  create,
  deepFreeze,
  expectError,
  failed,
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

function cancel(h: Harness, record: SetupIntentRecord, params: SetupIntentCancelParams = {}) {
  return h.store.apply(cancelSetupIntent(record, params, h.env));
}

const WITH_BACKTICKS =
  'Only a SetupIntent with one of the following statuses may be canceled: `requires_payment_method`, `requires_confirmation`, or `requires_action`.';
const WITHOUT_BACKTICKS =
  'Only a SetupIntent with one of the following statuses may be canceled: requires_payment_method, requires_confirmation, or requires_action.';

describe('cancel (T18)', () => {
  it('cancels a requires_payment_method intent; cancellation_reason is null when omitted', () => {
    const h = harness();
    const result = applied(cancel(h, inRequiresPaymentMethod(h)));
    expect(result.record.intent.status).toBe('canceled');
    expect(result.record.intent.cancellation_reason).toBeNull();
    expect(result.changes).toEqual({ setupAttempts: [], mandates: [], paymentMethods: [] });
  });

  for (const reason of ['abandoned', 'duplicate', 'requested_by_customer'] as const) {
    it(`records cancellation_reason ${reason}`, () => {
      const h = harness();
      expect(applied(cancel(h, inRequiresPaymentMethod(h), { cancellation_reason: reason })).record.intent.cancellation_reason).toBe(reason);
    });
  }

  it('keeps the payment method of a requires_confirmation intent', () => {
    const h = harness();
    const record = inRequiresConfirmation(h);
    const result = applied(cancel(h, record, { cancellation_reason: 'requested_by_customer' }));
    expect(result.record.intent.status).toBe('canceled');
    expect(result.record.intent.payment_method).toBe(record.intent.payment_method);
  });

  it('cancels a 3DS requires_action intent: payment method kept, next_action cleared, the waiting attempt abandoned', () => {
    const h = harness();
    const record = inRequiresActionThreeDS(h);
    const result = applied(cancel(h, record));
    expect(result.record.intent.status).toBe('canceled');
    expect(result.record.intent.payment_method).toBe(record.intent.payment_method);
    expect(result.record.intent.next_action).toBeNull();
    expect(result.record.pending).toBeNull();
    expect(result.record.intent.latest_attempt).toBe(record.intent.latest_attempt);
    expect(result.changes.setupAttempts).toEqual([{ ...record.latestAttempt, status: 'abandoned' }]);
    expect(h.store.setupAttempts.get(record.intent.latest_attempt ?? '')?.status).toBe('abandoned');
  });

  it('cancels an intent waiting on microdeposits and abandons that attempt', () => {
    const h = harness();
    const result = applied(cancel(h, inRequiresActionMicrodeposits(h)));
    expect(result.record.intent.status).toBe('canceled');
    expect(result.record.latestAttempt?.status).toBe('abandoned');
  });

  it('a failed attempt is left as it is by a later cancel', () => {
    const h = harness();
    const declined = failed(confirm(h, create(h), { payment_method: 'pm_card_chargeDeclined' })).record;
    const result = applied(cancel(h, declined, { cancellation_reason: 'abandoned' }));
    expect(result.record.intent.status).toBe('canceled');
    expect(result.record.latestAttempt?.status).toBe('failed');
    expect(result.changes.setupAttempts).toEqual([]);
    expect(result.record.intent.last_setup_error?.code).toBe('card_declined');
  });

  it('never mutates a frozen record', () => {
    const h = harness();
    const record = deepFreeze(inRequiresActionThreeDS(h));
    const before = structuredClone(record);
    expect(() => cancelSetupIntent(record, deepFreeze({ cancellation_reason: 'duplicate' }), h.env)).not.toThrow();
    expect(record).toEqual(before);
  });
});

describe('cancel refusals (setup_intent_unexpected_state)', () => {
  const STATE = { statusCode: 400, type: 'invalid_request_error', code: 'setup_intent_unexpected_state' } as const;

  it('a second cancel is "already canceled"', () => {
    const h = harness();
    const record = deepFreeze(inCanceled(h));
    const before = structuredClone(record);
    const result = refusal(cancelSetupIntent(record, {}, h.env));
    expectError(result.error, { ...STATE, message: 'You cannot cancel this SetupIntent because it is already canceled.' });
    expect(result.error.error.setup_intent).toEqual(record.intent);
    expect(record).toEqual(before);
  });

  for (const [status, build] of [['succeeded', inSucceeded], ['processing', inProcessing]] as const) {
    it(`${status} cannot be canceled; the message quotes the statuses in backticks by default`, () => {
      const h = harness();
      const record = deepFreeze(build(h));
      const before = structuredClone(record);
      const result = refusal(cancelSetupIntent(record, { cancellation_reason: 'duplicate' }, h.env));
      expectError(result.error, { ...STATE, message: `You cannot cancel this SetupIntent because it has a status of ${status}. ${WITH_BACKTICKS}` });
      expect(result.error.error.setup_intent?.status).toBe(status);
      expect(record).toEqual(before);
    });

    it(`${status}: with backticksInCancelMessage off the statuses are unquoted`, () => {
      const h = harness({ behavior: { backticksInCancelMessage: false } });
      expectError(refusal(cancelSetupIntent(build(h), {}, h.env)).error, {
        ...STATE,
        message: `You cannot cancel this SetupIntent because it has a status of ${status}. ${WITHOUT_BACKTICKS}`,
      });
    });
  }

  it('an unknown cancellation_reason is an invalid enum (no code)', () => {
    const h = harness();
    const result = refusal(cancelSetupIntent(create(h), { cancellation_reason: 'fraudulent' } as unknown as SetupIntentCancelParams, h.env));
    expectError(result.error, {
      statusCode: 400,
      type: 'invalid_request_error',
      param: 'cancellation_reason',
      message: 'Invalid cancellation_reason: must be one of abandoned, duplicate, or requested_by_customer',
    });
  });

  it('an unknown parameter is parameter_unknown', () => {
    const h = harness();
    const result = refusal(cancelSetupIntent(create(h), { reason: 'x' } as unknown as SetupIntentCancelParams, h.env));
    expect(result.error.error.code).toBe('parameter_unknown');
    expect(result.error.error.param).toBe('reason');
  });
});
