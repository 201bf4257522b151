import { TEST_INSTITUTION_NUMBER, TEST_ROUTING_NUMBER, TEST_TRANSIT_NUMBER, fingerprintOfDetails } from '../catalogue/catalogue.js';
import type { TestPaymentDetails, TestPaymentMethod } from '../catalogue/test-payment-method.js';
import type { PaymentMethodDataParam } from '../types/params.js';
import type { Address, BillingDetails, PaymentMethod } from '../types/payment-method.js';
import type { StripeRequestError } from '../types/stripe-error.js';
import type { SetupIntentEnvironment } from './environment.js';
import { fingerprintOf } from './fingerprint.js';
import { invalidParameter, parameterMissing, resourceMissing } from './stripe-errors.js';
import { ibanBankCode } from './iban.js';

// Live Stripe renders an address of nulls, never `null` (recorded at 2026-08-26.dahlia, docs/fidelity.md).
const NO_ADDRESS: Address = { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };
const NO_BILLING: BillingDetails = { address: NO_ADDRESS, email: null, name: null, phone: null, tax_id: null };

/** Payment method types whose setup creates a Mandate. */
export const MANDATE_TYPES: ReadonlySet<string> = new Set(['sepa_debit', 'us_bank_account', 'acss_debit', 'bacs_debit', 'au_becs_debit']);

/** A resolved payment method, and whether resolving it created it. */
export interface ResolvedPaymentMethod {
  readonly paymentMethod: PaymentMethod;
  readonly created: boolean;
}

/** The outcome of resolving a payment method reference. */
export type PaymentMethodResolution =
  | { readonly ok: true; readonly value: ResolvedPaymentMethod }
  | { readonly ok: false; readonly error: StripeRequestError };

/** The UTC year at a unix time in seconds (the civil-from-days algorithm, no Date needed). */
function utcYearAt(seconds: number): number {
  const days = Math.floor(seconds / 86_400) + 719_468;
  const era = Math.floor(days / 146_097);
  const dayOfEra = days - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1_460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  // Years start in March in this algorithm: January and February belong to the next year.
  return yearOfEra + era * 400 + (monthIndex >= 10 ? 1 : 0);
}

type MutablePaymentMethod = { -readonly [K in keyof PaymentMethod]: PaymentMethod[K] };

// The type-specific details are assigned after the common fields (rather than spreading the
// common fields into a new literal) so that every PaymentMethod of a type shares one object shape.
function basePaymentMethod(env: SetupIntentEnvironment, type: PaymentMethod['type'], billing: BillingDetails): MutablePaymentMethod {
  return {
    id: env.ids.id('pm'),
    object: 'payment_method' as const,
    allow_redisplay: 'unspecified',
    billing_details: billing,
    created: env.now(),
    customer: null,
    customer_account: null,
    livemode: env.livemode,
    metadata: {},
    shared_payment_granted_token: null,
    type,
  };
}

/** A fresh PaymentMethod of a type whose details are empty (`klarna`): Stripe renders `{ klarna: {} }`. */
export function paymentMethodWithoutDetails(type: 'klarna', env: SetupIntentEnvironment, billing: BillingDetails = NO_BILLING): PaymentMethod {
  const pm = basePaymentMethod(env, type, billing);
  pm[type] = {};
  return pm;
}

