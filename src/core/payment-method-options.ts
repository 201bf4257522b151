import type { PaymentMethodOptionsParam } from '../types/params.js';
import type { SetupIntentPaymentMethodOptions, SetupIntentVerificationMethod } from '../types/setup-intent.js';

const VERIFICATION_METHODS: readonly SetupIntentVerificationMethod[] = ['automatic', 'instant', 'microdeposits'];

type MutableOptions = { -readonly [K in keyof SetupIntentPaymentMethodOptions]: SetupIntentPaymentMethodOptions[K] };

/**
 * The object-side `payment_method_options` for the SetupIntent's types, with the requested
 * options merged over the current ones (spec §1.7): cards default to
 * `request_three_d_secure: automatic`, bank debits to `verification_method: automatic`. With
 * dynamic payment methods (`dynamic`), SEPA Direct Debit and Canadian pre-authorized debits get
 * options only when asked for: live Stripe renders just `card` and `us_bank_account` then
 * (recorded at 2025-10-29.clover, test/fixtures/recordings/pay-rails-can-create-setup-intent.json).
 */
export function paymentMethodOptionsFor(
  types: readonly string[],
  current: SetupIntentPaymentMethodOptions | null,
  requested: PaymentMethodOptionsParam | undefined,
  dynamic = false,
): SetupIntentPaymentMethodOptions | null {
  const out: MutableOptions = {};
  const wants = (type: 'acss_debit' | 'sepa_debit'): boolean =>
    types.includes(type) && (!dynamic || requested?.[type] !== undefined || current?.[type] !== undefined);
  if (types.includes('card')) {
    const now = current?.card;
    const ask = requested?.card;
    out.card = {
      mandate_options: now?.mandate_options ?? null,
      network: ask?.network ?? now?.network ?? null,
      request_three_d_secure: ask?.request_three_d_secure ?? now?.request_three_d_secure ?? 'automatic',
    };
  }
  if (types.includes('us_bank_account')) {
    const ask = requested?.us_bank_account;
    out.us_bank_account = {
      mandate_options: {},
      verification_method: ask?.verification_method ?? current?.us_bank_account?.verification_method ?? 'automatic',
    };
  }
  if (wants('acss_debit')) {
    // The acss_debit request hash is not checked field by field: only a known method is taken.
    const asked = requested?.acss_debit?.['verification_method'];
    const ask = VERIFICATION_METHODS.find((method) => method === asked);
    out.acss_debit = {
      currency: 'cad',
      mandate_options: {
        custom_mandate_url: '',
        interval_description: null,
        payment_schedule: 'sporadic',
        transaction_type: 'personal',
      },
      verification_method: ask ?? current?.acss_debit?.verification_method ?? 'automatic',
    };
  }
  if (wants('sepa_debit')) {
    const prefix = requested?.sepa_debit?.mandate_options?.reference_prefix;
    out.sepa_debit = { mandate_options: prefix === undefined || prefix === null || prefix === '' ? {} : { reference_prefix: prefix } };
  }
  return Object.keys(out).length === 0 ? null : out;
}
