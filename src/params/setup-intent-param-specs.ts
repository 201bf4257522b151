import type { ParamSpec, ParamSpecs } from './param-spec.js';

const id: ParamSpec = { kind: 'string', max: 5000 };
const expand: ParamSpec = { kind: 'string_array' };
const paymentMethodTypes: ParamSpec = { kind: 'string_array' };

/** `usage` values accepted on create. */
export const USAGE_VALUES = ['off_session', 'on_session'] as const;
/** `cancellation_reason` values accepted on cancel (spec §1.3). */
export const CANCELLATION_REASONS = ['abandoned', 'duplicate', 'requested_by_customer'] as const;
/** `flow_directions[]` values. */
export const FLOW_DIRECTIONS = ['inbound', 'outbound'] as const;

const mandateData: ParamSpec = {
  kind: 'hash',
  emptyUnsets: true,
  required: ['customer_acceptance'],
  fields: {
    customer_acceptance: {
      kind: 'hash',
      required: ['type'],
      fields: {
        type: { kind: 'string', enum: ['offline', 'online'] },
        accepted_at: { kind: 'integer', min: 0 },
        offline: { kind: 'hash', fields: {} },
        online: {
          kind: 'hash',
          fields: { ip_address: { kind: 'string', max: 5000 }, user_agent: { kind: 'string', max: 5000 } },
        },
      },
    },
  },
};

const billingDetails: ParamSpec = {
  kind: 'hash',
  fields: {
    email: { kind: 'string', max: 800, emptyUnsets: true },
    name: { kind: 'string', max: 5000, emptyUnsets: true },
    phone: { kind: 'string', max: 5000, emptyUnsets: true },
    tax_id: { kind: 'string', max: 5000 },
    address: { kind: 'hash', emptyUnsets: true, fields: {}, open: true },
  },
};

/** `payment_method_data`, and (with `card` added) the parameters of `POST /v1/payment_methods`. */
export const PAYMENT_METHOD_DATA_PARAM: ParamSpec = {
  kind: 'hash',
  required: ['type'],
  fields: {
    type: { kind: 'string', max: 5000 },
    billing_details: billingDetails,
    metadata: { kind: 'metadata', emptyUnsets: false },
    allow_redisplay: { kind: 'string', enum: ['always', 'limited', 'unspecified'] },
    sepa_debit: { kind: 'hash', required: ['iban'], fields: { iban: { kind: 'string', max: 5000 } } },
    us_bank_account: {
      kind: 'hash',
      fields: {
        account_holder_type: { kind: 'string', enum: ['company', 'individual'] },
        account_number: { kind: 'string', max: 5000 },
        account_type: { kind: 'string', enum: ['checking', 'savings'] },
        financial_connections_account: { kind: 'string', max: 5000 },
        routing_number: { kind: 'string', max: 5000 },
      },
    },
    acss_debit: {
      kind: 'hash',
      required: ['account_number', 'institution_number', 'transit_number'],
      fields: {
        account_number: { kind: 'string', max: 5000 },
        institution_number: { kind: 'string', max: 5000 },
        transit_number: { kind: 'string', max: 5000 },
      },
    },
  },
};

const paymentMethodOptions: ParamSpec = {
  kind: 'hash',
  fields: {
    card: {
      kind: 'hash',
      fields: {
        request_three_d_secure: { kind: 'string', enum: ['any', 'automatic', 'challenge'] },
        network: {
          kind: 'string',
          enum: ['amex', 'cartes_bancaires', 'diners', 'discover', 'eftpos_au', 'girocard', 'interac', 'jcb', 'link', 'mastercard', 'unionpay', 'unknown', 'visa'],
        },
        moto: { kind: 'boolean' },
        mandate_options: { kind: 'hash', fields: {}, open: true },
        three_d_secure: { kind: 'hash', fields: {}, open: true },
      },
    },
    sepa_debit: {
      kind: 'hash',
      fields: {
        mandate_options: {
          kind: 'hash',
          fields: { reference_prefix: { kind: 'string', max: 12, emptyUnsets: true } },
        },
      },
    },
    us_bank_account: {
      kind: 'hash',
      fields: {
        verification_method: { kind: 'string', enum: ['automatic', 'instant', 'microdeposits'] },
        financial_connections: { kind: 'hash', fields: {}, open: true },
        mandate_options: { kind: 'hash', fields: {}, open: true },
        networks: { kind: 'hash', fields: {}, open: true },
      },
    },
    acss_debit: { kind: 'hash', fields: {}, open: true },
    bacs_debit: { kind: 'hash', fields: {}, open: true },
    link: { kind: 'hash', fields: {}, open: true },
    paypal: { kind: 'hash', fields: {}, open: true },
    klarna: { kind: 'hash', fields: {}, open: true },
    amazon_pay: { kind: 'hash', fields: {}, open: true },
    card_present: { kind: 'hash', fields: {}, open: true },
  },
};

