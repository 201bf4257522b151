import type { SetupIntentEventType } from '../events/stripe-event.js';
import type { SetupIntentStatus } from '../types/setup-intent.js';
import { SETUP_INTENT_STATUSES } from '../types/setup-intent.js';
import type {
  SetupIntentMachineAction,
  SetupIntentMachineContext,
  SetupIntentMachineEvent,
  SetupIntentMachineEventType,
  SetupIntentTransitionMeta,
} from './setup-intent-machine.js';
import { setupIntentMachine } from './setup-intent-machine.js';


/** One transition of the statechart, as the compiled table holds it. */
export interface SetupIntentTransition {
  /** The status it leaves. */
  readonly source: SetupIntentStatus;
  /** The event type it takes. */
  readonly eventType: SetupIntentMachineEventType;
  /** The status it enters (the source itself for transitions that keep the status). */
  readonly target: SetupIntentStatus;
  /** Its guard's name, or `null` when unguarded. */
  readonly guard: string | null;
  /** Its actions' names, in order. */
  readonly actions: readonly SetupIntentMachineAction[];
  /** The `setup_intent.*` events Stripe sends when it is taken (`meta.emits`). */
  readonly emits: readonly SetupIntentEventType[];
  /** What it means, in a sentence (the transition's `description`). */
  readonly description: string;
}

type GuardFunction = (args: { readonly context: SetupIntentMachineContext; readonly event: SetupIntentMachineEvent }, params: undefined) => boolean;
type Assigner = (args: { readonly context: SetupIntentMachineContext; readonly event: SetupIntentMachineEvent }, params: undefined) => unknown;

interface CompiledTransition extends SetupIntentTransition {
  readonly test: GuardFunction | null;
  /** The context properties its actions assign, in order: a value, or a function of the step. */
  readonly assignments: readonly (readonly [keyof SetupIntentMachineContext, unknown])[];
}

/** The table is compiled from the machine's own definition: a guard, action or shape it cannot run makes it throw at load. */
function compile(): Readonly<Record<SetupIntentStatus, Readonly<Partial<Record<SetupIntentMachineEventType, readonly CompiledTransition[]>>>>> {
  const { guards, actions } = setupIntentMachine.implementations as unknown as {
    readonly guards: Readonly<Record<string, GuardFunction>>;
    readonly actions: Readonly<Record<string, { readonly type?: string; readonly assignment?: Readonly<Record<string, unknown>> }>>;
  };
  const table = {} as Record<SetupIntentStatus, Partial<Record<SetupIntentMachineEventType, CompiledTransition[]>>>;
  for (const status of SETUP_INTENT_STATUSES) {
    const node = setupIntentMachine.root.states[status];
    if (node === undefined) throw new Error(`The statechart has no state for the status ${status}.`);
    const byEvent: Partial<Record<SetupIntentMachineEventType, CompiledTransition[]>> = {};
    for (const [eventType, transitions] of node.transitions) {
      byEvent[eventType as SetupIntentMachineEventType] = transitions.map((transition) => {
        const guard = transition.guard;
        if (guard !== undefined && typeof guard !== 'string') {
          throw new Error(`A transition of ${status} on ${eventType} has an inline or parameterised guard: the step table runs named guards only.`);
        }
        const test = guard === undefined ? null : guards[guard];
        if (test === undefined) throw new Error(`The guard ${String(guard)} is not implemented.`);
        const actionNames = transition.actions.map((action) => {
          if (typeof action !== 'string') throw new Error(`A transition of ${status} on ${eventType} has an inline action: the step table runs named actions only.`);
          return action as SetupIntentMachineAction;
        });
        const assignments: (readonly [keyof SetupIntentMachineContext, unknown])[] = [];
        for (const name of actionNames) {
          const action = actions[name];
          if (action?.type !== 'xstate.assign' || action.assignment === undefined || typeof action.assignment === 'function') {
            throw new Error(`The action ${name} is not an assign of properties: the step table cannot run it.`);
          }
          for (const [key, value] of Object.entries(action.assignment)) assignments.push([key as keyof SetupIntentMachineContext, value]);
        }
        const targets = transition.target ?? [];
        if (targets.length > 1) throw new Error(`A transition of ${status} on ${eventType} has several targets.`);
        const meta = transition.meta as Partial<SetupIntentTransitionMeta> | undefined;
        if (!Array.isArray(meta?.emits)) throw new Error(`A transition of ${status} on ${eventType} has no meta.emits.`);
        return {
          source: status,
          eventType: eventType as SetupIntentMachineEventType,
          target: (targets[0]?.key ?? status) as SetupIntentStatus,
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
  const candidates = TABLE[status][event.type];
  if (candidates === undefined) return null;
  const args = { context, event };
  for (const candidate of candidates) {
    if (candidate.test === null || candidate.test(args, undefined)) return candidate;
  }
  return null;
}

/** The machine's context after `transition` was taken for `event`: its actions' assignments applied in order. */
export function contextAfter(transition: SetupIntentTransition, context: SetupIntentMachineContext, event: SetupIntentMachineEvent): SetupIntentMachineContext {
  const { assignments } = transition as CompiledTransition;
  if (assignments.length === 0) return context;
  const next: Record<string, unknown> = { ...context };
  for (const [key, value] of assignments) {
    next[key] = typeof value === 'function' ? (value as Assigner)({ context: next as unknown as SetupIntentMachineContext, event }, undefined) : value;
  }
  return next as unknown as SetupIntentMachineContext;
}

/** Every transition of the statechart, in document order (states, then events, then guard order). */
export function allTransitions(): readonly SetupIntentTransition[] {
  return SETUP_INTENT_STATUSES.flatMap((status) => Object.values(TABLE[status]).flat());
}

/** Whether the statechart has any transition for this event type in this status (before guards). */
export function statusAccepts(status: SetupIntentStatus, eventType: SetupIntentMachineEventType): boolean {
  return TABLE[status][eventType] !== undefined;
}

/** The statuses in which the statechart has a transition for an event type, in Stripe's order of statuses. */
export function statusesAccepting(eventType: SetupIntentMachineEventType): readonly SetupIntentStatus[] {
  return SETUP_INTENT_STATUSES.filter((status) => TABLE[status][eventType] !== undefined);
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
