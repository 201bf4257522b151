import type { CallerAccess } from '../core/access.js';
import type { SetupIntentEnvironment } from '../core/environment.js';
import {
  chargeAlreadyRefunded,
  failedChargeRefund,
  invalidRefundAmount,
  noSuccessfulCharge,
  refundAmountTooLarge,
  refundTargetMissing,
  refundTargetsDisagree,
  uncapturedChargeRefund,
} from '../core/refund-errors.js';
import { newRefund, refundedCharge, unrefundedAmount, withReference } from '../core/refunds.js';
import { resourceMissing } from '../core/stripe-errors.js';
import { eventRequestOf } from '../events/event-request.js';
import { publishEvents } from '../events/publish-events.js';
import type { RefundCreateParams } from '../params/refund-param-specs.js';
import { CHARGE_REFUND_PARAMS, REFUND_CREATE_PARAMS } from '../params/refund-param-specs.js';
import { checkParams } from '../params/validate-params.js';
import type { Charge } from '../types/charge.js';
import type { PaymentIntent } from '../types/payment-intent.js';
import type { RefundResult } from './refund-result.js';
import { refundRefused } from './refund-result.js';
import { tooManyMetadataKeys } from './metadata-updates.js';

/** How the core finds what a refund names: the caller's store, read-only. */
export interface RefundLookups {
  /** The Charge with this id. */
  readonly charge: (id: string) => Charge | undefined;
  /** The PaymentIntent with this id. */
  readonly paymentIntent: (id: string) => PaymentIntent | undefined;
}

/** Where a refund request came in: `POST /v1/refunds`, or a Charge's own paths (the Charge from the path). */
export type RefundPath =
  | { readonly kind: 'refunds' }
  | { readonly kind: 'charge_refunds'; readonly charge: string }
  | { readonly kind: 'charge_refund_legacy'; readonly charge: string };

type Target = { readonly ok: true; readonly charge: Charge } | { readonly ok: false; readonly error: RefundResult };

/** The Charge a refund names, directly or through its PaymentIntent's latest Charge. */
function targetOf(params: RefundCreateParams, lookups: RefundLookups): Target {
  if (params.charge === undefined && params.payment_intent === undefined) {
    return { ok: false, error: refundRefused(refundTargetMissing()) };
  }
  let charge: Charge | undefined;
  if (params.charge !== undefined) {
    charge = lookups.charge(params.charge);
    // Recorded: `param: id` for an unknown Charge (exchange 13).
    if (charge === undefined) return { ok: false, error: refundRefused(resourceMissing('charge', params.charge, 'id', 404)) };
  }
  if (params.payment_intent !== undefined) {
    const intent = lookups.paymentIntent(params.payment_intent);
    // UNCONFIRMED: the param of an unknown PaymentIntent.
    if (intent === undefined) return { ok: false, error: refundRefused(resourceMissing('payment_intent', params.payment_intent, 'payment_intent', 404)) };
    if (charge !== undefined) {
      return charge.payment_intent === intent.id ? { ok: true, charge } : { ok: false, error: refundRefused(refundTargetsDisagree(charge.id, intent.id)) };
    }
    const latest = intent.latest_charge === null ? undefined : lookups.charge(intent.latest_charge);
    if (latest === undefined || latest.status !== 'succeeded') {
      return { ok: false, error: refundRefused(noSuccessfulCharge(intent.id, true)) };
    }
    charge = latest;
  }
  return { ok: true, charge: charge as Charge };
}

/**
 * Refunds a Charge of a card payment, in part or whole (`POST /v1/refunds` with `charge` or
 * `payment_intent`; `POST /v1/charges/:charge/refunds`; the legacy `POST /v1/charges/:charge/refund`,
 * answered with the Charge). The Refund succeeds at once, as card refunds do in test mode; the
 * Charge's `amount_refunded` grows and `refunded` turns true once all of it is given back. The
 * PaymentIntent is unchanged (it stays `succeeded`). Events: `charge.refunded`, then `refund.created`.
 *
 * @remarks Recorded live at 2026-08-26.dahlia (test/fixtures/recordings/stripe-world-05-refunds-disputes.json,
 * replayed by test/fidelity/): a partial refund, the rest without `amount`, a third refused with
 * `charge_already_refunded`; a refund through `payment_intent`; more than is left refused naming both
 * amounts; neither target refused; an unknown Charge 404; an uncaptured Charge refused (cancel the
 * PaymentIntent instead). The events are https://docs.stripe.com/api/events/types's; their order is
 * UNCONFIRMED.
 *
 * @example
 * ```ts
 * const result = createRefund({ payment_intent: intent.id, amount: 500 }, env, {}, { charge: (id) => charges.get(id), paymentIntent: (id) => intents.get(id)?.intent });
 * // result.kind === 'applied', result.refund.amount === 500
 * ```
 */
export function createRefund(
  input: RefundCreateParams,
  env: SetupIntentEnvironment,
  access: CallerAccess | undefined,
  lookups: RefundLookups,
  path: RefundPath = { kind: 'refunds' },
): RefundResult {
  const check = checkParams(input, path.kind === 'refunds' ? REFUND_CREATE_PARAMS : CHARGE_REFUND_PARAMS);
  if (!check.ok) {
    return refundRefused(check.error);
  }
  const given = check.params as RefundCreateParams;
  const params: RefundCreateParams = path.kind === 'refunds' ? given : { ...given, charge: path.charge };
  if (params.amount !== undefined && params.amount < 1) {
    return refundRefused(invalidRefundAmount());
  }
  const target = targetOf(params, lookups);
  if (!target.ok) {
    return target.error;
  }
  const { charge } = target;
  if (charge.status !== 'succeeded') {
    return refundRefused(failedChargeRefund(charge.id));
  }
  // A hold released by a cancel was never captured: its PaymentIntent has nothing to refund.
  if (charge.refunded && !charge.captured) {
    return refundRefused(noSuccessfulCharge(charge.payment_intent, false));
  }
  if (!charge.captured) {
    return refundRefused(uncapturedChargeRefund(charge.payment_intent));
  }
  const unrefunded = unrefundedAmount(charge);
  if (unrefunded <= 0) {
    return refundRefused(chargeAlreadyRefunded(charge.id));
  }
  const amount = params.amount ?? unrefunded;
  if (amount > unrefunded) {
    return refundRefused(refundAmountTooLarge(amount, unrefunded, charge.currency));
  }
  const metadata = (params.metadata ?? {}) as Readonly<Record<string, string>>;
  const tooMany = tooManyMetadataKeys(metadata);
  if (tooMany !== null) {
    return refundRefused(tooMany);
  }
  const created = newRefund(charge, amount, { reason: params.reason ?? null, metadata }, env);
  const changed = refundedCharge(charge, amount);
  const events = publishEvents(
    [
      { type: 'charge.refunded', object: changed },
      { type: 'refund.created', object: created },
    ],
    env,
    eventRequestOf(env, access ?? {}),
  );
  return {
    kind: 'applied',
    refund: withReference(created, env),
    charge: changed,
    response: path.kind === 'charge_refund_legacy' ? changed : created,
    events,
  };
}
