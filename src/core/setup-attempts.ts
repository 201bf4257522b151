import type { PaymentMethod } from '../types/payment-method.js';
import type { SetupAttempt, SetupAttemptPaymentMethodDetails, SetupAttemptStatus } from '../types/setup-attempt.js';
import type { SetupIntent } from '../types/setup-intent.js';
import type { StripeApiError } from '../types/stripe-error.js';
import type { SetupIntentEnvironment } from './environment.js';

/** Whether the card attempt ran 3D Secure, and how. */
export type ThreeDSecureRun = 'none' | 'challenge' | 'frictionless';

function detailsOf(paymentMethod: PaymentMethod, threeDSecure: ThreeDSecureRun): SetupAttemptPaymentMethodDetails {
  const card = paymentMethod.card;
  if (paymentMethod.type !== 'card' || card === undefined) {
    return { type: paymentMethod.type, [paymentMethod.type]: {} };
  }
  return {
    type: 'card',
    card: {
      brand: card.brand,
      checks: null,
      country: card.country,
      exp_month: card.exp_month,
      exp_year: card.exp_year,
      fingerprint: card.fingerprint,
      funding: card.funding,
      last4: card.last4,
      network: card.brand,
      three_d_secure:
        threeDSecure === 'none'
          ? null
          : {
              authentication_flow: threeDSecure,
              electronic_commerce_indicator: null,
              result: null,
              result_reason: null,
              transaction_id: null,
              version: '2.2.0',
            },
      wallet: null,
    },
  };
}

/** A new SetupAttempt for a confirmation, copying the SetupIntent's values at this moment. */
export function newSetupAttempt(
  intent: SetupIntent,
  paymentMethod: PaymentMethod,
  status: SetupAttemptStatus,
  threeDSecure: ThreeDSecureRun,
  env: SetupIntentEnvironment,
): SetupAttempt {
  const attempt: SetupAttempt = {
    id: env.ids.id('setatt'),
    object: 'setup_attempt',
    application: intent.application,
    created: env.now(),
    customer: intent.customer,
    customer_account: intent.customer_account ?? null,
    flow_directions: intent.flow_directions ?? null,
    livemode: intent.livemode,
    on_behalf_of: intent.on_behalf_of,
    payment_method: paymentMethod.id,
    payment_method_details: detailsOf(paymentMethod, threeDSecure),
    setup_error: null,
    setup_intent: intent.id,
    status,
    usage: intent.usage,
  };
  // `attach_to_self` is rare; Stripe renders it after `application`.
  return intent.attach_to_self === undefined ? attempt : withAttachToSelf(attempt, intent.attach_to_self);
}

function withAttachToSelf(attempt: SetupAttempt, attachToSelf: boolean): SetupAttempt {
  const { id, object, application, ...rest } = attempt;
  return { id, object, application, attach_to_self: attachToSelf, ...rest };
}

/** The attempt with a new status (and error), recording a 3D Secure result when it ran. */
export function settleSetupAttempt(
  attempt: SetupAttempt,
  status: SetupAttemptStatus,
  error: StripeApiError | null,
  authentication?: 'authenticated' | 'failed',
): SetupAttempt {
  const card = attempt.payment_method_details.card;
  const threeDS = card?.three_d_secure;
  const details =
    card !== undefined && threeDS != null && authentication !== undefined
      ? {
          ...attempt.payment_method_details,
          card: {
            ...card,
            three_d_secure: {
              ...threeDS,
              electronic_commerce_indicator: authentication === 'authenticated' ? ('05' as const) : ('07' as const),
              result: authentication,
              result_reason: authentication === 'authenticated' ? null : ('rejected' as const),
            },
          },
        }
      : attempt.payment_method_details;
  return { ...attempt, status, setup_error: error, payment_method_details: details };
}

/** The attempt marked `abandoned` when it was still waiting, otherwise unchanged. */
export function abandonIfWaiting(attempt: SetupAttempt | null): SetupAttempt | null {
  if (attempt === null || (attempt.status !== 'requires_action' && attempt.status !== 'requires_confirmation')) {
    return null;
  }
  return { ...attempt, status: 'abandoned' };
}
