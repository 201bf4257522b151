import { PAYMENT_INTENT_EVENT_TYPES, SETUP_INTENT_EVENT_TYPES } from '../events/stripe-event.js';
import { findingSubject, PAYMENT_INTENT_MODEL, SETUP_INTENT_MODEL } from './intent-models.js';
import type { IntentModel } from './intent-models.js';
import { judgedSnapshot, judgeIntent } from './judge-intent.js';
import type { FindingSink, ObservedEvent } from './judge-intent.js';
import type {
  EventFinding,
  EventIssueCode,
  EventNoteCode,
  TimelineEntry,
  ValidationOptions,
  ValidationReport,
} from './validation-report.js';

/** A SetupIntent's or PaymentIntent's events; kept, once it is judged and released, to recognise duplicates. */
interface IntentEvents {
  /** Which statechart judges them. */
  readonly model: IntentModel;
  /** The first delivery of each event id, in arrival order. */
  readonly events: ObservedEvent[];
  /** The same events by id, built only for SetupIntents with many events (few are searched in place). */
  byId: Map<string, ObservedEvent> | null;
  /** The `created` of the latest final event, once one arrived. */
  finalAt: number | null;
  /** Judged and released (streaming). */
  released: boolean;
}

const MAX_NOTES_PER_CODE = 1000;
/** One copy of each event type this validator knows, for the counts and the events kept. */
const TYPE_NAMES: ReadonlyMap<string, string> = new Map(
  [
    ...SETUP_INTENT_EVENT_TYPES,
    ...PAYMENT_INTENT_EVENT_TYPES,
    'charge.succeeded',
    'charge.failed',
    'charge.captured',
    'charge.refunded',
    'refund.created',
    'payment_method.attached',
    'mandate.updated',
  ].map((type) => [type, type]),
);
const SEARCHED_IN_PLACE = 16;

/** The first delivery of event `id` of a SetupIntent, if any. */
function seenEvent(entry: IntentEvents, id: string): ObservedEvent | undefined {
  if (entry.byId !== null) return entry.byId.get(id);
  const { events } = entry;
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as ObservedEvent;
    if (event.id === id) return event;
  }
  return undefined;
}

