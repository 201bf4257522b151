import { apiError } from '../core/stripe-errors.js';
import type { PaymentMethod } from '../types/payment-method.js';
import type { StripeApiError } from '../types/stripe-error.js';

/** `last_setup_error` when the customer fails or abandons authentication (spec §2.6). */
export function authenticationFailure(paymentMethod: PaymentMethod | undefined): StripeApiError {
  return apiError('invalid_request_error', {
    code: 'setup_intent_authentication_failure',
    message:
      'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod ' +
      'to attempt to fulfill this SetupIntent again.',
    ...(paymentMethod === undefined ? {} : { payment_method: paymentMethod }),
  });
}

/** `last_setup_error` when the pending attempt expires (spec §2.6, UNCONFIRMED text). */
export function attemptExpired(paymentMethod: PaymentMethod | undefined): StripeApiError {
  return apiError('invalid_request_error', {
    code: 'setup_intent_setup_attempt_expired',
    message:
      'The latest setup attempt for this SetupIntent has expired. Provide a new payment method to attempt to set up again.',
    ...(paymentMethod === undefined ? {} : { payment_method: paymentMethod }),
  });
}
