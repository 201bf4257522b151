import type { Metadata } from './metadata.js';

/** Why a refund was made, as the caller said (`reason`). */
export type RefundReason = 'duplicate' | 'fraudulent' | 'requested_by_customer';

/** Every `reason` a refund may be created with (https://docs.stripe.com/api/refunds/create#create_refund-reason). */
export const REFUND_REASONS: readonly RefundReason[] = ['duplicate', 'fraudulent', 'requested_by_customer'];

/**
 * Where a card refund went: the acquirer reference number (ARN) the card network gives it, which
 * is `pending` in the create answer and `available`, with the `reference`, once Stripe has it.
 */
export interface RefundCardDestination {
  /** The ARN, once `reference_status` is `available`. */
  readonly reference?: string;
  /** `pending`, then `available`. */
  readonly reference_status: 'pending' | 'available';
  /** `acquirer_reference_number`. */
  readonly reference_type: 'acquirer_reference_number';
  /** `refund` (a reversal of an uncaptured charge is not a refund here). */
  readonly type: 'refund';
}

/** The payment-method-specific details of a refund's destination (`destination_details`). */
export interface RefundDestinationDetails {
  /** For card refunds. */
  readonly card?: RefundCardDestination;
  /** The payment method type: `card`. */
  readonly type: string;
}

/**
 * A Refund: money of a succeeded, captured Charge given back, in part or whole. Card refunds in
 * test mode succeed at once. The keys are the ones live Stripe renders at 2026-08-26.dahlia
 * (test/fixtures/recordings/stripe-world-05-refunds-disputes.json).
 */
export interface Refund {
  /** `re_...`. */
  readonly id: string;
  /** Always `refund`. */
  readonly object: 'refund';
  /** The amount refunded, in the smallest currency unit. */
  readonly amount: number;
  /** The balance transaction that describes the refund's effect on the balance. */
  readonly balance_transaction: string | null;
  /** The Charge refunded. */
  readonly charge: string | null;
  /** Unix seconds. */
  readonly created: number;
  /** The Charge's currency. */
  readonly currency: string;
  /** The Charge's Customer. */
  readonly customer: string | null;
  /** Not modelled (Accounts v2): `null`. */
  readonly customer_account: null;
  /** Where the refund went. */
  readonly destination_details: RefundDestinationDetails;
  /** Key-value pairs. */
  readonly metadata: Metadata;
  /** The PaymentIntent of the Charge. */
  readonly payment_intent: string | null;
  /** The PaymentMethod the Charge was paid with. */
  readonly payment_method: string | null;
  /** Why the refund was made, or `null`. */
  readonly reason: RefundReason | null;
  /** Not modelled (receipts are not sent): `null`. */
  readonly receipt_number: null;
  /** Not modelled (Connect): `null`. */
  readonly source_transfer_reversal: null;
  /** `succeeded` for card refunds here. */
  readonly status: 'succeeded';
  /** Not modelled (Connect): `null`. */
  readonly transfer_reversal: null;
}

/** A page of Refunds (`GET /v1/refunds`, `GET /v1/charges/:charge/refunds`). */
export interface RefundList {
  /** Always `list`. */
  readonly object: 'list';
  /**
   * How many Refunds match, rendered by `GET /v1/refunds` when it is filtered by `charge`
   * (recorded, stripe-world-05-refunds-disputes.json, exchange 16).
   */
  readonly count?: number;
  /** The Refunds of this page, newest first. */
  readonly data: readonly Refund[];
  /** Whether more follow. */
  readonly has_more: boolean;
  /** How many Refunds the list holds, rendered only in a Charge's expanded `refunds`. */
  readonly total_count?: number;
  /** The list's URL. */
  readonly url: string;
}
