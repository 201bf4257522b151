import type { CallerAccess } from '../core/access.js';
import { checkClientSecret } from '../core/access.js';
import type { SetupIntentEnvironment } from '../core/environment.js';
import type { OperationResult } from '../core/operation-result.js';
import { published, refused } from '../core/operation-result.js';
import type { ConfirmationRequest } from '../core/run-confirmation.js';
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
  // Built by assignment rather than conditional spreads: this is the hot path of a confirmation.
  const request: Mutable<ConfirmationRequest> = { publishable: (access?.key ?? 'secret') === 'publishable', existing: true };
  if (params.payment_method !== undefined) {
    request.payment_method = params.payment_method;
  }
  if (params.payment_method_data !== undefined) {
    request.payment_method_data = params.payment_method_data;
  }
  if (params.payment_method_options !== undefined) {
    request.payment_method_options = params.payment_method_options;
  }
  if (params.mandate_data !== undefined) {
    request.mandate_data = params.mandate_data;
  }
  if (params.return_url !== undefined) {
    request.return_url = params.return_url;
  }
  if (params.use_stripe_sdk !== undefined) {
    request.use_stripe_sdk = params.use_stripe_sdk;
  }
  return published(runConfirmation(record, request, env), env, access ?? {});
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
