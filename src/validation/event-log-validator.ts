import { judgeIntent } from './judge-intent.js';
import type { FindingSink, ObservedEvent } from './judge-intent.js';
import type {
  EventFinding,
  EventIssueCode,
  EventNoteCode,
  TimelineEntry,
  ValidationOptions,
  ValidationReport,
} from './validation-report.js';

interface OpenIntent {
  readonly events: ObservedEvent[];
  /** Content keys of the events seen, by event id, to tell duplicates from conflicts. */
  readonly seen: Map<string, string>;
  /** The `created` of the latest final event, once one arrived. */
  finalAt: number | null;
}

interface ReleasedIntent {
  readonly finalAt: number;
  readonly seen: Map<string, string>;
}

const MAX_NOTES_PER_CODE = 1000;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What tells two deliveries of one event id apart when they differ. */
function contentKey(type: string, created: number, snapshot: Readonly<Record<string, unknown>>): string {
  return `${type}|${created}|${String(snapshot['status'])}|${String(snapshot['id'])}`;
}

/**
 * Judges a log of Stripe events as it is read, one event at a time. Each SetupIntent's events are
 * kept until it is judged: at the end, or (when streaming) once its final event is older than the
 * reorder window behind the newest event seen; then it is released, so memory follows the number
 * of SetupIntents still open.
 */
export class EventLogValidator {
  private readonly strictOrder: boolean;
  private readonly window: number;
  private readonly remember: number;
  private readonly open = new Map<string, OpenIntent>();
  private readonly released = new Map<string, ReleasedIntent>();
  private readonly issues: EventFinding<EventIssueCode>[] = [];
  private readonly notes: EventFinding<EventNoteCode>[] = [];
  private readonly timelines: Record<string, TimelineEntry[]> = {};
  private readonly byType: Record<string, number> = {};
  private readonly uncheckedTypes = new Set<string>();
  private readonly intentsWithIssues = new Set<string>();
  private events = 0;
  private duplicates = 0;
  private intents = 0;
  private unchecked = 0;
  private newest = -Infinity;
  /** Final events in arrival order, the queue release walks. */
  private readonly finals: { readonly intent: string; readonly finalAt: number }[] = [];
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
    const type = value['type'];
    const created = value['created'];
    const snapshot = value['data']['object'] as Record<string, unknown>;
    this.byType[type] = (this.byType[type] ?? 0) + 1;
    if (created > this.newest) {
      this.newest = created;
    }
    if (!type.startsWith('setup_intent.')) {
      this.checkOtherEvent(id, type, snapshot);
    } else if (snapshot['object'] !== 'setup_intent' || typeof snapshot['id'] !== 'string') {
      this.sink.issue({ code: 'type_object_mismatch', message: `${type} must carry a setup_intent, not ${String(snapshot['object'])}.`, event_id: id, setup_intent: null });
    } else {
      this.addIntentEvent({ id, type, created, snapshot, arrival }, snapshot['id']);
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
        unchecked_events: this.unchecked,
        notes_omitted: this.notesOmitted,
        by_type: this.byType,
      },
      timelines: this.timelines,
    };
  }

  private addIntentEvent(event: ObservedEvent, intent: string): void {
    const key = contentKey(event.type, event.created, event.snapshot);
    const released = this.released.get(intent);
    if (released !== undefined) {
      const known = released.seen.get(event.id);
      if (known !== undefined) {
        this.duplicate(event, intent, known === key);
      } else {
        this.sink.issue({
          code: 'event_after_final',
          message: `${event.type} arrives after the SetupIntent reached a final status${event.created < released.finalAt ? ' (and later than the reorder window allows)' : ''}.`,
          event_id: event.id,
          setup_intent: intent,
        });
      }
      return;
    }
    let entry = this.open.get(intent);
    if (entry === undefined) {
      entry = { events: [], seen: new Map(), finalAt: null };
      this.open.set(intent, entry);
      this.intents++;
    }
    const known = entry.seen.get(event.id);
    if (known !== undefined) {
      this.duplicate(event, intent, known === key);
      return;
    }
    entry.seen.set(event.id, key);
    entry.events.push(event);
    if (event.type === 'setup_intent.succeeded' || event.type === 'setup_intent.canceled') {
      entry.finalAt = Math.max(entry.finalAt ?? -Infinity, event.created);
      if (this.window !== Infinity) {
        this.finals.push({ intent, finalAt: entry.finalAt });
      }
    }
  }

  private duplicate(event: ObservedEvent, intent: string, same: boolean): void {
    this.duplicates++;
    if (same) {
      this.note({ code: 'duplicate_delivery', message: `${event.id} was delivered more than once.`, event_id: event.id, setup_intent: intent });
    } else {
      this.sink.issue({ code: 'conflicting_duplicate', message: `${event.id} was delivered twice with different contents.`, event_id: event.id, setup_intent: intent });
    }
  }

  private checkOtherEvent(id: string, type: string, snapshot: Readonly<Record<string, unknown>>): void {
    if (type === 'payment_method.attached') {
      if (snapshot['object'] !== 'payment_method' || typeof snapshot['customer'] !== 'string') {
        this.sink.issue({ code: 'type_object_mismatch', message: `${type} must carry a payment_method attached to a customer.`, event_id: id, setup_intent: null });
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

  private judge(intent: string, entry: OpenIntent): void {
    const before = this.issues.length + this.notes.length;
    const timeline = judgeIntent(intent, entry.events, this.strictOrder, this.sink);
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
    while (this.finalsHead < this.finals.length) {
      const next = this.finals[this.finalsHead];
      if (next === undefined || next.finalAt >= horizon) {
        break;
      }
      this.finalsHead++;
      const entry = this.open.get(next.intent);
      // A later final event of the same SetupIntent has its own place in the queue.
      if (entry === undefined || entry.finalAt !== next.finalAt) {
        continue;
      }
      this.judge(next.intent, entry);
      this.open.delete(next.intent);
      this.released.set(next.intent, { finalAt: next.finalAt, seen: entry.seen });
      if (this.released.size > this.remember) {
        const oldest = this.released.keys().next().value;
        if (oldest !== undefined) this.released.delete(oldest);
      }
    }
    if (this.finalsHead > 4096 && this.finalsHead * 2 > this.finals.length) {
      this.finals.splice(0, this.finalsHead);
      this.finalsHead = 0;
    }
  }
}
