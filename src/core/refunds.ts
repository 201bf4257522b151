import type { Charge } from '../types/charge.js';
import type { Metadata } from '../types/metadata.js';
import type { Refund, RefundReason } from '../types/refund.js';
import { digits } from './charges.js';
import type { SetupIntentEnvironment } from './environment.js';

/** What a charge may still give back: what was captured less what was refunded. */
export function unrefundedAmount(charge: Charge): number {
  return charge.amount_captured - charge.amount_refunded;
}

/**
 * A card Refund of `amount` of `charge`, as live Stripe answers its creation: `succeeded`, with a
 * balance transaction, and the acquirer reference number still `pending` (recorded,
 * test/fixtures/recordings/stripe-world-05-refunds-disputes.json, exchanges 4, 7, 10 and 24).
 */
export function newRefund(charge: Charge, amount: number, fields: { readonly reason: RefundReason | null; readonly metadata: Metadata }, env: SetupIntentEnvironment): Refund {
  return {
    id: env.ids.id('re'),
    object: 'refund',
    amount,
    balance_transaction: env.ids.id('txn'),
    charge: charge.id,
    created: env.now(),
    currency: charge.currency,
    customer: charge.customer,
    customer_account: null,
    destination_details: { card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' }, type: 'card' },
    metadata: fields.metadata,
    payment_intent: charge.payment_intent,
    payment_method: charge.payment_method,
    reason: fields.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
}

/**
 * The Refund as it is read afterwards: the acquirer reference number has arrived (`available`, a
 * 16-digit `reference`). Live Stripe fills it in a second or two after answering the create
 * (recorded: still `pending` in a read at once, exchange 6; `available` two seconds on, exchanges
 * 14, 16 and 18); the emulator stores it at once, so only the create answer and `refund.created`
 * show `pending`.
 */
export function withReference(refund: Refund, env: SetupIntentEnvironment): Refund {
  const reference = digits(env.ids.token(16));
  return { ...refund, destination_details: { card: { reference, reference_status: 'available', reference_type: 'acquirer_reference_number', type: 'refund' }, type: 'card' } };
}

/**
 * A Charge after a refund of `amount`: `amount_refunded` grows, and `refunded` turns true once
 * everything captured was given back (recorded: 1500 of 5000 leaves `refunded` false, exchange 5).
 */
export function refundedCharge(charge: Charge, amount: number): Charge {
  const amountRefunded = charge.amount_refunded + amount;
  return { ...charge, amount_refunded: amountRefunded, refunded: amountRefunded >= charge.amount_captured };
}
