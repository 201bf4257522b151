import type { SetupIntentEnvironment } from '../core/environment.js';
import { paymentIntentUnexpectedState } from '../core/payment-intent-errors.js';
import type { PaymentIntentRecord } from '../core/payment-intent-record.js';
import type { PaymentIntentResult } from '../core/payment-intent-result.js';
import { NO_PAYMENT_INTENT_CHANGES, paymentIntentRefused, publishedPaymentIntent } from '../core/payment-intent-result.js';
import { paymentIntentDrafts, paymentIntentTransitionFields, takePaymentIntentStep } from '../core/payment-intent-steps.js';
import { chargeAfterAuthentication } from '../core/payment-plan.js';
import { paymentFailure, settlePayment } from '../core/run-payment-confirmation.js';
import { apiError } from '../core/stripe-errors.js';
import type { PaymentIntent } from '../types/payment-intent.js';
import type { StripeRequestError } from '../types/stripe-error.js';
import type { ReadResult } from './read-result.js';

/**
 * Whether the customer can authenticate the PaymentIntent through the link of `attempt` (the hosted
 * 3D Secure page): it must wait on authentication, and `attempt` must be the one its `next_action`
 * names. Found: the attempt.
 */
export function pendingPaymentAuthentication(record: PaymentIntentRecord, attempt: string | undefined): ReadResult<string> {
  const { intent, pending } = record;
  if (pending === null) {
    return { kind: 'refused', error: notWaiting(intent) };
  }
  if (attempt !== pending.attempt) {
    return {
      kind: 'refused',
      error: paymentIntentUnexpectedState(`This authentication link does not belong to the current payment attempt of PaymentIntent ${intent.id}.`, intent),
    };
  }
  return { kind: 'found', value: pending.attempt };
}

function notWaiting(intent: PaymentIntent): StripeRequestError {
  return paymentIntentUnexpectedState(`This PaymentIntent is not waiting on authentication: it has a status of ${intent.status}.`, intent);
}

/**
 * The customer completes (`succeeded`) or fails (`failed`) 3D Secure for a `requires_action`
 * PaymentIntent, on the hosted page or through a test helper. Completed, the Charge is made
 * (paid, or declined as the card's test behaviour says); failed, the PaymentIntent returns to
 * `requires_payment_method` with `payment_intent_authentication_failure` and no Charge. The
 * events carry no request: the customer acted, not an API caller.
 */
export function authenticatePaymentIntent(
  record: PaymentIntentRecord,
  attempt: string | undefined,
  outcome: 'succeeded' | 'failed',
  env: SetupIntentEnvironment,
): PaymentIntentResult {
  const pending = pendingPaymentAuthentication(record, attempt);
  if (pending.kind === 'refused') {
    return paymentIntentRefused(pending.error);
  }
  const { intent } = record;
  const paymentMethod = intent.payment_method === null ? undefined : env.findPaymentMethod(intent.payment_method);
  if (paymentMethod === undefined) {
    return paymentIntentRefused(notWaiting(intent));
  }
  if (outcome === 'succeeded') {
    const after = chargeAfterAuthentication(paymentMethod, env);
    const taken = takePaymentIntentStep(record, {
      type: 'stripe.action_succeeded',
      outcome: after.step === 'pay' ? 'succeeded' : 'declined',
      ...(intent.capture_method === 'manual' ? { manualCapture: true } : {}),
    });
    if (taken === null) {
      return paymentIntentRefused(notWaiting(intent));
    }
    return publishedPaymentIntent(settlePayment(record, intent, paymentMethod, after, taken, env, { authenticated: true, before: NO_PAYMENT_INTENT_CHANGES }), env, null);
  }
  const taken = takePaymentIntentStep(record, { type: 'stripe.action_failed' });
  if (taken === null) {
    return paymentIntentRefused(notWaiting(intent));
  }
  // Stripe's wording for a failed PaymentIntent authentication (https://docs.stripe.com/error-codes/payment-intent-authentication-failure).
  const error = apiError('invalid_request_error', {
    code: 'payment_intent_authentication_failure',
    message:
      'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
    payment_method: paymentMethod,
  });
  const next: PaymentIntent = { ...intent, ...paymentIntentTransitionFields(intent, taken.transition, { error }) };
  return publishedPaymentIntent(
    {
      kind: 'failed',
      record: { ...record, intent: next, pending: null },
      changes: NO_PAYMENT_INTENT_CHANGES,
      drafts: paymentIntentDrafts(taken.transition, next),
      machineEvents: [taken.event],
      error: paymentFailure(next),
    },
    env,
    null,
  );
}
