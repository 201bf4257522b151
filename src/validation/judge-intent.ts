import { PAYMENT_INTENT_STATUSES } from '../types/payment-intent.js';
import { SETUP_INTENT_STATUSES } from '../types/setup-intent.js';
import type { IntentModel } from './intent-models.js';
import { findingSubject, SETUP_INTENT_MODEL } from './intent-models.js';
import type { EventFinding, EventIssueCode, EventNoteCode, TimelineEntry } from './validation-report.js';

/** A SetupIntent or PaymentIntent event as the validator keeps it. */
export interface ObservedEvent {
  readonly id: string;
  readonly type: string;
  readonly created: number;
  /** The snapshot (`data.object`). */
  readonly snapshot: Readonly<Record<string, unknown>>;
  /** Position in the log, for stable ordering. */
  readonly arrival: number;
}

/** Stands for a `next_action` or `last_setup_error` object: the checks only ask whether there is one. */
const PRESENT: Readonly<Record<string, never>> = Object.freeze({});
const STATUS_NAMES: ReadonlyMap<string, string> = new Map([...SETUP_INTENT_STATUSES, ...PAYMENT_INTENT_STATUSES].map((status) => [status, status]));

const presence = (value: unknown): unknown => (value !== null && typeof value === 'object' ? PRESENT : value);
/** The earlier string when equal, so an intent's events share one copy. */
const shared = (value: unknown, earlier: unknown): unknown => (typeof value === 'string' && value === earlier ? earlier : value);

/**
 * What the judgement reads of a snapshot (every `snapshot[...]` below), for a validator to keep
 * instead of the whole `data.object`: equal values compare and print the same, but statuses and the
 * strings of the same intent are shared (`earlier` is a kept snapshot of it), and `next_action`,
 * `last_setup_error` and `last_payment_error` objects become one marker object. A check that reads
 * another field, or inside those objects, must change this too.
 */
export function judgedSnapshot(snapshot: Readonly<Record<string, unknown>>, earlier?: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  const status = snapshot['status'];
  const kept: Record<string, unknown> = {
    id: shared(snapshot['id'], earlier?.['id']),
    status: typeof status === 'string' ? (STATUS_NAMES.get(status) ?? status) : status,
    created: snapshot['created'],
    client_secret: shared(snapshot['client_secret'], earlier?.['client_secret']),
    livemode: snapshot['livemode'],
    next_action: presence(snapshot['next_action']),
    last_setup_error: presence(snapshot['last_setup_error']),
    cancellation_reason: snapshot['cancellation_reason'],
  };
  if (snapshot['object'] === 'payment_intent') kept['last_payment_error'] = presence(snapshot['last_payment_error']);
  return kept;
}

/** Where a judgement puts its findings. */
export interface FindingSink {
  readonly issue: (finding: EventFinding<EventIssueCode>) => void;
  readonly note: (finding: EventFinding<EventNoteCode>) => void;
}

/** The path state between events: the status the last event implies, or nothing seen yet. */
interface PathState {
  readonly status: string | null;
  readonly final: boolean;
}

const START: PathState = { status: null, final: false };

/** The status an event of this type stands for (the type is trusted over a corrupted snapshot). */
function impliedStatus(model: IntentModel, type: string, snapshotStatus: unknown): string {
  const { createdType: created, createdStatuses: CREATED_STATUSES, initialStatus: INITIAL_STATUS, expectedStatuses: EXPECTED_STATUSES } = model;
  if (type === created) {
    // A create may already show where silent steps took it (a payment method given, a confirmation
    // that went to `processing`), which limits what follows; anything else counts as the start.
    return typeof snapshotStatus === 'string' && CREATED_STATUSES.has(snapshotStatus) ? snapshotStatus : INITIAL_STATUS;
  }
  // The type is trusted: the snapshot's status when the type allows it, else the only one it allows.
  const allowed = EXPECTED_STATUSES.get(type) ?? new Set<string>();
  return typeof snapshotStatus === 'string' && allowed.has(snapshotStatus) ? snapshotStatus : ([...allowed][0] ?? INITIAL_STATUS);
}

