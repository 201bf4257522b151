import type { CallerAccess } from '../core/access.js';
import type { SetupIntentEnvironment } from '../core/environment.js';
import type { StripeEvent } from '../events/stripe-event.js';
import { publishEvents } from '../events/publish-events.js';
import { eventRequestOf } from '../events/event-request.js';
import { checkParams } from '../params/validate-params.js';
import type { Customer, DeletedCustomer, PaymentMethod } from '../types/payment-method.js';
import type { StripeRequestError } from '../types/stripe-error.js';
import { detachPaymentMethod } from './attach-payment-method.js';

/** The result of {@link deleteCustomer}. */
export type CustomerDeletion =
  | {
      readonly kind: 'applied';
      /** The answer, and what every later retrieve of the id answers. */
      readonly deleted: DeletedCustomer;
      /** The Customer's PaymentMethods, detached. */
      readonly paymentMethods: readonly PaymentMethod[];
      /** One `payment_method.detached` per detached PaymentMethod, then `customer.deleted`. */
      readonly events: readonly StripeEvent[];
    }
  | { readonly kind: 'refused'; readonly error: StripeRequestError };

/**
 * Deletes a Customer (`DELETE /v1/customers/:id`, https://docs.stripe.com/api/customers/delete):
 * answers `{ id, object: 'customer', deleted: true }` and detaches every PaymentMethod attached
 * to it, each with its `payment_method.detached` event. SetupIntents naming the Customer keep its
 * id. Publishes `customer.deleted` last, carrying the Customer as it was. The endpoint takes no
 * parameters.
 *
 * @param attached - the stored PaymentMethods to consider; only those attached to `customer` are detached.
 */
export function deleteCustomer(
  customer: Customer,
  attached: Iterable<PaymentMethod>,
  input: Readonly<Record<string, unknown>>,
  env: SetupIntentEnvironment,
  access: CallerAccess = {},
): CustomerDeletion {
  const check = checkParams(input, {});
  if (!check.ok) {
    return { kind: 'refused', error: check.error };
  }
  const paymentMethods: PaymentMethod[] = [];
  const events: StripeEvent[] = [];
  for (const paymentMethod of attached) {
    if (paymentMethod.customer !== customer.id) {
      continue;
    }
    const detached = detachPaymentMethod(paymentMethod, {}, env, access);
    if (detached.kind === 'applied') {
      paymentMethods.push(detached.paymentMethod);
      events.push(...detached.events);
    }
  }
  // The event carries the Customer as it was, not the deleted stub (recorded live at 2026-08-26.dahlia).
  events.push(...publishEvents([{ type: 'customer.deleted', object: customer }], env, eventRequestOf(env, access)));
  return { kind: 'applied', deleted: { id: customer.id, object: 'customer', deleted: true }, paymentMethods, events };
}
