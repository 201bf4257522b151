import type { CallerAccess } from '../core/access.js';
import type { SetupIntentEnvironment } from '../core/environment.js';
import { CUSTOMER_UPDATE_PARAMS } from '../params/customer-param-specs.js';
import type { Customer } from '../types/payment-method.js';
import type { CustomerFieldParams } from './customer-fields.js';
import { checkCustomerParams, checkDefaultPaymentMethod, invoiceSettingsOf, plainFieldsOf, refuseSource } from './customer-fields.js';
import type { CustomerResult } from './customer-result.js';
import { mergeMetadata, tooManyMetadataKeys } from './metadata-updates.js';
import { publishEvents } from '../events/publish-events.js';
import { previousAttributes } from '../events/previous-attributes.js';
import { eventRequestOf } from '../events/event-request.js';

/** Parameters of `POST /v1/customers/:id` (https://docs.stripe.com/api/customers/update). */
export interface CustomerUpdateParams extends CustomerFieldParams {
  /** The default Source (legacy API); none exist here, so any value is refused. */
  readonly default_source?: string;
}

/**
 * Updates a Customer (`POST /v1/customers/:id`): fields left out keep their values, an empty
 * text field unsets it, `address` and `shipping` are replaced whole (`''` removes them),
 * `invoice_settings` keys are replaced one by one, and `metadata` merges as on every Stripe object
 * (spec §8). `invoice_settings[default_payment_method]` must name a PaymentMethod attached to
 * this Customer. Publishes `customer.updated` with the changed fields' previous values.
 *
 * @remarks Whether a partial `address` keeps the lines it leaves out is UNCONFIRMED; the library
 * replaces the whole address, as `shipping` (whose `address` and `name` are required) is.
 */
export function updateCustomer(customer: Customer, input: CustomerUpdateParams, env: SetupIntentEnvironment, access: CallerAccess = {}): CustomerResult {
  const check = checkCustomerParams(input, CUSTOMER_UPDATE_PARAMS);
  if (!check.ok) {
    return { kind: 'refused', error: check.error };
  }
  const params = check.params as CustomerUpdateParams;
  const badSource = refuseSource(params.source, 'source') ?? refuseSource(params.default_source, 'default_source');
  if (badSource !== null) {
    return { kind: 'refused', error: badSource };
  }
  const metadata = params.metadata === undefined ? { ...customer.metadata } : mergeMetadata(customer.metadata, params.metadata);
  const tooMany = tooManyMetadataKeys(metadata);
  if (tooMany !== null) {
    return { kind: 'refused', error: tooMany };
  }
  const current = customer.invoice_settings;
  const defaultPaymentMethod = checkDefaultPaymentMethod(params.invoice_settings?.default_payment_method, current.default_payment_method, customer.id, new Map(), env);
  if (!defaultPaymentMethod.ok) {
    return { kind: 'refused', error: defaultPaymentMethod.error };
  }
  const updated: Customer = {
    ...customer,
    ...plainFieldsOf(params, customer),
    invoice_settings: invoiceSettingsOf(params.invoice_settings, current, defaultPaymentMethod.id),
    metadata,
  };
  const previous = previousAttributes(customer, updated);
  // An update that changes nothing publishes nothing.
  const events =
    Object.keys(previous).length === 0
      ? []
      : publishEvents([{ type: 'customer.updated', object: updated, previous_attributes: previous }], env, eventRequestOf(env, access));
  return { kind: 'applied', customer: updated, paymentMethods: [], events };
}