/** One step along the path: the next state and the path problem, if any. */
function step(model: IntentModel, state: PathState, event: ObservedEvent): { readonly state: PathState; readonly problem: EventIssueCode | 'mid_way' | null } {
  if (!model.types.has(event.type)) {
    return { state, problem: null };
  }
  const type = event.type;
  const status = impliedStatus(model, type, event.snapshot['status']);
  const next: PathState = { status, final: model.finalStatuses.has(status) };
  if (state.final) {
    return { state, problem: 'event_after_final' };
  }
  if (type === model.createdType) {
    return state.status === null ? { state: next, problem: null } : { state, problem: 'created_not_first' };
  }
  if (state.status === null) {
    return { state: next, problem: 'mid_way' };
  }
  return { state: next, problem: model.canFollow(state.status, type, status) ? null : 'impossible_transition' };
}

function pathCost(model: IntentModel, state: PathState, events: readonly ObservedEvent[]): { readonly cost: number; readonly state: PathState } {
  let cost = 0;
  let current = state;
  for (const event of events) {
    const result = step(model, current, event);
    if (result.problem !== null && result.problem !== 'mid_way') {
      cost++;
    }
    current = result.state;
  }
  return { cost, state: current };
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) {
    return [[...items]];
  }
  const out: T[][] = [];
  items.forEach((item, i) => {
    for (const rest of permutations([...items.slice(0, i), ...items.slice(i + 1)])) {
      out.push([item, ...rest]);
    }
  });
  return out;
}

const MAX_PERMUTED_GROUP = 6;

/** For a large same-second group: repeatedly take the earliest-arrived event that fits the path. */
function greedyOrder(model: IntentModel, start: PathState, group: readonly ObservedEvent[]): ObservedEvent[] {
  const left = [...group];
  const out: ObservedEvent[] = [];
  let state = start;
  while (left.length > 0) {
    let index = left.findIndex((event) => {
      const problem = step(model, state, event).problem;
      return problem === null || problem === 'mid_way';
    });
    if (index < 0) index = 0;
    const [event] = left.splice(index, 1);
    if (event === undefined) break;
    out.push(event);
    state = step(model, state, event).state;
  }
  return out;
}

/**
 * The order to judge: by `created`, and within each second the order (arrival order first)
 * that makes the fewest path problems. Stripe does not guarantee delivery order (spec §6.3).
 */
function orderByCreated(model: IntentModel, events: readonly ObservedEvent[]): ObservedEvent[] {
  const sorted = [...events].sort((a, b) => a.created - b.created || a.arrival - b.arrival);
  const out: ObservedEvent[] = [];
  let state = START;
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && sorted[j]?.created === sorted[i]?.created) {
      j++;
    }
    const group = sorted.slice(i, j);
    let best = group;
    let bestRun = pathCost(model, state, group);
    if (group.length > 1 && bestRun.cost > 0) {
      for (const candidate of group.length <= MAX_PERMUTED_GROUP ? permutations(group) : [greedyOrder(model, state, group)]) {
        const run = pathCost(model, state, candidate);
        if (run.cost < bestRun.cost) {
          best = candidate;
          bestRun = run;
        }
      }
    }
    out.push(...best);
    state = bestRun.state;
    i = j;
  }
  return out;
}

