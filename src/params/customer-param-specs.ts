import type { ParamSpec, ParamSpecs } from './param-spec.js';

const TEXT: ParamSpec = { kind: 'string', max: 5000, emptyUnsets: true };

/** `address` (and `shipping[address]`): every line optional, an empty line unsets it. */
const ADDRESS_FIELDS: ParamSpecs = {
  city: TEXT,
  country: TEXT,
  line1: TEXT,
  line2: TEXT,
  postal_code: TEXT,
  state: TEXT,
};

/**
 * `invoice_settings` without `custom_fields`, an array of hashes the generic checker has no kind
 * for; the operations check that key themselves.
 */
const INVOICE_SETTINGS_FIELDS: ParamSpecs = {
  default_payment_method: { kind: 'string', max: 5000, emptyUnsets: true },
  footer: TEXT,
  rendering_options: {
    kind: 'hash',
    emptyUnsets: true,
    fields: {
      amount_tax_display: { kind: 'string', enum: ['exclude_tax', 'include_inclusive_tax'], emptyUnsets: true },
      template: { kind: 'string', max: 5000 },
    },
  },
};

/** The parameters create and update share. */
const SHARED: ParamSpecs = {
  address: { kind: 'hash', fields: ADDRESS_FIELDS, emptyUnsets: true },
  balance: { kind: 'integer' },
  description: TEXT,
  email: { kind: 'string', max: 512, emptyUnsets: true },
  invoice_settings: { kind: 'hash', fields: INVOICE_SETTINGS_FIELDS },
  metadata: { kind: 'metadata', emptyUnsets: true },
  name: { kind: 'string', max: 256, emptyUnsets: true },
  phone: { kind: 'string', max: 20, emptyUnsets: true },
  preferred_locales: { kind: 'string_array', emptyUnsets: true },
  shipping: {
    kind: 'hash',
    emptyUnsets: true,
    required: ['address', 'name'],
    fields: { address: { kind: 'hash', fields: ADDRESS_FIELDS }, name: { kind: 'string', max: 5000 }, phone: TEXT },
  },
  source: { kind: 'string', max: 5000 },
  tax_exempt: { kind: 'string', enum: ['exempt', 'none', 'reverse'], emptyUnsets: true },
  expand: { kind: 'string_array' },
};

/**
 * The parameters of `POST /v1/customers` that integrations send
 * (https://docs.stripe.com/api/customers/create). Billing parameters the library does not model
 * (`cash_balance`, `invoice_prefix`, `next_invoice_sequence`, `tax`, `tax_id_data`, `validate`)
 * are refused as unknown.
 */
export const CUSTOMER_CREATE_PARAMS: ParamSpecs = {
  ...SHARED,
  payment_method: { kind: 'string', max: 5000 },
  test_clock: { kind: 'string', max: 5000 },
};

/** The parameters of `POST /v1/customers/:id` (https://docs.stripe.com/api/customers/update). */
export const CUSTOMER_UPDATE_PARAMS: ParamSpecs = {
  ...SHARED,
  default_source: { kind: 'string', max: 5000 },
};

/** The parameters of `GET /v1/customers/search` (https://docs.stripe.com/api/customers/search). */
export const CUSTOMER_SEARCH_PARAMS: ParamSpecs = {
  query: { kind: 'string', max: 5000 },
  limit: { kind: 'integer' },
  page: { kind: 'string', max: 5000 },
  expand: { kind: 'string_array' },
};
