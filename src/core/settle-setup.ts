import type { TestSetupFailure } from '../catalogue/test-payment-method.js';
import type { Mandate } from '../types/mandate.js';
import type { PaymentMethod } from '../types/payment-method.js';
import type { SetupAttempt } from '../types/setup-attempt.js';
import type { SetupIntent } from '../types/setup-intent.js';
import type { StripeApiError } from '../types/stripe-error.js';
import type { SetupIntentEnvironment } from './environment.js';
import { inferredAcceptance, newMandate } from './mandates.js';
import { SetupIntentMachineError } from './misuse-error.js';
import type { RelatedChanges } from './operation-result.js';
import type { EventDraft } from '../events/stripe-event.js';
import { MANDATE_TYPES } from './payment-methods.js';
import { settleSetupAttempt } from './setup-attempts.js';
import type { PendingStep, SetupIntentRecord } from './setup-intent-record.js';
import { apiError } from './stripe-errors.js';

/** A record and the related objects a step produced. */
export interface SettledStep {
  readonly record: SetupIntentRecord;
  readonly changes: RelatedChanges;
  /** The events of the step, in Stripe's order. */
  readonly drafts: readonly EventDraft[];
}

function requireAttempt(record: SetupIntentRecord): SetupAttempt {
  if (record.latestAttempt === null) {
    throw new SetupIntentMachineError(`SetupIntent ${record.intent.id} has no attempt to settle`);
  }
  return record.latestAttempt;
}

/**
 * Completes a setup: status `succeeded`, the payment method attached to the SetupIntent's
 * Customer, a Mandate for mandate-based methods, `last_setup_error` cleared (spec T6, T11, T13, T16).
 */
export function succeedSetup(
  record: SetupIntentRecord,
  paymentMethod: PaymentMethod,
  env: SetupIntentEnvironment,
  authentication?: 'authenticated',
): SettledStep {
  const { intent } = record;
  const attempt = settleSetupAttempt(requireAttempt(record), 'succeeded', null, authentication);
  const paymentMethods: PaymentMethod[] = [];
  if (intent.customer !== null && paymentMethod.customer === null) {
    paymentMethods.push({ ...paymentMethod, customer: intent.customer });
  }
  let mandate: Mandate | null = null;
  if (MANDATE_TYPES.has(paymentMethod.type)) {
    mandate = newMandate(paymentMethod, record.mandateAcceptance ?? inferredAcceptance(env), record.singleUse, env);
  }
  const next: SetupIntent = {
    ...intent,
    status: 'succeeded',
    payment_method: paymentMethod.id,
    next_action: null,
    last_setup_error: null,
    latest_attempt: attempt.id,
    mandate: mandate !== null && mandate.type === 'multi_use' ? mandate.id : intent.mandate,
    single_use_mandate: mandate !== null && mandate.type === 'single_use' ? mandate.id : intent.single_use_mandate,
  };
  return {
    record: { ...record, intent: next, latestAttempt: attempt, pending: null, mandateAcceptance: null },
    changes: { setupAttempts: [attempt], mandates: mandate === null ? [] : [mandate], paymentMethods },
    // The attachment is reported before the success (spec §6.1).
    drafts: [...paymentMethods.map((pm) => ({ type: 'payment_method.attached' as const, object: pm })), { type: 'setup_intent.succeeded', object: next }],
  };
}

/** The `last_setup_error` of a failed setup, carrying the payment method as Stripe does. */
export function setupErrorFrom(failure: TestSetupFailure, paymentMethod: PaymentMethod | undefined): StripeApiError {
  return apiError(failure.type, {
    code: failure.code,
    message: failure.message,
    ...(failure.decline_code === undefined ? {} : { decline_code: failure.decline_code }),
    ...(failure.param === undefined ? {} : { param: failure.param }),
    ...(paymentMethod === undefined ? {} : { payment_method: paymentMethod }),
  });
}

/**
 * Fails a setup: back to `requires_payment_method` with `last_setup_error`, the payment method
 * cleared, the attempt `failed` (spec T8, T12, T15, T17). With `cancel`, the confirmation limit was
 * reached and the SetupIntent is canceled instead (T10).
 */
export function failSetup(
  record: SetupIntentRecord,
  error: StripeApiError,
  options: { readonly countsAsConfirmation: boolean; readonly env: SetupIntentEnvironment; readonly authentication?: 'authenticated' | 'failed' },
): SettledStep {
  const { intent } = record;
  const attempt = settleSetupAttempt(requireAttempt(record), 'failed', error, options.authentication);
  const failedConfirmations = record.failedConfirmations + (options.countsAsConfirmation ? 1 : 0);
  const limit = options.env.behavior.confirmationFailureLimit;
  const limitReached = options.countsAsConfirmation && limit !== null && failedConfirmations >= limit;
  const next: SetupIntent = {
    ...intent,
    status: limitReached ? 'canceled' : 'requires_payment_method',
    cancellation_reason: limitReached ? 'abandoned' : intent.cancellation_reason,
    // A failed payment method cannot be reused for this setup: the customer must supply another.
    payment_method: null,
    next_action: null,
    last_setup_error: error,
    latest_attempt: attempt.id,
  };
  return {
    record: { ...record, intent: next, latestAttempt: attempt, pending: null, failedConfirmations, mandateAcceptance: null },
    changes: { setupAttempts: [attempt], mandates: [], paymentMethods: [] },
    drafts: [{ type: limitReached ? 'setup_intent.canceled' : 'setup_intent.setup_failed', object: next }],
  };
}

/** Puts a setup into `processing` until the bank answers (spec T9). */
export function startProcessing(record: SetupIntentRecord, pending: PendingStep, authentication?: 'authenticated'): SettledStep {
  const attempt = settleSetupAttempt(requireAttempt(record), 'processing', null, authentication);
  const next: SetupIntent = { ...record.intent, status: 'processing', next_action: null, latest_attempt: attempt.id };
  return {
    record: { ...record, intent: next, latestAttempt: attempt, pending },
    changes: { setupAttempts: [attempt], mandates: [], paymentMethods: [] },
    // There is no `setup_intent.processing` event type.
    drafts: [],
  };
}
