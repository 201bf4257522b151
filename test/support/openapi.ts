/**
 * Validation of the objects this library produces against the trimmed OpenAPI extract of Stripe's
 * spec (`test/fixtures/openapi/openapi-setup-intents-extract.json`; its `x-extract` header and the
 * folder's README say where it came from, `npm run fixtures:openapi` refreshes it).
 *
 * The extract is OpenAPI 3.0 and partly hand-written, so it is normalised into plain JSON Schema
 * (draft-07, as ajv reads it) before compiling:
 *
 * - `nullable: true` becomes a `null` member: `type: [t, 'null']`, `null` added to `enum`, or an
 *   extra `{ type: 'null' }` branch of `anyOf`.
 * - `$ref`s to `#/components/schemas/X` point into one document's `definitions`. Schemas the extract
 *   leaves out get a stub: a permissive object (see {@link STUBBED_SCHEMAS} and
 *   {@link stubbedSchemas}), or, where the extract's notes describe them, a real schema.
 * - Note-style entries become real schemas: `setup_intent_payment_method_options` (a list of names
 *   plus a note: each key is `anyOf [setup_intent_payment_method_options_<type>,
 *   setup_intent_type_specific_payment_method_options_client]`) and
 *   `setup_attempt_payment_method_details` (`__per_type_refs`: each key `$ref`s
 *   `setup_attempt_payment_method_details_<type>`).
 * - `format: unix-time` is registered as a format of non-negative integers, `format: currency` as a
 *   three-letter lowercase ISO code; the standard formats come from ajv-formats.
 * - Vendor keys (`x-*`), `note`s and other non-JSON-Schema keys are dropped.
 * - Closed objects: by default an object schema that lists its `properties` rejects properties it
 *   does not list (`additionalProperties: false`), so a misspelt or invented field is caught. The
 *   extract marks `mandate` as trimmed, so that object stays open (its nested objects are closed).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import { expect } from 'vitest';
import type { OperationResult } from '../../src/index.js';

type Json = null | boolean | number | string | readonly Json[] | JsonObject;
interface JsonObject {
  readonly [key: string]: Json;
}
type MutableJsonObject = { [key: string]: Json };

/** Where the extract lives: a fixture of the repository. */
export const EXTRACT_URL = new URL('../fixtures/openapi/openapi-setup-intents-extract.json', import.meta.url);

const COMPONENT_REF = '#/components/schemas/';
const DOCUMENT_KEY = 'stripe-openapi-extract';

/** Object schemas left open although they list properties: the extract says they are trimmed. */
const OPEN_SCHEMAS: ReadonlySet<string> = new Set(['mandate']);

/**
 * Keys live Stripe sends that the public spec does not document, accepted as `null` (the only value
 * recorded): PaymentIntents' `shared_payment_granted_token`, and Charges' `destination`, `dispute`
 * and `order` (test/fixtures/recordings/stripe-world-04-money-path.json, every PaymentIntent and Charge).
 */
export const RECORDED_UNDOCUMENTED_KEYS: Readonly<Record<string, readonly string[]>> = {
  payment_intent: ['shared_payment_granted_token'],
  charge: ['destination', 'dispute', 'order'],
};

/**
 * Per-type SetupAttempt details whose note in the extract says they have no properties.
 * (`setup_attempt_payment_method_details` note.)
 */
const EMPTY_ATTEMPT_DETAILS = ['acss_debit', 'amazon_pay', 'au_becs_debit', 'bacs_debit', 'twint', 'upi', 'us_bank_account'];

/** Per-type SetupAttempt details the note describes field by field. */
const GENERATED_SEPA_ATTEMPT_DETAILS: Readonly<Record<string, readonly string[]>> = {
  bancontact: ['preferred_language'],
  ideal: [],
  sofort: ['preferred_language'],
};

/** Per-type key names whose schema has a name of its own (`setup_attempt_payment_method_details` note). */
const ATTEMPT_DETAIL_SCHEMA_NAMES: Readonly<Record<string, string>> = {
  satispay: 'payment_flows_private_payment_methods_satispay_setup_attempt_details',
};

/**
 * The schemas the extract refers to but does not include, each replaced by a permissive object
 * schema (`{ type: 'object' }`: any object passes). Fields holding them still check the other
 * branches: an expandable `customer` must be a string, an object, or null.
 */
