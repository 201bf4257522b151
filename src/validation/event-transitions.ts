import type { SetupIntentEventType } from '../events/stripe-event.js';
import { setupIntentMachine } from '../machine/setup-intent-machine.js';
import type { SetupIntentStatus } from '../types/setup-intent.js';
import { SETUP_INTENT_STATUSES } from '../types/setup-intent.js';

/** The event a statechart transition makes Stripe send, or `null` for a silent one. */
function eventOf(source: string, target: string, actions: readonly string[]): SetupIntentEventType | null {
  switch (target) {
    case 'requires_action':
      // Re-entering with a new next action (a new confirmation) sends the event again; staying
      // put (an update keeping the payment method, a microdeposit mismatch) is silent.
      return source !== target || actions.includes('setNextAction') ? 'setup_intent.requires_action' : null;
    case 'succeeded':
      return 'setup_intent.succeeded';
    case 'canceled':
      return 'setup_intent.canceled';
    case 'requires_payment_method':
      // Failures record an error; unsetting the payment method by update is silent.
      return actions.includes('recordLastSetupError') ? 'setup_intent.setup_failed' : null;
    default:
      // requires_confirmation, processing, and transitions that keep the status.
      return null;
  }
}

type Table = ReadonlyMap<SetupIntentStatus, ReadonlyMap<SetupIntentEventType | null, ReadonlySet<SetupIntentStatus>>>;

// Read once from the statechart: which transitions are silent, and which send which event.
const TABLE: Table = (() => {
  const table = new Map<SetupIntentStatus, Map<SetupIntentEventType | null, Set<SetupIntentStatus>>>();
  for (const status of SETUP_INTENT_STATUSES) {
    const byEvent = new Map<SetupIntentEventType | null, Set<SetupIntentStatus>>();
    table.set(status, byEvent);
    const node = setupIntentMachine.root.states[status];
    for (const transitions of Object.values(node?.on ?? {})) {
      for (const transition of transitions) {
        const target = (transition.target?.[0]?.key ?? status) as SetupIntentStatus;
        const actions = transition.actions.map((action) => (typeof action === 'string' ? action : String((action as { type?: unknown }).type)));
        const event = eventOf(status, target, actions);
        const targets = byEvent.get(event) ?? new Set<SetupIntentStatus>();
        targets.add(target);
        byEvent.set(event, targets);
      }
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
