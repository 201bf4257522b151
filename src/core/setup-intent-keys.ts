import type { SetupIntent } from '../types/setup-intent.js';

/** The keys of a SetupIntent in the order Stripe renders them (alphabetical after `id`, `object`). */
const SETUP_INTENT_KEY_ORDER: readonly (keyof SetupIntent)[] = [
  'id',
  'object',
  'allowed_payment_method_types',
  'application',
  'attach_to_self',
  'automatic_payment_methods',
  'cancellation_reason',
  'client_secret',
  'created',
  'customer',
  'customer_account',
  'description',
  'excluded_payment_method_types',
  'flow_directions',
  'last_setup_error',
  'latest_attempt',
  'livemode',
  'managed_payments',
  'mandate',
  'metadata',
  'next_action',
  'on_behalf_of',
  'payment_method',
  'payment_method_configuration_details',
  'payment_method_options',
  'payment_method_types',
  'single_use_mandate',
  'status',
  'usage',
];

/** The SetupIntent with the optional keys Stripe omits unless set (`attach_to_self`), in Stripe's key order. */
export function withOptionalKeys(
  intent: SetupIntent,
  optional: Partial<Pick<SetupIntent, 'attach_to_self'>>,
): SetupIntent {
  const merged: Partial<Record<keyof SetupIntent, unknown>> = { ...intent, ...optional };
  const ordered: Record<string, unknown> = {};
  for (const key of SETUP_INTENT_KEY_ORDER) {
    if (merged[key] !== undefined) {
      ordered[key] = merged[key];
    }
  }
  return ordered as unknown as SetupIntent;
}
