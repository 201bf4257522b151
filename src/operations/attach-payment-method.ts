import type { CallerAccess } from '../core/access.js';
import type { SetupIntentEnvironment } from '../core/environment.js';
import { apiError, parameterMissing, requestError, resourceMissing } from '../core/stripe-errors.js';
import type { StripeEvent } from '../events/stripe-event.js';
import { publishEvents } from '../events/publish-events.js';
import { eventRequestOf } from '../events/event-request.js';
import { testEntryOf, withCheckedCvc } from '../core/payment-methods.js';
import { checkParams } from '../params/validate-params.js';
import type { PaymentMethod } from '../types/payment-method.js';
import type { StripeRequestError } from '../types/stripe-error.js';

/** The result of attaching or detaching a PaymentMethod. */
export type PaymentMethodAttachment =
  | {
      readonly kind: 'applied';
      readonly paymentMethod: PaymentMethod;
      readonly events: readonly StripeEvent[];
      /** Ids of PaymentMethods the change leaves unusable (a detach). */
      readonly spentPaymentMethods?: readonly string[];
    }
  | { readonly kind: 'refused'; readonly error: StripeRequestError };

/**
 * Attaches a PaymentMethod to a Customer (`POST /v1/payment_methods/:id/attach`) and publishes
 * `payment_method.attached`. Attaching to the Customer it already belongs to changes nothing;
 * a PaymentMethod of another Customer is refused. Attaching a card checks it with the issuer, so
 * a test card that declines at setup declines here too (402), and stays unattached.
 */
export function attachPaymentMethod(
  paymentMethod: PaymentMethod,
  input: { readonly customer?: string; readonly expand?: readonly string[] },
  env: SetupIntentEnvironment,
  access: CallerAccess = {},
): PaymentMethodAttachment {
  const check = checkParams(input, { customer: { kind: 'string', max: 5000 }, expand: { kind: 'string_array' } });
  if (!check.ok) {
    return { kind: 'refused', error: check.error };
  }
  const customer = check.params['customer'] as string | undefined;
  if (customer === undefined) {
    return { kind: 'refused', error: parameterMissing('customer') };
  }
  if (env.findCustomer(customer) === undefined) {
    return { kind: 'refused', error: resourceMissing('customer', customer, 'customer', 400) };
  }
  if (paymentMethod.customer === customer) {
    return { kind: 'applied', paymentMethod, events: [] };
  }
  if (paymentMethod.customer !== null) {
    // No code, param or doc_url (recorded at 2023-10-16 in spree/spree_stripe's
    // spec/vcr/attach_customer_to_credit_card_error.yml, not replayable: its PaymentMethod was made elsewhere).
    return {
      kind: 'refused',
      error: requestError(400, apiError('invalid_request_error', { message: 'The payment method you provided has already been attached to a customer.' })),
    };
  }
  const entry = testEntryOf(paymentMethod, env);
  const decline = entry?.details.type === 'card' ? entry.details.declineOnConfirm : undefined;
  if (decline !== undefined) {
    return {
      kind: 'refused',
      error: requestError(
        402,
        apiError('card_error', {
          code: decline.code,
          decline_code: decline.decline_code,
          ...(decline.advice_code === undefined ? {} : { advice_code: decline.advice_code }),
          ...(decline.network_advice_code === undefined ? {} : { network_advice_code: decline.network_advice_code }),
          ...(decline.network_decline_code === undefined ? {} : { network_decline_code: decline.network_decline_code }),
          message: decline.message,
          // On attach, live Stripe names no PaymentMethod and an empty param for a plain decline
          // (recorded at 2026-08-26.dahlia, test/fixtures/recordings/stripe-world-06-customers-payment-methods.json).
          param: decline.param ?? '',
        }),
      ),
    };
  }
  const attached: PaymentMethod = { ...withCheckedCvc(paymentMethod), customer };
  return { kind: 'applied', paymentMethod: attached, events: publishEvents([{ type: 'payment_method.attached', object: attached }], env, eventRequestOf(env, access)) };
}

/**
 * Detaches a PaymentMethod from its Customer (`POST /v1/payment_methods/:id/detach`) and publishes
 * `payment_method.detached` with the Customer in `data.previous_attributes.customer`. A
 * PaymentMethod attached to no Customer is refused; a detached one may not be used again.
 */
export function detachPaymentMethod(
  paymentMethod: PaymentMethod,
  input: { readonly expand?: readonly string[] },
  env: SetupIntentEnvironment,
  access: CallerAccess = {},
): PaymentMethodAttachment {
  const check = checkParams(input, { expand: { kind: 'string_array' } });
  if (!check.ok) {
    return { kind: 'refused', error: check.error };
  }
  if (paymentMethod.customer === null) {
    // Live Stripe's words, with no code (recorded at 2026-08-26.dahlia).
    return {
      kind: 'refused',
      error: requestError(
        400,
        apiError('invalid_request_error', { message: 'The payment method you provided is not attached to a customer so detachment is impossible.' }),
      ),
    };
  }
  const detached: PaymentMethod = { ...paymentMethod, customer: null };
  // Live Stripe's event names the Customer it was detached from (spec §11, recorded).
  const previous_attributes = { customer: paymentMethod.customer };
  return {
    kind: 'applied',
    paymentMethod: detached,
    // A detached PaymentMethod may not be used again (spec §2.6 item 4).
    spentPaymentMethods: [detached.id],
    events: publishEvents([{ type: 'payment_method.detached', object: detached, previous_attributes }], env, eventRequestOf(env, access)),
  };
}
