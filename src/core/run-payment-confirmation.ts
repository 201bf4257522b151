import type { TestCardError } from '../catalogue/test-payment-method.js';
import type { PaymentIntentMachineEvent } from '../machine/payment-intent-machine.js';
import { paymentIntentStatusAccepts } from '../machine/payment-intent-step.js';
import type { Charge } from '../types/charge.js';
import type { PaymentIntent, PaymentIntentNextAction, PaymentIntentSetupFutureUsage } from '../types/payment-intent.js';
import type { PaymentMethod } from '../types/payment-method.js';
import type { StripeApiError } from '../types/stripe-error.js';
import { newCharge } from './charges.js';
import type { SetupIntentEnvironment } from './environment.js';
import { paymentIntentConfirmRefusal, paymentIntentMissingPaymentMethod } from './payment-intent-errors.js';
import type { PaymentIntentRecord } from './payment-intent-record.js';
import type { PaymentIntentChanges, PaymentIntentStepResult } from './payment-intent-result.js';
import { paymentIntentRefused } from './payment-intent-result.js';
import type { TakenPaymentIntentStep } from './payment-intent-steps.js';
import { paymentIntentDrafts, paymentIntentTransitionFields, takePaymentIntentStep } from './payment-intent-steps.js';
import { checkAllowedType, checkPaymentIntentOwnership, checkReusable } from './payment-method-checks.js';
import type { ChargeAfterAuthentication } from './payment-plan.js';
import { paymentPlanFor } from './payment-plan.js';
import type { PaymentMethodResolution, ResolvedPaymentMethod } from './payment-methods.js';
import { resolvePaymentMethodReference, withCheckedCvc } from './payment-methods.js';
import { apiError, requestError } from './stripe-errors.js';

/** What a confirmation asks for, after its parameters were checked. */
export interface PaymentConfirmationRequest {
  /** The PaymentMethod to pay with; the PaymentIntent's own when absent. */
  readonly payment_method?: string;
  /**
   * The PaymentMethod a create call already resolved (possibly new, from a test alias, and not
   * stored yet); it stands for the PaymentIntent's own payment method.
   */
  readonly resolved?: ResolvedPaymentMethod;
  /** Whether the customer is away (`off_session=true`). */
  readonly off_session?: boolean;
  /** Where to send the customer back after 3D Secure. */
  readonly return_url?: string;
  /** A new `setup_future_usage` (`''` unsets it). */
  readonly setup_future_usage?: PaymentIntentSetupFutureUsage | '';
  /** A new `receipt_email` (`''` unsets it). */
  readonly receipt_email?: string;
}

/**
 * The decline of an off-session payment that needs the customer to authenticate (Stripe's soft
 * decline). Recorded: type `card_error`, code and decline code `authentication_required`, the
 * message below, the PaymentMethod carried, no Charge (test/fixtures/recordings/stripe-world-04-money-path.json,
 * exchange 45; the message is also quoted in stripe-archive/stripe-payments-demo issue #43).
 */
export function authenticationRequiredError(paymentMethod: PaymentMethod): StripeApiError {
  // `last_payment_error` names the type, unlike the SetupIntent's card errors (recorded: stripe-world-04-money-path.json).
  const error = apiError('card_error', {
    code: 'authentication_required',
    decline_code: 'authentication_required',
    message: 'Your card was declined. This transaction requires authentication.',
    payment_method: paymentMethod,
  });
  return { ...error, payment_method_type: paymentMethod.type };
}

/** An issuer decline as `last_payment_error`: the card error, the failed Charge and the PaymentMethod. */
export function declineError(error: TestCardError, charge: Charge, paymentMethod: PaymentMethod): StripeApiError {
  const declined = apiError('card_error', {
    ...(error.advice_code === undefined ? {} : { advice_code: error.advice_code }),
    charge: charge.id,
    code: error.code,
    decline_code: error.decline_code,
    message: error.message,
    ...(error.network_advice_code === undefined ? {} : { network_advice_code: error.network_advice_code }),
    ...(error.network_decline_code === undefined ? {} : { network_decline_code: error.network_decline_code }),
    ...(error.param === undefined ? {} : { param: error.param }),
    payment_method: paymentMethod,
  });
  return { ...declined, payment_method_type: paymentMethod.type };
}

