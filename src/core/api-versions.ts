import type { StripeRequestError } from '../types/stripe-error.js';
import { apiError, requestError } from './stripe-errors.js';

/**
 * A Stripe API version: `YYYY-MM-DD`, optionally with the release name (`2026-10-28.endive`) or
 * `.preview`. Versions compare by their date.
 */
export type ApiVersion = string;

/** One behaviour change between API versions that the library models. */
export interface ApiVersionChange {
  /** The first version with the new behaviour. */
  readonly since: ApiVersion;
  /** What changes, in a sentence. */
  readonly summary: string;
  /** Stripe's changelog entry. */
  readonly source: string;
}

/** The behaviour changes modelled, oldest first (`docs/fidelity.md` explains each). */
export const API_VERSION_CHANGES = {
  automaticPaymentMethodsByDefault: {
    since: '2023-08-16',
    summary:
      'A SetupIntent created without `payment_method_types` gets dynamic payment methods (`automatic_payment_methods.enabled`) ' +
      'instead of `["card"]`, so a server-side confirm needs a `return_url` unless redirects are off.',
    source: 'https://docs.stripe.com/changelog/2023-08-16/automatic-payment-methods',
  },
  paymentMethodTypesReadOnly: {
    since: '2026-09-30.endive',
    summary:
      '`payment_method_types` is no longer a parameter of SetupIntent and PaymentIntent create and update (400 `payment_method_types_no_longer_supported`); ' +
      '`allowed_payment_method_types` and dynamic payment methods replace it. The object still renders it.',
    source:
      'https://docs.stripe.com/changelog/endive/2026-09-30/removes-the-payment-method-types-parameter-from-payment-intents-and-setup-intents',
  },
} as const satisfies Readonly<Record<string, ApiVersionChange>>;

/** What a request's API version decides, as the operations read it. */
export interface ApiVersionBehavior {
  /** The version the request is answered with. */
  readonly version: ApiVersion;
  /** Omitting `payment_method_types` turns dynamic payment methods on (2023-08-16 and later). */
  readonly automaticPaymentMethodsByDefault: boolean;
  /** `payment_method_types` may be sent on create and update (before 2026-09-30.endive). */
  readonly paymentMethodTypesWritable: boolean;
}

const VERSION_FORMAT = /^(\d{4})-(\d{2})-(\d{2})(?:\.([a-z]+))?$/;

// Requests name a handful of versions: each is parsed once (bounded, against hostile headers).
const PARSED = new Map<string, string | null>();
const MAX_PARSED = 256;

/** The date part of a well-formed version, or `null` when the value is not a version Stripe could know. */
function versionDate(value: string): string | null {
  const known = PARSED.get(value);
  if (known !== undefined) return known;
  const date = parseVersionDate(value);
  if (PARSED.size < MAX_PARSED) PARSED.set(value, date);
  return date;
}

function parseVersionDate(value: string): string | null {
  const match = VERSION_FORMAT.exec(value);
  if (match === null) return null;
  const [, year, month, day] = match as unknown as [string, string, string, string];
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const real = date.getUTCFullYear() === Number(year) && date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day);
  // Stripe's first dated API version is 2011-01-01.
  return real && Number(year) >= 2011 ? `${year}-${month}-${day}` : null;
}

/** Whether `version` is `since` or later. */
export function isAtLeast(version: ApiVersion, since: ApiVersion): boolean {
  return (versionDate(version) ?? version) >= (versionDate(since) ?? since);
}

/** Whether a value is a well-formed API version (a real date, optionally with a release name). */
export function isApiVersion(value: string): boolean {
  return versionDate(value) !== null;
}

/** The behaviour of an API version (assumed well-formed). */
export function apiVersionBehavior(version: ApiVersion): ApiVersionBehavior {
  return {
    version,
    automaticPaymentMethodsByDefault: isAtLeast(version, API_VERSION_CHANGES.automaticPaymentMethodsByDefault.since),
    paymentMethodTypesWritable: !isAtLeast(version, API_VERSION_CHANGES.paymentMethodTypesReadOnly.since),
  };
}

/**
 * Stripe's answer to a `Stripe-Version` header it does not know: 400, an `invalid_request_error`
 * with no code (the message as clients report it, for example stripe-java#682).
 */
export function invalidApiVersion(value: string): StripeRequestError {
  return requestError(400, apiError('invalid_request_error', { message: `Invalid Stripe API version: ${value}` }));
}

/**
 * The refusal of `payment_method_types` from 2026-09-30.endive on. The code is documented; the
 * message is a judgement (Stripe's changelog gives only the code).
 */
export function paymentMethodTypesNoLongerSupported(version: ApiVersion): StripeRequestError {
  return requestError(
    400,
    apiError('invalid_request_error', {
      code: 'payment_method_types_no_longer_supported',
      param: 'payment_method_types',
      message:
        `\`payment_method_types\` is no longer supported as a parameter on API version ${version}. ` +
        'Use `allowed_payment_method_types` or dynamic payment methods instead.',
    }),
  );
}
