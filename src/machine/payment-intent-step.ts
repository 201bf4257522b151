import type { ChargeEventType, PaymentIntentEventType } from '../events/stripe-event.js';
import type { PaymentIntentStatus } from '../types/payment-intent.js';
import { PAYMENT_INTENT_STATUSES } from '../types/payment-intent.js';
import type { PaymentIntentMachineAction, PaymentIntentMachineContext, PaymentIntentMachineEvent, PaymentIntentMachineEventType } from './payment-intent-machine.js';
import { paymentIntentMachine } from './payment-intent-machine.js';
import type { MachineTransition } from './step-table.js';
import { compileStepTable } from './step-table.js';

/** One transition of the PaymentIntent statechart, as the compiled table holds it. */
export type PaymentIntentTransition = MachineTransition<
  PaymentIntentStatus,
  PaymentIntentMachineEventType,
  PaymentIntentMachineAction,
  PaymentIntentEventType | ChargeEventType
>;

const TABLE = compileStepTable<PaymentIntentStatus, PaymentIntentMachineEvent, PaymentIntentMachineContext, PaymentIntentMachineAction, PaymentIntentEventType | ChargeEventType>(
  paymentIntentMachine,
  PAYMENT_INTENT_STATUSES,
  'the PaymentIntent statechart',
);

/**
 * The transition the PaymentIntent statechart takes for `event` in `status` with `context`, or
 * `null` when it takes none. Compiled once from {@link paymentIntentMachine}; the first
 * transition whose guard passes wins, as in XState.
 *
 * @example
 * ```ts
 * paymentIntentStep('requires_confirmation', context, { type: 'api.confirm', hasPaymentMethod: true, outcome: 'declined' });
 * // { target: 'requires_payment_method', emits: ['charge.failed', 'payment_intent.payment_failed'], ... }
 * ```
 */
export function paymentIntentStep(
  status: PaymentIntentStatus,
  context: PaymentIntentMachineContext,
  event: PaymentIntentMachineEvent,
): PaymentIntentTransition | null {
  return TABLE.step(status, context, event);
}

/** The PaymentIntent statechart's context after `transition` was taken: its actions' assignments applied in order. */
export function paymentIntentContextAfter(transition: PaymentIntentTransition, context: PaymentIntentMachineContext, event?: PaymentIntentMachineEvent): PaymentIntentMachineContext {
  return TABLE.contextAfter(transition, context, event);
}

/** Every transition of the PaymentIntent statechart, in document order. */
export function allPaymentIntentTransitions(): readonly PaymentIntentTransition[] {
  return TABLE.all();
}

/** Whether the PaymentIntent statechart has any transition for this event type in this status (before guards). */
export function paymentIntentStatusAccepts(status: PaymentIntentStatus, eventType: PaymentIntentMachineEventType): boolean {
  return TABLE.accepts(status, eventType);
}

/** The statuses in which the PaymentIntent statechart has a transition for an event type, in Stripe's order. */
export function paymentIntentStatusesAccepting(eventType: PaymentIntentMachineEventType): readonly PaymentIntentStatus[] {
  return TABLE.statusesAccepting(eventType);
}

/** The events Stripe sends when a PaymentIntent is created (the machine's `meta.emitsOnCreate`). */
export const PAYMENT_INTENT_EMITS_ON_CREATE: readonly PaymentIntentEventType[] = (() => {
  const emits = (paymentIntentMachine.root.meta as { readonly emitsOnCreate?: readonly PaymentIntentEventType[] } | undefined)?.emitsOnCreate;
  if (!Array.isArray(emits)) throw new Error('The PaymentIntent statechart has no meta.emitsOnCreate.');
  return emits;
})();

/** The status a new PaymentIntent starts in (the machine's initial state). */
export const PAYMENT_INTENT_INITIAL_STATUS: PaymentIntentStatus = paymentIntentMachine.config.initial as PaymentIntentStatus;

/** The final PaymentIntent statuses: the machine's final states. */
export const PAYMENT_INTENT_FINAL_STATUSES: ReadonlySet<PaymentIntentStatus> = new Set(
  PAYMENT_INTENT_STATUSES.filter((status) => paymentIntentMachine.root.states[status]?.type === 'final'),
);

// The fields each state that restricts updates still takes (its `meta.editable`); every final
// state must say, so a new final state cannot silently take everything.
const EDITABLE: ReadonlyMap<PaymentIntentStatus, ReadonlySet<string>> = new Map(
  PAYMENT_INTENT_STATUSES.flatMap((status) => {
    const editable = (paymentIntentMachine.root.states[status]?.meta as { readonly editable?: readonly string[] } | undefined)?.editable;
    if (!Array.isArray(editable)) {
      if (PAYMENT_INTENT_FINAL_STATUSES.has(status)) throw new Error(`The final state ${status} has no meta.editable.`);
      return [];
    }
    return [[status, new Set(editable)] as const];
  }),
);

/** The fields an update may still change on a final PaymentIntent (the final state's `meta.editable`); empty otherwise. */
export function paymentIntentEditableWhenFinal(status: PaymentIntentStatus): ReadonlySet<string> {
  return (PAYMENT_INTENT_FINAL_STATUSES.has(status) ? EDITABLE.get(status) : undefined) ?? new Set();
}

/**
 * The only fields an update may change in this status (the state's `meta.editable`), or `null`
 * when the status restricts none. The final states restrict updates, and so does `requires_capture`.
 */
export function paymentIntentEditableFields(status: PaymentIntentStatus): ReadonlySet<string> | null {
  return EDITABLE.get(status) ?? null;
}
