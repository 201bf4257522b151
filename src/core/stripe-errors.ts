import type { PaymentIntent } from '../types/payment-intent.js';
import type { PaymentMethod } from '../types/payment-method.js';
import type { SetupIntent, SetupIntentStatus } from '../types/setup-intent.js';
import type { StripeApiError, StripeErrorType, StripeRequestError } from '../types/stripe-error.js';

/** Stripe's documentation link for an error code: underscores become hyphens (spec §4.1). */
export function docUrlFor(code: string): string {
  return `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`;
}

interface ErrorFields {
  readonly charge?: string;
  readonly code?: string;
  readonly message: string;
  readonly param?: string;
  readonly decline_code?: string;
  readonly advice_code?: string;
  readonly network_advice_code?: string;
  readonly network_decline_code?: string;
  readonly payment_method?: PaymentMethod;
  readonly setup_intent?: SetupIntent;
  readonly payment_intent?: PaymentIntent;
}

/**
 * Builds a Stripe API error object with `doc_url` derived from the code. A card error carries its
 * PaymentMethod without `payment_method_type`; other errors carry both.
 */
export function apiError(type: StripeErrorType, fields: ErrorFields): StripeApiError {
  const error: { -readonly [K in keyof StripeApiError]: StripeApiError[K] } = { type };
  if (fields.advice_code !== undefined) {
    error.advice_code = fields.advice_code;
  }
  if (fields.charge !== undefined) {
    error.charge = fields.charge;
  }
  if (fields.code !== undefined) {
    error.code = fields.code;
  }
  if (fields.decline_code !== undefined) {
    error.decline_code = fields.decline_code;
  }
  if (fields.code !== undefined) {
    error.doc_url = docUrlFor(fields.code);
  }
  error.message = fields.message;
  if (fields.network_advice_code !== undefined) {
    error.network_advice_code = fields.network_advice_code;
  }
  if (fields.network_decline_code !== undefined) {
    error.network_decline_code = fields.network_decline_code;
  }
  if (fields.param !== undefined) {
    error.param = fields.param;
  }
  if (fields.payment_intent !== undefined) {
    error.payment_intent = fields.payment_intent;
  }
  if (fields.payment_method !== undefined) {
    error.payment_method = fields.payment_method;
    // Recorded card declines carry the PaymentMethod but no `payment_method_type` (zulip/zulip
    // corporate/tests/stripe_fixtures/replace_payment_method--SetupIntent.create.2.json).
    if (type !== 'card_error') {
      error.payment_method_type = fields.payment_method.type;
    }
  }
  if (fields.setup_intent !== undefined) {
    error.setup_intent = fields.setup_intent;
  }
  return error;
}

/** A request error: an HTTP status and the error object. */
export function requestError(statusCode: number, error: StripeApiError): StripeRequestError {
  return { statusCode, error };
}

function invalidRequest(fields: ErrorFields, statusCode = 400): StripeRequestError {
  return requestError(statusCode, apiError('invalid_request_error', fields));
}

/** `parameter_unknown`: a parameter the operation does not take. */
export function parameterUnknown(param: string): StripeRequestError {
  return invalidRequest({ code: 'parameter_unknown', param, message: `Received unknown parameter: ${param}` });
}

/** `parameter_missing`: a required parameter is absent. */
export function parameterMissing(param: string): StripeRequestError {
  return invalidRequest({ code: 'parameter_missing', param, message: `Missing required param: ${param}.` });
}

/** `parameter_invalid_empty`: an empty string for a parameter that cannot be unset. */
export function parameterInvalidEmpty(param: string): StripeRequestError {
  return invalidRequest({
    code: 'parameter_invalid_empty',
    param,
    message:
      `You passed an empty string for '${param}'. We assume empty values are an attempt to unset a parameter; ` +
      `however '${param}' cannot be unset. You should remove '${param}' from your request or supply a non-empty value.`,
  });
}

