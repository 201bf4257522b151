import type {
  PaymentIntentAutomaticPaymentMethods,
  PaymentIntentPaymentMethodOptions,
} from '../types/payment-intent.js';
import type { SetupIntentPaymentMethodConfigurationDetails } from '../types/setup-intent.js';
import type { BehaviorOptions } from './behavior.js';
import type { SetupIntentEnvironment } from './environment.js';

/** The payment method fields of a PaymentIntent, decided together from what the caller asked for. */
export interface PaymentIntentPaymentMethodFields {
  /** Dynamic payment methods, or `null` when the caller named the types. */
  readonly automatic_payment_methods: PaymentIntentAutomaticPaymentMethods | null;
  /** The account's payment method configuration, with dynamic payment methods. */
  readonly payment_method_configuration_details: SetupIntentPaymentMethodConfigurationDetails | null;
  /** The options of those types. */
  readonly payment_method_options: PaymentIntentPaymentMethodOptions;
  /** The types the PaymentIntent may use. */
  readonly payment_method_types: string[];
}

/**
 * The `payment_method_options` Stripe renders for a PaymentIntent's types when none were requested:
 * the card's defaults, and Link's token slot.
 *
 * @remarks Recorded live at 2026-08-26.dahlia (test/fixtures/recordings/stripe-world-04-money-path.json,
 * exchanges 4 and 6): `card` with `installments`, `mandate_options` and `network` `null` and
 * `request_three_d_secure: automatic`; `link` with `persistent_token: null`.
 */
export function paymentIntentPaymentMethodOptions(types: readonly string[]): PaymentIntentPaymentMethodOptions {
  return {
    ...(types.includes('card') ? { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' } } : {}),
    ...(types.includes('link') ? { link: { persistent_token: null } } : {}),
  };
}

/**
 * The payment method fields of a PaymentIntent given the types the caller named (`payment_method_types`
 * or the card-only `allowed_payment_method_types`), or dynamic payment methods when it named none.
 *
 * @remarks Recorded live (stripe-world-04-money-path.json, exchange 4): without types, automatic
 * payment methods (`allow_redirects: always`), the account's configuration and the types it turns on
 * for the payment (a behaviour switch, {@link BehaviorOptions.paymentIntentAutomaticPaymentMethodTypes});
 * with `payment_method_types` (exchange 6), those types and no configuration.
 */
export function paymentIntentPaymentMethodFields(named: readonly string[] | undefined, env: SetupIntentEnvironment): PaymentIntentPaymentMethodFields {
  if (named !== undefined) {
    return {
      automatic_payment_methods: null,
      payment_method_configuration_details: null,
      payment_method_options: paymentIntentPaymentMethodOptions(named),
      payment_method_types: [...named],
    };
  }
  const types = env.behavior.paymentIntentAutomaticPaymentMethodTypes;
  return {
    automatic_payment_methods: { allow_redirects: 'always', enabled: true },
    payment_method_configuration_details: { id: env.behavior.paymentMethodConfigurationId, parent: null },
    payment_method_options: paymentIntentPaymentMethodOptions(types),
    payment_method_types: [...types],
  };
}
