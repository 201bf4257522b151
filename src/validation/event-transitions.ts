import type { SetupIntentEventType } from '../events/stripe-event.js';
import { allTransitions } from '../machine/step.js';
import type { SetupIntentStatus } from '../types/setup-intent.js';
import { SETUP_INTENT_STATUSES } from '../types/setup-intent.js';

type Table = ReadonlyMap<SetupIntentStatus, ReadonlyMap<SetupIntentEventType | null, ReadonlySet<SetupIntentStatus>>>;

// Read once from the statechart's `meta.emits`: which transitions are silent, and which send which event.
const TABLE: Table = (() => {
  const table = new Map<SetupIntentStatus, Map<SetupIntentEventType | null, Set<SetupIntentStatus>>>(
    SETUP_INTENT_STATUSES.map((status) => [status, new Map()]),
  );
  for (const transition of allTransitions()) {
    const byEvent = table.get(transition.source);
    for (const event of transition.emits.length === 0 ? [null] : transition.emits) {
      const targets = byEvent?.get(event) ?? new Set<SetupIntentStatus>();
      targets.add(transition.target);
      byEvent?.set(event, targets);
    }
  }
  return table;
})();

// Statuses reachable from each status through silent transitions only (including itself).
const SILENT_CLOSURE: ReadonlyMap<SetupIntentStatus, ReadonlySet<SetupIntentStatus>> = new Map(
  SETUP_INTENT_STATUSES.map((start) => {
    const seen = new Set<SetupIntentStatus>([start]);
    const queue = [start];
    while (queue.length > 0) {
      const status = queue.pop() as SetupIntentStatus;
      for (const next of TABLE.get(status)?.get(null) ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return [start, seen];
  }),
);

// For each status, then each event type: the statuses the event's snapshot may show.
const REACHABLE = new Map<string, ReadonlyMap<string, ReadonlySet<SetupIntentStatus>>>();
for (const from of SETUP_INTENT_STATUSES) {
  const byType = new Map<string, ReadonlySet<SetupIntentStatus>>();
  REACHABLE.set(from, byType);
  for (const type of ['setup_intent.requires_action', 'setup_intent.setup_failed', 'setup_intent.succeeded', 'setup_intent.canceled'] as const) {
    const out = new Set<SetupIntentStatus>();
    for (const via of SILENT_CLOSURE.get(from) ?? []) {
      for (const target of TABLE.get(via)?.get(type) ?? []) {
        out.add(target);
      }
    }
    byType.set(type, out);
  }
}

/**
 * Whether an event of `type` showing `status` can follow a SetupIntent last seen in `from`:
 * unobserved silent steps (updates, `processing`, microdeposit mismatches) may lie between, then
 * exactly one transition that sends this event. Derived from the statechart.
 */
export function canFollow(from: SetupIntentStatus, type: SetupIntentEventType, status: SetupIntentStatus): boolean {
  return REACHABLE.get(from)?.get(type)?.has(status) ?? false;
}

/** The statuses reachable from `from` without any event being sent. */
export function silentlyReachable(from: SetupIntentStatus): ReadonlySet<SetupIntentStatus> {
  return SILENT_CLOSURE.get(from) ?? new Set([from]);
}

/** The statuses the SetupIntent in an event of this type may show: the targets of the transitions that send it. */
export function statusesAfterEvent(type: SetupIntentEventType): ReadonlySet<SetupIntentStatus> {
  const targets = new Set<SetupIntentStatus>();
  for (const byEvent of TABLE.values()) {
    for (const target of byEvent.get(type) ?? []) targets.add(target);
  }
  return targets;
}
