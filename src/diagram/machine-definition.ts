import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';
import { SetupIntentMachineError } from '../core/misuse-error.js';
import { setupIntentMachine } from '../machine/setup-intent-machine.js';

/** The label given to a guard or an action written as an inline function instead of a name. */
export const INLINE_LABEL = 'inline';

/** One transition of a state, as plain JSON. */
export interface MachineTransitionDefinition {
  /** The event type that triggers it, e.g. `api.confirm`. */
  readonly event: string;
  /** The state it leads to, or `null` for a targetless transition (the state is kept, not re-entered). */
  readonly target: string | null;
  /** The named guard that must hold, `inline` for a guard function, or `null` when unguarded. */
  readonly guard: string | null;
  /** The actions it runs, by name (`inline` for an action function), in order. */
  readonly actions: readonly string[];
  /** Present and `true` only when the transition re-enters its target (XState's `reenter: true`). */
  readonly reenter?: boolean;
  /** The transition's `description`, when the machine gives one. */
  readonly description?: string;
  /** The Stripe events it sends (its `meta.emits`), when the machine says. */
  readonly emits?: readonly string[];
}

/** One state of the machine, as plain JSON. */
export interface MachineStateDefinition {
  /** The state's key; for the SetupIntent machine, a Stripe status. */
  readonly name: string;
  /** Whether the state is final (accepts no event). */
  readonly final: boolean;
  /** The state's `description`, when the machine gives one. */
  readonly description?: string;
  /** The state's transitions, grouped by event in document order; within one event, in the order their guards are tried. */
  readonly transitions: readonly MachineTransitionDefinition[];
}

/** A flat statechart as plain JSON, for tools that draw or check it without XState. */
export interface MachineDefinition {
  /** The machine's `id`. */
  readonly id: string;
  /** The name of the initial state. */
  readonly initial: string;
  /** The states, in document order. */
  readonly states: readonly MachineStateDefinition[];
}

/**
 * Describes a flat statechart (by default the SetupIntent machine) as plain JSON, by walking
 * `machine.root` and each state node's `transitions`.
 *
 * @remarks What the description leaves out, by design:
 * - guards and actions are labelled by name; a parameterised one (`{ type, params }`) keeps its
 *   name and drops its `params`; an inline function (including `and(...)`, `or(...)`, `not(...)`
 *   and inline `assign(...)`) appears as `inline`, since function names are not stable under bundling;
 * - the event payloads (the `outcome`, `paymentMethod`, ... fields the guards read) are not
 *   described: the machine's event types carry them, not its runtime definition;
 * - `context` and `tags` are not included, nor `meta` except a transition's `meta.emits` (the
 *   Stripe events it sends), which becomes `emits`.
 *
 * Rather than draw a partial picture, it throws for what the format cannot represent: nested,
 * parallel or history states, `always`, `after` or `invoke`, entry or exit actions, events handled
 * on the root, and transitions with several targets. The SetupIntent machine uses none of them.
 *
 * @throws {SetupIntentMachineError} When the machine uses a feature listed above.
 * @example
 * ```ts
 * const definition = describeMachine();
 * definition.initial; // 'requires_payment_method'
 * definition.states.find((state) => state.name === 'succeeded')?.final; // true
 * ```
 */
export function describeMachine(machine: AnyStateMachine = setupIntentMachine): MachineDefinition {
  const root: AnyStateNode = machine.root;
  refuseUnrepresentable(root, 'the root');
  if (root.transitions.size > 0) {
    throw unsupported('the root', 'handles events itself');
  }
  const initial = singleTarget(root.initial.target, 'the root', 'its initial state');
  if (initial === null) {
    throw unsupported('the root', 'has no initial state');
  }
  const nodes = (Object.values(root.states) as AnyStateNode[]).sort((a, b) => a.order - b.order);
  return {
    id: root.id,
    initial,
    states: nodes.map((node) => describeState(node)),
  };
}

function describeState(node: AnyStateNode): MachineStateDefinition {
  const where = `state "${node.key}"`;
  if (node.type !== 'atomic' && node.type !== 'final') {
    throw unsupported(where, `is a ${node.type} state`);
  }
  refuseUnrepresentable(node, where);
  const transitions: MachineTransitionDefinition[] = [];
  for (const [event, candidates] of node.transitions) {
    for (const candidate of candidates) {
      transitions.push(describeTransition(event, candidate, where));
    }
  }
  return {
    name: node.key,
    final: node.type === 'final',
    ...(node.description === undefined ? {} : { description: node.description }),
    transitions,
  };
}

function describeTransition(event: string, transition: AnyTransitionDefinition, where: string): MachineTransitionDefinition {
  const description: unknown = transition.description;
  const emits: unknown = (transition.meta as { readonly emits?: unknown } | undefined)?.emits;
  return {
    event,
    target: singleTarget(transition.target, where, `its "${event}" transition`),
    guard: transition.guard === undefined ? null : label(transition.guard),
    actions: transition.actions.map((action) => label(action)),
    ...(transition.reenter ? { reenter: true } : {}),
    ...(typeof description === 'string' ? { description } : {}),
    ...(Array.isArray(emits) && emits.every((type) => typeof type === 'string') ? { emits: emits as readonly string[] } : {}),
  };
}

function singleTarget(targets: readonly AnyStateNode[] | undefined, where: string, what: string): string | null {
  if (targets === undefined || targets.length === 0) return null;
  const [target] = targets;
  if (targets.length > 1 || target === undefined) {
    throw unsupported(where, `gives ${what} several targets`);
  }
  return target.key;
}

/** Names a guard or an action: its reference name, or `inline` for a function. */
function label(reference: unknown): string {
  if (typeof reference === 'string') return reference;
  if (typeof reference === 'object' && reference !== null) {
    const type: unknown = (reference as { readonly type?: unknown }).type;
    if (typeof type === 'string') return type;
  }
  return INLINE_LABEL;
}

function refuseUnrepresentable(node: AnyStateNode, where: string): void {
  const uses: string[] = [];
  if (node.always !== undefined && node.always.length > 0) uses.push('`always`');
  if (node.invoke.length > 0) uses.push('`invoke`');
  if (node.after.length > 0) {
    // XState schedules and cancels delayed events with entry and exit actions of its own.
    uses.push('`after`');
  } else {
    if (node.entry.length > 0) uses.push('entry actions');
    if (node.exit.length > 0) uses.push('exit actions');
  }
  if (uses.length > 0) {
    throw unsupported(where, `uses ${uses.join(' and ')}`);
  }
}

function unsupported(where: string, what: string): SetupIntentMachineError {
  return new SetupIntentMachineError(
    `describeMachine: ${where} ${what}, which a machine definition cannot represent`,
  );
}