/**
 * The answer to a failed payment: 402 with `last_payment_error` and the PaymentIntent as it now
 * stands. The answer's error leaves out `payment_method_type`, which only `last_payment_error`
 * carries (recorded: stripe-world-04-money-path.json, exchanges 12 and 45).
 */
export function paymentFailure(intent: PaymentIntent): { readonly statusCode: number; readonly error: StripeApiError } {
  const { payment_method_type: _type, ...error } = intent.last_payment_error as StripeApiError;
  return requestError(error.type === 'card_error' ? 402 : 400, { ...error, payment_intent: intent });
}

/**
 * Applies the charge a confirmation or an authentication makes along `taken`: a paid Charge moves
 * the PaymentIntent to `succeeded` (or, held for a manual capture, to `requires_capture`), a declined one back to `requires_payment_method` with the
 * decline recorded and answered 402.
 */
export function settlePayment(
  record: PaymentIntentRecord,
  paying: PaymentIntent,
  paymentMethod: PaymentMethod,
  outcome: ChargeAfterAuthentication,
  taken: TakenPaymentIntentStep,
  env: SetupIntentEnvironment,
  options: { readonly authenticated: boolean; readonly before: PaymentIntentChanges },
): PaymentIntentStepResult {
  const charge = newCharge(paying, paymentMethod, outcome.step === 'pay' ? { paid: true, authenticated: options.authenticated } : { paid: false, error: { type: 'card_error', ...outcome.error } }, env);
  const error = outcome.step === 'decline' ? declineError(outcome.error, charge, paymentMethod) : undefined;
  const intent: PaymentIntent = {
    ...paying,
    ...paymentIntentTransitionFields(paying, taken.transition, { charge, ...(error === undefined ? {} : { error }) }),
  };
  // A PaymentMethod paid with by a PaymentIntent without a Customer may not be used again (the
  // refusal Stripe answers then names exactly this case: see `paymentMethodPreviouslyUsed`).
  const spent = outcome.step === 'pay' && paying.customer === null && paymentMethod.customer === null ? [paymentMethod.id] : [];
  const changes: PaymentIntentChanges = {
    charges: [...options.before.charges, charge],
    paymentMethods: options.before.paymentMethods,
    spentPaymentMethods: [...options.before.spentPaymentMethods, ...spent],
  };
  const next: PaymentIntentRecord = { ...record, intent, pending: null };
  const drafts = paymentIntentDrafts(taken.transition, intent, charge);
  if (error === undefined) {
    return { kind: 'applied', record: next, changes, drafts, machineEvents: [taken.event] };
  }
  return { kind: 'failed', record: next, changes, drafts, machineEvents: [taken.event], error: paymentFailure(intent) };
}

/**
 * Runs a confirmation (`confirm=true` on create, or `POST /v1/payment_intents/:id/confirm`): resolves
 * the payment method, checks the status, ownership and reuse in Stripe's order, and moves the
 * PaymentIntent to the outcome the card's test behaviour and its setup dictate.
 */
