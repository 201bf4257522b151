import type { CallerAccess } from '../core/access.js';
import { releasedCharge } from '../core/charges.js';
import { SetupIntentMachineError } from '../core/misuse-error.js';
import type { SetupIntentEnvironment } from '../core/environment.js';
import { paymentIntentCancelRefusal } from '../core/payment-intent-errors.js';
import type { PaymentIntentRecord } from '../core/payment-intent-record.js';
import type { PaymentIntentResult } from '../core/payment-intent-result.js';
import { NO_PAYMENT_INTENT_CHANGES, paymentIntentRefused, publishedPaymentIntent } from '../core/payment-intent-result.js';
import { paymentIntentDrafts, paymentIntentTransitionFields, takePaymentIntentStep } from '../core/payment-intent-steps.js';
import type { PaymentIntentCancelParams } from '../params/payment-intent-param-specs.js';
import { PAYMENT_INTENT_CANCEL_PARAMS } from '../params/payment-intent-param-specs.js';
import { checkParams } from '../params/validate-params.js';
import type { Charge } from '../types/charge.js';
import type { PaymentIntent } from '../types/payment-intent.js';

/**
 * Cancels a PaymentIntent (`POST /v1/payment_intents/:id/cancel`): `canceled`, with `canceled_at`
 * and the `cancellation_reason` given (recorded: `null` when none is), and `payment_intent.canceled`.
 * A held PaymentIntent (`requires_capture`) releases its authorization: nothing stays capturable
 * and its Charge (`related.charge`) is refunded, with `charge.refunded` first
 * (https://docs.stripe.com/api/payment_intents/cancel). A succeeded or canceled PaymentIntent is
 * refused with `payment_intent_unexpected_state`.
 */
export function cancelPaymentIntent(
  record: PaymentIntentRecord,
  input: PaymentIntentCancelParams,
  env: SetupIntentEnvironment,
  access?: CallerAccess,
  related: { readonly charge?: Charge | undefined } = {},
): PaymentIntentResult {
  const check = checkParams(input, PAYMENT_INTENT_CANCEL_PARAMS);
  if (!check.ok) {
    return paymentIntentRefused(check.error);
  }
  const params = check.params as PaymentIntentCancelParams;
  const taken = takePaymentIntentStep(record, { type: 'api.cancel' });
  if (taken === null) {
    return paymentIntentRefused(paymentIntentCancelRefusal(record.intent));
  }
  const releases = taken.transition.actions.includes('releaseAuthorization');
  if (releases && (related.charge === undefined || related.charge.id !== record.intent.latest_charge)) {
    throw new SetupIntentMachineError(`cancelPaymentIntent on ${record.intent.id} without its held charge ${String(record.intent.latest_charge)}`);
  }
  const charge = releases && related.charge !== undefined ? releasedCharge(related.charge) : undefined;
  const intent: PaymentIntent = {
    ...record.intent,
    ...paymentIntentTransitionFields(record.intent, taken.transition),
    canceled_at: env.now(),
    cancellation_reason: params.cancellation_reason ?? null,
  };
  return publishedPaymentIntent(
    {
      kind: 'applied',
      record: { ...record, intent, pending: null },
      changes: charge === undefined ? NO_PAYMENT_INTENT_CHANGES : { ...NO_PAYMENT_INTENT_CHANGES, charges: [charge] },
      drafts: paymentIntentDrafts(taken.transition, intent, charge),
      machineEvents: [taken.event],
    },
    env,
    access ?? {},
  );
}