export const STUBBED_SCHEMAS: readonly string[] = [
  // Expandable resources and objects embedded in errors.
  'account',
  'application',
  'bank_account',
  'card',
  'customer',
  'deleted_customer',
  'payment_method',
  // Expandable resources of PaymentIntents and Charges.
  'application_fee',
  'balance_transaction',
  'review',
  'transfer',
  'source',
  // Expandable resources of Refunds.
  'transfer_reversal',
  // next_action sub-hashes shared with PaymentIntents.
  'payment_intent_next_action_blik_authorize',
  'payment_intent_next_action_cashapp_handle_redirect_or_display_qr_code',
  'payment_intent_next_action_upi_handle_redirect_or_display_qr_code',
  // Shared mandate options and card details.
  'payment_method_options_mandate_options_pix',
  'payment_method_options_mandate_options_upi',
  'payment_method_details_card_present_offline',
  'payment_method_details_card_wallet_apple_pay',
  'payment_method_details_card_wallet_google_pay',
  // Per-type SetupAttempt details neither included nor described by the extract's note.
  'setup_attempt_payment_method_details_boleto',
  'setup_attempt_payment_method_details_cashapp',
  'setup_attempt_payment_method_details_kakao_pay',
  'setup_attempt_payment_method_details_klarna',
  'setup_attempt_payment_method_details_kr_card',
  'setup_attempt_payment_method_details_link',
  'setup_attempt_payment_method_details_nz_bank_account',
  'setup_attempt_payment_method_details_paypal',
  'setup_attempt_payment_method_details_payto',
  'setup_attempt_payment_method_details_revolut_pay',
  'setup_attempt_payment_method_details_sepa_debit',
  'payment_flows_private_payment_methods_satispay_setup_attempt_details',
];

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function loadExtract(): JsonObject {
  let text: string;
  try {
    text = readFileSync(fileURLToPath(EXTRACT_URL), 'utf8');
  } catch (cause) {
    throw new Error(
      `The OpenAPI extract was not found at ${fileURLToPath(EXTRACT_URL)}: restore it from git or run \`npm run fixtures:openapi\`.`,
      { cause },
    );
  }
  const parsed = JSON.parse(text) as Json;
  if (!isObject(parsed)) {
    throw new Error('The OpenAPI extract is not a JSON object.');
  }
  return parsed;
}

function child(node: JsonObject, ...path: string[]): JsonObject {
  let at: Json | undefined = node;
  for (const key of path) {
    at = isObject(at) ? at[key] : undefined;
  }
  if (!isObject(at)) {
    throw new Error(`The OpenAPI extract has no object at ${path.join('.')}.`);
  }
  return at;
}

/** Keys that are JSON Schema keywords ajv knows; anything else (vendor keys, notes) is dropped. */
const SCHEMA_KEYWORDS: ReadonlySet<string> = new Set([
  'type',
  'enum',
  'const',
  'properties',
  'required',
  'items',
  'additionalProperties',
  'anyOf',
  'oneOf',
  'allOf',
  'not',
  '$ref',
  'format',
  'pattern',
  'maxLength',
  'minLength',
  'maximum',
  'minimum',
  'maxItems',
  'minItems',
  'title',
  'description',
]);

interface Normaliser {
  readonly closed: boolean;
  /** Component names referenced from converted schemas. */
  readonly referenced: Set<string>;
}

function refTo(name: string, state: Normaliser): JsonObject {
  state.referenced.add(name);
  return { $ref: `#/definitions/${name}` };
}

/** Converts one OpenAPI 3.0 schema node into JSON Schema. `open` keeps this node's object open. */
function convert(node: Json, state: Normaliser, open = false): Json {
  if (!isObject(node)) {
    return node;
  }
  const out: MutableJsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (!SCHEMA_KEYWORDS.has(key)) {
      continue;
    }
    switch (key) {
      case '$ref': {
        if (typeof value !== 'string' || !value.startsWith(COMPONENT_REF)) {
          throw new Error(`Unexpected $ref in the OpenAPI extract: ${JSON.stringify(value)}`);
        }
        Object.assign(out, refTo(value.slice(COMPONENT_REF.length), state));
        break;
      }
      case 'properties': {
        if (!isObject(value)) {
          throw new Error(`A note-style "properties" list was not turned into a schema: ${JSON.stringify(value)}`);
        }
        const properties: MutableJsonObject = {};
        for (const [name, schema] of Object.entries(value)) {
          properties[name] = convert(schema, state);
        }
        out['properties'] = properties;
        break;
      }
      case 'items':
      case 'not':
        out[key] = convert(value, state);
        break;
      case 'additionalProperties':
        out[key] = typeof value === 'boolean' ? value : convert(value, state);
        break;
      case 'anyOf':
      case 'oneOf':
      case 'allOf':
        if (!Array.isArray(value)) {
          throw new Error(`"${key}" is not a list in the OpenAPI extract.`);
        }
        out[key] = value.map((branch) => convert(branch, state));
        break;
      default:
        out[key] = value;
    }
  }
  if (state.closed && !open && isObject(out['properties']) && out['additionalProperties'] === undefined) {
    out['additionalProperties'] = false;
  }
  return node['nullable'] === true ? withNull(out) : out;
}

