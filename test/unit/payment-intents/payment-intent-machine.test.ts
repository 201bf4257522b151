// The PaymentIntent statechart, read like the spec: folded with xstate's pure `transition()` (no
// actor), and its compiled step table agreeing with it on every transition.
import { initialTransition, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import {
  PAYMENT_INTENT_FINAL_STATUSES,
  PAYMENT_INTENT_INITIAL_STATUS,
  PAYMENT_INTENT_STATUSES,
  allPaymentIntentTransitions,
  paymentIntentContextAfter,
  paymentIntentMachine,
  paymentIntentStatusesAccepting,
  paymentIntentStep,
} from '../../../src/index.js';
import type { PaymentIntentMachineContext, PaymentIntentMachineEvent } from '../../../src/index.js';

type Snapshot = ReturnType<typeof initialTransition<typeof paymentIntentMachine>>[0];

function fold(...events: PaymentIntentMachineEvent[]): Snapshot {
  let [snapshot] = initialTransition(paymentIntentMachine);
  for (const event of events) [snapshot] = transition(paymentIntentMachine, snapshot, event);
  return snapshot;
}

const SET: PaymentIntentMachineEvent = { type: 'api.update', paymentMethod: 'set' };
const confirm = (outcome: 'succeeded' | 'requires_action' | 'declined' | 'authentication_required'): PaymentIntentMachineEvent => ({
  type: 'api.confirm',
  hasPaymentMethod: true,
  outcome,
});
const HOLD: PaymentIntentMachineEvent = { type: 'api.confirm', hasPaymentMethod: true, outcome: 'succeeded', manualCapture: true };
const CAPTURE: PaymentIntentMachineEvent = { type: 'api.capture' };
const NO_FACTS: PaymentIntentMachineContext = { hasPaymentMethod: true, awaitsAction: false, hasLastPaymentError: false, hasCharge: false, holdsAuthorization: false };

describe('the PaymentIntent statechart', () => {
  it('has exactly the modelled statuses as states, starting in requires_payment_method', () => {
    expect(Object.keys(paymentIntentMachine.root.states).sort()).toEqual([...PAYMENT_INTENT_STATUSES].sort());
    expect(PAYMENT_INTENT_INITIAL_STATUS).toBe('requires_payment_method');
    expect(fold().value).toBe('requires_payment_method');
    expect([...PAYMENT_INTENT_FINAL_STATUSES].sort()).toEqual(['canceled', 'succeeded']);
  });

  it('an update with a payment method moves requires_payment_method to requires_confirmation', () => {
    expect(fold(SET).value).toBe('requires_confirmation');
    expect(fold(SET, { type: 'api.update', paymentMethod: 'unset' }).value).toBe('requires_payment_method');
  });

  it('a confirmation with a card that pays moves to succeeded and records a charge', () => {
    const paid = fold(SET, confirm('succeeded'));
    expect(paid.value).toBe('succeeded');
    expect(paid.context).toEqual({ hasPaymentMethod: true, awaitsAction: false, hasLastPaymentError: false, hasCharge: true, holdsAuthorization: false });
  });

  it('an on-session confirmation with a card that asks for 3D Secure moves to requires_action', () => {
    const waiting = fold(SET, confirm('requires_action'));
    expect(waiting.value).toBe('requires_action');
    expect(waiting.context.awaitsAction).toBe(true);
    expect(waiting.context.hasCharge).toBe(false);
  });

  it('an off-session authentication_required decline returns to requires_payment_method without a charge', () => {
    const declined = fold(SET, confirm('authentication_required'));
    expect(declined.value).toBe('requires_payment_method');
    expect(declined.context).toEqual({ hasPaymentMethod: false, awaitsAction: false, hasLastPaymentError: true, hasCharge: false, holdsAuthorization: false });
  });

  it('an issuer decline returns to requires_payment_method with a failed charge', () => {
    const declined = fold(SET, confirm('declined'));
    expect(declined.value).toBe('requires_payment_method');
    expect(declined.context.hasCharge).toBe(true);
    expect(declined.context.hasLastPaymentError).toBe(true);
  });

  it('a declined PaymentIntent can be confirmed again on-session and authenticated to success', () => {
    const paid = fold(SET, confirm('authentication_required'), confirm('requires_action'), { type: 'stripe.action_succeeded', outcome: 'succeeded' });
    expect(paid.value).toBe('succeeded');
    expect(paid.context.hasLastPaymentError).toBe(false);
  });

  it('a failed authentication returns to requires_payment_method', () => {
    expect(fold(SET, confirm('requires_action'), { type: 'stripe.action_failed' }).value).toBe('requires_payment_method');
  });

  it('succeeded and canceled absorb every event', () => {
    const events: PaymentIntentMachineEvent[] = [SET, confirm('succeeded'), HOLD, CAPTURE, { type: 'api.cancel' }, { type: 'stripe.action_failed' }];
    for (const end of [fold(SET, confirm('succeeded')), fold({ type: 'api.cancel' })]) {
      for (const event of events) {
        const [next] = transition(paymentIntentMachine, end, event);
        expect(next).toBe(end);
      }
    }
  });

  it('a requires_action PaymentIntent cannot be confirmed again, and its payment method cannot be replaced', () => {
    const waiting = fold(SET, confirm('requires_action'));
    expect(waiting.can(confirm('succeeded'))).toBe(false);
    expect(waiting.can(SET)).toBe(false);
    expect(waiting.can({ type: 'api.cancel' })).toBe(true);
    expect(paymentIntentStatusesAccepting('api.confirm')).toEqual(['requires_payment_method', 'requires_confirmation']);
    expect(paymentIntentStatusesAccepting('api.cancel')).toEqual(['requires_payment_method', 'requires_confirmation', 'requires_action', 'requires_capture']);
  });

  it('meta.emits lists the Charge event before the PaymentIntent event', () => {
    const paid = paymentIntentStep('requires_confirmation', NO_FACTS, confirm('succeeded'));
    expect(paid?.emits).toEqual(['charge.succeeded', 'payment_intent.succeeded']);
    const declined = paymentIntentStep('requires_confirmation', NO_FACTS, confirm('declined'));
    expect(declined?.emits).toEqual(['charge.failed', 'payment_intent.payment_failed']);
  });

  it('a confirmation with capture_method=manual and a card that pays moves to requires_capture, holding the authorization', () => {
    const held = fold(SET, HOLD);
    expect(held.value).toBe('requires_capture');
    expect(held.context).toEqual({ hasPaymentMethod: true, awaitsAction: false, hasLastPaymentError: false, hasCharge: true, holdsAuthorization: true });
    // https://docs.stripe.com/api/events/types: charge.succeeded at authorization, then amount_capturable_updated.
    expect(paymentIntentStep('requires_confirmation', NO_FACTS, HOLD)?.emits).toEqual(['charge.succeeded', 'payment_intent.amount_capturable_updated']);
  });

  it('a held PaymentIntent authenticated with 3D Secure also waits in requires_capture', () => {
    const held = fold(SET, confirm('requires_action'), { type: 'stripe.action_succeeded', outcome: 'succeeded', manualCapture: true });
    expect(held.value).toBe('requires_capture');
    expect(held.context.awaitsAction).toBe(false);
  });

  it('a capture moves requires_capture to succeeded with charge.captured then payment_intent.succeeded', () => {
    const captured = fold(SET, HOLD, CAPTURE);
    expect(captured.value).toBe('succeeded');
    expect(captured.context.holdsAuthorization).toBe(false);
    expect(paymentIntentStep('requires_capture', { ...NO_FACTS, hasCharge: true, holdsAuthorization: true }, CAPTURE)?.emits).toEqual(['charge.captured', 'payment_intent.succeeded']);
  });

  it('a cancel of a held PaymentIntent releases the authorization and refunds the Charge', () => {
    const canceled = fold(SET, HOLD, { type: 'api.cancel' });
    expect(canceled.value).toBe('canceled');
    expect(canceled.context.holdsAuthorization).toBe(false);
    expect(paymentIntentStep('requires_capture', { ...NO_FACTS, hasCharge: true, holdsAuthorization: true }, { type: 'api.cancel' })?.emits).toEqual(['charge.refunded', 'payment_intent.canceled']);
  });

  it('only requires_capture takes a capture, and a held PaymentIntent cannot be confirmed or given a payment method', () => {
    expect(paymentIntentStatusesAccepting('api.capture')).toEqual(['requires_capture']);
    const held = fold(SET, HOLD);
    expect(held.can(confirm('succeeded'))).toBe(false);
    expect(held.can(SET)).toBe(false);
    expect(held.can({ type: 'api.update', paymentMethod: 'unchanged' })).toBe(true);
    expect(fold(SET).can(CAPTURE)).toBe(false);
    expect(fold(SET, confirm('succeeded')).can(CAPTURE)).toBe(false);
  });
});

describe('the compiled step table', () => {
  const contexts: PaymentIntentMachineContext[] = [];
  for (const hasPaymentMethod of [false, true])
    for (const awaitsAction of [false, true])
      for (const hasLastPaymentError of [false, true])
        for (const hasCharge of [false, true])
          for (const holdsAuthorization of [false, true]) contexts.push({ hasPaymentMethod, awaitsAction, hasLastPaymentError, hasCharge, holdsAuthorization });
  const events: PaymentIntentMachineEvent[] = [
    ...(['set', 'unset', 'unchanged'] as const).map((paymentMethod): PaymentIntentMachineEvent => ({ type: 'api.update', paymentMethod })),
    ...(['succeeded', 'requires_action', 'declined', 'authentication_required'] as const).flatMap((outcome) =>
      [false, true].flatMap((hasPaymentMethod): PaymentIntentMachineEvent[] => [
        { type: 'api.confirm', hasPaymentMethod, outcome },
        { type: 'api.confirm', hasPaymentMethod, outcome, manualCapture: true },
      ]),
    ),
    { type: 'api.cancel' },
    { type: 'api.capture' },
    { type: 'stripe.action_succeeded', outcome: 'succeeded' },
    { type: 'stripe.action_succeeded', outcome: 'succeeded', manualCapture: true },
    { type: 'stripe.action_succeeded', outcome: 'declined' },
    { type: 'stripe.action_failed' },
  ];

  it('agrees with xstate transition() on every status, context and event', () => {
    let compared = 0;
    for (const status of PAYMENT_INTENT_STATUSES) {
      for (const context of contexts) {
        const snapshot = paymentIntentMachine.resolveState({ value: status, context });
        for (const event of events) {
          const [next] = transition(paymentIntentMachine, snapshot, event);
          const taken = paymentIntentStep(status, context, event);
          if (taken === null) {
            expect(next).toBe(snapshot);
          } else {
            expect(next.value).toBe(taken.target);
            expect(next.context).toEqual(paymentIntentContextAfter(taken, context));
          }
          compared += 1;
        }
      }
    }
    expect(compared).toBe(PAYMENT_INTENT_STATUSES.length * contexts.length * events.length);
  });

  it('every transition declares what it emits', () => {
    for (const t of allPaymentIntentTransitions()) {
      expect(Array.isArray(t.emits)).toBe(true);
      // A transition sends a Charge event exactly when it makes or changes a Charge.
      const chargeActions = ['recordCharge', 'captureAuthorization', 'releaseAuthorization'] as const;
      expect(t.emits.some((type) => type.startsWith('charge.'))).toBe(t.actions.some((action) => (chargeActions as readonly string[]).includes(action)));
    }
  });
});

describe('an independent oracle of the PaymentIntent lifecycle', () => {
  // Written from https://docs.stripe.com/payments/paymentintents/lifecycle and the probed refusals
  // (confirm of a succeeded PaymentIntent, cancel of a succeeded or canceled one, capture of a
  // requires_payment_method or canceled one: "Only a PaymentIntent with one of the following statuses
  // may be captured: requires_capture", stripe-world-04-money-path.json), not from the machine:
  // which operations each modelled status takes.
  const ORACLE: Readonly<Record<string, Readonly<Record<string, boolean>>>> = {
    requires_payment_method: { confirm: true, cancel: true, setPaymentMethod: true, authenticate: false, capture: false },
    requires_confirmation: { confirm: true, cancel: true, setPaymentMethod: true, authenticate: false, capture: false },
    requires_action: { confirm: false, cancel: true, setPaymentMethod: false, authenticate: true, capture: false },
    requires_capture: { confirm: false, cancel: true, setPaymentMethod: false, authenticate: false, capture: true },
    succeeded: { confirm: false, cancel: false, setPaymentMethod: false, authenticate: false, capture: false },
    canceled: { confirm: false, cancel: false, setPaymentMethod: false, authenticate: false, capture: false },
  };
  const context = (status: string): PaymentIntentMachineContext => ({
    hasPaymentMethod: true,
    awaitsAction: status === 'requires_action',
    hasLastPaymentError: false,
    hasCharge: status === 'requires_capture',
    holdsAuthorization: status === 'requires_capture',
  });

  it.each(PAYMENT_INTENT_STATUSES)('%s takes exactly the operations the oracle lists', (status) => {
    const takes = {
      confirm: paymentIntentStep(status, context(status), confirm('succeeded')) !== null,
      cancel: paymentIntentStep(status, context(status), { type: 'api.cancel' }) !== null,
      setPaymentMethod: paymentIntentStep(status, context(status), SET) !== null,
      authenticate: paymentIntentStep(status, context(status), { type: 'stripe.action_succeeded', outcome: 'succeeded' }) !== null,
      capture: paymentIntentStep(status, context(status), CAPTURE) !== null,
    };
    expect(takes).toEqual(ORACLE[status]);
  });
});
