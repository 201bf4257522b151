import type { SetupIntentEnvironment } from '../core/environment.js';
import type { OperationResult, StepResult } from '../core/operation-result.js';
import { published, refused } from '../core/operation-result.js';
import { applySettlement, settlementEvent } from '../core/run-confirmation.js';
import { takeStep } from '../core/machine-steps.js';
import type { SetupIntentRecord } from '../core/setup-intent-record.js';
import { setupIntentUnexpectedState } from '../core/stripe-errors.js';
import type { TestSettlement, TestSetupFailure } from '../catalogue/test-payment-method.js';

/** The failure recorded when processing is forced to fail without a catalogue failure of its own. */
const PROCESSING_FAILED: TestSetupFailure = {
  type: 'invalid_request_error',
  code: 'payment_method_provider_decline',
  message: 'The payment method provider declined to set up this payment method.',
};

/**
 * The bank answers a `processing` setup (spec T16, T17). Without `outcome`, the payment method's
 * own settlement applies; `succeeded` or `failed` force one.
 */
export function settleProcessing(
  record: SetupIntentRecord,
  env: SetupIntentEnvironment,
  outcome?: 'succeeded' | 'failed',
): OperationResult {
  return published(settleProcessingStep(record, env, outcome), env, null);
}

/** {@link settleProcessing} before its events are published. */
export function settleProcessingStep(
  record: SetupIntentRecord,
  env: SetupIntentEnvironment,
  outcome?: 'succeeded' | 'failed',
): StepResult {
  const pending = record.pending;
  if (pending?.kind !== 'processing' || takeStep(record, { type: 'stripe.processing_succeeded' }) === null) {
    return refused(
      setupIntentUnexpectedState(
        `This SetupIntent is not processing: it has a status of ${record.intent.status}.`,
        record.intent,
      ),
    );
  }
  const settlement: TestSettlement =
    outcome === undefined
      ? pending.outcome
      : outcome === 'succeeded'
        ? { kind: 'succeed' }
        : pending.outcome.kind === 'fail'
          ? pending.outcome
          : { kind: 'fail', failure: PROCESSING_FAILED };
  const id = record.intent.payment_method;
  const paymentMethod = id === null ? undefined : env.findPaymentMethod(id);
  if (paymentMethod === undefined) {
    return refused(setupIntentUnexpectedState(`The PaymentMethod of this SetupIntent (${String(id)}) is not stored.`, record.intent));
  }
  const taken = takeStep(record, settlementEvent({ kind: 'processing' }, settlement, record, env));
  if (taken === null) {
    return refused(setupIntentUnexpectedState(`This SetupIntent is not processing: it has a status of ${record.intent.status}.`, record.intent));
  }
  const step = applySettlement(record, settlement, paymentMethod, env, taken);
  return { kind: 'applied', record: step.record, changes: step.changes, drafts: step.drafts, machineEvents: step.machineEvents };
}
