import type { AnyStateMachine } from 'xstate';

/** One transition of a statechart, as a compiled step table holds it. */
export interface MachineTransition<Status extends string, EventType extends string, Action extends string, Emit extends string> {
  /** The status it leaves. */
  readonly source: Status;
  /** The event type it takes. */
  readonly eventType: EventType;
  /** The status it enters (the source itself for transitions that keep the status). */
  readonly target: Status;
  /** Its guard's name, or `null` when unguarded. */
  readonly guard: string | null;
  /** Its actions' names, in order. */
  readonly actions: readonly Action[];
  /** The events Stripe sends when it is taken (`meta.emits`). */
  readonly emits: readonly Emit[];
  /** What it means, in a sentence (the transition's `description`). */
  readonly description: string;
}

/** A statechart compiled to a table: what its steps cost is a look-up and the guards. */
export interface StepTable<Status extends string, Event extends { readonly type: string }, Context extends object, Action extends string, Emit extends string> {
  /**
   * The transition the statechart takes for `event` in `status` with `context`, or `null` when it
   * takes none. The first transition whose guard passes wins, as in XState.
   */
  readonly step: (status: Status, context: Context, event: Event) => MachineTransition<Status, Event['type'], Action, Emit> | null;
  /**
   * The context after `transition` was taken for `event`: its actions' assignments applied in
   * order (`event` may be left out for a machine whose actions assign only values).
   */
  readonly contextAfter: (transition: MachineTransition<Status, Event['type'], Action, Emit>, context: Context, event?: Event) => Context;
  /** Every transition, in document order (states, then events, then guard order). */
  readonly all: () => readonly MachineTransition<Status, Event['type'], Action, Emit>[];
  /** Whether the statechart has any transition for this event type in this status (before guards). */
  readonly accepts: (status: Status, eventType: Event['type']) => boolean;
  /** The statuses in which the statechart has a transition for an event type, in the order given. */
  readonly statusesAccepting: (eventType: Event['type']) => readonly Status[];
}

type Args<Context, Event> = { readonly context: Context; readonly event: Event | undefined };
type GuardFunction<Context, Event> = (args: Args<Context, Event>, params: undefined) => boolean;

interface CompiledTransition<Status extends string, Event extends { readonly type: string }, Context, Action extends string, Emit extends string>
  extends MachineTransition<Status, Event['type'], Action, Emit> {
  readonly test: GuardFunction<Context, Event> | null;
  /** The context properties its actions assign, in order: a value, or a function of the step. */
  readonly assignments: readonly (readonly [keyof Context, unknown])[];
}

/**
 * Compiles `machine` into a {@link StepTable} over `statuses`, one state per status. It runs the
 * machine's own definition: named guards, actions that assign properties, one target and
 * `meta.emits` on every transition; anything else makes it throw at load, naming `label`.
 */
export function compileStepTable<Status extends string, Event extends { readonly type: string }, Context extends object, Action extends string, Emit extends string>(
  machine: AnyStateMachine,
  statuses: readonly Status[],
  label: string,
): StepTable<Status, Event, Context, Action, Emit> {
  type Compiled = CompiledTransition<Status, Event, Context, Action, Emit>;
  const { guards, actions } = machine.implementations as unknown as {
    readonly guards: Readonly<Record<string, GuardFunction<Context, Event>>>;
    readonly actions: Readonly<Record<string, { readonly type?: string; readonly assignment?: Readonly<Record<string, unknown>> }>>;
  };
  const table = {} as Record<Status, Partial<Record<Event['type'], readonly Compiled[]>>>;
  for (const status of statuses) {
    const node = machine.root.states[status];
    if (node === undefined) throw new Error(`${label} has no state for the status ${status}.`);
    const byEvent: Partial<Record<Event['type'], readonly Compiled[]>> = {};
    for (const [eventType, transitions] of node.transitions) {
      byEvent[eventType as Event['type']] = transitions.map((transition): Compiled => {
        const guard = transition.guard;
        if (guard !== undefined && typeof guard !== 'string') {
          throw new Error(`A transition of ${status} on ${eventType} in ${label} has an inline or parameterised guard: the step table runs named guards only.`);
        }
        const test = guard === undefined ? null : guards[guard];
        if (test === undefined) throw new Error(`The guard ${String(guard)} of ${label} is not implemented.`);
        const actionNames = transition.actions.map((action) => {
          if (typeof action !== 'string') throw new Error(`A transition of ${status} on ${eventType} in ${label} has an inline action: the step table runs named actions only.`);
          return action as Action;
        });
        const assignments: (readonly [keyof Context, unknown])[] = [];
        for (const name of actionNames) {
          const action = actions[name];
          if (action?.type !== 'xstate.assign' || action.assignment === undefined || typeof action.assignment === 'function') {
            throw new Error(`The action ${name} of ${label} is not an assign of properties: the step table cannot run it.`);
          }
          for (const [key, value] of Object.entries(action.assignment)) assignments.push([key as keyof Context, value]);
        }
        const targets = transition.target ?? [];
        if (targets.length > 1) throw new Error(`A transition of ${status} on ${eventType} in ${label} has several targets.`);
        const meta = transition.meta as { readonly emits?: unknown } | undefined;
        if (!Array.isArray(meta?.emits)) throw new Error(`A transition of ${status} on ${eventType} in ${label} has no meta.emits.`);
        return {
          source: status,
          eventType: eventType as Event['type'],
          target: (targets[0]?.key ?? status) as Status,
          guard: guard ?? null,
          actions: actionNames,
          emits: meta.emits as readonly Emit[],
          description: transition.description ?? '',
          test,
          assignments,
        };
      });
    }
    table[status] = byEvent;
  }
  return {
    step: (status, context, event) => {
      const candidates = table[status][event.type as Event['type']];
      if (candidates === undefined) return null;
      const args = { context, event };
      for (const candidate of candidates) {
        if (candidate.test === null || candidate.test(args, undefined)) return candidate;
      }
      return null;
    },
    contextAfter: (transition, context, event) => {
      const { assignments } = transition as Compiled;
      if (assignments.length === 0) return context;
      const next = { ...context } as Record<string, unknown>;
      for (const [key, value] of assignments) {
        next[key as string] = typeof value === 'function' ? (value as (args: Args<Context, Event>, params: undefined) => unknown)({ context: next as Context, event }, undefined) : value;
      }
      return next as Context;
    },
    all: () => statuses.flatMap((status) => Object.values<readonly Compiled[] | undefined>(table[status]).flatMap((list) => list ?? [])),
    accepts: (status, eventType) => table[status][eventType] !== undefined,
    statusesAccepting: (eventType) => statuses.filter((status) => table[status][eventType] !== undefined),
  };
}
