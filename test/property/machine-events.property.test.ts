// The statechart events each result took (`result.machineEvents`, which the emulator's inspection
// reports). Over arbitrary operation sequences, replayed through xstate's own transition(), those
// events must drive the statechart exactly where the reducers went, step by step.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SnapshotFrom } from 'xstate';
import { initialTransition, transition } from 'xstate';
import type { SetupIntentRecord } from '../../src/index.js';
import { setupIntentMachine } from '../../src/index.js';
import { operationSequenceArb } from '../support/arbitraries.js';
import { runSequence } from '../support/run-sequence.js';

type MachineSnapshot = SnapshotFrom<typeof setupIntentMachine>;

function recordFacts(record: SetupIntentRecord) {
  const { intent } = record;
  return {
    status: intent.status,
    hasPaymentMethod: intent.payment_method !== null,
    nextAction: intent.next_action === null ? null : (record.pending?.kind ?? 'nothing'),
    hasLastSetupError: intent.last_setup_error !== null,
  };
}

function machineFacts(snapshot: MachineSnapshot) {
  const { context } = snapshot;
  return { status: String(snapshot.value), ...context };
}

describe('result.machineEvents', () => {
  it('replayed through transition(), take the machine where the reducers went', () => {
    fc.assert(
      fc.property(operationSequenceArb, (sequence) => {
        const { trace } = runSequence(sequence);
        const snapshots = new Map<string, MachineSnapshot>();
        for (const entry of trace) {
          const result = entry.result;
          if (result === null || result.kind === 'refused' || result.record === entry.before) {
            continue;
          }
          const before = entry.before ?? undefined;
          const events = result.machineEvents;
          const where = `step ${entry.index} (${entry.step.kind}) from ${before?.intent.status ?? 'nothing'}`;
          let snapshot = before === undefined ? initialTransition(setupIntentMachine)[0] : snapshots.get(result.record.intent.id);
          expect(snapshot, `${where}: no snapshot`).toBeDefined();
          for (const event of events) {
            expect(snapshot?.can(event), `${where}: the statechart refuses ${JSON.stringify(event)} in ${String(snapshot?.value)}`).toBe(true);
            snapshot = transition(setupIntentMachine, snapshot as MachineSnapshot, event)[0];
          }
          expect(machineFacts(snapshot as MachineSnapshot), where).toStrictEqual(recordFacts(result.record));
          snapshots.set(result.record.intent.id, snapshot as MachineSnapshot);
        }
      }),
    );
  });
});
