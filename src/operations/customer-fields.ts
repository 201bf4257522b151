import type { SetupIntentEnvironment } from '../core/environment.js';
import { resolvePaymentMethodReference } from '../core/payment-methods.js';
import { invalidParameter, resourceMissing } from '../core/stripe-errors.js';
import type { ParamSpecs } from '../params/param-spec.js';
import { checkParams } from '../params/validate-params.js';
import type { ParamCheck } from '../params/validate-params.js';
import type {
  Address,
  Customer,
  CustomerInvoiceCustomField,
  CustomerInvoiceRenderingOptions,
  CustomerInvoiceSettings,
  CustomerShipping,
  PaymentMethod,
} from '../types/payment-method.js';
import type { StripeRequestError } from '../types/stripe-error.js';

/** An address parameter: every line optional. */
export interface CustomerAddressParam {
  readonly city?: string;
  readonly country?: string;
  readonly line1?: string;
  readonly line2?: string;
  readonly postal_code?: string;
  readonly state?: string;
}

/** The `shipping` parameter. */
export interface CustomerShippingParam {
  readonly address: CustomerAddressParam;
  readonly name: string;
  readonly phone?: string;
}

/** The `invoice_settings` parameter; an empty value unsets its key. */
export interface CustomerInvoiceSettingsParam {
  /** Up to four `{ name, value }` fields; `''` removes them. */
  readonly custom_fields?: readonly CustomerInvoiceCustomField[] | '';
  /** A PaymentMethod attached to the Customer; `''` unsets it. */
  readonly default_payment_method?: string;
  readonly footer?: string;
  readonly rendering_options?: { readonly amount_tax_display?: string; readonly template?: string } | '';
}

/** The parameters create and update share, after checking. */
export interface CustomerFieldParams {
  readonly address?: CustomerAddressParam | '';
  readonly balance?: number;
  readonly description?: string;
  readonly email?: string;
  readonly invoice_settings?: CustomerInvoiceSettingsParam;
  readonly metadata?: Readonly<Record<string, string>> | '';
  readonly name?: string;
  readonly phone?: string;
  readonly preferred_locales?: readonly string[] | '';
  readonly shipping?: CustomerShippingParam | '';
  readonly source?: string;
  readonly tax_exempt?: 'exempt' | 'none' | 'reverse' | '';
  readonly expand?: readonly string[];
}

const CUSTOM_FIELD: ParamSpecs[string] = {
  kind: 'hash',
  required: ['name', 'value'],
  fields: { name: { kind: 'string', max: 40 }, value: { kind: 'string', max: 140 } },
};

/** Stripe allows four custom fields: a fifth index is an unknown parameter. */
const CUSTOM_FIELDS: ParamSpecs = {
  custom_fields: { kind: 'hash', emptyUnsets: true, fields: { 0: CUSTOM_FIELD, 1: CUSTOM_FIELD, 2: CUSTOM_FIELD, 3: CUSTOM_FIELD } },
};

