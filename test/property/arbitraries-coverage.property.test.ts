// The sequence arbitraries reach every status and exercise every step both ways, so the
// invariants in this folder are not vacuously true.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SETUP_INTENT_STATUSES } from '../../src/index.js';
import type { StepKind } from '../support/arbitraries.js';
import { operationSequenceArb } from '../support/arbitraries.js';
import { runSequence } from '../support/run-sequence.js';

// A fixed sample, independent of the property budget: this checks the generator, not the system.
const SAMPLE_SIZE = 500;
const SAMPLE_SEED = 20260101;

const ACCEPTED_KINDS: readonly StepKind[] = [
  'create', 'update_payment_method', 'unset_payment_method', 'update_metadata', 'update_description', 'confirm', 'cancel',
  'verify_microdeposits', 'complete_action', 'expire_attempt', 'settle_processing', 'advance_time',
];

describe('operation sequence arbitraries', () => {
  it('reach every status, accept and refuse every kind of step, and continue after final states', () => {
    const statuses = new Set<string>();
    const accepted = new Set<string>();
    const refused = new Set<string>();
    const failedKinds = new Set<string>();
    const outcomes = new Set<string>();
    let stepsAfterFinal = 0;
    for (const sequence of fc.sample(operationSequenceArb, { numRuns: SAMPLE_SIZE, seed: SAMPLE_SEED })) {
      const final = new Set<string>();
      for (const entry of runSequence(sequence).trace) {
        const result = entry.result;
        if (result === null) {
          continue;
        }
        if (entry.intentId !== null && final.has(entry.intentId) && entry.step.kind !== 'create') {
          stepsAfterFinal++;
        }
        if (result.kind === 'refused') {
          refused.add(entry.step.kind);
          continue;
        }
        accepted.add(entry.step.kind);
        if (result.kind === 'failed') {
          failedKinds.add(entry.step.kind);
        }
        const status = result.record.intent.status;
        statuses.add(status);
        outcomes.add(`${entry.before?.intent.status ?? 'new'} -${entry.step.kind}-> ${status}`);
        if (status === 'succeeded' || status === 'canceled') {
          final.add(result.record.intent.id);
        }
      }
    }
    expect([...statuses].sort()).toStrictEqual([...SETUP_INTENT_STATUSES].sort());
    expect([...accepted].sort()).toStrictEqual([...ACCEPTED_KINDS].sort());
    expect([...refused].sort()).toStrictEqual([...ACCEPTED_KINDS, 'bad_params'].filter((k) => k !== 'advance_time').sort());
    // 402 declines, microdeposit mismatches and failed verifications are all `failed` results.
    expect([...failedKinds].sort()).toStrictEqual(['confirm', 'create', 'verify_microdeposits']);
    expect(stepsAfterFinal).toBeGreaterThan(SAMPLE_SIZE);
    for (const transition of [
      'requires_action -complete_action-> processing',
      'requires_action -complete_action-> requires_payment_method',
      'requires_action -verify_microdeposits-> succeeded',
      'requires_action -verify_microdeposits-> requires_payment_method',
      'requires_action -advance_time-> requires_payment_method',
      'processing -advance_time-> requires_payment_method',
      'processing -settle_processing-> succeeded',
    ]) {
      expect(outcomes).toContain(transition);
    }
    // The confirmation limit cancels a SetupIntent (T10).
    expect([...outcomes].some((outcome) => outcome.endsWith('-confirm-> canceled'))).toBe(true);
  });
});