function rememberEvent(entry: IntentEvents, event: ObservedEvent): void {
  entry.events.push(event);
  if (entry.byId !== null) {
    entry.byId.set(event.id, event);
  } else if (entry.events.length > SEARCHED_IN_PLACE) {
    entry.byId = new Map(entry.events.map((known) => [known.id, known]));
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What tells two deliveries of one event id apart when they differ. Built only when an event id
 * comes again, so the first delivery of every event costs no string.
 */
function contentKey(event: ObservedEvent): string {
  const s = event.snapshot;
  return [event.type, event.created, s['id'], s['status'], s['created'], s['client_secret'], s['livemode'], s['cancellation_reason'], s['next_action'] === null, s['last_setup_error'] === null, s['last_payment_error'] === null].join('|');
}

/** How many ids of events of other types are remembered to recognise their redeliveries. */
const REMEMBERED_OTHER_EVENTS = 100_000;

/**
 * Judges a log of Stripe events as it is read, one event at a time. Each SetupIntent's events are
 * kept until it is judged: at the end, or (when streaming) once its final event is older than the
 * reorder window behind the newest event seen; then it is released, so memory follows the number
 * of SetupIntents still open.
 */
export class EventLogValidator {
  private readonly strictOrder: boolean;
  /** Ids of recent events of other types, oldest first, to recognise their redeliveries. */
  private readonly otherSeen = new Set<string>();
  private readonly otherSeenOrder: string[] = [];
  private otherSeenHead = 0;
  private readonly window: number;
  private readonly remember: number;
  private readonly open = new Map<string, IntentEvents>();
  /** Judged SetupIntents (their `finalAt` is set), oldest release first. */
  private readonly released = new Map<string, IntentEvents>();
  /**
   * The same SetupIntents in release order, the queue forgetting walks. (Taking the oldest from
   * the Map's iterator would step over every entry deleted before it, on each release.)
   */
  private readonly releaseOrder: string[] = [];
  private releaseHead = 0;
  private readonly issues: EventFinding<EventIssueCode>[] = [];
  private readonly notes: EventFinding<EventNoteCode>[] = [];
  private readonly timelines: Record<string, TimelineEntry[]> = {};
  private readonly byType: Record<string, number> = {};
  private readonly uncheckedTypes = new Set<string>();
  private readonly intentsWithIssues = new Set<string>();
  private readonly paymentIntentsWithIssues = new Set<string>();
  private paymentIntents = 0;
  private events = 0;
  private duplicates = 0;
  private intents = 0;
  private unchecked = 0;
  private newest = -Infinity;
  /** Final events in arrival order, the queue release walks: SetupIntents, their events and `finalAt`s. */
  private readonly finalIntents: string[] = [];
  private readonly finalEntries: IntentEvents[] = [];
  private readonly finalTimes: number[] = [];
  private finalsHead = 0;
  private readonly noteCounts = new Map<EventNoteCode, number>();
  private notesOmitted = 0;
  private readonly sink: FindingSink;

  /**
   * @param options - validation options; `reorderWindowSeconds` applies when events are added
   * one by one from a stream (the default for a whole array is to wait for the end).
   */
  constructor(options: ValidationOptions & { readonly streaming?: boolean } = {}) {
    this.strictOrder = options.strictOrder === true;
    this.window = options.streaming === true ? (options.reorderWindowSeconds ?? 3600) : Infinity;
    this.remember = options.rememberReleased ?? 100_000;
    this.sink = {
      issue: (finding) => {
        this.issues.push(finding);
        if (finding.setup_intent !== null) this.intentsWithIssues.add(finding.setup_intent);
        if (finding.payment_intent !== undefined) this.paymentIntentsWithIssues.add(finding.payment_intent);
      },
      note: (finding) => this.note(finding),
    };
  }

  /** Adds the next event of the log (any parsed JSON value). */
  add(value: unknown): void {
    const arrival = this.events++;
    if (!isRecord(value) || typeof value['id'] !== 'string' || typeof value['type'] !== 'string' || typeof value['created'] !== 'number' || !isRecord(value['data']) || !isRecord(value['data']['object'])) {
      const id = isRecord(value) && typeof value['id'] === 'string' ? value['id'] : null;
      this.sink.issue({ code: 'malformed_event', message: `Event ${arrival + 1} is not a Stripe event (it needs id, type, created and data.object).`, event_id: id, setup_intent: null });
      return;
    }
    const id = value['id'];
    const type = TYPE_NAMES.get(value['type']) ?? value['type'];
    const created = value['created'];
    const snapshot = value['data']['object'] as Record<string, unknown>;
    this.byType[type] = (this.byType[type] ?? 0) + 1;
    if (created > this.newest) {
      this.newest = created;
    }
    if (type.startsWith('payment_intent.')) {
      // PaymentIntent histories are judged as SetupIntent ones, against the PaymentIntent statechart.
      if (snapshot['object'] !== 'payment_intent' || typeof snapshot['id'] !== 'string') {
        this.sink.issue({ code: 'type_object_mismatch', message: `${type} must carry a payment_intent, not ${String(snapshot['object'])}.`, event_id: id, setup_intent: null });
      } else {
        this.addIntentEvent(id, type, created, snapshot, arrival, snapshot['id'], PAYMENT_INTENT_MODEL);
      }
    } else if (!type.startsWith('setup_intent.')) {
      this.checkOtherEvent(id, type, snapshot);
    } else if (snapshot['object'] !== 'setup_intent' || typeof snapshot['id'] !== 'string') {
      this.sink.issue({ code: 'type_object_mismatch', message: `${type} must carry a setup_intent, not ${String(snapshot['object'])}.`, event_id: id, setup_intent: null });
    } else {
      this.addIntentEvent(id, type, created, snapshot, arrival, snapshot['id'], SETUP_INTENT_MODEL);
    }
    if (this.window !== Infinity) {
      this.releaseSettled();
    }
  }

  /** Judges every SetupIntent still open and returns the report. */
  finish(): ValidationReport {
    for (const [intent, entry] of this.open) {
      this.judge(intent, entry);
    }
    this.open.clear();
    if (this.events === 0) {
      this.note({ code: 'empty_log', message: 'The log holds no event.', event_id: null, setup_intent: null });
    }
    return {
      valid: this.issues.length === 0,
      issues: this.issues,
      notes: this.notes,
      stats: {
        events: this.events,
        unique_events: this.events - this.duplicates,
        duplicates: this.duplicates,
        setup_intents: this.intents,
        setup_intents_with_issues: this.intentsWithIssues.size,
        ...(this.paymentIntents === 0 ? {} : { payment_intents: this.paymentIntents, payment_intents_with_issues: this.paymentIntentsWithIssues.size }),
        unchecked_events: this.unchecked,
        notes_omitted: this.notesOmitted,
        by_type: this.byType,
      },
      timelines: this.timelines,
    };
  }

  private addIntentEvent(id: string, type: string, created: number, snapshot: Readonly<Record<string, unknown>>, arrival: number, intent: string, model: IntentModel): void {
    // A SetupIntent is open or released, never both: most events find theirs open.
    let entry = this.open.get(intent);
    const released = entry === undefined ? this.released.get(intent) : undefined;
    if (released !== undefined) {
      const known = seenEvent(released, id);
      if (known !== undefined) {
        this.duplicate(id, intent, contentKey(known) === contentKey({ id, type, created, snapshot, arrival }), model);
      } else {
        this.sink.issue({
          code: 'event_after_final',
          message: `${type} arrives after the ${model.name} reached a final status${created < (released.finalAt ?? -Infinity) ? ' (and later than the reorder window allows)' : ''}.`,
          event_id: id,
          ...findingSubject(model, intent),
        });
      }
      return;
    }
    if (entry === undefined) {
      entry = { model, events: [], byId: null, finalAt: null, released: false };
      this.open.set(intent, entry);
      if (model === PAYMENT_INTENT_MODEL) this.paymentIntents++;
      else this.intents++;
    }
    const known = seenEvent(entry, id);
    if (known !== undefined) {
      this.duplicate(id, intent, contentKey(known) === contentKey({ id, type, created, snapshot, arrival }), model);
      return;
    }
    // Only the fields the judgement reads are kept: the parsed log can be freed as it is read.
    rememberEvent(entry, { id, type, created, snapshot: judgedSnapshot(snapshot, entry.events[0]?.snapshot), arrival });
    if (type === 'setup_intent.succeeded' || type === 'setup_intent.canceled' || type === 'payment_intent.succeeded' || type === 'payment_intent.canceled') {
      entry.finalAt = Math.max(entry.finalAt ?? -Infinity, created);
      if (this.window !== Infinity) {
        this.finalIntents.push(intent);
        this.finalEntries.push(entry);
        this.finalTimes.push(entry.finalAt);
      }
    }
  }

  private duplicate(id: string, intent: string, same: boolean, model: IntentModel): void {
    this.duplicates++;
    const subject = findingSubject(model, intent);
    if (same) {
      this.note({ code: 'duplicate_delivery', message: `${id} was delivered more than once.`, event_id: id, ...subject });
    } else {
      this.sink.issue({ code: 'conflicting_duplicate', message: `${id} was delivered twice with different contents.`, event_id: id, ...subject });
    }
  }

  private checkOtherEvent(id: string, type: string, snapshot: Readonly<Record<string, unknown>>): void {
    if (this.otherSeen.has(id)) {
      this.duplicates++;
      this.note({ code: 'duplicate_delivery', message: `${id} was delivered more than once.`, event_id: id, setup_intent: null });
      return;
    }
    this.otherSeen.add(id);
    if (this.otherSeen.size > REMEMBERED_OTHER_EVENTS) {
      const oldest = this.otherSeenOrder[this.otherSeenHead];
      this.otherSeenHead++;
      if (oldest !== undefined) this.otherSeen.delete(oldest);
      if (this.otherSeenHead > 4096 && this.otherSeenHead * 2 > this.otherSeenOrder.length) {
        this.otherSeenOrder.splice(0, this.otherSeenHead);
        this.otherSeenHead = 0;
      }
    }
    this.otherSeenOrder.push(id);
    if (type === 'payment_method.attached') {
      if (snapshot['object'] !== 'payment_method' || typeof snapshot['customer'] !== 'string') {
        this.sink.issue({ code: 'type_object_mismatch', message: `${type} must carry a payment_method attached to a customer.`, event_id: id, setup_intent: null });
      }
      return;
    }
    if (type === 'charge.succeeded' || type === 'charge.failed') {
      if (snapshot['object'] !== 'charge' || (type === 'charge.succeeded') !== (snapshot['status'] === 'succeeded')) {
        this.sink.issue({ code: 'type_object_mismatch', message: `${type} must carry a ${type === 'charge.succeeded' ? 'succeeded' : 'failed'} charge.`, event_id: id, setup_intent: null });
      }
      return;
    }
    // A captured charge is captured.
    if (type === 'charge.captured') {
      if (snapshot['object'] !== 'charge' || snapshot['captured'] !== true) {
        this.sink.issue({ code: 'type_object_mismatch', message: `${type} must carry a captured charge.`, event_id: id, setup_intent: null });
      }
      return;
    }
    // Sent for partial refunds too ("including partial refunds", https://docs.stripe.com/api/events/types):
    // the charge has something refunded, and is `refunded` only once all of it is.
    if (type === 'charge.refunded') {
      const refundedAmount = snapshot['amount_refunded'];
      if (snapshot['object'] !== 'charge' || typeof refundedAmount !== 'number' || refundedAmount <= 0) {
        this.sink.issue({ code: 'type_object_mismatch', message: `${type} must carry a charge with an amount refunded.`, event_id: id, setup_intent: null });
      }
      return;
    }
    if (type === 'refund.created') {
      if (snapshot['object'] !== 'refund') {
        this.sink.issue({ code: 'type_object_mismatch', message: `${type} must carry a refund.`, event_id: id, setup_intent: null });
      }
      return;
    }
    if (type === 'mandate.updated') {
      if (snapshot['object'] !== 'mandate') {
        this.sink.issue({ code: 'type_object_mismatch', message: `${type} must carry a mandate.`, event_id: id, setup_intent: null });
      }
      return;
    }
    this.unchecked++;
    if (!this.uncheckedTypes.has(type)) {
      this.uncheckedTypes.add(type);
      this.note({ code: 'event_type_not_checked', message: `Events of type ${type} are passed over.`, event_id: id, setup_intent: null });
    }
  }

  private judge(intent: string, entry: IntentEvents): void {
    const before = this.issues.length + this.notes.length;
    const timeline = judgeIntent(intent, entry.events, this.strictOrder, this.sink, entry.model);
    // Timelines are kept only where there is something to show, so memory stays bounded.
    if (this.issues.length + this.notes.length > before) {
      this.timelines[intent] = timeline;
    }
  }

  /** Keeps notes, up to a thousand of each code: a huge log's duplicates must not fill memory. */
  private note(finding: EventFinding<EventNoteCode>): void {
    const count = (this.noteCounts.get(finding.code) ?? 0) + 1;
    this.noteCounts.set(finding.code, count);
    if (count <= MAX_NOTES_PER_CODE) {
      this.notes.push(finding);
    } else {
      this.notesOmitted++;
    }
  }

  private releaseSettled(): void {
    const horizon = this.newest - this.window;
    while (this.finalsHead < this.finalTimes.length) {
      const finalAt = this.finalTimes[this.finalsHead] as number;
      if (finalAt >= horizon) {
        break;
      }
      const intent = this.finalIntents[this.finalsHead] as string;
      const entry = this.finalEntries[this.finalsHead] as IntentEvents;
      this.finalsHead++;
      // A later final event of the same SetupIntent has its own place in the queue.
      if (entry.released || entry.finalAt !== finalAt) {
        continue;
      }
      this.judge(intent, entry);
      entry.released = true;
      this.open.delete(intent);
      this.released.set(intent, entry);
      this.releaseOrder.push(intent);
      if (this.released.size > this.remember) {
        const oldest = this.releaseOrder[this.releaseHead] as string;
        this.releaseOrder[this.releaseHead] = '';
        this.releaseHead++;
        this.released.delete(oldest);
      }
    }
    if (this.releaseHead > 4096 && this.releaseHead * 2 > this.releaseOrder.length) {
      this.releaseOrder.splice(0, this.releaseHead);
      this.releaseHead = 0;
    }
    if (this.finalsHead > 4096 && this.finalsHead * 2 > this.finalTimes.length) {
      this.finalIntents.splice(0, this.finalsHead);
      this.finalEntries.splice(0, this.finalsHead);
      this.finalTimes.splice(0, this.finalsHead);
      this.finalsHead = 0;
    }
  }
}