/** The schema with `null` allowed, as OpenAPI 3.0's `nullable: true` means. */
function withNull(schema: MutableJsonObject): JsonObject {
  const type = schema['type'];
  if (schema['$ref'] !== undefined || schema['anyOf'] !== undefined || schema['oneOf'] !== undefined || type === undefined) {
    const { description, title, ...rest } = schema;
    const branches = Array.isArray(schema['anyOf']) && Object.keys(rest).length === 1 ? (schema['anyOf'] as readonly Json[]) : [rest];
    return {
      ...(description === undefined ? {} : { description }),
      ...(title === undefined ? {} : { title }),
      anyOf: [...branches, { type: 'null' }],
    };
  }
  const out: MutableJsonObject = { ...schema, type: Array.isArray(type) ? [...type, 'null'] : [type, 'null'] };
  if (Array.isArray(schema['enum'])) {
    out['enum'] = [...schema['enum'], null];
  }
  return out;
}

/** `setup_intent_payment_method_options`: names plus a note, turned into real properties. */
function paymentMethodOptionsSchema(raw: JsonObject, state: Normaliser): JsonObject {
  const names = raw['properties'];
  if (isObject(names)) {
    // A refresh from the full spec brings the real schema: it needs no rewriting.
    return convert(raw, state) as JsonObject;
  }
  if (!Array.isArray(names) || !names.every((name): name is string => typeof name === 'string')) {
    throw new Error('setup_intent_payment_method_options no longer lists its keys as names: update the normaliser.');
  }
  const properties: MutableJsonObject = {};
  for (const name of names) {
    properties[name] = {
      anyOf: [refTo(`setup_intent_payment_method_options_${name}`, state), refTo('setup_intent_type_specific_payment_method_options_client', state)],
    };
  }
  return {
    title: 'SetupIntentPaymentMethodOptions',
    type: 'object',
    properties,
    ...(state.closed ? { additionalProperties: false } : {}),
  };
}

/** `setup_attempt_payment_method_details`: `type` plus a `$ref` per type named in `__per_type_refs`. */
function attemptDetailsSchema(raw: JsonObject, state: Normaliser): JsonObject {
  const rawProperties = child(raw, 'properties');
  const types = rawProperties['__per_type_refs'];
  if (types === undefined) {
    return convert(raw, state) as JsonObject;
  }
  if (!Array.isArray(types) || !types.every((name): name is string => typeof name === 'string')) {
    throw new Error('setup_attempt_payment_method_details has no __per_type_refs list: update the normaliser.');
  }
  const properties: MutableJsonObject = { type: convert(child(rawProperties, 'type'), state) };
  for (const name of types) {
    properties[name] = refTo(ATTEMPT_DETAIL_SCHEMA_NAMES[name] ?? `setup_attempt_payment_method_details_${name}`, state);
  }
  return {
    title: 'SetupAttemptPaymentMethodDetails',
    type: 'object',
    properties,
    required: ['type'],
    ...(state.closed ? { additionalProperties: false } : {}),
  };
}

/** Schemas the extract's notes describe without including them. */
function describedSchemas(state: Normaliser): Record<string, JsonObject> {
  const closed = state.closed ? { additionalProperties: false } : {};
  const nullableString = { type: ['string', 'null'], maxLength: 5000 };
  const out: Record<string, JsonObject> = {};
  for (const name of EMPTY_ATTEMPT_DETAILS) {
    out[`setup_attempt_payment_method_details_${name}`] = { type: 'object', properties: {}, ...closed };
  }
  for (const [name, extra] of Object.entries(GENERATED_SEPA_ATTEMPT_DETAILS)) {
    const properties: MutableJsonObject = {
      bank_code: nullableString,
      bank_name: nullableString,
      bic: nullableString,
      generated_sepa_debit: { anyOf: [{ type: 'string', maxLength: 5000 }, refTo('payment_method', state), { type: 'null' }] },
      generated_sepa_debit_mandate: { anyOf: [{ type: 'string', maxLength: 5000 }, refTo('mandate', state), { type: 'null' }] },
      iban_last4: nullableString,
      verified_name: nullableString,
    };
    for (const field of extra) {
      properties[field] = nullableString;
    }
    out[`setup_attempt_payment_method_details_${name}`] = { type: 'object', properties, ...closed };
  }
  return out;
}

