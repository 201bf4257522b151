import type { SetupIntentStatus } from '../types/setup-intent.js';
import { SETUP_INTENT_STATUSES } from '../types/setup-intent.js';
import type { SetupIntentMachineEventType } from './setup-intent-machine.js';
import { setupIntentMachine } from './setup-intent-machine.js';

type Acceptance = Readonly<Record<SetupIntentStatus, ReadonlySet<string>>>;

// Read once from the statechart, so the reducers' status checks cannot drift from it.
const ACCEPTED: Acceptance = Object.fromEntries(
  SETUP_INTENT_STATUSES.map((status) => {
    const node = setupIntentMachine.root.states[status];
    return [status, new Set(node === undefined ? [] : Object.keys(node.on))];
  }),
) as unknown as Acceptance;

/**
 * Whether the statechart has any transition for this event in this status (before guards).
 * The reducers use it for their status checks; guards on payloads they check themselves.
 */
export function statusAccepts(status: SetupIntentStatus, eventType: SetupIntentMachineEventType): boolean {
  return ACCEPTED[status].has(eventType);
}

/** The statuses in which the statechart accepts an event. */
export function statusesAccepting(eventType: SetupIntentMachineEventType): readonly SetupIntentStatus[] {
  return SETUP_INTENT_STATUSES.filter((status) => ACCEPTED[status].has(eventType));
}