/** Builds a fresh PaymentMethod carrying a test payment method's details. */
export function paymentMethodFromTestDetails(
  details: TestPaymentDetails,
  env: SetupIntentEnvironment,
  billing: BillingDetails = NO_BILLING,
  linked = true,
  fingerprint: string = fingerprintOfDetails(details),
): PaymentMethod {
  switch (details.type) {
    case 'card': {
      // The clock is read for the expiry year first, then for `created`.
      const expYear = utcYearAt(env.now()) + 3;
      const pm = basePaymentMethod(env, 'card', billing);
      pm.card = {
        brand: details.brand,
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'unchecked' },
        country: details.country,
        display_brand: details.brand,
        exp_month: 12,
        exp_year: expYear,
        fingerprint,
        funding: details.funding,
        generated_from: null,
        last4: details.number.slice(-4),
        networks: { available: [details.brand], preferred: null },
        regulated_status: 'unregulated',
        three_d_secure_usage: { supported: details.threeDSecureUsageSupported ?? details.threeDSecure !== 'not_supported' },
        wallet: null,
      };
      return pm;
    }
    case 'sepa_debit': {
      const pm = basePaymentMethod(env, 'sepa_debit', billing);
      pm.sepa_debit = {
        bank_code: ibanBankCode(details.iban),
        branch_code: '',
        country: details.iban.slice(0, 2),
        fingerprint,
        // An object of nulls for SEPA, unlike cards (recorded at 2025-10-29.clover).
        generated_from: { charge: null, setup_attempt: null },
        last4: details.iban.slice(-4),
      };
      return pm;
    }
    case 'us_bank_account': {
      const pm = basePaymentMethod(env, 'us_bank_account', billing);
      pm.us_bank_account = {
        account_holder_type: 'individual',
        account_type: 'checking',
        bank_name: 'STRIPE TEST BANK',
        financial_connections_account: linked && details.instantlyVerified ? env.ids.id('fca') : null,
        fingerprint,
        last4: details.accountNumber.slice(-4),
        networks: { preferred: 'ach', supported: ['ach'] },
        routing_number: TEST_ROUTING_NUMBER,
        status_details: null,
      };
      return pm;
    }
    case 'acss_debit': {
      const pm = basePaymentMethod(env, 'acss_debit', billing);
      pm.acss_debit = {
        bank_name: 'STRIPE TEST BANK',
        fingerprint,
        institution_number: TEST_INSTITUTION_NUMBER,
        last4: details.accountNumber.slice(-4),
        transit_number: TEST_TRANSIT_NUMBER,
      };
      return pm;
    }
  }
}

/**
 * The PaymentMethod once its card has been checked with the network (on attach or confirmation):
 * live Stripe renders `cvc_check: "unchecked"` on a new card and `"pass"` afterwards (recorded at
 * 2026-08-26.dahlia). Other PaymentMethods, and checked cards, come back as they are.
 */
export function withCheckedCvc(paymentMethod: PaymentMethod): PaymentMethod {
  const card = paymentMethod.card;
  if (card === undefined || card.checks === null || card.checks.cvc_check !== 'unchecked') {
    return paymentMethod;
  }
  return { ...paymentMethod, card: { ...card, checks: { ...card.checks, cvc_check: 'pass' } } };
}

/** The catalogue entry a PaymentMethod's details match, if any. */
export function testEntryOf(paymentMethod: PaymentMethod, env: SetupIntentEnvironment): TestPaymentMethod | undefined {
  const details = paymentMethod.card ?? paymentMethod.sepa_debit ?? paymentMethod.us_bank_account ?? paymentMethod.acss_debit;
  const fingerprint = details?.fingerprint;
  return fingerprint == null ? undefined : env.catalogue.byFingerprint(fingerprint);
}

/**
 * Resolves a `payment_method` parameter: a test alias (`pm_card_visa`) creates a fresh
 * PaymentMethod as Stripe does; any other id must name a stored PaymentMethod.
 */
export function resolvePaymentMethodReference(reference: string, env: SetupIntentEnvironment, param: string): PaymentMethodResolution {
  const stored = env.findPaymentMethod(reference);
  if (stored !== undefined) {
    return { ok: true, value: { paymentMethod: stored, created: false } };
  }
  const entry = env.catalogue.byAlias(reference);
  if (entry !== undefined) {
    const paymentMethod = paymentMethodFromTestDetails(entry.details, env, NO_BILLING, true, env.catalogue.fingerprintOf(entry));
    return { ok: true, value: { paymentMethod, created: true } };
  }
  return { ok: false, error: resourceMissing('PaymentMethod', reference, param, 400) };
}

/** A parameter's name under a prefix (`payment_method_data[type]`), or alone for an empty prefix. */
function paramName(base: string, field: string): string {
  return base === '' ? field : `${base}[${field}]`;
}

export function billingFrom(data: PaymentMethodDataParam): BillingDetails {
  const given = data.billing_details;
  if (given === undefined) {
    return NO_BILLING;
  }
  const text = (value: string | null | undefined): string | null => (value === undefined || value === null || value === '' ? null : value);
  const address = given.address;
  const line = (field: keyof Address): string | null => {
    const value = typeof address === 'object' && address !== null ? address[field] : undefined;
    return typeof value === 'string' && value !== '' ? value : null;
  };
  return {
    address: {
      city: line('city'),
      country: line('country'),
      line1: line('line1'),
      line2: line('line2'),
      postal_code: line('postal_code'),
      state: line('state'),
    },
    email: text(given.email),
    name: text(given.name),
    phone: text(given.phone),
    tax_id: null,
  };
}

