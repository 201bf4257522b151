import { describe, expect, it } from 'vitest';
import { SetupIntentMachineError, createEnvironment, verifyMicrodeposits } from '../../src/index.js';
import type { SetupIntentRecord, SetupIntentVerifyMicrodepositsParams } from '../../src/index.js';
import {
  MANUAL_ACH,
  ONLINE_MANDATE,
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
  inSucceeded,
  refusal,
} from './helpers.js';
import type { Harness } from './helpers.js';

function verify(h: Harness, record: SetupIntentRecord, params: SetupIntentVerifyMicrodepositsParams) {
  return h.store.apply(verifyMicrodeposits(record, params, h.env));
}

const EXCEEDED = { statusCode: 400, type: 'invalid_request_error', code: 'payment_method_microdeposit_verification_attempts_exceeded', message: 'You have exceeded the number of allowed verification attempts.' } as const;
const TIMEOUT = { statusCode: 400, type: 'invalid_request_error', code: 'payment_method_microdeposit_verification_timeout', message: "Microdeposit timeout. Customer hasn't verified their bank account within the required 10 day period." } as const;
const INVALID_STATE = (status: string): string =>
  `This SetupIntent cannot be actioned on because it has a status of ${status}. Only a SetupIntent with one of the following statuses may be actioned on: ["requires_action"].`;

function expectFallback(record: SetupIntentRecord, code: string): void {
  expect(record.intent.status).toBe('requires_payment_method');
  expect(record.intent.payment_method).toBeNull();
  expect(record.intent.next_action).toBeNull();
  expect(record.intent.last_setup_error?.code).toBe(code);
  expect(record.latestAttempt?.status).toBe('failed');
  expect(record.latestAttempt?.setup_error?.code).toBe(code);
  expect(record.pending).toBeNull();
}

describe('verify_microdeposits with the documented test values (T13, T15)', () => {
  it('amounts 32 and 45 verify: succeeded with a multi_use us_bank_account mandate', () => {
    const h = harness();
    const waiting = inRequiresActionMicrodeposits(h);
    h.advance(3600);
    const result = applied(verify(h, waiting, { amounts: [32, 45] }));
    const intent = result.record.intent;
    expect(intent.status).toBe('succeeded');
    expect(intent.next_action).toBeNull();
    expect(intent.last_setup_error).toBeNull();
    expect(intent.mandate).toMatch(/^mandate_/);
    expect(result.record.latestAttempt?.status).toBe('succeeded');
    expect(result.record.latestAttempt?.id).toBe(waiting.intent.latest_attempt);
    const mandate = h.store.mandates.get(intent.mandate ?? '');
    expect(mandate?.type).toBe('multi_use');
    expect(mandate?.payment_method_details.type).toBe('us_bank_account');
    // The acceptance sent with the confirmation is the one the mandate records.
    expect(mandate?.customer_acceptance.online).toEqual({ ip_address: '203.0.113.7', user_agent: 'Mozilla/5.0 (test)' });
    expect(mandate?.customer_acceptance.accepted_at).toBe(waiting.intent.created);
  });

  it('amounts sent form-encoded as strings verify too', () => {
    const h = harness();
    expect(applied(verify(h, inRequiresActionMicrodeposits(h), { amounts: ['32', '45'] })).record.intent.status).toBe('succeeded');
  });

  it('amounts 10 and 11 exhaust the attempts at once', () => {
    const h = harness();
    const result = failed(verify(h, inRequiresActionMicrodeposits(h), { amounts: [10, 11] }));
    expectError(result.error, EXCEEDED);
    expect(result.error.error.setup_intent).toEqual(result.record.intent);
    expectFallback(result.record, EXCEEDED.code);
  });

  it('amounts 40 and 41 time out', () => {
    const h = harness();
    const result = failed(verify(h, inRequiresActionMicrodeposits(h), { amounts: [40, 41] }));
    expectError(result.error, TIMEOUT);
    expectFallback(result.record, TIMEOUT.code);
  });
});

