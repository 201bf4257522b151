// Lifecycle invariants over arbitrary operation sequences (spec §3, §11).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SetupIntentStatus } from '../../src/index.js';
import { operationSequenceArb } from '../support/arbitraries.js';
import type { TraceEntry } from '../support/run-sequence.js';
import { entriesByIntent, runSequence } from '../support/run-sequence.js';

const FINAL: ReadonlySet<SetupIntentStatus> = new Set(['succeeded', 'canceled']);

/**
 * Whether the step ended a setup attempt in failure, judged from the step and the statuses only:
 * an attempt-driving step (a confirmation, a verification, the customer's action, an expiry, a
 * settlement, time passing) that leaves the SetupIntent in `requires_payment_method`, or in
 * `canceled` when the confirmation limit cancels it (spec §3.2: every failure falls back there).
 */
function endsInFailure(entry: TraceEntry): boolean {
  const result = entry.result;
  if (result === null || result.kind === 'refused') {
    return false;
  }
  const after = result.record.intent.status;
  const fellBack = after === 'requires_payment_method' || (after === 'canceled' && entry.step.kind !== 'cancel');
  switch (entry.step.kind) {
    case 'create':
      return entry.step.confirm && fellBack;
    case 'confirm':
    case 'verify_microdeposits':
    case 'complete_action':
    case 'expire_attempt':
    case 'settle_processing':
      return fellBack;
    case 'advance_time':
      return fellBack && entry.before?.intent.status !== after;
    default:
      return false;
  }
}

/** Whether the step is a confirmation (confirm, or create with `confirm=true`). */
function isConfirmation(entry: TraceEntry): boolean {
  return entry.step.kind === 'confirm' || (entry.step.kind === 'create' && entry.step.confirm);
}

describe('SetupIntent lifecycle', () => {
  // A succeeded SetupIntent still takes metadata and description (recorded live at 2026-08-26.dahlia,
  // spec §11 "Settled by recordings"), and changes no status doing so.
  it('succeeded and canceled absorb every operation: later calls are refused (succeeded edits aside) and time changes nothing', () => {
    fc.assert(
      fc.property(operationSequenceArb, (sequence) => {
        const { trace } = runSequence(sequence);
        for (const entries of entriesByIntent(trace).values()) {
          let final: SetupIntentStatus | null = null;
          for (const entry of entries) {
            const result = entry.result;
            if (result === null) {
              continue;
            }
            if (final !== null) {
              if (entry.step.kind === 'advance_time') {
                expect(result.kind).toBe('applied');
                expect(result.kind !== 'refused' && result.record).toBe(entry.before);
              } else if (final === 'succeeded' && (entry.step.kind === 'update_metadata' || entry.step.kind === 'update_description')) {
                expect(result.kind !== 'refused' && result.record.intent.status, `${entry.step.kind} on a succeeded SetupIntent`).toBe('succeeded');
              } else {
                expect(result.kind, `${entry.step.kind} on a ${final} SetupIntent`).toBe('refused');
              }
              continue;
            }
            if (result.kind !== 'refused' && FINAL.has(result.record.intent.status)) {
              final = result.record.intent.status;
            }
          }
        }
      }),
    );
  });

  it('next_action is non-null exactly in requires_action', () => {
    fc.assert(
      fc.property(operationSequenceArb, (sequence) => {
        const { trace } = runSequence(sequence);
        for (const entry of trace) {
          if (entry.result === null || entry.result.kind === 'refused') {
            continue;
          }
          const { intent } = entry.result.record;
          expect(intent.next_action !== null, `status ${intent.status}`).toBe(intent.status === 'requires_action');
        }
      }),
    );
  });

  it('last_setup_error is set exactly from a failed attempt until the next success', () => {
    fc.assert(
      fc.property(operationSequenceArb, (sequence) => {
        const { trace } = runSequence(sequence);
        for (const entries of entriesByIntent(trace).values()) {
          // The model: a flag raised by each failed attempt and lowered only by success.
          let failedSinceSuccess = false;
          for (const entry of entries) {
            const result = entry.result;
            if (result === null || result.kind === 'refused') {
              continue;
            }
            const { intent } = result.record;
            if (endsInFailure(entry)) {
              failedSinceSuccess = true;
            } else if (intent.status === 'succeeded') {
              failedSinceSuccess = false;
            }
            expect(intent.last_setup_error !== null, `after ${entry.step.kind}, status ${intent.status}`).toBe(failedSinceSuccess);
          }
        }
      }),
    );
  });

  it('payment_method is null after every failed attempt', () => {
    fc.assert(
      fc.property(operationSequenceArb, (sequence) => {
        const { trace } = runSequence(sequence);
        for (const entry of trace) {
          if (endsInFailure(entry) && entry.result !== null && entry.result.kind !== 'refused') {
            expect(entry.result.record.intent.payment_method, `after ${entry.step.kind}`).toBeNull();
          }
        }
      }),
    );
  });

  it('attempts are created exactly by confirmations that pass validation, and latest_attempt names the last one', () => {
    fc.assert(
      fc.property(operationSequenceArb, (sequence) => {
        const { trace, context } = runSequence(sequence);
        for (const [id, entries] of entriesByIntent(trace)) {
          let lastCreated: string | null = null;
          for (const entry of entries) {
            const result = entry.result;
            if (result === null) {
              continue;
            }
            const expected = isConfirmation(entry) && result.kind !== 'refused' ? 1 : 0;
            expect(entry.newAttemptIds, `attempts created by ${entry.step.kind}`).toHaveLength(expected);
            if (result.kind === 'refused') {
              continue;
            }
            lastCreated = entry.newAttemptIds[0] ?? lastCreated;
            expect(result.record.intent.latest_attempt).toBe(lastCreated);
            expect(result.record.latestAttempt?.id ?? null).toBe(lastCreated);
          }
          if (lastCreated !== null) {
            const attempt = context.store.setupAttempts.get(lastCreated);
            expect(attempt?.setup_intent).toBe(id);
            expect(attempt?.payment_method).toMatch(/^pm_/);
          }
        }
      }),
    );
  });
});
