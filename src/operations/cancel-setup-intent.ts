import type { SetupIntentEnvironment } from '../core/environment.js';
import type { CallerAccess } from '../core/access.js';
import type { OperationResult, StepResult } from '../core/operation-result.js';
import { published, refused } from '../core/operation-result.js';
import { abandonIfWaiting } from '../core/setup-attempts.js';
import type { SetupIntentRecord } from '../core/setup-intent-record.js';
import { setupIntentUnexpectedState } from '../core/stripe-errors.js';
import { acceptedStatusList, transitionFields, emittedDrafts, takeStep } from '../core/machine-steps.js';
import { checkParams } from '../params/validate-params.js';
import { CANCEL_PARAMS } from '../params/setup-intent-param-specs.js';
import type { SetupIntentCancelParams } from '../types/params.js';
import type { SetupIntent } from '../types/setup-intent.js';
import type { StripeRequestError } from '../types/stripe-error.js';

function cancelRefusal(intent: SetupIntent, env: SetupIntentEnvironment): StripeRequestError {
  if (intent.status === 'canceled') {
    return setupIntentUnexpectedState('You cannot cancel this SetupIntent because it is already canceled.', intent);
  }
  const quote = env.behavior.backticksInCancelMessage ? '`' : '';
  return setupIntentUnexpectedState(
    `You cannot cancel this SetupIntent because it has a status of ${intent.status}. Only a SetupIntent with one of the ` +
      `following statuses may be canceled: ${acceptedStatusList('api.cancel', { quote, lastJoiner: 'or' })}.`,
    intent,
  );
}

/**
 * Cancels a SetupIntent (`POST /v1/setup_intents/:id/cancel`, spec §2.5, T18). Only
 * `requires_payment_method`, `requires_confirmation` and `requires_action` can be canceled; the
 * payment method is kept, `next_action` cleared, and a waiting attempt is abandoned.
 */
export function cancelSetupIntent(
  record: SetupIntentRecord,
  input: SetupIntentCancelParams,
  env: SetupIntentEnvironment,
  access?: CallerAccess,
): OperationResult {
  return published(cancelStep(record, input, env), env, access ?? {});
}

function cancelStep(record: SetupIntentRecord, input: SetupIntentCancelParams, env: SetupIntentEnvironment): StepResult {
  const check = checkParams(input, CANCEL_PARAMS);
  if (!check.ok) {
    return refused(check.error);
  }
  const params = check.params as SetupIntentCancelParams;
  const taken = takeStep(record, { type: 'api.cancel' });
  if (taken === null) {
    return refused(cancelRefusal(record.intent, env));
  }
  const abandoned = abandonIfWaiting(record.latestAttempt);
  const intent: SetupIntent = { ...record.intent, cancellation_reason: params.cancellation_reason ?? null, ...transitionFields(record.intent, taken.transition) };
  return {
    kind: 'applied',
    record: { ...record, intent, pending: null, latestAttempt: abandoned ?? record.latestAttempt, mandateAcceptance: null },
    changes: { setupAttempts: abandoned === null ? [] : [abandoned], mandates: [], paymentMethods: [] },
    drafts: emittedDrafts(taken.transition, intent),
    machineEvents: [taken.event],
  };
}