function checkSnapshot(model: IntentModel, event: ObservedEvent, intent: string, sink: FindingSink): EventIssueCode[] {
  const found: EventIssueCode[] = [];
  const subject = findingSubject(model, intent);
  const issue = (code: EventIssueCode, message: string): void => {
    found.push(code);
    sink.issue({ code, message, event_id: event.id, ...subject });
  };
  const { snapshot } = event;
  const status = snapshot['status'];
  if (event.type === model.createdType) {
    if (status === 'canceled' || status === 'succeeded' || typeof status !== 'string') {
      if (status !== 'succeeded') {
        issue('type_status_mismatch', `${event.type} shows status ${String(status)}; a new ${model.name} cannot be ${String(status)}.`);
      } else {
        sink.note({ code: 'created_after_confirmation', message: `${event.type} already shows status ${status} (created with confirm=true).`, event_id: event.id, ...subject });
      }
    } else if (status !== 'requires_payment_method' && status !== 'requires_confirmation') {
      sink.note({ code: 'created_after_confirmation', message: `${event.type} already shows status ${status} (created with confirm=true).`, event_id: event.id, ...subject });
    }
    return found;
  }
  const expected = model.expectedStatuses.get(event.type) ?? new Set<string>();
  if (typeof status !== 'string' || !expected.has(status)) {
    issue('type_status_mismatch', `${event.type} must show status ${[...expected].join(' or ')}, but shows ${String(status)}.`);
  }
  if (event.type === model.requiresActionType && (snapshot['next_action'] === null || typeof snapshot['next_action'] !== 'object')) {
    issue('missing_next_action', `${event.type} shows no next_action.`);
  }
  if (event.type === model.failedType && (snapshot[model.errorField] === null || typeof snapshot[model.errorField] !== 'object')) {
    issue(model.missingErrorCode, `${event.type} shows no ${model.errorField}.`);
  }
  if (event.type === model.canceledType && !model.cancellationReasons.has(snapshot['cancellation_reason'] ?? null)) {
    issue('invalid_cancellation_reason', `${event.type} shows cancellation_reason ${JSON.stringify(snapshot['cancellation_reason'])}.`);
  }
  return found;
}

const IMMUTABLE_FIELDS = ['created', 'client_secret', 'livemode'] as const;

/**
 * Judges one SetupIntent's events: each snapshot against its type, the fields that never change,
 * and the sequence against the statechart (unobserved silent steps allowed between events, nothing
 * after a final event). Returns the timeline in the order judged.
 */
export function judgeIntent(
  intent: string,
  events: readonly ObservedEvent[],
  strictOrder: boolean,
  sink: FindingSink,
  model: IntentModel = SETUP_INTENT_MODEL,
): TimelineEntry[] {
  const subject = findingSubject(model, intent);
  const ordered = strictOrder ? [...events].sort((a, b) => a.arrival - b.arrival) : orderByCreated(model, events);
  if (!strictOrder && ordered.some((event, i) => i > 0 && event.arrival < (ordered[i - 1]?.arrival ?? 0) && event.created === ordered[i - 1]?.created)) {
    sink.note({ code: 'reordered_within_second', message: 'Events of the same second were judged in the order that makes a legal path.', event_id: null, ...subject });
  }
  const timeline: TimelineEntry[] = [];
  let state = START;
  let first: Readonly<Record<string, unknown>> | null = null;
  for (const event of ordered) {
    const blamed: EventIssueCode[] = [];
    const issue = (code: EventIssueCode, message: string): void => {
      blamed.push(code);
      sink.issue({ code, message, event_id: event.id, ...subject });
    };
    if (!model.types.has(event.type)) {
      issue('unknown_event_type', `${event.type} is not a ${model.name} event type (${model.unknownTypeHint}).`);
      timeline.push({ event_id: event.id, type: event.type, status: String(event.snapshot['status']), created: event.created, issues: blamed });
      continue;
    }
    blamed.push(...checkSnapshot(model, event, intent, sink));
    if (first === null) {
      first = event.snapshot;
    } else {
      for (const field of IMMUTABLE_FIELDS) {
        if (event.snapshot[field] !== first[field]) {
          issue('immutable_field_changed', `${field} changed from ${JSON.stringify(first[field])} to ${JSON.stringify(event.snapshot[field])}.`);
        }
      }
    }
    const before = state;
    const result = step(model, state, event);
    switch (result.problem) {
      case 'mid_way':
        sink.note({ code: 'history_starts_mid_way', message: `The first event is ${event.type}, not ${model.createdType}.`, event_id: event.id, ...subject });
        break;
      case 'event_after_final':
        issue('event_after_final', `${event.type} comes after the ${model.name} ${before.status === 'canceled' ? 'was canceled' : 'succeeded'}; nothing follows a final status.`);
        break;
      case 'created_not_first':
        issue('created_not_first', `${event.type} comes after other events of the ${model.name}.`);
        break;
      case 'impossible_transition':
        issue('impossible_transition', `${event.type} cannot follow status ${String(before.status)}: no path of the statechart leads there.`);
        break;
      default:
        break;
    }
    state = result.state;
    timeline.push({ event_id: event.id, type: event.type, status: String(event.snapshot['status']), created: event.created, issues: blamed });
  }
  return timeline;
}