describe('verify_microdeposits: wrong values (T14)', () => {
  it('wrong amounts keep requires_action, cost one attempt each, and the third failure exhausts them', () => {
    const h = harness();
    let record = inRequiresActionMicrodeposits(h);
    for (const remaining of [2, 1]) {
      const result = failed(verify(h, record, { amounts: [1, 2] }));
      expectError(result.error, {
        statusCode: 400,
        type: 'invalid_request_error',
        code: 'payment_method_microdeposit_verification_amounts_mismatch',
        param: 'amounts',
        message: `The amounts provided do not match the amounts that were sent to the bank account. You have ${remaining} verification attempts remaining.`,
      });
      expect(result.record.intent).toEqual(record.intent);
      expect(result.record.intent.status).toBe('requires_action');
      expect(result.record.pending).toMatchObject({ kind: 'microdeposits', attemptsRemaining: remaining });
      expect(result.changes).toEqual({ setupAttempts: [], mandates: [], paymentMethods: [] });
      record = result.record;
    }
    const last = failed(verify(h, record, { amounts: [1, 2] }));
    expectError(last.error, EXCEEDED);
    expectFallback(last.record, EXCEEDED.code);
    expect(h.store.record(record.intent.id)?.intent.status).toBe('requires_payment_method');
  });

  it('the number of attempts follows microdepositAttempts', () => {
    const h = harness({ behavior: { microdepositAttempts: { amounts: 1, descriptor_code: 10 } } });
    expectError(failed(verify(h, inRequiresActionMicrodeposits(h), { amounts: [1, 2] })).error, EXCEEDED);
  });
});

describe('verify_microdeposits with descriptor codes', () => {
  it('the next action asks for a descriptor_code and SM11AA verifies', () => {
    const h = harness({ behavior: { microdepositType: 'descriptor_code' } });
    const waiting = inRequiresActionMicrodeposits(h);
    expect(waiting.intent.next_action?.verify_with_microdeposits?.microdeposit_type).toBe('descriptor_code');
    expect(applied(verify(h, waiting, { descriptor_code: 'SM11AA' })).record.intent.status).toBe('succeeded');
  });

  it('a wrong code is descriptor_code_mismatch with 9 of 10 attempts left', () => {
    const h = harness({ behavior: { microdepositType: 'descriptor_code' } });
    const result = failed(verify(h, inRequiresActionMicrodeposits(h), { descriptor_code: 'SM99ZZ' }));
    expectError(result.error, {
      statusCode: 400,
      type: 'invalid_request_error',
      code: 'payment_method_microdeposit_verification_descriptor_code_mismatch',
      param: 'descriptor_code',
      message: 'The descriptor code provided does not match the one that was sent to the bank account. You have 9 verification attempts remaining.',
    });
    expect(result.record.intent.status).toBe('requires_action');
  });

  it('SM33CC exhausts the attempts and SM44DD times out', () => {
    const h = harness({ behavior: { microdepositType: 'descriptor_code' } });
    expectError(failed(verify(h, inRequiresActionMicrodeposits(h), { descriptor_code: 'SM33CC' })).error, EXCEEDED);
    expectError(failed(verify(h, inRequiresActionMicrodeposits(h), { descriptor_code: 'SM44DD' })).error, TIMEOUT);
  });

  it('without a descriptor_code it is parameter_missing', () => {
    const h = harness({ behavior: { microdepositType: 'descriptor_code' } });
    expectError(refusal(verifyMicrodeposits(inRequiresActionMicrodeposits(h), { amounts: [32, 45] }, h.env)).error, {
      statusCode: 400, type: 'invalid_request_error', code: 'parameter_missing', param: 'descriptor_code', message: 'Missing required param: descriptor_code.',
    });
  });
});

