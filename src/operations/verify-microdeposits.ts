import type { CallerAccess } from '../core/access.js';
import { checkClientSecret } from '../core/access.js';
import type { SetupIntentEnvironment } from '../core/environment.js';
import { SetupIntentMachineError } from '../core/misuse-error.js';
import type { OperationResult, StepResult } from '../core/operation-result.js';
import { published, refused } from '../core/operation-result.js';
import { applySettlement, finish, settlementEvent } from '../core/run-confirmation.js';
import type { MicrodepositOutcome } from '../machine/setup-intent-machine.js';
import { awaitsMicrodeposits, emittedDrafts, takeStep, transitionFields } from '../core/machine-steps.js';
import type { PendingMicrodeposits, SetupIntentRecord } from '../core/setup-intent-record.js';
import { failSetup } from '../core/settle-setup.js';
import { apiError, intentInvalidState, parameterMissing, parametersExclusive, requestError } from '../core/stripe-errors.js';
import { checkParams } from '../params/validate-params.js';
import { VERIFY_MICRODEPOSITS_PARAMS } from '../params/setup-intent-param-specs.js';
import type { SetupIntentVerifyMicrodepositsParams } from '../types/params.js';
import type { StripeApiError } from '../types/stripe-error.js';

/** The microdeposit failures that end a verification (spec §2.7). */
export const MICRODEPOSIT_FAILURES = {
  attemptsExceeded: {
    code: 'payment_method_microdeposit_verification_attempts_exceeded',
    message: 'You have exceeded the number of allowed verification attempts.',
  },
  timeout: {
    code: 'payment_method_microdeposit_verification_timeout',
    message: "Microdeposit timeout. Customer hasn't verified their bank account within the required 10 day period.",
  },
  depositsFailed: {
    code: 'payment_method_microdeposit_failed',
    message: 'Microdeposits failed. Please check the account, institution and transit numbers provided',
  },
} as const;

/** The `last_setup_error` of a microdeposit failure. */
export function microdepositError(failure: (typeof MICRODEPOSIT_FAILURES)[keyof typeof MICRODEPOSIT_FAILURES]): StripeApiError {
  return apiError('invalid_request_error', { code: failure.code, message: failure.message });
}

function mismatchMessage(pending: PendingMicrodeposits, remaining: number): string {
  const what =
    pending.microdepositType === 'amounts'
      ? 'The amounts provided do not match the amounts that were sent to the bank account.'
      : 'The descriptor code provided does not match the one that was sent to the bank account.';
  return `${what} You have ${remaining} verification attempts remaining.`;
}

/**
 * Verifies the microdeposits of a bank account setup (`POST .../verify_microdeposits`, spec §2.7,
 * T13-T15). Only a `requires_action` SetupIntent waiting on microdeposits accepts it. Wrong values
 * cost an attempt and keep `requires_action` (400); the documented test values verify, exhaust the
 * attempts or time out.
 */
export function verifyMicrodeposits(
  record: SetupIntentRecord,
  input: SetupIntentVerifyMicrodepositsParams,
  env: SetupIntentEnvironment,
  access?: CallerAccess,
): OperationResult {
  return published(verifyStep(record, input, env, access), env, access ?? {});
}