export function runPaymentConfirmation(record: PaymentIntentRecord, request: PaymentConfirmationRequest, env: SetupIntentEnvironment): PaymentIntentStepResult {
  const reference = request.payment_method ?? request.resolved?.paymentMethod.id ?? record.intent.payment_method;
  // The missing-payment-method refusal comes before the status check, as for SetupIntents.
  if (reference === null) {
    return paymentIntentRefused(paymentIntentMissingPaymentMethod(record.intent));
  }
  if (!paymentIntentStatusAccepts(record.intent.status, 'api.confirm')) {
    return paymentIntentRefused(paymentIntentConfirmRefusal(record.intent));
  }
  const resolution: PaymentMethodResolution =
    request.payment_method === undefined && request.resolved !== undefined
      ? { ok: true, value: request.resolved }
      : resolvePaymentMethodReference(reference, env, 'payment_method');
  if (!resolution.ok) {
    return paymentIntentRefused(resolution.error);
  }
  const { paymentMethod: resolved, created } = resolution.value;
  const ownership = checkPaymentIntentOwnership(resolved, record.intent);
  if (ownership !== null) {
    return paymentIntentRefused(ownership);
  }
  const reusable = checkReusable(resolved, env);
  if (reusable !== null) {
    return paymentIntentRefused(reusable);
  }
  const typeProblem = checkAllowedType(resolved, record.intent, 'PaymentIntent');
  if (typeProblem !== null) {
    return paymentIntentRefused(typeProblem);
  }
  const offSession = request.off_session === true;
  const setupFutureUsage = request.setup_future_usage === undefined ? record.intent.setup_future_usage : request.setup_future_usage === '' ? null : request.setup_future_usage;
  if (offSession && setupFutureUsage !== null) {
    // Quoted from a live answer in artsy/exchange pull request #484 (UNCONFIRMED: param and code).
    return paymentIntentRefused(
      requestError(
        400,
        apiError('invalid_request_error', {
          param: 'off_session',
          message:
            'You cannot confirm with the `off_session` parameter when `setup_future_usage` is also set on the PaymentIntent because you cannot set up future usages when processing payments off-session.',
        }),
      ),
    );
  }
  const paymentMethod = withCheckedCvc(resolved);
  const plan = paymentPlanFor(paymentMethod, offSession, env);
  const event: PaymentIntentMachineEvent = {
    type: 'api.confirm',
    hasPaymentMethod: request.payment_method !== undefined,
    outcome: plan.step === 'pay' ? 'succeeded' : plan.step === 'authenticate' ? 'requires_action' : plan.step === 'decline' ? 'declined' : 'authentication_required',
    // Only a manual capture is named, so the automatic flow's events read as before.
    ...(record.intent.capture_method === 'manual' ? { manualCapture: true } : {}),
  };
  const taken = takePaymentIntentStep(record, event);
  if (taken === null) {
    return paymentIntentRefused(paymentIntentConfirmRefusal(record.intent));
  }
  const paying: PaymentIntent = {
    ...record.intent,
    payment_method: paymentMethod.id,
    setup_future_usage: setupFutureUsage,
    ...(request.receipt_email === undefined ? {} : { receipt_email: request.receipt_email === '' ? null : request.receipt_email }),
  };
  const before: PaymentIntentChanges = { charges: [], paymentMethods: created || paymentMethod !== resolved ? [paymentMethod] : [], spentPaymentMethods: [] };

  switch (plan.step) {
    case 'pay':
    case 'decline':
      return settlePayment(record, paying, paymentMethod, plan, taken, env, { authenticated: false, before });
    case 'authentication_required': {
      // No charge reaches the card, so its CVC stays unchecked (recorded: stripe-world-04-money-path.json, exchange 45).
      const error = authenticationRequiredError(resolved);
      const intent: PaymentIntent = { ...paying, ...paymentIntentTransitionFields(paying, taken.transition, { error }) };
      return {
        kind: 'failed',
        record: { ...record, intent, pending: null },
        changes: { ...before, paymentMethods: created ? [resolved] : [] },
        drafts: paymentIntentDrafts(taken.transition, intent),
        machineEvents: [taken.event],
        error: paymentFailure(intent),
      };
    }
    case 'authenticate': {
      const attempt = env.ids.id('payatt');
      const url = env.urls.authentication(record.intent.id, attempt);
      const nextAction: PaymentIntentNextAction =
        request.return_url !== undefined
          ? { type: 'redirect_to_url', redirect_to_url: { return_url: request.return_url, url } }
          : { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: url, source: attempt } };
      const intent: PaymentIntent = { ...paying, ...paymentIntentTransitionFields(paying, taken.transition, { nextAction }) };
      return {
        kind: 'applied',
        record: { ...record, intent, pending: { kind: 'customer_action', attempt, returnUrl: request.return_url ?? null } },
        changes: before,
        drafts: paymentIntentDrafts(taken.transition, intent),
        machineEvents: [taken.event],
      };
    }
  }
}