describe('verify_microdeposits refusals', () => {
  for (const amounts of [[32], [32, 45, 1], [0, 45], [-1, 45], undefined]) {
    it(`amounts ${JSON.stringify(amounts)} are amounts_invalid`, () => {
      const h = harness();
      const record = deepFreeze(inRequiresActionMicrodeposits(h));
      const before = structuredClone(record);
      const result = refusal(verifyMicrodeposits(record, amounts === undefined ? {} : { amounts }, h.env));
      expectError(result.error, {
        statusCode: 400,
        type: 'invalid_request_error',
        code: 'payment_method_microdeposit_verification_amounts_invalid',
        param: 'amounts',
        message: 'You must provide exactly two positive microdeposit amounts, in cents.',
      });
      expect(record).toEqual(before);
    });
  }

  it('amounts and descriptor_code are exclusive', () => {
    const h = harness();
    expectError(refusal(verifyMicrodeposits(inRequiresActionMicrodeposits(h), { amounts: [32, 45], descriptor_code: 'SM11AA' }, h.env)).error, {
      statusCode: 400, type: 'invalid_request_error', code: 'parameters_exclusive', param: 'descriptor_code',
      message: 'You may only specify one of these parameters: amounts, descriptor_code.',
    });
  });

  it('a non-integer amount is parameter_invalid_integer', () => {
    const h = harness();
    expectError(refusal(verifyMicrodeposits(inRequiresActionMicrodeposits(h), { amounts: ['3.2', 45] }, h.env)).error, {
      statusCode: 400, type: 'invalid_request_error', code: 'parameter_invalid_integer', param: 'amounts[0]', message: 'Invalid integer: 3.2',
    });
  });

  const elsewhere = [
    ['requires_payment_method', (h: Harness) => create(h)],
    ['requires_confirmation', inRequiresConfirmation],
    ['requires_action', inRequiresActionThreeDS],
    ['processing', inProcessing],
    ['succeeded', inSucceeded],
    ['canceled', inCanceled],
  ] as const;
  for (const [status, build] of elsewhere) {
    it(`outside a microdeposit requires_action (${status}${status === 'requires_action' ? ', 3DS' : ''}) it is intent_invalid_state`, () => {
      const h = harness();
      const record = deepFreeze(build(h));
      const before = structuredClone(record);
      const result = refusal(verifyMicrodeposits(record, { amounts: [32, 45] }, h.env));
      expectError(result.error, { statusCode: 400, type: 'invalid_request_error', code: 'intent_invalid_state', message: INVALID_STATE(status) });
      expect(result.error.error.setup_intent).toEqual(record.intent);
      expect(record).toEqual(before);
    });
  }

  it('a publishable key needs the client_secret (404 otherwise) and verifies with it', () => {
    const h = harness();
    const record = inRequiresActionMicrodeposits(h);
    expectError(refusal(verifyMicrodeposits(record, { amounts: [32, 45] }, h.env, { key: 'publishable' })).error, {
      statusCode: 404, type: 'invalid_request_error', code: 'resource_missing', param: 'intent', message: `No such setupintent: '${record.intent.id}'`,
    });
    const ok = verifyMicrodeposits(record, { amounts: [32, 45], client_secret: record.intent.client_secret ?? '' }, h.env, { key: 'publishable' });
    expect(applied(ok).record.intent.status).toBe('succeeded');
  });

  it('microdeposits that could not be sent fail the verification with payment_method_microdeposit_failed', () => {
    const h = harness();
    const record = create(h, { payment_method_types: ['us_bank_account'] });
    const waiting = applied(confirm(h, record, { payment_method: 'pm_usBankAccount_failMicrodeposits', mandate_data: ONLINE_MANDATE })).record;
    const result = failed(verify(h, waiting, { amounts: [32, 45] }));
    expectError(result.error, {
      statusCode: 400, type: 'invalid_request_error', code: 'payment_method_microdeposit_failed',
      message: 'Microdeposits failed. Please check the account, institution and transit numbers provided',
    });
    expectFallback(result.record, 'payment_method_microdeposit_failed');
  });

  it('never mutates frozen params', () => {
    const h = harness();
    const record = deepFreeze(applied(confirm(h, create(h, { payment_method_types: ['us_bank_account'] }), { payment_method_data: MANUAL_ACH, mandate_data: ONLINE_MANDATE })).record);
    const params = deepFreeze({ amounts: [32, 45] });
    const before = structuredClone({ record, params });
    expect(() => verifyMicrodeposits(record, params, h.env)).not.toThrow();
    expect({ record, params }).toEqual(before);
  });

  it('throws a SetupIntentMachineError (misuse, not a Stripe error) when the PaymentMethod is not stored', () => {
    const h = harness();
    const record = inRequiresActionMicrodeposits(h);
    expect(() => verifyMicrodeposits(record, { amounts: [32, 45] }, createEnvironment())).toThrow(SetupIntentMachineError);
  });
});