/**
 * Creates a PaymentMethod from `payment_method_data` (spec §2.1). The public API takes no raw card
 * numbers here, so the supported types are the bank debits: `sepa_debit`, `us_bank_account` and
 * `acss_debit`. US bank accounts entered without a Financial Connections account are verified with
 * microdeposits; Canadian accounts are recognised by their numbers, so a catalogue account that
 * verifies instantly does so here too.
 */
export function paymentMethodFromData(data: PaymentMethodDataParam, env: SetupIntentEnvironment, base = 'payment_method_data'): PaymentMethodResolution {
  const billing = billingFrom(data);
  switch (data.type) {
    case 'sepa_debit': {
      if (data.sepa_debit === undefined) {
        return { ok: false, error: parameterMissing(`${paramName(base, 'sepa_debit')}`) };
      }
      const iban = data.sepa_debit.iban.replace(/\s+/g, '').toUpperCase();
      if (!/^[A-Z]{2}\d{2}[A-Z0-9]{8,30}$/.test(iban)) {
        return { ok: false, error: invalidParameter(`${paramName(base, 'sepa_debit')}[iban]`, `The IBAN you provided (${data.sepa_debit.iban}) is invalid.`) };
      }
      return { ok: true, value: { paymentMethod: paymentMethodFromTestDetails({ type: 'sepa_debit', iban }, env, billing), created: true } };
    }
    case 'us_bank_account': {
      const account = data.us_bank_account;
      if (account === undefined) {
        return { ok: false, error: parameterMissing(`${paramName(base, 'us_bank_account')}`) };
      }
      if (account.financial_connections_account === undefined) {
        if (account.account_number === undefined) {
          return { ok: false, error: parameterMissing(`${paramName(base, 'us_bank_account')}[account_number]`) };
        }
        if (account.routing_number === undefined) {
          return { ok: false, error: parameterMissing(`${paramName(base, 'us_bank_account')}[routing_number]`) };
        }
        if (!/^\d{9}$/.test(account.routing_number)) {
          return { ok: false, error: invalidParameter(`${paramName(base, 'us_bank_account')}[routing_number]`, 'Routing number must have 9 digits.') };
        }
      }
      const accountNumber = account.account_number ?? '000123456789';
      const pm = paymentMethodFromTestDetails({ type: 'us_bank_account', accountNumber, instantlyVerified: true }, env, billing, false);
      const bank = pm.us_bank_account;
      if (bank === undefined) {
        return { ok: true, value: { paymentMethod: pm, created: true } };
      }
      const routing = account.routing_number ?? TEST_ROUTING_NUMBER;
      return {
        ok: true,
        value: {
          created: true,
          paymentMethod: {
            ...pm,
            us_bank_account: {
              ...bank,
              account_holder_type: account.account_holder_type ?? 'individual',
              account_type: account.account_type ?? 'checking',
              financial_connections_account: account.financial_connections_account ?? null,
              fingerprint: fingerprintOf('us_bank_account', `${routing}:${accountNumber}`),
              routing_number: routing,
            },
          },
        },
      };
    }
    case 'acss_debit': {
      const account = data.acss_debit;
      if (account === undefined) {
        return { ok: false, error: parameterMissing(`${paramName(base, 'acss_debit')}`) };
      }
      const pm = paymentMethodFromTestDetails({ type: 'acss_debit', accountNumber: account.account_number, instantlyVerified: false }, env, billing);
      const acss = pm.acss_debit;
      return {
        ok: true,
        value: {
          created: true,
          paymentMethod:
            acss === undefined
              ? pm
              : {
                  ...pm,
                  acss_debit: {
                    ...acss,
                    institution_number: account.institution_number,
                    transit_number: account.transit_number,
                    fingerprint: fingerprintOf('acss_debit', `${account.institution_number}:${account.transit_number}:${account.account_number}`),
                  },
                },
        },
      };
    }
    default:
      return {
        ok: false,
        error: invalidParameter(
          `${paramName(base, 'type')}`,
          `Creating a PaymentMethod of type ${data.type} through payment_method_data is not supported here; ` +
            'use a test PaymentMethod such as pm_card_visa, or one of sepa_debit, us_bank_account, acss_debit.',
        ),
      };
  }
}