function isHash(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks Customer parameters against `specs`. `invoice_settings[custom_fields]` is an array of
 * hashes, which the generic checker has no kind for: it is checked as a hash keyed by index
 * (the form encoding's own shape, and a JSON array's once indexed) and handed back as an array.
 */
export function checkCustomerParams(input: unknown, specs: ParamSpecs): ParamCheck {
  if (!isHash(input) || !isHash(input['invoice_settings']) || input['invoice_settings']['custom_fields'] === undefined) {
    return checkParams(input, specs);
  }
  const { custom_fields: rawFields, ...otherSettings } = input['invoice_settings'];
  const indexed = Array.isArray(rawFields) ? Object.fromEntries(rawFields.map((field, i) => [String(i), field])) : rawFields;
  const fields = checkParams({ invoice_settings: { custom_fields: indexed } }, { invoice_settings: { kind: 'hash', fields: CUSTOM_FIELDS } });
  if (!fields.ok) {
    return fields;
  }
  const rest = checkParams({ ...input, invoice_settings: otherSettings }, specs);
  if (!rest.ok) {
    return rest;
  }
  const checked = (fields.params['invoice_settings'] as { readonly custom_fields: unknown }).custom_fields;
  const list = checked === '' ? '' : Object.keys(checked as object).sort().map((key) => (checked as Record<string, CustomerInvoiceCustomField>)[key]);
  const settings = rest.params['invoice_settings'] as Readonly<Record<string, unknown>>;
  return { ok: true, params: { ...rest.params, invoice_settings: { ...settings, custom_fields: list } } };
}

/** A text parameter's value: left out keeps `current`, empty unsets it. */
export function textOf(value: string | undefined, current: string | null): string | null {
  return value === undefined ? current : value === '' ? null : value;
}

/** The Customer's address from the `address` parameter; the whole hash is replaced. */
export function addressOf(given: CustomerAddressParam): Address {
  return {
    city: textOf(given.city, null),
    country: textOf(given.country, null),
    line1: textOf(given.line1, null),
    line2: textOf(given.line2, null),
    postal_code: textOf(given.postal_code, null),
    state: textOf(given.state, null),
  };
}

/** The Customer's shipping details from the `shipping` parameter; `''` removes them. */
export function shippingOf(given: CustomerShippingParam | '' | undefined, current: CustomerShipping | null): CustomerShipping | null {
  if (given === undefined) {
    return current;
  }
  return given === '' ? null : { address: addressOf(given.address), name: given.name, phone: textOf(given.phone, null) };
}

function renderingOptionsOf(
  given: CustomerInvoiceSettingsParam['rendering_options'],
  current: CustomerInvoiceRenderingOptions | null,
): CustomerInvoiceRenderingOptions | null {
  if (given === undefined) {
    return current;
  }
  return given === '' ? null : { amount_tax_display: textOf(given.amount_tax_display, null), template: given.template ?? null };
}

/**
 * Invoice settings after a create or update: each key sent replaces its value (an empty one
 * unsets it), keys left out keep theirs. `default_payment_method` is taken as already resolved.
 */
export function invoiceSettingsOf(
  given: CustomerInvoiceSettingsParam | undefined,
  current: CustomerInvoiceSettings,
  defaultPaymentMethod: string | null,
): CustomerInvoiceSettings {
  if (given === undefined) {
    return current;
  }
  return {
    custom_fields: given.custom_fields === undefined ? current.custom_fields : given.custom_fields === '' ? null : [...given.custom_fields],
    default_payment_method: defaultPaymentMethod,
    footer: textOf(given.footer, current.footer),
    rendering_options: renderingOptionsOf(given.rendering_options, current.rendering_options),
  };
}

/** The PaymentMethod a Customer's `invoice_settings[default_payment_method]` names, or why not. */
export type DefaultPaymentMethodCheck =
  | { readonly ok: true; readonly id: string | null }
  | { readonly ok: false; readonly error: StripeRequestError };

const DEFAULT_PAYMENT_METHOD_PARAM = 'invoice_settings[default_payment_method]';

/**
 * Checks `invoice_settings[default_payment_method]`: it must name a PaymentMethod attached to
 * `customerId` (`attached` lists PaymentMethods attached by this very request, such as create's
 * `payment_method`, by the reference the caller used). Left out keeps `current`; `''` unsets it.
 *
 * @remarks The message of a PaymentMethod attached elsewhere is live Stripe's, as integrations
 * report it (for example github.com/getlago/lago-api/pull/3665); its `param` is UNCONFIRMED.
 */
export function checkDefaultPaymentMethod(
  reference: string | undefined,
  current: string | null,
  customerId: string,
  attached: ReadonlyMap<string, PaymentMethod>,
  env: SetupIntentEnvironment,
): DefaultPaymentMethodCheck {
  if (reference === undefined) {
    return { ok: true, id: current };
  }
  if (reference === '') {
    return { ok: true, id: null };
  }
  const fromRequest = attached.get(reference);
  if (fromRequest !== undefined) {
    return { ok: true, id: fromRequest.id };
  }
  const resolved = resolvePaymentMethodReference(reference, env, DEFAULT_PAYMENT_METHOD_PARAM);
  if (!resolved.ok) {
    return { ok: false, error: resourceMissing('PaymentMethod', reference, DEFAULT_PAYMENT_METHOD_PARAM, 400) };
  }
  if (resolved.value.paymentMethod.customer !== customerId) {
    return {
      ok: false,
      error: invalidParameter(
        DEFAULT_PAYMENT_METHOD_PARAM,
        `The customer does not have a payment method with the ID ${reference}. The payment method must be attached to the customer.`,
      ),
    };
  }
  return { ok: true, id: resolved.value.paymentMethod.id };
}

/**
 * Refuses the legacy `source` / `default_source` parameters: the library models no Sources, Cards
 * or Tokens, so any value is a resource Stripe would not find in this account (`No such token`
 * for `tok_`, `No such source` otherwise). UNCONFIRMED: live Stripe accepts test tokens such as
 * `tok_visa` here.
 */
export function refuseSource(value: string | undefined, param: 'source' | 'default_source'): StripeRequestError | null {
  if (value === undefined) {
    return null;
  }
  return resourceMissing(value.startsWith('tok_') ? 'token' : 'source', value, param, 400);
}

/**
 * The invoice prefix Stripe gives a new Customer: eight upper-case hexadecimal digits (the API
 * reference's examples are `0759376C`, `47D37F8F`), derived here from the id so it costs no
 * randomness and replays identically.
 */
export function invoicePrefixFor(id: string): string {
  // FNV-1a, 32 bits.
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193) >>> 0;
  }
  return hash.toString(16).toUpperCase().padStart(8, '0');
}

/** The fields of a Customer a create or update sets directly from its parameters. */
export function plainFieldsOf(params: CustomerFieldParams, current: Customer): Pick<
  Customer,
  'address' | 'balance' | 'description' | 'email' | 'name' | 'phone' | 'preferred_locales' | 'shipping' | 'tax_exempt'
> {
  return {
    address: params.address === undefined ? current.address : params.address === '' ? null : addressOf(params.address),
    balance: params.balance ?? current.balance,
    description: textOf(params.description, current.description),
    email: textOf(params.email, current.email),
    name: textOf(params.name, current.name),
    phone: textOf(params.phone, current.phone),
    preferred_locales: params.preferred_locales === undefined ? current.preferred_locales : params.preferred_locales === '' ? [] : [...params.preferred_locales],
    shipping: shippingOf(params.shipping, current.shipping),
    tax_exempt: params.tax_exempt === undefined ? current.tax_exempt : params.tax_exempt === '' ? 'none' : params.tax_exempt,
  };
}
