import type { SetupIntentEnvironment } from '../core/environment.js';
import type { CallerAccess } from '../core/access.js';
import type { OperationResult, StepResult } from '../core/operation-result.js';
import { published, refused } from '../core/operation-result.js';
import { abandonIfWaiting } from '../core/setup-attempts.js';
import type { SetupIntentRecord } from '../core/setup-intent-record.js';
import { setupIntentUnexpectedState } from '../core/stripe-errors.js';
import { statusAccepts } from '../machine/accepted-events.js';
import { checkParams } from '../params/validate-params.js';
import { CANCEL_PARAMS } from '../params/setup-intent-param-specs.js';
import type { SetupIntentCancelParams } from '../types/params.js';
import type { SetupIntent } from '../types/setup-intent.js';
import type { StripeRequestError } from '../types/stripe-error.js';

function cancelRefusal(intent: SetupIntent, env: SetupIntentEnvironment): StripeRequestError {
  if (intent.status === 'canceled') {
    return setupIntentUnexpectedState('You cannot cancel this SetupIntent because it is already canceled.', intent);
  }
  const q = env.behavior.backticksInCancelMessage ? '`' : '';
  return setupIntentUnexpectedState(
    `You cannot cancel this SetupIntent because it has a status of ${intent.status}. Only a SetupIntent with one of the ` +
      `following statuses may be canceled: ${q}requires_payment_method${q}, ${q}requires_confirmation${q}, or ${q}requires_action${q}.`,
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
  if (!statusAccepts(record.intent.status, 'api.cancel')) {
    return refused(cancelRefusal(record.intent, env));
  }
  const abandoned = abandonIfWaiting(record.latestAttempt);
  const intent: SetupIntent = {
    ...record.intent,
    status: 'canceled',
    cancellation_reason: params.cancellation_reason ?? null,
    next_action: null,
  };
  return {
    kind: 'applied',
    record: { ...record, intent, pending: null, latestAttempt: abandoned ?? record.latestAttempt, mandateAcceptance: null },
    changes: { setupAttempts: abandoned === null ? [] : [abandoned], mandates: [], paymentMethods: [] },
    drafts: [{ type: 'setup_intent.canceled', object: intent }],
  };
}