interface NormalisedExtract {
  readonly document: JsonObject;
  readonly stubbed: readonly string[];
}

/**
 * Normalises the extract into one JSON Schema document whose `definitions` hold every component
 * schema, the stubs, and `setup_intent_list` (the 200 response of `GET /v1/setup_intents`).
 */
export function normaliseExtract(extract: JsonObject = loadExtract(), options: { readonly closed?: boolean } = {}): NormalisedExtract {
  const state: Normaliser = { closed: options.closed ?? true, referenced: new Set() };
  const components = child(extract, 'components', 'schemas');
  const definitions: Record<string, Json> = {};
  for (const [name, raw] of Object.entries(components)) {
    if (!isObject(raw)) {
      throw new Error(`Schema ${name} of the OpenAPI extract is not an object.`);
    }
    if (name === 'setup_intent_payment_method_options') {
      definitions[name] = paymentMethodOptionsSchema(raw, state);
    } else if (name === 'setup_attempt_payment_method_details') {
      definitions[name] = attemptDetailsSchema(raw, state);
    } else {
      definitions[name] = convert(raw, state, OPEN_SCHEMAS.has(name));
    }
  }
  for (const [name, keys] of Object.entries(RECORDED_UNDOCUMENTED_KEYS)) {
    const schema = definitions[name];
    if (isObject(schema) && isObject(schema['properties'])) {
      const properties: MutableJsonObject = { ...schema['properties'] };
      for (const key of keys) properties[key] = { type: 'null' };
      definitions[name] = { ...schema, properties };
    }
  }
  definitions['setup_intent_list'] = convert(child(extract, 'paths', '/v1/setup_intents', 'get', 'responses', '200'), state);
  definitions['payment_intent_list'] = convert(child(extract, 'paths', '/v1/payment_intents', 'get', 'responses', '200'), state);
  for (const [name, schema] of Object.entries(describedSchemas(state))) {
    if (definitions[name] === undefined) {
      definitions[name] = schema;
    }
  }
  const stubbed: string[] = [];
  for (const name of [...state.referenced].sort()) {
    if (definitions[name] === undefined) {
      definitions[name] = { type: 'object', description: `Not in the extract (${name}): any object is accepted.` };
      stubbed.push(name);
    }
  }
  return { document: { definitions }, stubbed };
}

/** Stripe's `format: unix-time`: integer seconds since the epoch. */
const UNIX_TIME = { type: 'number' as const, validate: (n: number) => Number.isInteger(n) && n >= 0 };
/** Stripe's `format: currency`: a lowercase three-letter ISO code. */
const CURRENCY = /^[a-z]{3}$/;

interface Validators {
  readonly stubbed: readonly string[];
  readonly get: (definition: string) => ValidateFunction;
}

function buildValidators(closed: boolean): Validators {
  const { document, stubbed } = normaliseExtract(loadExtract(), { closed });
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
  formatsModule.default(ajv);
  ajv.addFormat('unix-time', UNIX_TIME);
  ajv.addFormat('currency', CURRENCY);
  ajv.addSchema(document, DOCUMENT_KEY);
  const compiled = new Map<string, ValidateFunction>();
  return {
    stubbed,
    get: (definition) => {
      let validate = compiled.get(definition);
      if (validate === undefined) {
        validate = ajv.getSchema(`${DOCUMENT_KEY}#/definitions/${definition}`);
        if (validate === undefined) {
          throw new Error(`No schema ${definition} in the normalised extract.`);
        }
        compiled.set(definition, validate);
      }
      return validate;
    },
  };
}

const cache = new Map<boolean, Validators>();

function validators(closed = true): Validators {
  let found = cache.get(closed);
  if (found === undefined) {
    found = buildValidators(closed);
    cache.set(closed, found);
  }
  return found;
}

/** The schemas that were stubbed when normalising the extract (computed, not hard-coded). */
export function stubbedSchemas(): readonly string[] {
  return validators().stubbed;
}

function describeError(error: ErrorObject): string {
  const at = error.instancePath === '' ? '(root)' : error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'enum':
      return `${at} must be one of ${JSON.stringify(params['allowedValues'])}, got ${JSON.stringify(error.data)}`;
    case 'required':
      return `${at} is missing required property "${String(params['missingProperty'])}"`;
    case 'additionalProperties':
      return `${at} has a property the spec does not define: "${String(params['additionalProperty'])}"`;
    case 'type':
      return `${at} must be ${String(params['type']).split(',').join(' or ')}, got ${JSON.stringify(error.data)}`;
    default:
      return `${at} ${error.message ?? error.keyword}`;
  }
}

