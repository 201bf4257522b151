import type { ChargeEventType, PaymentIntentEventType } from '../events/stripe-event.js';
import type { PaymentIntentStatus } from '../types/payment-intent.js';
import { PAYMENT_INTENT_STATUSES } from '../types/payment-intent.js';
import type {
  PaymentIntentMachineAction,
  PaymentIntentMachineContext,
  PaymentIntentMachineEvent,
  PaymentIntentMachineEventType,
  PaymentIntentTransitionMeta,
} from './payment-intent-machine.js';
import { paymentIntentMachine } from './payment-intent-machine.js';

/** One transition of the PaymentIntent statechart, as the compiled table holds it. */
export interface PaymentIntentTransition {
  /** The status it leaves. */
  readonly source: PaymentIntentStatus;
  /** The event type it takes. */
  readonly eventType: PaymentIntentMachineEventType;
  /** The status it enters (the source itself for transitions that keep the status). */
  readonly target: PaymentIntentStatus;
  /** Its guard's name, or `null` when unguarded. */
  readonly guard: string | null;
  /** Its actions' names, in order. */
  readonly actions: readonly PaymentIntentMachineAction[];
  /** The events Stripe sends when it is taken (`meta.emits`). */
  readonly emits: readonly (PaymentIntentEventType | ChargeEventType)[];
  /** What it means, in a sentence (the transition's `description`). */
  readonly description: string;
}

type Args = { readonly context: PaymentIntentMachineContext; readonly event: PaymentIntentMachineEvent };
type GuardFunction = (args: Args, params: undefined) => boolean;

interface CompiledTransition extends PaymentIntentTransition {
  readonly test: GuardFunction | null;
  readonly assignments: readonly (readonly [keyof PaymentIntentMachineContext, unknown])[];
}

type Table = Readonly<Record<PaymentIntentStatus, Readonly<Partial<Record<PaymentIntentMachineEventType, readonly CompiledTransition[]>>>>>;

/** Compiled from the machine's own definition: a guard, action or shape it cannot run makes it throw at load. */
function compile(): Table {
  const { guards, actions } = paymentIntentMachine.implementations as unknown as {
    readonly guards: Readonly<Record<string, GuardFunction>>;
    readonly actions: Readonly<Record<string, { readonly type?: string; readonly assignment?: Readonly<Record<string, unknown>> }>>;
  };
  const table = {} as Record<PaymentIntentStatus, Partial<Record<PaymentIntentMachineEventType, CompiledTransition[]>>>;
  for (const status of PAYMENT_INTENT_STATUSES) {
    const node = paymentIntentMachine.root.states[status];
    if (node === undefined) throw new Error(`The PaymentIntent statechart has no state for the status ${status}.`);
    const byEvent: Partial<Record<PaymentIntentMachineEventType, CompiledTransition[]>> = {};
    for (const [eventType, transitions] of node.transitions) {
      byEvent[eventType as PaymentIntentMachineEventType] = transitions.map((transition) => {
        const guard = transition.guard;
        if (guard !== undefined && typeof guard !== 'string') {
          throw new Error(`A transition of ${status} on ${eventType} has an inline guard: the step table runs named guards only.`);
        }
        const test = guard === undefined ? null : guards[guard];
        if (test === undefined) throw new Error(`The guard ${String(guard)} is not implemented.`);
        const actionNames = transition.actions.map((action) => {
          if (typeof action !== 'string') throw new Error(`A transition of ${status} on ${eventType} has an inline action.`);
          return action as PaymentIntentMachineAction;
        });
        const assignments: (readonly [keyof PaymentIntentMachineContext, unknown])[] = [];
        for (const name of actionNames) {
          const action = actions[name];
          if (action?.type !== 'xstate.assign' || action.assignment === undefined || typeof action.assignment === 'function') {
            throw new Error(`The action ${name} is not an assign of properties: the step table cannot run it.`);
          }
          for (const [key, value] of Object.entries(action.assignment)) assignments.push([key as keyof PaymentIntentMachineContext, value]);
        }
        const targets = transition.target ?? [];
        if (targets.length > 1) throw new Error(`A transition of ${status} on ${eventType} has several targets.`);
        const meta = transition.meta as Partial<PaymentIntentTransitionMeta> | undefined;
        if (!Array.isArray(meta?.emits)) throw new Error(`A transition of ${status} on ${eventType} has no meta.emits.`);
        return {
          source: status,
          eventType: eventType as PaymentIntentMachineEventType,
          target: (targets[0]?.key ?? status) as PaymentIntentStatus,
          guard: guard ?? null,
          actions: actionNames,
          emits: meta.emits,
          description: transition.description ?? '',
          test,
          assignments,
        };
      });
    }
    table[status] = byEvent;
  }
  return table;
}

const TABLE = compile();

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
  const candidates = TABLE[status][event.type];
  if (candidates === undefined) return null;
  const args = { context, event };
  for (const candidate of candidates) {
    if (candidate.test === null || candidate.test(args, undefined)) return candidate;
  }
  return null;
}

/** The PaymentIntent statechart's context after `transition` was taken: its actions' assignments applied in order. */
export function paymentIntentContextAfter(transition: PaymentIntentTransition, context: PaymentIntentMachineContext): PaymentIntentMachineContext {
  const { assignments } = transition as CompiledTransition;
  if (assignments.length === 0) return context;
  const next: Record<string, unknown> = { ...context };
  for (const [key, value] of assignments) next[key] = value;
  return next as unknown as PaymentIntentMachineContext;
}

/** Every transition of the PaymentIntent statechart, in document order. */
export function allPaymentIntentTransitions(): readonly PaymentIntentTransition[] {
  return PAYMENT_INTENT_STATUSES.flatMap((status) => Object.values(TABLE[status]).flat());
}

/** Whether the PaymentIntent statechart has any transition for this event type in this status (before guards). */
export function paymentIntentStatusAccepts(status: PaymentIntentStatus, eventType: PaymentIntentMachineEventType): boolean {
  return TABLE[status][eventType] !== undefined;
}

/** The statuses in which the PaymentIntent statechart has a transition for an event type, in Stripe's order. */
export function paymentIntentStatusesAccepting(eventType: PaymentIntentMachineEventType): readonly PaymentIntentStatus[] {
  return PAYMENT_INTENT_STATUSES.filter((status) => TABLE[status][eventType] !== undefined);
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
