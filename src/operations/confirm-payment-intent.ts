import type { CallerAccess } from '../core/access.js';
import type { SetupIntentEnvironment } from '../core/environment.js';
import type { PaymentIntentRecord } from '../core/payment-intent-record.js';
import type { PaymentIntentResult } from '../core/payment-intent-result.js';
import { paymentIntentRefused, publishedPaymentIntent } from '../core/payment-intent-result.js';
import type { PaymentConfirmationRequest } from '../core/run-payment-confirmation.js';
import { runPaymentConfirmation } from '../core/run-payment-confirmation.js';
import type { PaymentIntentConfirmParams } from '../params/payment-intent-param-specs.js';
import { PAYMENT_INTENT_CONFIRM_PARAMS } from '../params/payment-intent-param-specs.js';
import { checkParams } from '../params/validate-params.js';

/**
 * Confirms a PaymentIntent (`POST /v1/payment_intents/:id/confirm`). Off-session
 * (`off_session=true`), a card that needs authentication is declined with `authentication_required`;
 * on-session it moves to `requires_action` and the customer authenticates on the 3D Secure page.
 * A decline is persisted and answered with 402: the result is `failed` and carries the record.
 *
 * @example
 * ```ts
 * const result = confirmPaymentIntent(record, { payment_method: 'pm_123' }, env);
 * // result.kind === 'applied', result.record.intent.status === 'requires_action'
 * ```
 */
export function confirmPaymentIntent(
  record: PaymentIntentRecord,
  input: PaymentIntentConfirmParams,
  env: SetupIntentEnvironment,
  access?: CallerAccess,
): PaymentIntentResult {
  const check = checkParams(input, PAYMENT_INTENT_CONFIRM_PARAMS);
  if (!check.ok) {
    return paymentIntentRefused(check.error);
  }
  const params = check.params as PaymentIntentConfirmParams;
  const request: PaymentConfirmationRequest = {
    ...(params.payment_method === undefined ? {} : { payment_method: params.payment_method }),
    ...(params.off_session === undefined ? {} : { off_session: params.off_session }),
    ...(params.return_url === undefined ? {} : { return_url: params.return_url }),
    ...(params.setup_future_usage === undefined ? {} : { setup_future_usage: params.setup_future_usage }),
    ...(params.receipt_email === undefined ? {} : { receipt_email: params.receipt_email }),
  };
  return publishedPaymentIntent(runPaymentConfirmation(record, request, env), env, access ?? {});
}
