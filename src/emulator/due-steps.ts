import { commitOfSetupIntentResult } from '../core/commit.js';
import { advanceTime } from '../operations/advance-time.js';
import type { EmulatorState } from './emulator-state.js';

/**
 * Lets Stripe-side steps that are due by `state.time` happen (microdeposit timeouts, processing
 * that settles, customer actions that expire), SetupIntent by SetupIntent. Returns the ids of the
 * SetupIntents that changed.
 */
export function runDueSteps(state: EmulatorState): string[] {
  const due: string[] = [];
  for (const [id, at] of state.dueAt) {
    if (at <= state.time) {
      due.push(id);
    }
  }
  const changed: string[] = [];
  for (const id of due) {
    const record = state.store.setupIntents.get(id);
    if (record === undefined) {
      state.dueAt.delete(id);
      continue;
    }
    const result = advanceTime(record, state.store.env);
    state.commit(commitOfSetupIntentResult(result));
    if (result.kind !== 'refused' && result.record !== record) {
      changed.push(id);
    }
  }
  return changed;
}

/** Whether any Stripe-side step is due by `time`. */
export function anyStepDue(state: EmulatorState, time: number): boolean {
  const earliest = state.earliestDue();
  return earliest !== null && earliest <= time;
}