/** `parameter_invalid_integer`: a value that is not an integer where one is expected. */
export function parameterInvalidInteger(param: string, value: unknown): StripeRequestError {
  return invalidRequest({
    code: 'parameter_invalid_integer',
    param,
    message: `Invalid integer: ${describeValue(value)}`,
  });
}

/** A value of the wrong type (`boolean`, `string`, `array`, `hash`), without a specific code. */
export function parameterInvalidType(param: string, expected: 'boolean' | 'string' | 'array' | 'hash', value: unknown): StripeRequestError {
  return invalidRequest({ param, message: `Invalid ${expected}: ${describeValue(value)}` });
}

/** A value outside the parameter's enumeration. */
export function parameterInvalidEnum(param: string, allowed: readonly string[]): StripeRequestError {
  const list =
    allowed.length <= 2 ? allowed.join(' or ') : `${allowed.slice(0, -1).join(', ')}, or ${allowed[allowed.length - 1]}`;
  return invalidRequest({ param, message: `Invalid ${param}: must be one of ${list}` });
}

/** A string longer than the parameter allows. */
export function parameterTooLong(param: string, max: number): StripeRequestError {
  return invalidRequest({ param, message: `Invalid string: must be at most ${max} characters long (${param})` });
}

/** `parameters_exclusive`: two parameters that cannot be sent together. */
export function parametersExclusive(first: string, second: string): StripeRequestError {
  return invalidRequest({
    code: 'parameters_exclusive',
    param: second,
    message: `You may only specify one of these parameters: ${first}, ${second}.`,
  });
}

/** A parameter that is only valid together with `confirm=true` on create (spec §2.1, UNCONFIRMED text). */
export function requiresConfirm(param: string): StripeRequestError {
  return invalidRequest({
    code: 'setup_intent_invalid_parameter',
    param,
    message: `The parameter \`${param}\` cannot be passed when creating a SetupIntent unless \`confirm\` is set to true.`,
  });
}

/** A metadata limit broken: 50 keys, keys of at most 40 characters, values of at most 500. */
export function metadataInvalid(param: string, message: string): StripeRequestError {
  return invalidRequest({ param, message });
}

/** A plain invalid-request error without a code. */
export function invalidParameter(param: string, message: string): StripeRequestError {
  return invalidRequest({ param, message });
}

/** `resource_missing` for an object referenced by id: 404 in the path, 400 in the body. */
export function resourceMissing(resource: string, id: string, param: string, statusCode: 400 | 404): StripeRequestError {
  return invalidRequest({ code: 'resource_missing', param, message: `No such ${resource}: '${id}'` }, statusCode);
}

/** `setup_intent_unexpected_state`: the operation is not allowed in the SetupIntent's status. */
export function setupIntentUnexpectedState(message: string, intent: SetupIntent): StripeRequestError {
  return invalidRequest({ code: 'setup_intent_unexpected_state', message, setup_intent: intent });
}

/** `intent_invalid_state`: verify_microdeposits outside `requires_action` (spec §2.7). */
export function intentInvalidState(intent: SetupIntent, status: SetupIntentStatus = intent.status): StripeRequestError {
  return invalidRequest({
    code: 'intent_invalid_state',
    message:
      `This SetupIntent cannot be actioned on because it has a status of ${status}. ` +
      `Only a SetupIntent with one of the following statuses may be actioned on: ["requires_action"].`,
    setup_intent: intent,
  });
}

/**
 * A PaymentMethod that may not be used again: it succeeded in a setup without a Customer, or was
 * detached from one.
 *
 * @remarks The recorded body has a type and this message only: no `code`, no `param` (a live answer
 *   quoted in Automattic/woocommerce-payments issue #323; spec §2.6 item 4).
 */
export function paymentMethodPreviouslyUsed(): StripeRequestError {
  return invalidRequest({
    message:
      'The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a ' +
      'connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use ' +
      'a PaymentMethod multiple times, you must attach it to a Customer first.',
  });
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
