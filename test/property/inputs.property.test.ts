// Operations are pure: they never write to what they are given, and a refusal changes nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { operationSequenceArb } from '../support/arbitraries.js';
import { runSequence } from '../support/run-sequence.js';

describe('operation inputs', () => {
  it('no operation mutates its input record or parameters (both are deep-frozen)', () => {
    fc.assert(
      fc.property(operationSequenceArb, (sequence) => {
        // A write to a frozen input throws inside the operation and fails the run.
        const { trace } = runSequence(sequence);
        for (const entry of trace) {
          if (entry.result === null) {
            continue;
          }
          if (entry.params !== null) {
            expect(Object.isFrozen(entry.params)).toBe(true);
          }
          expect(entry.params).toStrictEqual(entry.paramsCopy);
          if (entry.before !== null) {
            expect(Object.isFrozen(entry.before.intent)).toBe(true);
            expect(entry.before).toStrictEqual(entry.beforeCopy);
          }
        }
      }),
    );
  });

  it('a refused operation changes nothing: not the SetupIntent, not any stored object', () => {
    fc.assert(
      fc.property(operationSequenceArb, (sequence) => {
        const { trace } = runSequence(sequence);
        for (const entry of trace) {
          if (entry.result?.kind !== 'refused') {
            continue;
          }
          expect(entry.storeAfter).toBe(entry.storeBefore);
          expect(entry.result.error.statusCode).toBeGreaterThanOrEqual(400);
          expect(entry.result.error.statusCode).toBeLessThan(500);
          expect(typeof entry.result.error.error.message).toBe('string');
        }
      }),
    );
  });

  it('a request with a parameter problem is always refused', () => {
    fc.assert(
      fc.property(operationSequenceArb, (sequence) => {
        const { trace } = runSequence(sequence);
        for (const entry of trace) {
          if (entry.step.kind === 'bad_params' && entry.result !== null) {
            expect(entry.result.kind, entry.step.badCase.name).toBe('refused');
          }
        }
      }),
    );
  });
});
