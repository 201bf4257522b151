import type { Mandate } from '../types/mandate.js';
import type { PaymentMethod } from '../types/payment-method.js';
import type { SetupAttempt } from '../types/setup-attempt.js';
import type { PublishableSetupIntent, SetupIntent } from '../types/setup-intent.js';
import type { StripeRequestError } from '../types/stripe-error.js';
import type { EventDraft, EventRequest, StripeEvent } from '../events/stripe-event.js';
import { NO_REQUEST, publishEvents } from '../events/publish-events.js';
import type { SetupIntentMachineEvent } from '../machine/setup-intent-machine.js';
import type { CallerAccess } from './access.js';
import { errorSeenBy, intentSeenBy } from './caller-view.js';
import type { SetupIntentEnvironment } from './environment.js';
import type { SetupIntentRecord } from './setup-intent-record.js';
import { eventRequestOf } from '../events/event-request.js';

/** Related objects an operation created or changed, for the caller to store. */
export interface RelatedChanges {
  /** SetupAttempts created or updated (the latest last). */
  readonly setupAttempts: readonly SetupAttempt[];
  /** Mandates created. */
  readonly mandates: readonly Mandate[];
  /** PaymentMethods created (from an alias or `payment_method_data`) or attached to a Customer. */
  readonly paymentMethods: readonly PaymentMethod[];
  /** Ids of PaymentMethods that may not be used again (set up without any Customer). */
  readonly spentPaymentMethods?: readonly string[];
}

/** No related changes. */
export const NO_CHANGES: RelatedChanges = { setupAttempts: [], mandates: [], paymentMethods: [] };

/** The operation was applied and succeeded. */
export interface OperationApplied {
  /** Discriminates the result: changed and succeeded. */
  readonly kind: 'applied';
  /** The SetupIntent record after the operation. */
  readonly record: SetupIntentRecord;
  /** Related objects to store. */
  readonly changes: RelatedChanges;
  /** The events Stripe creates for this step, in order (none for updates). */
  readonly events: readonly StripeEvent[];
  /**
   * The statechart events this step took, in order: replayed through `transition()` from the
   * SetupIntent's previous status (or from the machine's start, for a create), they reach its status.
   */
  readonly machineEvents: readonly SetupIntentMachineEvent[];
  /**
   * The SetupIntent to answer the caller with: `record.intent` for a secret key, its publishable
   * subset for a publishable key (spec §2.2).
   */
  readonly response: SetupIntent | PublishableSetupIntent;
}

/**
 * The operation was applied and changed the SetupIntent, yet the call fails: a declined
 * confirmation is persisted (`requires_payment_method`, `last_setup_error`, a failed attempt) and
 * answered with HTTP 402 (spec §4.4, "returned, not raised").
 */
export interface OperationFailed {
  /** Discriminates the result: changed, and the call answers an error. */
  readonly kind: 'failed';
  /** The SetupIntent record after the operation: store it. */
  readonly record: SetupIntentRecord;
  /** Related objects to store. */
  readonly changes: RelatedChanges;
  /** The error to answer with; its `setup_intent` is in the caller's view (spec §2.2). */
  readonly error: StripeRequestError;
  /** The events Stripe creates for this step, in order (`setup_intent.setup_failed` for a decline). */
  readonly events: readonly StripeEvent[];
  /** The statechart events this step took, in order (see {@link OperationApplied.machineEvents}). */
  readonly machineEvents: readonly SetupIntentMachineEvent[];
}

/** The operation was refused and changed nothing (bad parameters, wrong status, unknown ids). */
export interface OperationRefused {
  /** Discriminates the result: nothing changed. */
  readonly kind: 'refused';
  /** The error to answer with; a `setup_intent` it carries is in the caller's view. */
  readonly error: StripeRequestError;
}

/** The result of an operation on a SetupIntent. */
export type OperationResult = OperationApplied | OperationFailed | OperationRefused;

/** Builds a refusal. */
export function refused(error: StripeRequestError): OperationRefused {
  return { kind: 'refused', error };
}

/**
 * An applied result that changes nothing: the record as it is, no events (a Stripe-side step
 * that is not due yet).
 */
export function unchanged(record: SetupIntentRecord): OperationApplied {
  return { kind: 'applied', record, changes: NO_CHANGES, events: [], machineEvents: [], response: record.intent };
}

/** An applied step before its events are published: drafts instead of envelopes, and no caller's view yet. */
export type StepApplied = Omit<OperationApplied, 'events' | 'response'> & { readonly drafts: readonly EventDraft[] };
/** A failed step before its events are published. */
export type StepFailed = Omit<OperationFailed, 'events'> & { readonly drafts: readonly EventDraft[] };
/** The result of a step inside the core, before its events are published. */
export type StepResult = StepApplied | StepFailed | OperationRefused;

/**
 * Turns a step's event drafts into Stripe events, and its SetupIntent and errors into what the
 * caller may see. `caller` is the API call that caused them, or `null` for steps Stripe takes on
 * its own (their events carry a null request).
 */
export function published(step: StepResult, env: SetupIntentEnvironment, caller: CallerAccess | null): OperationResult {
  if (step.kind === 'refused') {
    const error = errorSeenBy(caller, step.error);
    return error === step.error ? step : refused(error);
  }
  const events = step.drafts.length === 0 ? [] : publishEvents(step.drafts, env, requestOf(caller, env));
  if (step.kind === 'failed') {
    return { kind: 'failed', record: step.record, changes: step.changes, error: errorSeenBy(caller, step.error), events, machineEvents: step.machineEvents };
  }
  const response = intentSeenBy(caller, step.record.intent);
  return { kind: 'applied', record: step.record, changes: step.changes, events, machineEvents: step.machineEvents, response };
}

function requestOf(caller: CallerAccess | null, env: SetupIntentEnvironment): EventRequest {
  return caller === null ? NO_REQUEST : eventRequestOf(env, caller);
}
