import type { SetupIntentEventType } from '../events/stripe-event.js';
import { allTransitions } from '../machine/step.js';
import type { SetupIntentStatus } from '../types/setup-intent.js';
import { SETUP_INTENT_STATUSES } from '../types/setup-intent.js';

/** What a statechart's transitions say about the events a history may show, for the validator. */
export interface EventTransitionIndex<S extends string, E extends string> {
  /**
   * Whether an event of `type` showing `status` can follow an intent last seen in `from`:
   * unobserved silent steps may lie between, then exactly one transition that sends this event.
   */
  readonly canFollow: (from: S, type: E, status: S) => boolean;
  /** The statuses reachable from `from` without any event being sent. */
  readonly silentlyReachable: (from: S) => ReadonlySet<S>;
  /** The statuses the intent in an event of this type may show: the targets of the transitions that send it. */
  readonly statusesAfterEvent: (type: E) => ReadonlySet<S>;
}

/**
 * Builds the index from a statechart's transitions (their source, target and `meta.emits`). Events
 * that are not `E` (a PaymentIntent transition's `charge.*` events) are ignored: only the intent's
 * own events are judged along its path.
 */
export function eventTransitionIndex<S extends string, E extends string>(
  statuses: readonly S[],
  transitions: readonly { readonly source: S; readonly target: S; readonly emits: readonly string[] }[],
  eventTypes: readonly E[],
): EventTransitionIndex<S, E> {
  const known: ReadonlySet<string> = new Set(eventTypes);
  const table = new Map<S, Map<E | null, Set<S>>>(statuses.map((status) => [status, new Map()]));
  for (const transition of transitions) {
    const byEvent = table.get(transition.source);
    const emits = transition.emits.filter((type): type is E => known.has(type));
    for (const event of emits.length === 0 ? [null] : emits) {
      const targets = byEvent?.get(event) ?? new Set<S>();
      targets.add(transition.target);
      byEvent?.set(event, targets);
    }
  }
  const closure = new Map<S, ReadonlySet<S>>(
    statuses.map((start) => {
      const seen = new Set<S>([start]);
      const queue = [start];
      while (queue.length > 0) {
        const status = queue.pop() as S;
        for (const next of table.get(status)?.get(null) ?? []) {
          if (!seen.has(next)) {
            seen.add(next);
            queue.push(next);
          }
        }
      }
      return [start, seen];
    }),
  );
  const reachable = new Map<S, Map<E, Set<S>>>();
  for (const from of statuses) {
    const byType = new Map<E, Set<S>>();
    reachable.set(from, byType);
    for (const type of eventTypes) {
      const out = new Set<S>();
      for (const via of closure.get(from) ?? []) {
        for (const target of table.get(via)?.get(type) ?? []) out.add(target);
      }
      byType.set(type, out);
    }
  }
  return {
    canFollow: (from, type, status) => reachable.get(from)?.get(type)?.has(status) ?? false,
    silentlyReachable: (from) => closure.get(from) ?? new Set([from]),
    statusesAfterEvent: (type) => {
      const targets = new Set<S>();
      for (const byEvent of table.values()) {
        for (const target of byEvent.get(type) ?? []) targets.add(target);
      }
      return targets;
    },
  };
}

// Read once from the SetupIntent statechart's `meta.emits`.
const SETUP_INTENT_INDEX = eventTransitionIndex<SetupIntentStatus, SetupIntentEventType>(SETUP_INTENT_STATUSES, allTransitions(), [
  'setup_intent.created',
  'setup_intent.requires_action',
  'setup_intent.setup_failed',
  'setup_intent.succeeded',
  'setup_intent.canceled',
]);

/**
 * Whether an event of `type` showing `status` can follow a SetupIntent last seen in `from`:
 * unobserved silent steps (updates, `processing`, microdeposit mismatches) may lie between, then
 * exactly one transition that sends this event. Derived from the statechart.
 */
export function canFollow(from: SetupIntentStatus, type: SetupIntentEventType, status: SetupIntentStatus): boolean {
  return SETUP_INTENT_INDEX.canFollow(from, type, status);
}

/** The statuses reachable from `from` without any event being sent. */
export function silentlyReachable(from: SetupIntentStatus): ReadonlySet<SetupIntentStatus> {
  return SETUP_INTENT_INDEX.silentlyReachable(from);
}

/** The statuses the SetupIntent in an event of this type may show: the targets of the transitions that send it. */
export function statusesAfterEvent(type: SetupIntentEventType): ReadonlySet<SetupIntentStatus> {
  return SETUP_INTENT_INDEX.statusesAfterEvent(type);
}
