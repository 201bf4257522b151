import type { CallerAccess } from '../core/access.js';
import type { SetupIntentEnvironment } from '../core/environment.js';
import { apiError, parameterMissing, requestError, resourceMissing } from '../core/stripe-errors.js';
import type { StripeEvent } from '../events/stripe-event.js';
import { publishEvents } from '../events/publish-events.js';
import { testEntryOf } from '../core/payment-methods.js';
import { checkParams } from '../params/validate-params.js';
import type { PaymentMethod } from '../types/payment-method.js';
import type { StripeRequestError } from '../types/stripe-error.js';

/** The result of attaching or detaching a PaymentMethod. */
export type PaymentMethodAttachment =
  | { readonly kind: 'applied'; readonly paymentMethod: PaymentMethod; readonly events: readonly StripeEvent[] }
  | { readonly kind: 'refused'; readonly error: StripeRequestError };

function requestOf(env: SetupIntentEnvironment, access: CallerAccess): { readonly id: string; readonly idempotency_key: string | null } {
  return { id: access.request?.id ?? env.ids.id('req'), idempotency_key: access.request?.idempotency_key ?? null };
}

function unexpectedState(message: string): StripeRequestError {
  return requestError(400, apiError('invalid_request_error', { code: 'payment_method_unexpected_state', message }));
}

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
    return { kind: 'refused', error: unexpectedState('The payment method you provided has already been attached to a customer.') };
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
          message: decline.message,
          ...(decline.param === undefined ? {} : { param: decline.param }),
          payment_method: paymentMethod,
        }),
      ),
    };
  }
  const attached: PaymentMethod = { ...paymentMethod, customer };
  return { kind: 'applied', paymentMethod: attached, events: publishEvents([{ type: 'payment_method.attached', object: attached }], env, requestOf(env, access)) };
}

/**
 * Detaches a PaymentMethod from its Customer (`POST /v1/payment_methods/:id/detach`) and publishes
 * `payment_method.detached`. A PaymentMethod attached to no Customer is refused.
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
    return { kind: 'refused', error: unexpectedState(`The payment method ${paymentMethod.id} is not attached to a customer.`) };
  }
  const detached: PaymentMethod = { ...paymentMethod, customer: null };
  return { kind: 'applied', paymentMethod: detached, events: publishEvents([{ type: 'payment_method.detached', object: detached }], env, requestOf(env, access)) };
}
