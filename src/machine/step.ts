import type { SetupIntentEventType } from '../events/stripe-event.js';
import type { SetupIntentStatus } from '../types/setup-intent.js';
import { SETUP_INTENT_STATUSES } from '../types/setup-intent.js';
import type { SetupIntentMachineAction, SetupIntentMachineContext, SetupIntentMachineEvent, SetupIntentMachineEventType } from './setup-intent-machine.js';
import { setupIntentMachine } from './setup-intent-machine.js';
import type { MachineTransition } from './step-table.js';
import { compileStepTable } from './step-table.js';

/** One transition of the statechart, as the compiled table holds it. */
export type SetupIntentTransition = MachineTransition<SetupIntentStatus, SetupIntentMachineEventType, SetupIntentMachineAction, SetupIntentEventType>;

const TABLE = compileStepTable<SetupIntentStatus, SetupIntentMachineEvent, SetupIntentMachineContext, SetupIntentMachineAction, SetupIntentEventType>(
  setupIntentMachine,
  SETUP_INTENT_STATUSES,
  'the SetupIntent statechart',
);

/**
 * The transition the statechart takes for `event` in `status` with `context`, or `null` when it
 * takes none (the operation is not allowed). The first transition whose guard passes wins, as in
 * XState. Compiled once from {@link setupIntentMachine}, it agrees with XState's `transition()` on
 * every input and costs a table look-up and the guards.
 *
 * @example
 * ```ts
 * step('requires_confirmation', context, { type: 'api.confirm', hasPaymentMethod: true, outcome: 'failed' });
 * // { target: 'requires_payment_method', emits: ['setup_intent.setup_failed'], ... }
 * ```
 */
export function step(status: SetupIntentStatus, context: SetupIntentMachineContext, event: SetupIntentMachineEvent): SetupIntentTransition | null {
  return TABLE.step(status, context, event);
}

/** The machine's context after `transition` was taken for `event`: its actions' assignments applied in order. */
export function contextAfter(transition: SetupIntentTransition, context: SetupIntentMachineContext, event: SetupIntentMachineEvent): SetupIntentMachineContext {
  return TABLE.contextAfter(transition, context, event);
}

/** Every transition of the statechart, in document order (states, then events, then guard order). */
export function allTransitions(): readonly SetupIntentTransition[] {
  return TABLE.all();
}

/** Whether the statechart has any transition for this event type in this status (before guards). */
export function statusAccepts(status: SetupIntentStatus, eventType: SetupIntentMachineEventType): boolean {
  return TABLE.accepts(status, eventType);
}

/** The statuses in which the statechart has a transition for an event type, in Stripe's order of statuses. */
export function statusesAccepting(eventType: SetupIntentMachineEventType): readonly SetupIntentStatus[] {
  return TABLE.statusesAccepting(eventType);
}

/** The SetupIntent events Stripe sends when a SetupIntent is created (the machine's `meta.emitsOnCreate`). */
export const EMITS_ON_CREATE: readonly SetupIntentEventType[] = (() => {
  const emits = (setupIntentMachine.root.meta as { readonly emitsOnCreate?: readonly SetupIntentEventType[] } | undefined)?.emitsOnCreate;
  if (!Array.isArray(emits)) throw new Error('The statechart has no meta.emitsOnCreate.');
  return emits;
})();

/** The status a new SetupIntent starts in (the machine's initial state). */
export const INITIAL_STATUS: SetupIntentStatus = setupIntentMachine.config.initial as SetupIntentStatus;

/** The final statuses: the machine's final states, which accept no event. */
export const FINAL_STATUSES: ReadonlySet<SetupIntentStatus> = new Set(
  SETUP_INTENT_STATUSES.filter((status) => setupIntentMachine.root.states[status]?.type === 'final'),
);

/**
 * The fields an update may still change on a final SetupIntent, without changing its status (the
 * final state's `meta.editable`); empty for other statuses.
 */
export function editableWhenFinal(status: SetupIntentStatus): ReadonlySet<string> {
  return EDITABLE_WHEN_FINAL.get(status) ?? NOTHING_EDITABLE;
}

const NOTHING_EDITABLE: ReadonlySet<string> = new Set();

const EDITABLE_WHEN_FINAL: ReadonlyMap<SetupIntentStatus, ReadonlySet<string>> = new Map(
  [...FINAL_STATUSES].map((status) => {
    const editable = (setupIntentMachine.root.states[status]?.meta as { readonly editable?: readonly string[] } | undefined)?.editable;
    if (!Array.isArray(editable)) throw new Error(`The final state ${status} has no meta.editable.`);
    return [status, new Set(editable)] as const;
  }),
);
