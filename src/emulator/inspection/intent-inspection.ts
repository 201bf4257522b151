import type { PaymentIntentChange, SetupIntentChange } from '../../core/commit.js';
import type { PaymentIntentRecord } from '../../core/payment-intent-record.js';
import type { SetupIntentRecord } from '../../core/setup-intent-record.js';
import type { StripeEvent } from '../../events/stripe-event.js';
import { paymentIntentMachine } from '../../machine/payment-intent-machine.js';
import { PAYMENT_INTENT_FINAL_STATUSES, PAYMENT_INTENT_INITIAL_STATUS } from '../../machine/payment-intent-step.js';
import { setupIntentMachine } from '../../machine/setup-intent-machine.js';
import { FINAL_STATUSES, INITIAL_STATUS } from '../../machine/step.js';
import type { InspectedActor, InspectedEvent, InspectedSnapshot, InspectionSink } from './inspect-options.js';

/** A SetupIntent's or a PaymentIntent's record: the inspector shows both, each with its own statechart. */
export type InspectedRecord = SetupIntentRecord | PaymentIntentRecord;

/**
 * A committed change to a SetupIntent or a PaymentIntent: the record before it (none for a
 * create), the change, and the events of the commit it was part of.
 */
export type AppliedChange = (before: InspectedRecord | undefined, change: SetupIntentChange | PaymentIntentChange, events: readonly StripeEvent[]) => void;

/** Turns stored changes into inspection calls. */
export interface IntentInspection {
  /** Reports one stored change: registration for a new SetupIntent, then events and the new snapshot. */
  readonly observe: AppliedChange;
  /** Registers SetupIntents or PaymentIntents that already exist (restored from a data file) with their current snapshots. */
  readonly register: (records: Iterable<InspectedRecord>) => void;
}

const isPaymentIntent = (record: InspectedRecord): record is PaymentIntentRecord => record.intent.object === 'payment_intent';

/** The inspector's view of a SetupIntent or PaymentIntent record. */
export function inspectedSnapshot(record: InspectedRecord): InspectedSnapshot {
  const final = isPaymentIntent(record) ? PAYMENT_INTENT_FINAL_STATUSES.has(record.intent.status) : FINAL_STATUSES.has(record.intent.status);
  return { status: final ? 'done' : 'active', value: record.intent.status, context: record.intent };
}

function actorOf(record: InspectedRecord, snapshot: InspectedSnapshot): InspectedActor {
  const id = record.intent.id;
  const machine = isPaymentIntent(record) ? paymentIntentMachine : setupIntentMachine;
  return {
    sessionId: id,
    id,
    // The definition's id is the inspector's name for the actor, so every intent is listed by its own id.
    logic: { config: { ...machine.config, id } },
    send: () => undefined,
    getSnapshot: () => snapshot,
  };
}

function requestOf(events: readonly StripeEvent[]): string | null {
  return events.find((event) => (event.request?.id ?? null) !== null)?.request?.id ?? null;
}

/**
 * Reports stored SetupIntent and PaymentIntent changes to a sink as xstate's own inspection does:
 * an actor per intent (session id = its id, logic = its statechart), `xstate.init` when it is created, then the statechart
 * events each change took (`change.machineEvents`), each change followed by the new snapshot. A
 * change that took no statechart event is reported as `emulator.changed` with the statuses before
 * and after. Every
 * sink failure goes to `onFailure`; none reaches the caller.
 */
export function createIntentInspection(sink: InspectionSink, onFailure: (error: unknown) => void): IntentInspection {
  const guarded = (report: () => void): void => {
    try {
      report();
    } catch (error) {
      onFailure(error);
    }
  };

  const observe: AppliedChange = (before, change, commitEvents) => {
    const after = change.record;
    if (after === before) {
      return;
    }
    guarded(() => {
      const id = after.intent.id;
      const request = requestOf(commitEvents);
      const tagged = (event: InspectedEvent): InspectedEvent => (request === null ? event : { ...event, request });
      // The statechart events the operation took; a change it made outside the statechart (an
      // annotation of a final SetupIntent, where a behaviour switch allows one) is reported as such.
      const taken = change.machineEvents;
      const events: InspectedEvent[] =
        taken.length === 0 && before !== undefined
          ? [{ type: 'emulator.changed', from: before.intent.status, to: after.intent.status }].map(tagged)
          : taken.map(tagged);
      const next = inspectedSnapshot(after);
      if (before === undefined) {
        // A create that also set a payment method or confirmed starts in the machine's initial
        // status; that intermediate object is never stored, so its context names the SetupIntent only.
        const payment = isPaymentIntent(after);
        const start: InspectedSnapshot =
          events.length === 0
            ? next
            : { status: 'active', value: payment ? PAYMENT_INTENT_INITIAL_STATUS : INITIAL_STATUS, context: { id, object: after.intent.object } };
        const init = tagged({ type: 'xstate.init' });
        sink.actor(actorOf(after, start), start);
        sink.event(id, init);
        sink.snapshot(id, start, { event: init });
      }
      const last = events[events.length - 1];
      if (last === undefined) {
        return;
      }
      for (const event of events) {
        sink.event(id, event);
      }
      sink.snapshot(id, next, { event: last });
    });
  };

  return {
    observe,
    register: (records) => {
      for (const record of records) {
        guarded(() => {
          const snapshot = inspectedSnapshot(record);
          sink.actor(actorOf(record, snapshot), snapshot);
        });
      }
    },
  };
}
