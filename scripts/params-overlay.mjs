// What the request-parameter rules need beyond the OpenAPI extract
// (test/fixtures/openapi/openapi-setup-intents-extract.json), read by scripts/generate-params.mjs.
//
// Nodes use the shape of `ParamSpec` (src/params/param-spec.ts), plus these keys for the generated
// TypeScript, which the checker never sees:
//   typeName, typeDoc  emit this hash as an exported interface and refer to it by name
//   typeRequired       the keys the TypeScript type requires, when they differ from `required`
//   alias              an imported type naming an enumeration (see `typeImports`)
//   enumConst, enumDoc export the enumeration as a `const` array the spec refers to
//   constName, constDoc export the spec of this hash as a `const`
//   ts                 the TypeScript type, verbatim, where it deliberately differs from the derived one
//
// The generator refuses a patch that names a field the extract lacks, and a patch that repeats what
// the extract already says: when a refreshed extract catches up with an entry, the entry goes.

/** An open hash: Stripe's keys inside are accepted unchecked. */
const open = { kind: 'hash', fields: {}, open: true };

/** The operations, in the order the generated file declares them. */
const operations = [
  {
    key: 'create',
    path: '/v1/setup_intents',
    method: 'post',
    specs: 'CREATE_PARAMS',
    specsDoc: 'Parameters of create (spec §2.1).',
    type: 'SetupIntentCreateParams',
    typeDoc: 'Parameters of `POST /v1/setup_intents` (create).',
  },
  {
    key: 'update',
    path: '/v1/setup_intents/{intent}',
    method: 'post',
    specs: 'UPDATE_PARAMS',
    specsDoc: 'Parameters of update (spec §2.3).',
    type: 'SetupIntentUpdateParams',
    typeDoc: 'Parameters of `POST /v1/setup_intents/:id` (update).',
  },
  {
    key: 'confirm',
    path: '/v1/setup_intents/{intent}/confirm',
    method: 'post',
    specs: 'CONFIRM_PARAMS',
    specsDoc: 'Parameters of confirm (spec §2.6).',
    type: 'SetupIntentConfirmParams',
    typeDoc: 'Parameters of `POST /v1/setup_intents/:id/confirm`.',
  },
  {
    key: 'cancel',
    path: '/v1/setup_intents/{intent}/cancel',
    method: 'post',
    specs: 'CANCEL_PARAMS',
    specsDoc: 'Parameters of cancel (spec §2.5).',
    type: 'SetupIntentCancelParams',
    typeDoc: 'Parameters of `POST /v1/setup_intents/:id/cancel`.',
  },
  {
    key: 'verify_microdeposits',
    path: '/v1/setup_intents/{intent}/verify_microdeposits',
    method: 'post',
    specs: 'VERIFY_MICRODEPOSITS_PARAMS',
    specsDoc: 'Parameters of verify_microdeposits (spec §2.7).',
    type: 'SetupIntentVerifyMicrodepositsParams',
    typeDoc: 'Parameters of `POST /v1/setup_intents/:id/verify_microdeposits`.',
  },
  {
    key: 'retrieve',
    path: '/v1/setup_intents/{intent}',
    method: 'get',
    specs: 'RETRIEVE_PARAMS',
    specsDoc: 'Parameters of retrieve (spec §2.2).',
    type: 'SetupIntentRetrieveParams',
    typeDoc: 'Parameters of `GET /v1/setup_intents/:id` (retrieve).',
  },
  {
    key: 'list',
    path: '/v1/setup_intents',
    method: 'get',
    specs: 'LIST_PARAMS',
    specsDoc: 'Parameters of list (spec §2.4).',
    type: 'SetupIntentListParams',
    typeDoc: 'Parameters of `GET /v1/setup_intents` (list).',
  },
];

/**
 * The hashes the extract only summarises in `note` strings, declared in full. Only the payment method
 * types the model covers get a hash of their own (or an open one); the other keys a note lists are
 * refused as unknown parameters, as the model cannot act on them.
 */
