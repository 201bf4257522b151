import type { CallerAccess } from '../core/access.js';
import { capturedCharge } from '../core/charges.js';
import type { SetupIntentEnvironment } from '../core/environment.js';
import { amountToCaptureTooLarge, invalidAmountToCapture, paymentIntentCaptureRefusal } from '../core/payment-intent-errors.js';
import type { PaymentIntentRecord } from '../core/payment-intent-record.js';
import type { PaymentIntentResult } from '../core/payment-intent-result.js';
import { NO_PAYMENT_INTENT_CHANGES, paymentIntentRefused, publishedPaymentIntent } from '../core/payment-intent-result.js';
import { paymentIntentDrafts, paymentIntentTransitionFields, takePaymentIntentStep } from '../core/payment-intent-steps.js';
import { SetupIntentMachineError } from '../core/misuse-error.js';
import type { PaymentIntentCaptureParams } from '../params/payment-intent-param-specs.js';
import { PAYMENT_INTENT_CAPTURE_PARAMS } from '../params/payment-intent-param-specs.js';
import { checkParams } from '../params/validate-params.js';
import type { Charge } from '../types/charge.js';
import type { PaymentIntent } from '../types/payment-intent.js';
import { mergeMetadata, tooManyMetadataKeys } from './metadata-updates.js';

/**
 * Captures a held PaymentIntent (`POST /v1/payment_intents/:id/capture`): `amount_to_capture` of
 * the authorized amount (all of it when absent) is received, the rest released, and the
 * PaymentIntent `succeeded`, with `charge.captured` and `payment_intent.succeeded`.
 *
 * @remarks Recorded live at 2026-08-26.dahlia (test/fixtures/recordings/stripe-world-04-money-path.json):
 * capturing 5000 of 6500 answers `amount_received` 5000 and `amount_capturable` 0, the Charge has
 * `captured` true, `amount_captured` 5000, `amount_refunded` 0 and a balance transaction; a second
 * capture is refused because the rest was released. A capture in any other status is refused with
 * `payment_intent_unexpected_state`; a too large, negative or zero amount with the recorded answers.
 * The events are those https://docs.stripe.com/api/events/types describes for a capture.
 *
 * @example
 * ```ts
 * const result = capturePaymentIntent(record, { amount_to_capture: 5000 }, env, {}, { charge: heldCharge });
 * // result.kind === 'applied', result.record.intent.amount_received === 5000
 * ```
 */
export function capturePaymentIntent(
  record: PaymentIntentRecord,
  input: PaymentIntentCaptureParams,
  env: SetupIntentEnvironment,
  access: CallerAccess | undefined,
  related: { readonly charge: Charge | undefined },
): PaymentIntentResult {
  const check = checkParams(input, PAYMENT_INTENT_CAPTURE_PARAMS);
  if (!check.ok) {
    return paymentIntentRefused(check.error);
  }
  const params = check.params as PaymentIntentCaptureParams;
  const { intent } = record;
  // Recorded on held PaymentIntents only, so whether it comes before the status check is UNCONFIRMED.
  if (params.amount_to_capture !== undefined && params.amount_to_capture < 1) {
    return paymentIntentRefused(invalidAmountToCapture(intent, params.amount_to_capture));
  }
  const taken = takePaymentIntentStep(record, { type: 'api.capture' });
  if (taken === null) {
    return paymentIntentRefused(paymentIntentCaptureRefusal(intent));
  }
  const amount = params.amount_to_capture ?? intent.amount_capturable;
  if (amount > intent.amount_capturable) {
    return paymentIntentRefused(amountToCaptureTooLarge(intent));
  }
  const metadata = params.metadata === undefined ? intent.metadata : mergeMetadata(intent.metadata, params.metadata as Readonly<Record<string, string>> | '');
  const tooMany = tooManyMetadataKeys(metadata);
  if (tooMany !== null) {
    return paymentIntentRefused(tooMany);
  }
  // The held Charge comes from the caller's store: the core reads nothing on its own.
  if (related.charge === undefined || related.charge.id !== intent.latest_charge) {
    throw new SetupIntentMachineError(`capturePaymentIntent on ${intent.id} without its held charge ${String(intent.latest_charge)}`);
  }
  const charge = capturedCharge(related.charge, amount, env);
  const next: PaymentIntent = { ...intent, ...paymentIntentTransitionFields(intent, taken.transition, { charge }), metadata };
  return publishedPaymentIntent(
    {
      kind: 'applied',
      record: { ...record, intent: next },
      changes: { ...NO_PAYMENT_INTENT_CHANGES, charges: [charge] },
      drafts: paymentIntentDrafts(taken.transition, next, charge),
      machineEvents: [taken.event],
    },
    env,
    access ?? {},
  );
}
