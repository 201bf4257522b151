import type { PaymentIntentStatus } from '../types/payment-intent.js';
import type { SetupIntentStatus } from '../types/setup-intent.js';

/** The `redirect_status` Stripe appends to a return URL. */
export type RedirectStatus = 'succeeded' | 'processing' | 'failed';

/** The `redirect_status` for a SetupIntent's status after the customer's action: anything but success or processing failed. */
export function redirectStatusOf(status: SetupIntentStatus): RedirectStatus {
  switch (status) {
    case 'succeeded':
      return 'succeeded';
    case 'processing':
      return 'processing';
    default:
      return 'failed';
  }
}

/**
 * The `redirect_status` for a PaymentIntent's status after 3D Secure: a payment paid, or authorized
 * and held for a manual capture (`requires_capture`), succeeded; anything else failed.
 *
 * @remarks That a held payment counts as succeeded follows "the payment is authorized" of
 * https://docs.stripe.com/payments/place-a-hold-on-a-payment-method (UNCONFIRMED by a recording).
 */
export function paymentRedirectStatusOf(status: PaymentIntentStatus): RedirectStatus {
  return status === 'succeeded' || status === 'requires_capture' ? 'succeeded' : 'failed';
}
