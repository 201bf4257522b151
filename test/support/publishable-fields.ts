/** The fields a publishable key sees of a SetupIntent (spec §2.2), sorted: the oracle the tests share. */
export const PUBLISHABLE_FIELDS: readonly string[] = [
  'cancellation_reason',
  'client_secret',
  'created',
  'description',
  'id',
  'last_setup_error',
  'livemode',
  'next_action',
  'object',
  'payment_method',
  'payment_method_types',
  'status',
  'usage',
];
