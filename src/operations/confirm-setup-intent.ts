import type { CallerAccess } from '../core/access.js';
import { checkClientSecret } from '../core/access.js';
import type { SetupIntentEnvironment } from '../core/environment.js';
import type { OperationResult } from '../core/operation-result.js';
import { refused } from '../core/operation-result.js';
import { runConfirmation } from '../core/run-confirmation.js';
import type { SetupIntentRecord } from '../core/setup-intent-record.js';
import { resourceMissing } from '../core/stripe-errors.js';
import { checkParams } from '../params/validate-params.js';
import { CONFIRM_PARAMS } from '../params/setup-intent-param-specs.js';
import type { SetupIntentConfirmParams } from '../types/params.js';

/**
 * Confirms a SetupIntent (`POST /v1/setup_intents/:id/confirm`, spec §2.6, T6-T10). Every
 * confirmation records a new SetupAttempt. A decline is persisted and answered with 402 at once:
 * the result is `failed` and carries the record to store.
 *
 * @example
 * ```ts
 * const result = confirmSetupIntent(record, { payment_method: 'pm_card_visa' }, env);
 * // result.kind === 'applied', result.record.intent.status === 'succeeded'
 * ```
 */
export function confirmSetupIntent(
  record: SetupIntentRecord,
  input: SetupIntentConfirmParams,
  env: SetupIntentEnvironment,
  access?: CallerAccess,
): OperationResult {
  const check = checkParams(input, CONFIRM_PARAMS);
  if (!check.ok) {
    return refused(check.error);
  }
  const params = check.params as SetupIntentConfirmParams;
  const secretError = checkClientSecret(record.intent, params.client_secret, access);
  if (secretError !== null) {
    return refused(secretError);
  }
  if (params.confirmation_token !== undefined) {
    return refused(resourceMissing('confirmationtoken', params.confirmation_token, 'confirmation_token', 400));
  }
  return runConfirmation(
    record,
    {
      ...(params.payment_method === undefined ? {} : { payment_method: params.payment_method }),
      ...(params.payment_method_data === undefined ? {} : { payment_method_data: params.payment_method_data }),
      ...(params.payment_method_options === undefined ? {} : { payment_method_options: params.payment_method_options }),
      ...(params.mandate_data === undefined ? {} : { mandate_data: params.mandate_data }),
      ...(params.return_url === undefined ? {} : { return_url: params.return_url }),
      ...(params.use_stripe_sdk === undefined ? {} : { use_stripe_sdk: params.use_stripe_sdk }),
      publishable: (access?.key ?? 'secret') === 'publishable',
    },
    env,
  );
}