const hashes = {
  payment_method_data: {
    kind: 'hash',
    constName: 'PAYMENT_METHOD_DATA_PARAM',
    constDoc: '`payment_method_data`, and (with `card` added) the parameters of `POST /v1/payment_methods`.',
    typeName: 'PaymentMethodDataParam',
    typeDoc: 'Raw payment method details that create a PaymentMethod in the same request.',
    required: ['type'],
    fields: {
      type: { kind: 'string', max: 5000 },
      billing_details: {
        kind: 'hash',
        fields: {
          email: { kind: 'string', max: 800, emptyUnsets: true },
          name: { kind: 'string', max: 5000, emptyUnsets: true },
          phone: { kind: 'string', max: 5000, emptyUnsets: true },
          tax_id: { kind: 'string', max: 5000 },
          address: { ...open, emptyUnsets: true },
        },
      },
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
  },
  payment_method_options: {
    kind: 'hash',
    typeName: 'PaymentMethodOptionsParam',
    typeDoc: 'Per-type payment method options as request parameters.',
    fields: {
      card: {
        kind: 'hash',
        fields: {
          request_three_d_secure: { kind: 'string', enum: ['any', 'automatic', 'challenge'] },
          // The note says only "enum as object"; these are the values Stripe lists for it.
          network: {
            kind: 'string',
            enum: ['amex', 'cartes_bancaires', 'diners', 'discover', 'eftpos_au', 'girocard', 'interac', 'jcb', 'link', 'mastercard', 'unionpay', 'unknown', 'visa'],
          },
          moto: { kind: 'boolean' },
          mandate_options: open,
          three_d_secure: open,
        },
      },
      sepa_debit: {
        kind: 'hash',
        fields: {
          mandate_options: { kind: 'hash', fields: { reference_prefix: { kind: 'string', max: 12, emptyUnsets: true } } },
        },
      },
      us_bank_account: {
        kind: 'hash',
        fields: {
          verification_method: { kind: 'string', enum: ['automatic', 'instant', 'microdeposits'] },
          financial_connections: open,
          mandate_options: open,
          networks: open,
        },
      },
      acss_debit: open,
      bacs_debit: open,
      link: open,
      paypal: open,
      klarna: open,
      amazon_pay: open,
      card_present: open,
    },
  },
};

/** What create and confirm add to the extract's `mandate_data` (both take the same hash). */
const mandateData = {
  'mandate_data.customer_acceptance.accepted_at': { min: 0 }, // Stripe refuses a negative timestamp; the extract gives only `format: unix-time`.
  // The extract's secret-key variant requires both, but one spec serves both keys and the
  // publishable-key variant (Stripe.js) leaves them out, so neither is required.
  'mandate_data.customer_acceptance.online': { required: [] },
  'mandate_data.customer_acceptance.online.ip_address': { max: 5000 }, // Stripe's limit; the extract has none.
};

/** The enumerations the object side names, so parameters and objects share one type. */
const flowDirections = { alias: 'SetupIntentFlowDirection', enumConst: 'FLOW_DIRECTIONS', enumDoc: '`flow_directions[]` values.' };

/**
 * Corrections and names, per operation, keyed by the dotted path of the field. A correction is a limit
 * or an unset Stripe enforces (the hand-written rules were checked against the API) that the extract
 * does not state; the rest name enumerations and hashes, or set a type.
 */
const patches = {
  create: {
    ...mandateData,
    mandate_data: { typeName: 'MandateDataParam', typeDoc: 'A customer\'s acceptance of a mandate, sent with a confirmation.' },
    flow_directions: flowDirections,
    // The extract gives create's metadata no `''` variant (update's has one), but Stripe accepts `''` on
    // create too, as no metadata. The type stays the SDK's, without `''`.
    metadata: { emptyUnsets: true, ts: 'MetadataParam' },
    on_behalf_of: { max: 5000 }, // An id: Stripe's 5000-character limit; the extract has none.
    payment_method_configuration: { max: 100 }, // "maxLength not captured in this extract"; Stripe refuses over 100.
    return_url: { max: 5000 }, // Stripe's limit; the extract has none.
    'single_use.amount': { min: 0 }, // Stripe refuses a negative amount; the extract has no minimum.
    'single_use.currency': { max: 3 }, // `format: currency` is a three-letter ISO code.
    usage: { alias: 'SetupIntentUsage', enumConst: 'USAGE_VALUES', enumDoc: '`usage` values accepted on create.' },
  },
  update: {
    // "update's limit not captured in this extract": the limit is create's, and `''` unsets the description.
    description: { max: 1000, emptyUnsets: true },
    flow_directions: flowDirections,
    // The extract says "empty string unsets to null" in prose only. The type stays `string` (as the
    // SDK's does, and `''` is one): the update reducer hands a set value on as a payment method id.
    payment_method: { emptyUnsets: true, ts: 'string' },
    payment_method_configuration: { max: 100 }, // As on create.
  },
  confirm: {
    ...mandateData,
    // One checker rule for both keys (the secret-key one), but the type is the SDK's: with a
    // publishable key, Stripe.js may leave `customer_acceptance` out and let Stripe infer it.
    mandate_data: {
      typeName: 'ConfirmMandateDataParam',
      typeDoc: '`mandate_data` as a confirmation takes it: with a publishable key, Stripe.js may leave `customer_acceptance` out and let Stripe infer it.',
      typeRequired: [],
    },
    return_url: { max: 5000 }, // As on create.
  },
  cancel: {
    cancellation_reason: {
      alias: 'SetupIntentCancellationReason',
      enumConst: 'CANCELLATION_REASONS',
      enumDoc: '`cancellation_reason` values accepted on cancel (spec §1.3).',
    },
  },
  verify_microdeposits: {
    // Form posts send the amounts as strings, which the checker parses; callers may pass them as they came.
    amounts: { ts: 'readonly (number | string)[]' },
  },
};

/** Where the types named by `alias` are declared, relative to the generated file. */
const typeImports = {
  SetupIntentCancellationReason: '../types/setup-intent.js',
  SetupIntentFlowDirection: '../types/setup-intent.js',
  SetupIntentUsage: '../types/setup-intent.js',
};

/** The overlay scripts/generate-params.mjs applies over the OpenAPI extract. */
export const PARAMS_OVERLAY = { operations, hashes, patches, typeImports };
