import { describe, expect, it } from 'vitest';
import { anyStepDue, runDueSteps } from '../../../src/emulator/due-steps.js';
import { commitOfSetupIntentResult } from '../../../src/core/commit.js';
import type { OperationResult } from '../../../src/core/operation-result.js';
import type { EmulatorState } from '../../../src/emulator/emulator-state.js';
import { createEmulatorState } from '../../../src/emulator/emulator-state.js';
import { cancelSetupIntent } from '../../../src/operations/cancel-setup-intent.js';
import { confirmSetupIntent } from '../../../src/operations/confirm-setup-intent.js';
import { createSetupIntent } from '../../../src/operations/create-setup-intent.js';
import { MANUAL_ACH, ONLINE_MANDATE } from '../../unit/helpers.js';

/** Commits an operation's result to the state, as a route does, and returns the result. */
function commitTo<R extends OperationResult>(state: EmulatorState, result: R): R {
  state.commit(commitOfSetupIntentResult(result));
  return result;
}

const DAY = 24 * 60 * 60;

describe('due Stripe-side steps in the emulator state', () => {
  it('tracks the earliest due time through new, replaced and cleared steps, and fires them once due', () => {
    const state = createEmulatorState({ seed: 9, environment: {} });
    state.time = 1_800_000_000;
    const waitOnMicrodeposits = (): string => {
      const created = commitTo(state, createSetupIntent({ payment_method_types: ['us_bank_account'] }, state.store.env));
      if (created.kind === 'refused') throw new Error('refused');
      const confirmed = commitTo(state, 
        confirmSetupIntent(created.record, { payment_method_data: MANUAL_ACH, mandate_data: ONLINE_MANDATE }, state.store.env),
      );
      if (confirmed.kind === 'refused') throw new Error(confirmed.error.error.message ?? 'refused');
      expect(confirmed.record.intent.status).toBe('requires_action');
      return confirmed.record.intent.id;
    };
    expect(state.earliestDue()).toBeNull();
    const first = waitOnMicrodeposits();
    const firstDue = state.dueAt.get(first) ?? 0;
    expect(state.earliestDue()).toBe(firstDue);
    state.time += DAY;
    const second = waitOnMicrodeposits();
    expect(state.earliestDue()).toBe(firstDue);

    const record = state.store.setupIntents.get(first);
    if (record === undefined) throw new Error('missing');
    commitTo(state, cancelSetupIntent(record, {}, state.store.env));
    expect(state.dueAt.has(first)).toBe(false);
    expect(state.earliestDue()).toBe(state.dueAt.get(second));

    expect(anyStepDue(state, (state.dueAt.get(second) ?? 0) - 1)).toBe(false);
    state.time = (state.dueAt.get(second) ?? 0) + 1;
    expect(anyStepDue(state, state.time)).toBe(true);
    expect(runDueSteps(state)).toEqual([second]);
    expect(state.store.setupIntents.get(second)?.intent.last_setup_error?.code).toBe('payment_method_microdeposit_verification_timeout');
    expect(state.earliestDue()).toBeNull();
    expect(runDueSteps(state)).toEqual([]);
  });
});
