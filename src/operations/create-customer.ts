import type { CallerAccess } from '../core/access.js';
import type { SetupIntentEnvironment } from '../core/environment.js';
import { resolvePaymentMethodReference } from '../core/payment-methods.js';
import { parameterInvalidEmpty, resourceMissing } from '../core/stripe-errors.js';
import type { StripeEvent } from '../events/stripe-event.js';
import { publishEvents } from '../events/publish-events.js';
import { eventRequestOf } from '../events/event-request.js';
import { CUSTOMER_CREATE_PARAMS } from '../params/customer-param-specs.js';
import type { Customer, PaymentMethod } from '../types/payment-method.js';
import { attachPaymentMethod } from './attach-payment-method.js';
import type { CustomerFieldParams } from './customer-fields.js';
import { checkCustomerParams, checkDefaultPaymentMethod, invoicePrefixFor, invoiceSettingsOf, plainFieldsOf, refuseSource } from './customer-fields.js';
import type { CustomerResult } from './customer-result.js';
import { withoutEmptyValues } from './metadata-updates.js';

/** Parameters of `POST /v1/customers` (https://docs.stripe.com/api/customers/create). */
export interface CustomerCreateParams extends CustomerFieldParams {
  /** A PaymentMethod (or test alias) to attach to the new Customer. */
  readonly payment_method?: string;
  /** A test clock to create the Customer in; none exist here, so any value is refused. */
  readonly test_clock?: string;
}

/** A Customer as Stripe creates it before any parameter applies (https://docs.stripe.com/api/customers/object). */
function blankCustomer(id: string, env: SetupIntentEnvironment): Customer {
  return {
    id,
    object: 'customer',
    address: null,
    balance: 0,
    created: env.now(),
    currency: null,
    customer_account: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email: null,
    invoice_prefix: invoicePrefixFor(id),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: env.livemode,
    metadata: {},
    name: null,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  };
}

/**
 * Creates a Customer (`POST /v1/customers`). Empty text parameters are the same as none;
 * `metadata=''` is refused, since there is nothing to unset. `payment_method` attaches that
 * PaymentMethod to the new Customer exactly as `POST /v1/payment_methods/:id/attach` would (a
 * declining test card declines the whole create with 402), publishing `payment_method.attached`;
 * `invoice_settings[default_payment_method]` must name a PaymentMethod attached to the Customer,
 * which on create means the one `payment_method` attaches. Publishes `customer.created` (before
 * the attach's event).
 *
 * @example
 * ```ts
 * const result = createCustomer({ email: 'jenny@example.com', payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } }, env);
 * ```
 */
export function createCustomer(input: CustomerCreateParams, env: SetupIntentEnvironment, access: CallerAccess = {}): CustomerResult {
  const check = checkCustomerParams(input, CUSTOMER_CREATE_PARAMS);
  if (!check.ok) {
    return { kind: 'refused', error: check.error };
  }
  const params = check.params as CustomerCreateParams;
  if (params.metadata === '') {
    return { kind: 'refused', error: parameterInvalidEmpty('metadata') };
  }
  const badSource = refuseSource(params.source, 'source');
  if (badSource !== null) {
    return { kind: 'refused', error: badSource };
  }
  if (params.test_clock !== undefined) {
    // The resource name in the message is UNCONFIRMED.
    return { kind: 'refused', error: resourceMissing('test_clock', params.test_clock, 'test_clock', 400) };
  }
  const blank = blankCustomer(env.ids.id('cus'), env);
  const fields: Customer = {
    ...blank,
    ...plainFieldsOf(params, blank),
    metadata: params.metadata === undefined ? {} : withoutEmptyValues(params.metadata),
  };

  const attachedByRequest = new Map<string, PaymentMethod>();
  let attachedEvents: readonly StripeEvent[] = [];
  if (params.payment_method !== undefined) {
    const resolved = resolvePaymentMethodReference(params.payment_method, env, 'payment_method');
    if (!resolved.ok) {
      return { kind: 'refused', error: resolved.error };
    }
    // The attach rules see the Customer this request is creating.
    const withNewCustomer: SetupIntentEnvironment = { ...env, findCustomer: (id) => (id === fields.id ? fields : env.findCustomer(id)) };
    const attached = attachPaymentMethod(resolved.value.paymentMethod, { customer: fields.id }, withNewCustomer, access);
    if (attached.kind === 'refused') {
      return { kind: 'refused', error: attached.error };
    }
    attachedByRequest.set(params.payment_method, attached.paymentMethod);
    attachedByRequest.set(attached.paymentMethod.id, attached.paymentMethod);
    attachedEvents = attached.events;
  }

  const defaultPaymentMethod = checkDefaultPaymentMethod(params.invoice_settings?.default_payment_method, null, fields.id, attachedByRequest, env);
  if (!defaultPaymentMethod.ok) {
    return { kind: 'refused', error: defaultPaymentMethod.error };
  }
  const customer: Customer = { ...fields, invoice_settings: invoiceSettingsOf(params.invoice_settings, fields.invoice_settings, defaultPaymentMethod.id) };
  const paymentMethods = [...new Set(attachedByRequest.values())];
  // `customer.created` comes first: the PaymentMethod is attached to the Customer it announces.
  const created = publishEvents([{ type: 'customer.created', object: customer }], env, eventRequestOf(env, access));
  return { kind: 'applied', customer, paymentMethods, events: [...created, ...attachedEvents] };
}
