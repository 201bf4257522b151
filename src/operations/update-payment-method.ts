import type { CallerAccess } from '../core/access.js';
import type { SetupIntentEnvironment } from '../core/environment.js';
import { billingFrom } from '../core/payment-methods.js';
import { apiError, requestError } from '../core/stripe-errors.js';
import { publishEvents } from '../events/publish-events.js';
import { eventRequestOf } from '../events/event-request.js';
import { previousAttributes } from '../events/previous-attributes.js';
import type { ParamSpecs } from '../params/param-spec.js';
import { PAYMENT_METHOD_DATA_PARAM } from '../params/setup-intent-param-specs.js';
import type { ParamSpec } from '../params/param-spec.js';
import { checkParams } from '../params/validate-params.js';
import type { PaymentMethodDataParam } from '../types/params.js';
import type { PaymentMethod, PaymentMethodAllowRedisplay } from '../types/payment-method.js';
import type { PaymentMethodAttachment } from './attach-payment-method.js';
import { mergeMetadata, tooManyMetadataKeys } from './metadata-updates.js';

/** Parameters of `POST /v1/payment_methods/:id`. */
export interface PaymentMethodUpdateParams {
  readonly allow_redisplay?: PaymentMethodAllowRedisplay;
  readonly billing_details?: PaymentMethodDataParam['billing_details'];
  readonly metadata?: Readonly<Record<string, string>> | '';
  readonly card?: { readonly exp_month?: number; readonly exp_year?: number };
  readonly expand?: readonly string[];
}

const dataFields = (PAYMENT_METHOD_DATA_PARAM as Extract<ParamSpec, { kind: 'hash' }>).fields;

const UPDATE_PAYMENT_METHOD_PARAMS: ParamSpecs = {
  allow_redisplay: dataFields['allow_redisplay'] as ParamSpec,
  billing_details: dataFields['billing_details'] as ParamSpec,
  metadata: { kind: 'metadata', emptyUnsets: true },
  card: { kind: 'hash', fields: { exp_month: { kind: 'integer', min: 1 }, exp_year: { kind: 'integer', min: 0 } } },
  expand: { kind: 'string_array' },
};

/**
 * Updates a PaymentMethod (`POST /v1/payment_methods/:id`): `allow_redisplay`, `billing_details`,
 * `metadata` and a card's expiry. It must be attached to a Customer first (Stripe's reference).
 * Publishes `payment_method.updated` with the changed fields' previous values in
 * `data.previous_attributes` (recorded live at 2026-08-26.dahlia); an update that changes nothing
 * publishes nothing.
 */
export function updatePaymentMethod(
  paymentMethod: PaymentMethod,
  input: PaymentMethodUpdateParams,
  env: SetupIntentEnvironment,
  access: CallerAccess = {},
): PaymentMethodAttachment {
  const check = checkParams(input, UPDATE_PAYMENT_METHOD_PARAMS);
  if (!check.ok) {
    return { kind: 'refused', error: check.error };
  }
  const params = check.params as PaymentMethodUpdateParams;
  if (paymentMethod.customer === null) {
    // https://docs.stripe.com/api/payment_methods/update: "A PaymentMethod must be attached to a customer to be updated." (message UNCONFIRMED)
    return {
      kind: 'refused',
      error: requestError(400, apiError('invalid_request_error', { message: 'You must save this PaymentMethod to a customer before you can update it.' })),
    };
  }
  const changed: Partial<Record<keyof PaymentMethod, unknown>> = {};
  const change = <K extends keyof PaymentMethod>(key: K, value: PaymentMethod[K]): void => {
    if (JSON.stringify(value) !== JSON.stringify(paymentMethod[key])) {
      changed[key] = value;
    }
  };
  if (params.allow_redisplay !== undefined) {
    change('allow_redisplay', params.allow_redisplay);
  }
  if (params.billing_details !== undefined) {
    change('billing_details', mergedBilling(paymentMethod, params.billing_details));
  }
  if (params.metadata !== undefined) {
    const metadata = mergeMetadata(paymentMethod.metadata, params.metadata);
    const tooMany = tooManyMetadataKeys(metadata);
    if (tooMany !== null) {
      return { kind: 'refused', error: tooMany };
    }
    change('metadata', metadata);
  }
  const card = paymentMethod.card;
  if (params.card !== undefined && card !== undefined) {
    change('card', { ...card, exp_month: params.card.exp_month ?? card.exp_month, exp_year: params.card.exp_year ?? card.exp_year });
  }
  if (Object.keys(changed).length === 0) {
    return { kind: 'applied', paymentMethod, events: [] };
  }
  const updated = { ...paymentMethod, ...changed } as PaymentMethod;
  return {
    kind: 'applied',
    paymentMethod: updated,
    events: publishEvents([{ type: 'payment_method.updated', object: updated, previous_attributes: previousAttributes(paymentMethod, updated) }], env, eventRequestOf(env, access)),
  };
}

/** The billing details after an update: the fields sent replace their values; the address is replaced whole. */
function mergedBilling(paymentMethod: PaymentMethod, given: NonNullable<PaymentMethodDataParam['billing_details']>): PaymentMethod['billing_details'] {
  const sent = billingFrom({ type: paymentMethod.type, billing_details: given });
  const current = paymentMethod.billing_details;
  return {
    address: given.address === undefined ? current.address : sent.address,
    email: given.email === undefined ? current.email : sent.email,
    name: given.name === undefined ? current.name : sent.name,
    phone: given.phone === undefined ? current.phone : sent.phone,
    tax_id: given.tax_id === undefined ? current.tax_id : (given.tax_id === '' ? null : given.tax_id),
  };
}
