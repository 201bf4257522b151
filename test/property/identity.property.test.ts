// What never changes about a SetupIntent, and what a replay reproduces.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { operationSequenceArb } from '../support/arbitraries.js';
import { entriesByIntent, runSequence, storeDigest } from '../support/run-sequence.js';

describe('SetupIntent identity', () => {
  it('id, object, created, client_secret and livemode never change', () => {
    fc.assert(
      fc.property(operationSequenceArb, (sequence) => {
        const { trace } = runSequence(sequence);
        for (const [id, entries] of entriesByIntent(trace)) {
          const [first, ...later] = entries;
          if (first === undefined || first.result === null || first.result.kind === 'refused') {
            throw new Error(`SetupIntent ${id} has no creating entry`);
          }
          const created = first.result.record.intent;
          expect(created.id).toBe(id);
          expect(created.object).toBe('setup_intent');
          expect(created.client_secret).toMatch(new RegExp(`^${id}_secret_[A-Za-z0-9]+$`));
          expect(created.livemode).toBe(false);
          const identity = {
            id: created.id,
            object: created.object,
            created: created.created,
            client_secret: created.client_secret,
            livemode: created.livemode,
          };
          for (const entry of later) {
            if (entry.result === null || entry.result.kind === 'refused') {
              continue;
            }
            const { intent } = entry.result.record;
            expect({
              id: intent.id,
              object: intent.object,
              created: intent.created,
              client_secret: intent.client_secret,
              livemode: intent.livemode,
            }).toStrictEqual(identity);
          }
        }
      }),
    );
  });

  it('replaying the same steps on a fresh store with the same seed and clock gives the same objects', () => {
    fc.assert(
      fc.property(operationSequenceArb, (sequence) => {
        const first = runSequence(sequence);
        const second = runSequence(sequence);
        expect(second.trace.map((entry) => entry.result)).toStrictEqual(first.trace.map((entry) => entry.result));
        expect(second.trace.map((entry) => entry.now)).toStrictEqual(first.trace.map((entry) => entry.now));
        expect(storeDigest(second.context.store)).toBe(storeDigest(first.context.store));
      }),
    );
  });
});