function verifyStep(
  record: SetupIntentRecord,
  input: SetupIntentVerifyMicrodepositsParams,
  env: SetupIntentEnvironment,
  access: CallerAccess | undefined,
): StepResult {
  const check = checkParams(input, VERIFY_MICRODEPOSITS_PARAMS);
  if (!check.ok) {
    return refused(check.error);
  }
  const params = check.params as Omit<SetupIntentVerifyMicrodepositsParams, 'amounts'> & { readonly amounts?: readonly number[] };
  const secretError = checkClientSecret(record.intent, params.client_secret, access);
  if (secretError !== null) {
    return refused(secretError);
  }
  const pending = record.pending;
  if (pending?.kind !== 'microdeposits' || !awaitsMicrodeposits(record)) {
    return refused(intentInvalidState(record.intent));
  }
  if (params.amounts !== undefined && params.descriptor_code !== undefined) {
    return refused(parametersExclusive('amounts', 'descriptor_code'));
  }
  if (pending.microdepositType === 'amounts') {
    if (params.amounts === undefined || params.amounts.length !== 2 || params.amounts.some((n) => n <= 0)) {
      return refused(
        requestError(400, apiError('invalid_request_error', {
          code: 'payment_method_microdeposit_verification_amounts_invalid',
          param: 'amounts',
          message: 'You must provide exactly two positive microdeposit amounts, in cents.',
        })),
      );
    }
  } else if (params.descriptor_code === undefined) {
    return refused(parameterMissing('descriptor_code'));
  }

  const paymentMethodId = record.intent.payment_method;
  const paymentMethod = paymentMethodId === null ? undefined : env.findPaymentMethod(paymentMethodId);
  if (paymentMethod === undefined) {
    throw new SetupIntentMachineError(`PaymentMethod ${String(paymentMethodId)} of ${record.intent.id} is not stored`);
  }
  const fail = (error: StripeApiError, outcome: MicrodepositOutcome): StepResult => {
    const taken = takeStep(record, { type: 'api.verify_microdeposits', outcome });
    if (taken === null) return refused(intentInvalidState(record.intent));
    const step = failSetup(record, error, taken, { countsAsConfirmation: false });
    return finish(step, step.changes, true);
  };
  if (pending.depositsFail) {
    return fail(microdepositError(MICRODEPOSIT_FAILURES.depositsFailed), 'failed');
  }
  const entered = pending.microdepositType === 'amounts' ? { amounts: params.amounts ?? [] } : { descriptorCode: params.descriptor_code ?? '' };
  switch (env.catalogue.microdepositOutcome(entered)) {
    case 'verify': {
      const settlement = pending.afterVerification;
      const taken = takeStep(record, settlementEvent({ kind: 'microdeposits' }, settlement, record, env));
      if (taken === null) return refused(intentInvalidState(record.intent));
      const step = applySettlement(record, settlement, paymentMethod, env, taken);
      return finish(step, step.changes, settlement.kind === 'fail');
    }
    case 'exhaust_attempts':
      return fail(microdepositError(MICRODEPOSIT_FAILURES.attemptsExceeded), 'exhausted');
    case 'time_out':
      return fail(microdepositError(MICRODEPOSIT_FAILURES.timeout), 'timed_out');
    case undefined: {
      const remaining = pending.attemptsRemaining - 1;
      if (remaining <= 0) {
        return fail(microdepositError(MICRODEPOSIT_FAILURES.attemptsExceeded), 'exhausted');
      }
      const taken = takeStep(record, { type: 'api.verify_microdeposits', outcome: 'mismatch' });
      if (taken === null) return refused(intentInvalidState(record.intent));
      const intent = { ...record.intent, ...transitionFields(record.intent, taken.transition) };
      const code =
        pending.microdepositType === 'amounts'
          ? 'payment_method_microdeposit_verification_amounts_mismatch'
          : 'payment_method_microdeposit_verification_descriptor_code_mismatch';
      return {
        kind: 'failed',
        record: { ...record, intent, pending: { ...pending, attemptsRemaining: remaining } },
        changes: { setupAttempts: [], mandates: [], paymentMethods: [] },
        // A mismatch keeps the status: the statechart announces nothing.
        drafts: emittedDrafts(taken.transition, intent),
        machineEvents: [taken.event],
        error: requestError(400, {
          ...apiError('invalid_request_error', {
            code,
            param: pending.microdepositType === 'amounts' ? 'amounts' : 'descriptor_code',
            message: mismatchMessage(pending, remaining),
          }),
          setup_intent: intent,
        }),
      };
    }
  }
}
