import type { PaymentIntent } from '../types/payment-intent.js';

/** The 3D Secure authentication a `requires_action` PaymentIntent waits on. */
export interface PendingPaymentAuthentication {
  /** Discriminates the pending step. */
  readonly kind: 'customer_action';
  /** The id the authentication page belongs to (`payatt_…`): only its link acts. */
  readonly attempt: string;
  /** Where to send the customer back after authenticating, when the confirmation gave one. */
  readonly returnUrl: string | null;
}

/**
 * A PaymentIntent with the facts Stripe keeps about it but does not show: the authentication it
 * waits on. Plain JSON, so it stores and replays as it is.
 */
export interface PaymentIntentRecord {
  /** The public object, exactly as Stripe renders it. */
  readonly intent: PaymentIntent;
  /** What the PaymentIntent waits on, while `requires_action`. */
  readonly pending: PendingPaymentAuthentication | null;
}
