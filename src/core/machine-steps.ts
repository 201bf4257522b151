import type { EventDraft } from '../events/stripe-event.js';
import type { SetupIntentMachineContext, SetupIntentMachineEvent } from '../machine/setup-intent-machine.js';
import type { SetupIntentTransition } from '../machine/step.js';
import { step, statusesAccepting } from '../machine/step.js';
import type { SetupIntent, SetupIntentNextAction } from '../types/setup-intent.js';
import type { StripeApiError } from '../types/stripe-error.js';
import { SetupIntentMachineError } from './misuse-error.js';
import type { SetupIntentRecord } from './setup-intent-record.js';

/** A transition the statechart took, with the event that took it. */
export interface TakenStep {
  /** The machine event, as the reducer built it from the call and the catalogue's outcome. */
  readonly event: SetupIntentMachineEvent;
  /** The transition the statechart answered with. */
  readonly transition: SetupIntentTransition;
}

/** The statechart's context of a record: the facts its guards read. */
function machineContextOf(record: SetupIntentRecord): SetupIntentMachineContext {
  const kind = record.pending?.kind;
  return {
    hasPaymentMethod: record.intent.payment_method !== null,
    nextAction: kind === 'customer_action' || kind === 'microdeposits' ? kind : null,
    hasLastSetupError: record.intent.last_setup_error !== null,
  };
}

/** The transition the statechart takes for `event` on this record, or `null` when it takes none. */
export function takeStep(record: SetupIntentRecord, event: SetupIntentMachineEvent): TakenStep | null {
  const transition = step(record.intent.status, machineContextOf(record), event);
  return transition === null ? null : { event, transition };
}

/** Whether the statechart waits on the customer: its `awaitsCustomerAction` guard lets `stripe.action_failed` through. */
export function awaitsCustomerAction(record: SetupIntentRecord): boolean {
  return takeStep(record, { type: 'stripe.action_failed' }) !== null;
}

/** Whether the statechart waits on microdeposits: its `awaitsMicrodeposits` guard lets `stripe.microdeposits_failed` through. */
export function awaitsMicrodeposits(record: SetupIntentRecord): boolean {
  return takeStep(record, { type: 'stripe.microdeposits_failed' }) !== null;
}

/**
 * {@link takeStep} for a step whose preconditions the caller has checked: the statechart refusing
 * it is a bug (or a machine edited without the reducers' checks), reported by a throw.
 */
export function requireStep(record: SetupIntentRecord, event: SetupIntentMachineEvent): TakenStep {
  const taken = takeStep(record, event);
  if (taken === null) {
    throw new SetupIntentMachineError(`The statechart takes no transition for ${event.type} from ${record.intent.status} (${record.intent.id}).`);
  }
  return taken;
}

/** What the transition's `set*` and `record*` actions write into the SetupIntent. */
export interface TransitionValues {
  /** The payment method the step puts on the SetupIntent (kept unless the transition clears it). */
  readonly paymentMethod?: string;
  /** For `setNextAction`. */
  readonly nextAction?: SetupIntentNextAction;
  /** For `recordLastSetupError`. */
  readonly error?: StripeApiError;
}

/** The fields of a SetupIntent that a transition decides. */
export interface TransitionFields {
  /** The transition's target. */
  readonly status: SetupIntent['status'];
  /** Cleared by `clearPaymentMethod`. */
  readonly payment_method: string | null;
  /** Set by `setNextAction`, cleared by `clearNextAction`. */
  readonly next_action: SetupIntentNextAction | null;
  /** Set by `recordLastSetupError`, cleared by `clearLastSetupError`. */
  readonly last_setup_error: StripeApiError | null;
}

/**
 * The fields a transition decides, for the caller to spread into the next SetupIntent: its status
 * is the transition's target, and each of its actions is carried out on the Stripe object
 * (`clearPaymentMethod` empties `payment_method`, `recordLastSetupError` sets `last_setup_error`,
 * ...). Always the same four keys, so the callers' object literals keep one shape.
 */
export function transitionFields(intent: SetupIntent, transition: SetupIntentTransition, values: TransitionValues = {}): TransitionFields {
  let paymentMethod = values.paymentMethod ?? intent.payment_method;
  let nextAction = intent.next_action;
  let lastSetupError = intent.last_setup_error;
  for (const action of transition.actions) {
    switch (action) {
      case 'setPaymentMethod':
        if (paymentMethod === null) throw new SetupIntentMachineError(`setPaymentMethod on ${intent.id} without a payment method`);
        break;
      case 'clearPaymentMethod':
        paymentMethod = null;
        break;
      case 'setNextAction':
        if (values.nextAction === undefined) throw new SetupIntentMachineError(`setNextAction on ${intent.id} without a next action`);
        nextAction = values.nextAction;
        break;
      case 'clearNextAction':
        nextAction = null;
        break;
      case 'recordLastSetupError':
        if (values.error === undefined) throw new SetupIntentMachineError(`recordLastSetupError on ${intent.id} without an error`);
        lastSetupError = values.error;
        break;
      case 'clearLastSetupError':
        lastSetupError = null;
        break;
      default: {
        const unknown: never = action;
        throw new SetupIntentMachineError(`The reducers do not carry out the action ${String(unknown)}`);
      }
    }
  }
  return { status: transition.target, payment_method: paymentMethod, next_action: nextAction, last_setup_error: lastSetupError };
}

/** The events a transition sends (`meta.emits`), each carrying the SetupIntent as it now stands. */
export function emittedDrafts(transition: SetupIntentTransition, intent: SetupIntent): EventDraft[] {
  return transition.emits.map((type) => ({ type, object: intent }));
}

/** The statuses accepting an event, as Stripe lists them in its refusals: `a, b, c` (optionally quoted). */
export function acceptedStatusList(eventType: SetupIntentMachineEvent['type'], options: { readonly quote?: string; readonly lastJoiner?: string } = {}): string {
  const q = options.quote ?? '';
  const names = statusesAccepting(eventType).map((status) => `${q}${status}${q}`);
  if (options.lastJoiner === undefined || names.length < 2) return names.join(', ');
  return `${names.slice(0, -1).join(', ')}, ${options.lastJoiner} ${names[names.length - 1] ?? ''}`;
}
