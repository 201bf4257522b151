// The compiled step table agrees with XState's own pure transition() on every status, context and
// event: same target (or none), same actions, same context after.
import fc from 'fast-check';
import { transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { setupIntentMachine } from '../../src/machine/setup-intent-machine.js';
import type { SetupIntentMachineContext, SetupIntentMachineEvent } from '../../src/machine/setup-intent-machine.js';
import { allTransitions, contextAfter, step } from '../../src/machine/step.js';
import { SETUP_INTENT_STATUSES } from '../../src/types/setup-intent.js';

const statusArb = fc.constantFrom(...SETUP_INTENT_STATUSES);
const contextArb: fc.Arbitrary<SetupIntentMachineContext> = fc.record({
  hasPaymentMethod: fc.boolean(),
  nextAction: fc.constantFrom('customer_action' as const, 'microdeposits' as const, null),
  hasLastSetupError: fc.boolean(),
});
const eventArb: fc.Arbitrary<SetupIntentMachineEvent> = fc.oneof(
  fc.record(
    { type: fc.constant('api.update' as const), paymentMethod: fc.constantFrom('set' as const, 'unset' as const, 'unchanged' as const), annotationsOnly: fc.boolean() },
    { requiredKeys: ['type', 'paymentMethod'] },
  ),
  fc.record(
    {
      type: fc.constant('api.confirm' as const),
      hasPaymentMethod: fc.boolean(),
      outcome: fc.constantFrom('succeeded' as const, 'requires_action' as const, 'processing' as const, 'failed' as const, 'failed_limit_reached' as const),
      action: fc.constantFrom('customer_action' as const, 'microdeposits' as const),
    },
    { requiredKeys: ['type', 'hasPaymentMethod', 'outcome'] },
  ),
  fc.constant({ type: 'api.cancel' as const }),
  fc.record({
    type: fc.constant('api.verify_microdeposits' as const),
    outcome: fc.constantFrom('verified' as const, 'processing' as const, 'mismatch' as const, 'exhausted' as const, 'timed_out' as const, 'failed' as const),
  }),
  fc.record({ type: fc.constant('stripe.action_succeeded' as const), outcome: fc.constantFrom('succeeded' as const, 'processing' as const, 'failed' as const) }),
  fc.constantFrom(
    { type: 'stripe.action_failed' as const },
    { type: 'stripe.attempt_expired' as const },
    { type: 'stripe.processing_succeeded' as const },
    { type: 'stripe.processing_failed' as const },
    { type: 'stripe.microdeposits_failed' as const },
    { type: 'stripe.microdeposits_timed_out' as const },
  ),
);

describe('the compiled step table', () => {
  it('agrees with xstate transition() on every status, context and event', () => {
    fc.assert(
      fc.property(statusArb, contextArb, eventArb, (status, context, event) => {
        const before = setupIntentMachine.resolveState({ value: status, context });
        const [after, actions] = transition(setupIntentMachine, before, event);
        const taken = step(status, context, event);
        if (taken === null) {
          // XState answers an event it does not take with the very same snapshot.
          expect(after).toBe(before);
          return;
        }
        expect(after.value).toBe(taken.target);
        expect(after.context).toEqual(contextAfter(taken, context, event));
        // assign() runs inside transition(); what comes back are the other actions (none here).
        expect(actions.filter((action) => (action.type as string) !== 'xstate.assign')).toEqual([]);
      }),
    );
  });

  it('holds every transition of the machine, each with its Stripe events and a description', () => {
    const transitions = allTransitions();
    let count = 0;
    for (const status of SETUP_INTENT_STATUSES) {
      for (const list of setupIntentMachine.root.states[status]?.transitions.values() ?? []) count += list.length;
    }
    expect(transitions).toHaveLength(count);
    for (const taken of transitions) {
      expect(taken.description, `${taken.source} on ${taken.eventType}`).not.toBe('');
      expect(Array.isArray(taken.emits)).toBe(true);
    }
  });
});
