import type { PaymentIntentEventType, SetupIntentEventType } from '../events/stripe-event.js';
import { PAYMENT_INTENT_EVENT_TYPES, SETUP_INTENT_EVENT_TYPES } from '../events/stripe-event.js';
import { allPaymentIntentTransitions, PAYMENT_INTENT_FINAL_STATUSES, PAYMENT_INTENT_INITIAL_STATUS } from '../machine/payment-intent-step.js';
import { FINAL_STATUSES, INITIAL_STATUS } from '../machine/step.js';
import { PAYMENT_INTENT_STATUSES } from '../types/payment-intent.js';
import { canFollow, eventTransitionIndex, silentlyReachable, statusesAfterEvent } from './event-transitions.js';
import type { EventTransitionIndex } from './event-transitions.js';

/**
 * What the judgement needs to know of one kind of intent, all of it read from its statechart: the
 * event types, the statuses each may show and what may follow what, and the fields the snapshots
 * of its `requires_action`, failure and `canceled` events must carry.
 */
export interface IntentModel {
  /** `SetupIntent` or `PaymentIntent`, for messages. */
  readonly name: string;
  /** The intent's event types. */
  readonly types: ReadonlySet<string>;
  readonly createdType: string;
  readonly requiresActionType: string;
  readonly failedType: string;
  readonly canceledType: string;
  /** The field a failure event's snapshot must carry, and the issue when it does not. */
  readonly errorField: 'last_setup_error' | 'last_payment_error';
  readonly missingErrorCode: 'missing_last_setup_error' | 'missing_last_payment_error';
  readonly cancellationReasons: ReadonlySet<unknown>;
  readonly initialStatus: string;
  readonly finalStatuses: ReadonlySet<string>;
  /** The statuses a created snapshot may show: where the start leads without an event. */
  readonly createdStatuses: ReadonlySet<string>;
  /** The statuses each event type but the created one may show. */
  readonly expectedStatuses: ReadonlyMap<string, ReadonlySet<string>>;
  readonly canFollow: (from: string, type: string, status: string) => boolean;
  /** Said of an unknown type of the intent's prefix. */
  readonly unknownTypeHint: string;
}

/** The SetupIntent model, from the SetupIntent statechart. */
export const SETUP_INTENT_MODEL: IntentModel = {
  name: 'SetupIntent',
  types: new Set(SETUP_INTENT_EVENT_TYPES),
  createdType: 'setup_intent.created',
  requiresActionType: 'setup_intent.requires_action',
  failedType: 'setup_intent.setup_failed',
  canceledType: 'setup_intent.canceled',
  errorField: 'last_setup_error',
  missingErrorCode: 'missing_last_setup_error',
  cancellationReasons: new Set([null, 'abandoned', 'duplicate', 'requested_by_customer', 'failed_invoice', 'fraudulent']),
  initialStatus: INITIAL_STATUS,
  finalStatuses: FINAL_STATUSES,
  createdStatuses: silentlyReachable(INITIAL_STATUS),
  expectedStatuses: new Map(SETUP_INTENT_EVENT_TYPES.filter((type) => type !== 'setup_intent.created').map((type) => [type, statusesAfterEvent(type)])),
  canFollow: (from, type, status) => canFollow(from as never, type as SetupIntentEventType, status as never),
  unknownTypeHint: 'there is no setup_intent.updated or setup_intent.processing',
};

const PAYMENT_INTENT_INDEX: EventTransitionIndex<string, PaymentIntentEventType> = eventTransitionIndex<string, PaymentIntentEventType>(
  PAYMENT_INTENT_STATUSES,
  allPaymentIntentTransitions(),
  PAYMENT_INTENT_EVENT_TYPES,
);

/** The PaymentIntent model, from the PaymentIntent statechart (its `charge.*` events are not on the intent's path). */
export const PAYMENT_INTENT_MODEL: IntentModel = {
  name: 'PaymentIntent',
  types: new Set(PAYMENT_INTENT_EVENT_TYPES),
  createdType: 'payment_intent.created',
  requiresActionType: 'payment_intent.requires_action',
  failedType: 'payment_intent.payment_failed',
  canceledType: 'payment_intent.canceled',
  errorField: 'last_payment_error',
  missingErrorCode: 'missing_last_payment_error',
  // https://docs.stripe.com/api/payment_intents/object#payment_intent_object-cancellation_reason
  cancellationReasons: new Set([null, 'abandoned', 'automatic', 'duplicate', 'expired', 'failed_invoice', 'fraudulent', 'requested_by_customer', 'void_invoice']),
  initialStatus: PAYMENT_INTENT_INITIAL_STATUS,
  finalStatuses: PAYMENT_INTENT_FINAL_STATUSES,
  createdStatuses: PAYMENT_INTENT_INDEX.silentlyReachable(PAYMENT_INTENT_INITIAL_STATUS),
  expectedStatuses: new Map(
    PAYMENT_INTENT_EVENT_TYPES.filter((type) => type !== 'payment_intent.created').map((type) => [type, PAYMENT_INTENT_INDEX.statusesAfterEvent(type)]),
  ),
  canFollow: (from, type, status) => PAYMENT_INTENT_INDEX.canFollow(from, type as PaymentIntentEventType, status),
  unknownTypeHint: 'the modelled PaymentIntent events are created, requires_action, payment_failed, succeeded and canceled',
};

/** The finding's subject: `setup_intent` for SetupIntents, `payment_intent` for PaymentIntents. */
export function findingSubject(model: IntentModel, intent: string): { readonly setup_intent: string | null; readonly payment_intent?: string } {
  return model === PAYMENT_INTENT_MODEL ? { setup_intent: null, payment_intent: intent } : { setup_intent: intent };
}
