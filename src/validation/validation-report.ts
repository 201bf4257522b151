/** What is wrong with a log: the codes a validation can report. */
export type EventIssueCode =
  /** Not an event object, or missing `id`, `type`, `created` or `data.object`. */
  | 'malformed_event'
  /** A `setup_intent.*` type that does not exist (`setup_intent.updated`, `.processing`, ...). */
  | 'unknown_event_type'
  /** The snapshot's status disagrees with the event type. */
  | 'type_status_mismatch'
  /** A `setup_intent.requires_action` snapshot without `next_action`. */
  | 'missing_next_action'
  /** A `setup_intent.setup_failed` snapshot without `last_setup_error`. */
  | 'missing_last_setup_error'
  /** A `payment_intent.payment_failed` snapshot without `last_payment_error`. */
  | 'missing_last_payment_error'
  /** A `setup_intent.canceled` snapshot with an unknown `cancellation_reason`. */
  | 'invalid_cancellation_reason'
  /** No path of the statechart leads from the previous event to this one. */
  | 'impossible_transition'
  /** An event of a SetupIntent after its `succeeded` or `canceled` event. */
  | 'event_after_final'
  /** `id`, `created`, `client_secret` or `livemode` differs from earlier snapshots. */
  | 'immutable_field_changed'
  /** Two deliveries with the same event id but different contents. */
  | 'conflicting_duplicate'
  /** A `setup_intent.created` event that is not the SetupIntent's first. */
  | 'created_not_first'
  /** The object of a non-SetupIntent event we know is not what its type says. */
  | 'type_object_mismatch';

/** What is worth knowing but not wrong. */
export type EventNoteCode =
  /** The same event delivered again (delivery is at least once). */
  | 'duplicate_delivery'
  /** The SetupIntent's first event is not `setup_intent.created`: the log starts mid-way. */
  | 'history_starts_mid_way'
  /** A `created` snapshot already showing the state after an immediate confirmation. */
  | 'created_after_confirmation'
  /** Events of the same second were put in the order that makes a legal path. */
  | 'reordered_within_second'
  /** Events of a type this validator does not check. */
  | 'event_type_not_checked'
  /** The log holds no event. */
  | 'empty_log';

/** One finding, naming the event at fault. */
export interface EventFinding<C extends string> {
  /** The finding's code. */
  readonly code: C;
  /** A sentence for people. */
  readonly message: string;
  /** The event at fault, when one is. */
  readonly event_id: string | null;
  /** The SetupIntent concerned, when one is. */
  readonly setup_intent: string | null;
  /** The PaymentIntent concerned, for findings about PaymentIntent histories (then `setup_intent` is `null`). */
  readonly payment_intent?: string;
}

/** Counts over the whole log. */
export interface ValidationStats {
  /** Events read, duplicates included. */
  readonly events: number;
  /** Distinct event ids. */
  readonly unique_events: number;
  /** Repeated deliveries. */
  readonly duplicates: number;
  /** SetupIntents seen. */
  readonly setup_intents: number;
  /** SetupIntents with at least one issue. */
  readonly setup_intents_with_issues: number;
  /** PaymentIntents seen; present when the log holds PaymentIntent events. */
  readonly payment_intents?: number;
  /** PaymentIntents with at least one issue; present when the log holds PaymentIntent events. */
  readonly payment_intents_with_issues?: number;
  /** Events of types that are not checked. */
  readonly unchecked_events: number;
  /** Notes not listed because a thousand of their code were listed already. */
  readonly notes_omitted: number;
  /** Events per type. */
  readonly by_type: Readonly<Record<string, number>>;
}

/** The verdict on a log. */
export interface ValidationReport {
  /** Whether the log is a possible history of every SetupIntent in it. */
  readonly valid: boolean;
  /** What is wrong, each naming the event at fault. */
  readonly issues: readonly EventFinding<EventIssueCode>[];
  /** What is worth knowing but not wrong. */
  readonly notes: readonly EventFinding<EventNoteCode>[];
  /** Counts. */
  readonly stats: ValidationStats;
  /** Per SetupIntent with issues or notes, its observed history in the order judged. */
  readonly timelines: Readonly<Record<string, readonly TimelineEntry[]>>;
}

/** One event of a SetupIntent's observed history. */
export interface TimelineEntry {
  /** The event's id. */
  readonly event_id: string;
  /** The event's type. */
  readonly type: string;
  /** The snapshot's status. */
  readonly status: string;
  /** The event's `created`. */
  readonly created: number;
  /** The codes of the issues this event is blamed for. */
  readonly issues: readonly EventIssueCode[];
}

/** Options of the validators. */
export interface ValidationOptions {
  /**
   * Judge events in the order they arrived instead of ordering each SetupIntent's events by
   * `created` (and any legal order within the same second).
   */
  readonly strictOrder?: boolean;
  /**
   * Streaming only: how far (seconds of `created`) deliveries may lag behind the newest event
   * seen. A SetupIntent whose final event is older than that is judged and released. Default 3600.
   */
  readonly reorderWindowSeconds?: number;
  /** Streaming only: how many released SetupIntents to remember for late events. Default 100,000. */
  readonly rememberReleased?: number;
}