/** Options of the validators. */
export interface ValidationOptions {
  /** Reject properties an object schema does not list (default `true`). */
  readonly closed?: boolean;
}

/** An `anyOf` summary, or the `null` branch of a nullable field: noise when a deeper error explains more. */
function isSummary(error: ErrorObject): boolean {
  return error.keyword === 'anyOf' || (error.keyword === 'type' && (error.params as { type?: unknown }).type === 'null');
}

function validateWith(definition: string, value: unknown, options: ValidationOptions = {}): string[] {
  const validate = validators(options.closed ?? true).get(definition);
  if (validate(value)) {
    return [];
  }
  const errors = validate.errors ?? [];
  const explained = (summary: ErrorObject): boolean =>
    errors.some(
      (other) =>
        !isSummary(other) && (other.instancePath === summary.instancePath || other.instancePath.startsWith(`${summary.instancePath}/`)),
    );
  return [...new Set(errors.filter((error) => !isSummary(error) || !explained(error)).map(describeError))];
}

/** Problems of a SetupIntent (schema `setup_intent`); empty when valid. */
export function validateSetupIntent(value: unknown, options?: ValidationOptions): string[] {
  return validateWith('setup_intent', value, options);
}

/** Problems of a SetupAttempt (schema `setup_attempt`); empty when valid. */
export function validateSetupAttempt(value: unknown, options?: ValidationOptions): string[] {
  return validateWith('setup_attempt', value, options);
}

/** Problems of a Mandate (schema `mandate`); empty when valid. */
export function validateMandate(value: unknown, options?: ValidationOptions): string[] {
  return validateWith('mandate', value, options);
}

/** Problems of an error response body `{ error: api_errors }` (schema `error`); empty when valid. */
export function validateErrorBody(value: unknown, options?: ValidationOptions): string[] {
  return validateWith('error', value, options);
}

/** Problems of a list page (the 200 response of `GET /v1/setup_intents`); empty when valid. */
export function validateSetupIntentList(value: unknown, options?: ValidationOptions): string[] {
  return validateWith('setup_intent_list', value, options);
}

/** Problems of a PaymentIntent (schema `payment_intent`); empty when valid. */
export function validatePaymentIntent(value: unknown, options?: ValidationOptions): string[] {
  return validateWith('payment_intent', value, options);
}

/** Problems of a Charge (schema `charge`); empty when valid. */
export function validateCharge(value: unknown, options?: ValidationOptions): string[] {
  return validateWith('charge', value, options);
}

/** Problems of a Refund (schema `refund`); empty when valid. */
export function validateRefund(value: unknown, options?: ValidationOptions): string[] {
  return validateWith('refund', value, options);
}

/** Problems of a list page (the 200 response of `GET /v1/payment_intents`); empty when valid. */
export function validatePaymentIntentList(value: unknown, options?: ValidationOptions): string[] {
  return validateWith('payment_intent_list', value, options);
}

/** Every problem of the objects an operation result carries, each prefixed with the object it concerns. */
export function operationResultProblems(result: OperationResult, options?: ValidationOptions): string[] {
  const problems: string[] = [];
  const add = (label: string, found: readonly string[]): void => {
    for (const problem of found) {
      problems.push(`${label}: ${problem}`);
    }
  };
  if (result.kind !== 'refused') {
    add(`SetupIntent ${result.record.intent.id}`, validateSetupIntent(result.record.intent, options));
    if (result.record.latestAttempt !== null) {
      add(`latest SetupAttempt ${result.record.latestAttempt.id}`, validateSetupAttempt(result.record.latestAttempt, options));
    }
    for (const attempt of result.changes.setupAttempts) {
      add(`SetupAttempt ${attempt.id}`, validateSetupAttempt(attempt, options));
    }
    for (const mandate of result.changes.mandates) {
      add(`Mandate ${mandate.id}`, validateMandate(mandate, options));
    }
  }
  if (result.kind !== 'applied') {
    add(`error body (HTTP ${result.error.statusCode})`, validateErrorBody({ error: result.error.error }, options));
  }
  return problems;
}

/**
 * Asserts that every object in an operation result validates against the extract: the SetupIntent,
 * the latest and changed SetupAttempts, the new Mandates, and the error body `{ error }` of a failed
 * or refused operation. Returns the result, so it can wrap a call.
 */
export function expectValidStripeObjects<R extends OperationResult>(result: R, options?: ValidationOptions): R {
  expect(operationResultProblems(result, options), `objects of a ${result.kind} result that do not match the OpenAPI extract`).toEqual([]);
  return result;
}