/** Parameters of create (spec §2.1). */
export const CREATE_PARAMS: ParamSpecs = {
  allowed_payment_method_types: paymentMethodTypes,
  attach_to_self: { kind: 'boolean' },
  automatic_payment_methods: {
    kind: 'hash',
    required: ['enabled'],
    fields: { enabled: { kind: 'boolean' }, allow_redirects: { kind: 'string', enum: ['always', 'never'] } },
  },
  confirm: { kind: 'boolean' },
  confirmation_token: id,
  customer: id,
  customer_account: id,
  description: { kind: 'string', max: 1000 },
  excluded_payment_method_types: paymentMethodTypes,
  expand,
  flow_directions: { kind: 'string_array', enum: FLOW_DIRECTIONS },
  mandate_data: mandateData,
  metadata: { kind: 'metadata', emptyUnsets: true },
  on_behalf_of: id,
  payment_method: id,
  payment_method_configuration: { kind: 'string', max: 100 },
  payment_method_data: PAYMENT_METHOD_DATA_PARAM,
  payment_method_options: paymentMethodOptions,
  payment_method_types: paymentMethodTypes,
  return_url: id,
  single_use: {
    kind: 'hash',
    required: ['amount', 'currency'],
    fields: { amount: { kind: 'integer', min: 0 }, currency: { kind: 'string', max: 3 } },
  },
  usage: { kind: 'string', enum: USAGE_VALUES },
  use_stripe_sdk: { kind: 'boolean' },
};

/** Parameters of update (spec §2.3). */
export const UPDATE_PARAMS: ParamSpecs = {
  allowed_payment_method_types: { kind: 'string_array', emptyUnsets: true },
  attach_to_self: { kind: 'boolean' },
  customer: id,
  customer_account: id,
  description: { kind: 'string', max: 1000, emptyUnsets: true },
  excluded_payment_method_types: { kind: 'string_array', emptyUnsets: true },
  expand,
  flow_directions: { kind: 'string_array', enum: FLOW_DIRECTIONS },
  metadata: { kind: 'metadata', emptyUnsets: true },
  payment_method: { kind: 'string', max: 5000, emptyUnsets: true },
  payment_method_configuration: { kind: 'string', max: 100 },
  payment_method_data: PAYMENT_METHOD_DATA_PARAM,
  payment_method_options: paymentMethodOptions,
  payment_method_types: paymentMethodTypes,
};

/** Parameters of confirm (spec §2.6). */
export const CONFIRM_PARAMS: ParamSpecs = {
  allowed_payment_method_types: paymentMethodTypes,
  client_secret: id,
  confirmation_token: id,
  expand,
  mandate_data: mandateData,
  payment_method: id,
  payment_method_data: PAYMENT_METHOD_DATA_PARAM,
  payment_method_options: paymentMethodOptions,
  return_url: id,
  use_stripe_sdk: { kind: 'boolean' },
};

/** Parameters of cancel (spec §2.5). */
export const CANCEL_PARAMS: ParamSpecs = {
  cancellation_reason: { kind: 'string', enum: CANCELLATION_REASONS },
  expand,
};

/** Parameters of verify_microdeposits (spec §2.7). */
export const VERIFY_MICRODEPOSITS_PARAMS: ParamSpecs = {
  amounts: { kind: 'integer_array' },
  client_secret: id,
  descriptor_code: { kind: 'string', max: 5000 },
  expand,
};

/** Parameters of retrieve (spec §2.2). */
export const RETRIEVE_PARAMS: ParamSpecs = {
  client_secret: id,
  expand,
};

/** Parameters of list (spec §2.4). */
export const LIST_PARAMS: ParamSpecs = {
  attach_to_self: { kind: 'boolean' },
  created: { kind: 'created_filter' },
  customer: id,
  customer_account: id,
  ending_before: id,
  expand,
  limit: { kind: 'integer' },
  payment_method: id,
  starting_after: id,
};
