// Shared fixtures for the unit tests: a store with a controllable clock, result narrowing,
// error assertions and builders that bring a SetupIntent into each status through the public API.
import { expect } from 'vitest';
import {
  DEFAULT_EPOCH,
  cancelSetupIntent,
  confirmSetupIntent,
  createMemoryStore,
  createSetupIntent,
} from '../../src/index.js';
import type {
  BehaviorOptions,
  CallerAccess,
  MandateDataParam,
  MemoryStore,
  OperationApplied,
  OperationFailed,
  OperationRefused,
  OperationResult,
  PaymentMethod,
  SetupIntentConfirmParams,
  SetupIntentCreateParams,
  SetupIntentEnvironment,
  SetupIntentRecord,
  StripeRequestError,
  TestPaymentMethodCatalogue,
} from '../../src/index.js';

export const DAY = 24 * 60 * 60;
export const RETURN_URL = 'https://shop.example/setup/return';
export const ONLINE_MANDATE: MandateDataParam = {
  customer_acceptance: { type: 'online', online: { ip_address: '203.0.113.7', user_agent: 'Mozilla/5.0 (test)' } },
};
/** A manually entered US bank account (routing 110000000): verified with microdeposits. */
export const MANUAL_ACH = {
  type: 'us_bank_account',
  us_bank_account: { account_number: '000123456789', routing_number: '110000000', account_holder_type: 'individual' },
} as const;

/** A memory store whose clock the test moves by hand. */
export interface Harness {
  readonly store: MemoryStore;
  readonly env: SetupIntentEnvironment;
  readonly now: () => number;
  readonly advance: (seconds: number) => void;
}

export function harness(options: { readonly behavior?: Partial<BehaviorOptions>; readonly catalogue?: TestPaymentMethodCatalogue } = {}): Harness {
  let now = DEFAULT_EPOCH;
  const store = createMemoryStore({
    now: () => now,
    ...(options.behavior === undefined ? {} : { behavior: options.behavior }),
    ...(options.catalogue === undefined ? {} : { catalogue: options.catalogue }),
  });
  return {
    store,
    env: store.env,
    now: () => now,
    advance: (seconds) => {
      now += seconds;
    },
  };
}

function describeResult(result: OperationResult): string {
  return result.kind === 'applied' ? 'applied' : `${result.kind}: ${JSON.stringify(result.error.error.message)}`;
}

export function applied(result: OperationResult): OperationApplied {
  if (result.kind !== 'applied') {
    throw new Error(`expected an applied result, got ${describeResult(result)}`);
  }
  return result;
}

export function failed(result: OperationResult): OperationFailed {
  if (result.kind !== 'failed') {
    throw new Error(`expected a failed result, got ${describeResult(result)}`);
  }
  return result;
}

export function refusal(result: OperationResult): OperationRefused {
  if (result.kind !== 'refused') {
    throw new Error(`expected a refused result, got ${result.kind}`);
  }
  return result;
}

/** The exact fields of an error answer; absent `code`/`param` must be absent in the error too. */
export interface ExpectedError {
  readonly statusCode: number;
  readonly type: 'invalid_request_error' | 'card_error';
  readonly code?: string;
  readonly param?: string;
  readonly message: string;
  readonly decline_code?: string;
}

export function expectError(actual: StripeRequestError, expected: ExpectedError): void {
  expect(actual.statusCode).toBe(expected.statusCode);
  expect(actual.error.type).toBe(expected.type);
  expect(actual.error.code).toBe(expected.code);
  expect(actual.error.param).toBe(expected.param);
  expect(actual.error.message).toBe(expected.message);
  expect(actual.error.decline_code).toBe(expected.decline_code);
  // doc_url: https://stripe.com/docs/error-codes/ + the code with hyphens (spec §4.1); none without a code.
  expect(actual.error.doc_url).toBe(
    expected.code === undefined ? undefined : `https://stripe.com/docs/error-codes/${expected.code.split('_').join('-')}`,
  );
}

/** Freezes a value and everything it holds, so any mutation by the code under test throws. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) {
      deepFreeze((value as Record<string, unknown>)[key]);
    }
  }
  return value;
}

export function create(h: Harness, params: SetupIntentCreateParams = { payment_method_types: ['card'] }): SetupIntentRecord {
  return applied(h.store.apply(createSetupIntent(params, h.env))).record;
}

export function confirm(h: Harness, record: SetupIntentRecord, params: SetupIntentConfirmParams, access?: CallerAccess): OperationResult {
  return h.store.apply(confirmSetupIntent(record, params, h.env, access));
}

export function storedPaymentMethod(h: Harness, id: string | null): PaymentMethod {
  const pm = id === null ? undefined : h.store.paymentMethods.get(id);
  if (pm === undefined) {
    throw new Error(`PaymentMethod ${String(id)} is not stored`);
  }
  return pm;
}

/** Types every status builder allows, so the same follow-up calls work on each of them. */
const MIXED_TYPES = ['card', 'sepa_debit', 'us_bank_account'];

export function inRequiresPaymentMethod(h: Harness): SetupIntentRecord {
  return create(h, { payment_method_types: MIXED_TYPES });
}

export function inRequiresConfirmation(h: Harness): SetupIntentRecord {
  return create(h, { payment_method_types: MIXED_TYPES, payment_method: 'pm_card_visa' });
}

export function inRequiresActionThreeDS(h: Harness): SetupIntentRecord {
  return applied(confirm(h, inRequiresPaymentMethod(h), { payment_method: 'pm_card_authenticationRequired' })).record;
}

export function inRequiresActionMicrodeposits(h: Harness): SetupIntentRecord {
  return applied(confirm(h, inRequiresPaymentMethod(h), { payment_method_data: MANUAL_ACH, mandate_data: ONLINE_MANDATE })).record;
}

export function inProcessing(h: Harness): SetupIntentRecord {
  return applied(confirm(h, inRequiresPaymentMethod(h), { payment_method: 'pm_usBankAccount_processing', mandate_data: ONLINE_MANDATE }))
    .record;
}

export function inSucceeded(h: Harness): SetupIntentRecord {
  return applied(confirm(h, inRequiresPaymentMethod(h), { payment_method: 'pm_card_visa' })).record;
}

export function inCanceled(h: Harness): SetupIntentRecord {
  return applied(h.store.apply(cancelSetupIntent(inRequiresPaymentMethod(h), {}, h.env))).record;
}

/** A card PaymentMethod attached to a Customer, by setting it up for that Customer. */
export function paymentMethodOf(h: Harness, customer: string): PaymentMethod {
  const record = create(h, { payment_method_types: ['card'], customer });
  const done = applied(confirm(h, record, { payment_method: 'pm_card_visa' })).record;
  return storedPaymentMethod(h, done.intent.payment_method);
}
