import { describe, expect, it } from 'vitest';
import { advanceTime, nextDueAt } from '../../src/index.js';
import type { SetupIntentRecord } from '../../src/index.js';
import {
  DAY,
  ONLINE_MANDATE,
  applied,
  confirm,
  create,
  deepFreeze,
  harness,
  inCanceled,
  inProcessing,
  inRequiresActionMicrodeposits,
  inRequiresActionThreeDS,
  inRequiresConfirmation,
  inRequiresPaymentMethod,
  inSucceeded,
} from './helpers.js';
import type { Harness } from './helpers.js';

function tick(h: Harness, record: SetupIntentRecord) {
  return applied(h.store.apply(advanceTime(record, h.env)));
}

function bank(h: Harness, paymentMethod: string): SetupIntentRecord {
  const record = create(h, { payment_method_types: ['us_bank_account'] });
  return applied(confirm(h, record, { payment_method: paymentMethod, mandate_data: ONLINE_MANDATE })).record;
}

function expectUnchanged(h: Harness, record: SetupIntentRecord): void {
  const result = tick(h, record);
  expect(result.record).toBe(record);
  expect(result.changes).toEqual({ setupAttempts: [], mandates: [], paymentMethods: [] });
}

describe('advanceTime when nothing is due', () => {
  const builders = [
    ['requires_payment_method', inRequiresPaymentMethod],
    ['requires_confirmation', inRequiresConfirmation],
    ['requires_action (3DS, no expiry configured)', inRequiresActionThreeDS],
    ['processing without a settlement time', inProcessing],
    ['succeeded', inSucceeded],
    ['canceled', inCanceled],
  ] as const;
  for (const [label, build] of builders) {
    it(`${label}: the very same record, whatever the time`, () => {
      const h = harness();
      const record = deepFreeze(build(h));
      expect(nextDueAt(record)).toBeNull();
      h.advance(365 * DAY);
      expectUnchanged(h, record);
    });
  }
});

describe('advanceTime: microdeposits (T15)', () => {
  it('unverified microdeposits time out exactly 10 days after confirmation', () => {
    const h = harness();
    const start = h.now();
    const waiting = inRequiresActionMicrodeposits(h);
    expect(nextDueAt(waiting)).toBe(start + 10 * DAY);
    h.advance(10 * DAY - 1);
    expectUnchanged(h, waiting);
    h.advance(1);
    const result = tick(h, waiting);
    const intent = result.record.intent;
    expect(intent.status).toBe('requires_payment_method');
    expect(intent.payment_method).toBeNull();
    expect(intent.next_action).toBeNull();
    expect(intent.last_setup_error).toEqual({
      type: 'invalid_request_error',
      code: 'payment_method_microdeposit_verification_timeout',
      doc_url: 'https://stripe.com/docs/error-codes/payment-method-microdeposit-verification-timeout',
      message: "Microdeposit timeout. Customer hasn't verified their bank account within the required 10 day period.",
    });
    expect(result.record.latestAttempt?.status).toBe('failed');
    expect(nextDueAt(result.record)).toBeNull();
    expectUnchanged(h, result.record);
  });

  it('pm_usBankAccount_failMicrodeposits fails when the deposits are due to arrive (2 days)', () => {
    const h = harness();
    const start = h.now();
    const waiting = bank(h, 'pm_usBankAccount_failMicrodeposits');
    expect(waiting.intent.next_action?.type).toBe('verify_with_microdeposits');
    expect(nextDueAt(waiting)).toBe(start + 2 * DAY);
    h.advance(2 * DAY - 1);
    expectUnchanged(h, waiting);
    h.advance(1);
    const intent = tick(h, waiting).record.intent;
    expect(intent.status).toBe('requires_payment_method');
    expect(intent.last_setup_error?.code).toBe('payment_method_microdeposit_failed');
    expect(intent.last_setup_error?.message).toBe('Microdeposits failed. Please check the account, institution and transit numbers provided');
  });

  it('the timeout follows microdepositTimeoutSeconds', () => {
    const h = harness({ behavior: { microdepositTimeoutSeconds: 60 } });
    const waiting = inRequiresActionMicrodeposits(h);
    h.advance(60);
    expect(tick(h, waiting).record.intent.last_setup_error?.code).toBe('payment_method_microdeposit_verification_timeout');
  });
});

describe('advanceTime: processing (T16, T17)', () => {
  it('pm_usBankAccount_processingFails fails after 180 seconds', () => {
    const h = harness();
    const start = h.now();
    const record = bank(h, 'pm_usBankAccount_processingFails');
    expect(record.intent.status).toBe('processing');
    expect(nextDueAt(record)).toBe(start + 180);
    h.advance(179);
    expectUnchanged(h, record);
    h.advance(1);
    const result = tick(h, record);
    expect(result.record.intent.status).toBe('requires_payment_method');
    expect(result.record.intent.last_setup_error?.code).toBe('payment_method_provider_decline');
    expect(result.record.latestAttempt?.status).toBe('failed');
    expect(h.store.record(record.intent.id)?.intent.status).toBe('requires_payment_method');
  });

  it('pm_usBankAccount_processing never settles by itself', () => {
    const h = harness();
    const record = bank(h, 'pm_usBankAccount_processing');
    h.advance(30 * DAY);
    expectUnchanged(h, record);
    expect(record.intent.status).toBe('processing');
  });
});

describe('advanceTime: customer actions (T12)', () => {
  it('with customerActionExpirySeconds the 3DS attempt expires when due', () => {
    const h = harness({ behavior: { customerActionExpirySeconds: 3600 } });
    const start = h.now();
    const waiting = inRequiresActionThreeDS(h);
    expect(nextDueAt(waiting)).toBe(start + 3600);
    h.advance(3599);
    expectUnchanged(h, waiting);
    h.advance(1);
    const result = tick(h, waiting);
    expect(result.record.intent.status).toBe('requires_payment_method');
    expect(result.record.intent.last_setup_error?.code).toBe('setup_intent_setup_attempt_expired');
    expect(result.record.latestAttempt?.status).toBe('failed');
  });

  it('never mutates a frozen record', () => {
    const h = harness({ behavior: { customerActionExpirySeconds: 10 } });
    const record = deepFreeze(inRequiresActionThreeDS(h));
    const before = structuredClone(record);
    h.advance(10);
    expect(() => advanceTime(record, h.env)).not.toThrow();
    expect(record).toEqual(before);
  });
});
