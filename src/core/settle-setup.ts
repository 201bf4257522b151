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
import type { SetupIntentMachineEvent } from '../machine/setup-intent-machine.js';
import type { TakenStep } from './machine-steps.js';
import { emittedDrafts, transitionFields } from './machine-steps.js';
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
  /** The statechart events the step took. */
  readonly machineEvents: readonly SetupIntentMachineEvent[];
}

function requireAttempt(record: SetupIntentRecord): SetupAttempt {
  if (record.latestAttempt === null) {
    throw new SetupIntentMachineError(`SetupIntent ${record.intent.id} has no attempt to settle`);
  }
  return record.latestAttempt;
}

/**
 * Completes a setup along `taken` (a transition into `succeeded`): the payment method attached to
 * the SetupIntent's Customer, a Mandate for mandate-based methods (spec T6, T11, T13, T16).
 */
export function succeedSetup(
  record: SetupIntentRecord,
  paymentMethod: PaymentMethod,
  env: SetupIntentEnvironment,
  taken: TakenStep,
  authentication?: 'authenticated',
): SettledStep {
  const { intent } = record;
  const attempt = settleSetupAttempt(requireAttempt(record), 'succeeded', null, authentication);
  const attached: PaymentMethod[] = [];
  if (intent.customer !== null && paymentMethod.customer === null) {
    attached.push({ ...paymentMethod, customer: intent.customer });
  }
  // A PaymentMethod set up without any Customer is spent: live Stripe refuses its next use.
  const spent = intent.customer === null && paymentMethod.customer === null ? [paymentMethod.id] : [];
  let mandate: Mandate | null = null;
  if (MANDATE_TYPES.has(paymentMethod.type)) {
    mandate = newMandate(paymentMethod, record.mandateAcceptance ?? inferredAcceptance(env), record.singleUse, env);
  }
  const next: SetupIntent = {
    ...intent,
    latest_attempt: attempt.id,
    mandate: mandate !== null && mandate.type === 'multi_use' ? mandate.id : intent.mandate,
    single_use_mandate: mandate !== null && mandate.type === 'single_use' ? mandate.id : intent.single_use_mandate,
    ...transitionFields(intent, taken.transition, { paymentMethod: paymentMethod.id }),
  };
  return {
    record: { ...record, intent: next, latestAttempt: attempt, pending: null, mandateAcceptance: null },
    changes: { setupAttempts: [attempt], mandates: mandate === null ? [] : [mandate], paymentMethods: attached, spentPaymentMethods: spent },
    // The attachment is the PaymentMethod's own event, reported before the SetupIntent's (spec §6.1).
    drafts: [...attached.map((pm) => ({ type: 'payment_method.attached' as const, object: pm })), ...emittedDrafts(taken.transition, next)],
    machineEvents: [taken.event],
  };
}

/** The `last_setup_error` of a failed setup, carrying the payment method and any decline advice as Stripe does. */
export function setupErrorFrom(failure: TestSetupFailure, paymentMethod: PaymentMethod | undefined): StripeApiError {
  return apiError(failure.type, {
    code: failure.code,
    message: failure.message,
    ...(failure.decline_code === undefined ? {} : { decline_code: failure.decline_code }),
    ...(failure.advice_code === undefined ? {} : { advice_code: failure.advice_code }),
    ...(failure.network_advice_code === undefined ? {} : { network_advice_code: failure.network_advice_code }),
    ...(failure.network_decline_code === undefined ? {} : { network_decline_code: failure.network_decline_code }),
    ...(failure.param === undefined ? {} : { param: failure.param }),
    ...(paymentMethod === undefined ? {} : { payment_method: paymentMethod }),
  });
}

/**
 * Fails a setup along `taken` (spec T8, T12, T15, T17): `last_setup_error` recorded and the payment
 * method cleared as the transition's actions say, the attempt `failed`. A transition into
 * `canceled` (the confirmation limit, T10) cancels with `abandoned`.
 */
export function failSetup(
  record: SetupIntentRecord,
  error: StripeApiError,
  taken: TakenStep,
  options: { readonly countsAsConfirmation: boolean; readonly authentication?: 'authenticated' | 'failed' },
): SettledStep {
  const { intent } = record;
  const attempt = settleSetupAttempt(requireAttempt(record), 'failed', error, options.authentication);
  const failedConfirmations = record.failedConfirmations + (options.countsAsConfirmation ? 1 : 0);
  const next: SetupIntent = {
    ...intent,
    cancellation_reason: taken.transition.target === 'canceled' ? 'abandoned' : intent.cancellation_reason,
    latest_attempt: attempt.id,
    ...transitionFields(intent, taken.transition, { error }),
  };
  return {
    record: { ...record, intent: next, latestAttempt: attempt, pending: null, failedConfirmations, mandateAcceptance: null },
    changes: { setupAttempts: [attempt], mandates: [], paymentMethods: [] },
    drafts: emittedDrafts(taken.transition, next),
    machineEvents: [taken.event],
  };
}

/** Whether the failure of a confirmation now would reach the confirmation limit (T10). */
export function reachesConfirmationLimit(record: SetupIntentRecord, env: SetupIntentEnvironment): boolean {
  const limit = env.behavior.confirmationFailureLimit;
  return limit !== null && record.failedConfirmations + 1 >= limit;
}

/** Puts a setup into `processing` along `taken` until the bank answers (spec T9). */
export function startProcessing(record: SetupIntentRecord, pending: PendingStep, taken: TakenStep, authentication?: 'authenticated'): SettledStep {
  const attempt = settleSetupAttempt(requireAttempt(record), 'processing', null, authentication);
  const next: SetupIntent = { ...record.intent, latest_attempt: attempt.id, ...transitionFields(record.intent, taken.transition) };
  return {
    record: { ...record, intent: next, latestAttempt: attempt, pending },
    changes: { setupAttempts: [attempt], mandates: [], paymentMethods: [] },
    // There is no `setup_intent.processing` event type: the transition emits none.
    drafts: emittedDrafts(taken.transition, next),
    machineEvents: [taken.event],
  };
}
