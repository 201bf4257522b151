import type { Mandate, MandateCustomerAcceptance } from '../types/mandate.js';
import type { PaymentMethod } from '../types/payment-method.js';
import type { SetupIntentEnvironment } from './environment.js';

/** The acceptance assumed when none was given (publishable-key confirmations infer it). */
export function inferredAcceptance(env: SetupIntentEnvironment): MandateCustomerAcceptance {
  return { accepted_at: env.now(), online: { ip_address: null, user_agent: null }, type: 'online' };
}

/** A new active Mandate for a successful setup of a mandate-based payment method (spec §7.2). */
export function newMandate(
  paymentMethod: PaymentMethod,
  acceptance: MandateCustomerAcceptance,
  singleUse: { readonly amount: number; readonly currency: string } | null,
  env: SetupIntentEnvironment,
): Mandate {
  const id = env.ids.id('mandate');
  const details: Mandate['payment_method_details'] =
    paymentMethod.type === 'sepa_debit'
      ? { type: 'sepa_debit', sepa_debit: { reference: env.ids.token(16).toUpperCase(), url: env.urls.mandate(id) } }
      : paymentMethod.type === 'us_bank_account'
        ? { type: 'us_bank_account', us_bank_account: {} }
        : paymentMethod.type === 'acss_debit'
          ? // The same terms the SetupIntent's `payment_method_options.acss_debit.mandate_options` shows.
            { type: 'acss_debit', acss_debit: { interval_description: null, payment_schedule: 'sporadic', transaction_type: 'personal' } }
          : { type: paymentMethod.type };
  return {
    id,
    object: 'mandate',
    customer_acceptance: acceptance,
    livemode: env.livemode,
    ...(singleUse === null ? { multi_use: {} } : { single_use: { amount: singleUse.amount, currency: singleUse.currency } }),
    payment_method: paymentMethod.id,
    payment_method_details: details,
    status: 'active',
    type: singleUse === null ? 'multi_use' : 'single_use',
  };
}
