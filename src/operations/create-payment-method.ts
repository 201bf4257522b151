import type { SetupIntentEnvironment } from '../core/environment.js';
import { fingerprintOf } from '../core/fingerprint.js';
import { billingFrom, paymentMethodFromData, paymentMethodFromTestDetails, paymentMethodWithoutDetails } from '../core/payment-methods.js';
import { apiError, invalidParameter, parameterMissing, requestError } from '../core/stripe-errors.js';
import type { ParamSpec, ParamSpecs } from '../params/param-spec.js';
import { PAYMENT_METHOD_DATA_PARAM } from '../params/setup-intent-param-specs.js';
import { checkParams } from '../params/validate-params.js';
import type { PaymentMethodDataParam } from '../types/params.js';
import type { PaymentMethod } from '../types/payment-method.js';
import type { StripeRequestError } from '../types/stripe-error.js';

/** Parameters of `POST /v1/payment_methods`: `payment_method_data`'s, plus card details. */
export interface PaymentMethodCreateParams extends PaymentMethodDataParam {
  /** A test token (`tok_visa`) or a test card number, for `type=card`. */
  readonly card?: {
    readonly token?: string;
    readonly number?: string;
    readonly exp_month?: number;
    readonly exp_year?: number;
    readonly cvc?: string;
  };
  /** Fields to expand in the answer. */
  readonly expand?: readonly string[];
}

/** The result of {@link createPaymentMethod}. */
export type PaymentMethodCreation =
  | { readonly kind: 'created'; readonly paymentMethod: PaymentMethod }
  | { readonly kind: 'refused'; readonly error: StripeRequestError };

const dataFields = (PAYMENT_METHOD_DATA_PARAM as Extract<ParamSpec, { kind: 'hash' }>).fields;

const CREATE_PAYMENT_METHOD_PARAMS: ParamSpecs = {
  ...dataFields,
  type: { kind: 'string', enum: ['card', 'sepa_debit', 'us_bank_account', 'acss_debit', 'klarna'] },
  card: {
    kind: 'hash',
    fields: {
      token: { kind: 'string', max: 5000 },
      number: { kind: 'string', max: 5000 },
      exp_month: { kind: 'integer', min: 1 },
      exp_year: { kind: 'integer', min: 0 },
      cvc: { kind: 'string', max: 5000 },
    },
  },
  expand: { kind: 'string_array' },
};

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) {
        digit -= 9;
      }
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function cardError(code: string, message: string, param: string, declineCode?: string): StripeRequestError {
  return requestError(402, apiError('card_error', { code, message, param, ...(declineCode === undefined ? {} : { decline_code: declineCode }) }));
}

function cardPaymentMethod(params: PaymentMethodCreateParams, env: SetupIntentEnvironment): PaymentMethodCreation {
  const card = params.card;
  if (card === undefined) {
    return { kind: 'refused', error: parameterMissing('card') };
  }
  let entry;
  if (card.token !== undefined) {
    // Stripe's test tokens mirror the test PaymentMethods: tok_visa is pm_card_visa.
    entry = env.catalogue.byAlias(card.token) ?? env.catalogue.byAlias(`pm_card_${card.token.replace(/^tok_/, '')}`);
    if (entry === undefined || entry.details.type !== 'card') {
      return { kind: 'refused', error: invalidParameter('card[token]', `No such token: '${card.token}'`) };
    }
  } else {
    const number = card.number?.replace(/[\s-]/g, '');
    if (number === undefined) {
      return { kind: 'refused', error: parameterMissing('card[number]') };
    }
    if (!/^\d{12,19}$/.test(number) || !passesLuhn(number)) {
      return { kind: 'refused', error: cardError('incorrect_number', 'Your card number is incorrect.', 'card[number]') };
    }
    entry = env.catalogue.byFingerprint(fingerprintOf('card', number));
    if (entry === undefined) {
      return {
        kind: 'refused',
        error: cardError(
          'card_declined',
          'Your card was declined. Your request was in test mode, but used a non test (live) card. For a list of valid test cards, visit: https://stripe.com/docs/testing.',
          'card[number]',
          'test_mode_live_card',
        ),
      };
    }
  }
  const built = paymentMethodFromTestDetails(entry.details, env, billingFrom(params), true, env.catalogue.fingerprintOf(entry));
  const details = built.card;
  if (details === undefined || (card.exp_month === undefined && card.exp_year === undefined)) {
    return { kind: 'created', paymentMethod: built };
  }
  return {
    kind: 'created',
    paymentMethod: { ...built, card: { ...details, exp_month: card.exp_month ?? details.exp_month, exp_year: card.exp_year ?? details.exp_year } },
  };
}

/**
 * Creates a PaymentMethod (`POST /v1/payment_methods`) from a test token or test card number
 * (`type=card`), from bank details (`sepa_debit`, `us_bank_account`, `acss_debit`), or as a bare
 * `klarna` PaymentMethod. As in test
 * mode, a card number that is not a test card is declined, and one that fails the Luhn check is
 * `incorrect_number`. The new PaymentMethod is attached to no Customer.
 */
export function createPaymentMethod(input: PaymentMethodCreateParams, env: SetupIntentEnvironment): PaymentMethodCreation {
  const check = checkParams(input, CREATE_PAYMENT_METHOD_PARAMS);
  if (!check.ok) {
    return { kind: 'refused', error: check.error };
  }
  const params = check.params as unknown as PaymentMethodCreateParams;
  if (params.type === undefined) {
    return { kind: 'refused', error: parameterMissing('type') };
  }
  const built =
    params.type === 'card'
      ? cardPaymentMethod(params, env)
      : params.type === 'klarna'
        ? ({ kind: 'created', paymentMethod: paymentMethodWithoutDetails('klarna', env, billingFrom(params)) } as const)
        : fromBankDetails(params, env);
  const created: PaymentMethodCreation =
    built.kind === 'created' && params.allow_redisplay !== undefined
      ? { kind: 'created', paymentMethod: { ...built.paymentMethod, allow_redisplay: params.allow_redisplay } }
      : built;
  if (created.kind === 'refused' || params.metadata === undefined) {
    return created;
  }
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(params.metadata)) {
    if (value !== '' && value !== null) {
      metadata[key] = String(value);
    }
  }
  return { kind: 'created', paymentMethod: { ...created.paymentMethod, metadata } };
}

function fromBankDetails(params: PaymentMethodCreateParams, env: SetupIntentEnvironment): PaymentMethodCreation {
  const resolved = paymentMethodFromData(params, env, '');
  return resolved.ok ? { kind: 'created', paymentMethod: resolved.value.paymentMethod } : { kind: 'refused', error: resolved.error };
}
