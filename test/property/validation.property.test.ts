// The validator against logs the operations really emit: random sequences of calls, with time
// passing between them (often not at all, so many events share a second). Every emitted log is a
// possible history, however it is delivered; a single corruption is reported at the event at fault.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateEventSequence, validateEventStream } from '../../src/index.js';
import type { ValidationReport } from '../../src/index.js';
import type { OperationSequence, Step, StepOf } from '../support/arbitraries.js';
import { confirmStepArb, operationSequenceArb, stepArb } from '../support/arbitraries.js';
import type { LogEvent } from '../support/event-log.js';
import { copyEvents, streamOf } from '../support/event-log.js';
import { applyStep, createRunContext, isCreateStep } from '../support/run-sequence.js';

/** A sequence of calls and the seconds that pass before each. */
interface TimedSequence {
  readonly sequence: OperationSequence;
  readonly gaps: readonly number[];
}

/** What a run emitted, and each SetupIntent's status right after the call that created it. */
interface Emitted {
  readonly events: LogEvent[];
  readonly statusAfterCreate: ReadonlyMap<string, string>;
}

/** Seconds between calls: mostly none or a few, sometimes an hour or so. */
function gapArb(min: 0 | 1): fc.Arbitrary<number> {
  return fc.oneof(
    { arbitrary: fc.constant(min), weight: 3 },
    { arbitrary: fc.integer({ min: 1, max: 5 }), weight: 2 },
    { arbitrary: fc.integer({ min: 60, max: 4000 }), weight: 1 },
  );
}

function timed(sequenceArb: fc.Arbitrary<OperationSequence>, minGap: 0 | 1): fc.Arbitrary<TimedSequence> {
  return sequenceArb.chain((sequence) =>
    fc.array(gapArb(minGap), { minLength: sequence.steps.length, maxLength: sequence.steps.length }).map((gaps) => ({ sequence, gaps })),
  );
}

/**
 * Runs the calls on a fresh store like `runSequence` (each call acts on the latest SetupIntent),
 * moving the clock by each gap first.
 */
function runTimed({ sequence, gaps }: TimedSequence): Emitted {
  const context = createRunContext({ seed: sequence.seed, behavior: { confirmationFailureLimit: sequence.confirmationFailureLimit } });
  const statusAfterCreate = new Map<string, string>();
  let current: string | null = null;
  sequence.steps.forEach((step, index) => {
    context.clock.now += gaps[index] ?? 0;
    const creates = isCreateStep(step);
    const record = creates || current === null ? null : (context.store.record(current) ?? null);
    if (!creates && record === null) {
      return;
    }
    const { result } = applyStep(context, record, step);
    if (creates && result.kind !== 'refused') {
      current = result.record.intent.id;
      statusAfterCreate.set(current, result.record.intent.status);
    }
  });
  return { events: copyEvents(context.store.events), statusAfterCreate };
}

const isIntentEvent = (event: LogEvent): boolean => event.type.startsWith('setup_intent.');
const intentOf = (event: LogEvent): string => String(event.data.object['id']);

/** Each SetupIntent's events, in log order. */
function histories(events: readonly LogEvent[]): Map<string, LogEvent[]> {
  const byIntent = new Map<string, LogEvent[]>();
  for (const event of events.filter(isIntentEvent)) {
    const list = byIntent.get(intentOf(event)) ?? [];
    list.push(event);
    byIntent.set(intentOf(event), list);
  }
  return byIntent;
}

/** A small deterministic generator, so a shrunk counterexample replays the same order. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The log with the events of each second shuffled among themselves (the seconds stay in order). */
function shuffleWithinSeconds(events: readonly LogEvent[], seed: number): LogEvent[] {
  const next = random(seed);
  const out: LogEvent[] = [];
  for (let i = 0; i < events.length; ) {
    let j = i + 1;
    while (j < events.length && events[j]?.created === events[i]?.created) j++;
    const group = events.slice(i, j);
    for (let k = group.length - 1; k > 0; k--) {
      const pick = Math.floor(next() * (k + 1));
      [group[k], group[pick]] = [group[pick] as LogEvent, group[k] as LogEvent];
    }
    out.push(...group);
    i = j;
  }
  return out;
}

/** The log with some deliveries repeated later on (retries come after the first delivery). */
function redeliver(events: readonly LogEvent[], seed: number, count: number): { readonly log: LogEvent[]; readonly repeated: LogEvent[] } {
  const next = random(seed);
  const log = [...events];
  const repeated: LogEvent[] = [];
  for (let n = 0; n < count && events.length > 0; n++) {
    const original = events[Math.floor(next() * events.length)] as LogEvent;
    const from = log.indexOf(original) + 1;
    log.splice(from + Math.floor(next() * (log.length - from + 1)), 0, structuredClone(original));
    repeated.push(original);
  }
  return { log, repeated };
}

function issuesOf(report: ValidationReport): [string, string | null, string | null][] {
  return report.issues.map((issue) => [issue.code, issue.event_id, issue.setup_intent]);
}

function sorted(values: readonly (string | null)[]): (string | null)[] {
  return [...values].sort();
}

/** What a clean report of `events` must count. */
function expectCleanStats(report: ValidationReport, events: readonly LogEvent[], duplicates: number): void {
  const byType: Record<string, number> = {};
  for (const event of events) byType[event.type] = (byType[event.type] ?? 0) + 1;
  expect(report.stats).toEqual({
    events: events.length,
    unique_events: events.length - duplicates,
    duplicates,
    setup_intents: new Set(events.filter(isIntentEvent).map(intentOf)).size,
    setup_intents_with_issues: 0,
    unchecked_events: 0,
    notes_omitted: 0,
    by_type: byType,
  });
}

describe('logs the operations emit', () => {
  it('validate as emitted, in arrival order too, with no findings at all', () => {
    fc.assert(
      fc.property(timed(operationSequenceArb, 0), (run) => {
        const { events } = runTimed(run);
        // The clock only moves forward, so the log is in order of `created`.
        expect(events.every((event, i) => i === 0 || event.created >= (events[i - 1]?.created ?? 0))).toBe(true);
        for (const report of [validateEventSequence(events), validateEventSequence(events, { strictOrder: true })]) {
          expect(report.issues).toEqual([]);
          expect(report.notes).toEqual([]);
          expect(report.valid).toBe(true);
          expectCleanStats(report, events, 0);
        }
      }),
    );
  });

  it('stay valid when the events of a second are shuffled and deliveries repeated, as a whole or streamed', async () => {
    await fc.assert(
      fc.asyncProperty(
        timed(operationSequenceArb, 0),
        fc.integer(),
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom(0, 1, 3600),
        async (run, seed, redeliveries, window) => {
          const { events } = runTimed(run);
          const shuffled = shuffleWithinSeconds(events, seed);
          const { log, repeated } = redeliver(shuffled, seed ^ 0x5bd1e995, redeliveries);
          const whole = validateEventSequence(log);
          const streamed = await validateEventStream(streamOf(log), { reorderWindowSeconds: window });
          for (const report of [whole, streamed]) {
            expect(report.issues).toEqual([]);
            expect(report.valid).toBe(true);
            // Every redelivery is recognised, whatever the event's type.
            expectCleanStats(report, log, repeated.length);
            const duplicateNotes = report.notes.filter((note) => note.code === 'duplicate_delivery');
            expect(sorted(duplicateNotes.map((note) => note.event_id))).toEqual(sorted(repeated.map((event) => event.id)));
            expect(report.notes.every((note) => note.code === 'duplicate_delivery' || note.code === 'reordered_within_second')).toBe(true);
          }
          // Only SetupIntents whose events had to be put back in order are noted, each once.
          const reordered = whole.notes.filter((note) => note.code === 'reordered_within_second').map((note) => note.setup_intent);
          expect(new Set(reordered).size).toBe(reordered.length);
        },
      ),
    );
  });
});

const STATUS_OF_TYPE: Readonly<Record<string, string>> = {
  'setup_intent.requires_action': 'requires_action',
  'setup_intent.setup_failed': 'requires_payment_method',
  'setup_intent.succeeded': 'succeeded',
  'setup_intent.canceled': 'canceled',
};

/** The status an event's snapshot stands for: a `created` shows its own, the others their type's. */
function shownStatus(event: LogEvent): string {
  return event.type === 'setup_intent.created' ? String(event.data.object['status']) : (STATUS_OF_TYPE[event.type] ?? 'unknown');
}

/**
 * Whether an event of `type` can come next after an event showing `status`, reasoning on Stripe's
 * statuses alone: updates and confirmations that only process send nothing, so from
 * requires_payment_method, requires_confirmation or requires_action any confirmation outcome or a
 * cancellation may follow; a processing SetupIntent can only succeed or fail (it can neither be
 * canceled nor ask for an action); nothing follows succeeded or canceled.
 */
function canComeNext(status: string, type: string): boolean {
  switch (status) {
    case 'requires_payment_method':
    case 'requires_confirmation':
    case 'requires_action':
      return type in STATUS_OF_TYPE;
    case 'processing':
      return type === 'setup_intent.succeeded' || type === 'setup_intent.setup_failed';
    default:
      return false;
  }
}

/**
 * Live Stripe may render a create-and-confirm's `created` snapshot after the confirmation: the
 * log with those snapshots showing `processing`, the one status that limits what comes next.
 */
function withCreatedAfterConfirmation({ events, statusAfterCreate }: Emitted): LogEvent[] {
  return events.map((event) => {
    if (event.type === 'setup_intent.created' && statusAfterCreate.get(intentOf(event)) === 'processing') {
      const copy = structuredClone(event);
      copy.data.object['status'] = 'processing';
      return copy;
    }
    return event;
  });
}

/**
 * A sequence that surely leaves a gap the statechart cannot bridge once a middle event is lost:
 * a create-and-confirm that processes, its failure, a 3D Secure confirmation (`requires_action`),
 * then anything. Without the failure, `requires_action` would follow `processing`.
 */
const processingThenActionArb: fc.Arbitrary<OperationSequence> = fc
  .record({
    seed: fc.integer({ min: 1, max: 0x7fffffff }),
    customer: fc.boolean(),
    confirm: confirmStepArb,
    rest: fc.array(stepArb, { maxLength: 8 }),
  })
  .map(({ seed, customer, confirm, rest }) => {
    const create: StepOf<'create'> = {
      kind: 'create',
      paymentMethod: { kind: 'alias', alias: 'pm_usBankAccount_processingFails' },
      confirm: true,
      mandateData: true,
      returnUrl: true,
      paymentMethodTypes: 'explicit',
      customer,
      metadata: null,
    };
    const steps: Step[] = [
      create,
      { kind: 'settle_processing', outcome: 'failed' },
      { ...confirm, paymentMethod: { kind: 'alias', alias: 'pm_card_threeDSecure2Required' } },
      ...rest,
    ];
    return { seed, confirmationFailureLimit: null, steps };
  });

describe('a single corruption', () => {
  it('dropping a middle event is flagged, at the next event, exactly when no path of statuses bridges the gap', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          timed(operationSequenceArb, 1).map((run) => ({ run, surelyBroken: false })),
          timed(processingThenActionArb, 1).map((run) => ({ run, surelyBroken: true })),
        ),
        ({ run, surelyBroken }) => {
          const log = withCreatedAfterConfirmation(runTimed(run));
          expect(validateEventSequence(log).issues).toEqual([]);
          let broken = 0;
          for (const [intent, history] of histories(log)) {
            for (let i = 1; i < history.length - 1; i++) {
              const [before, dropped, after] = [history[i - 1] as LogEvent, history[i] as LogEvent, history[i + 1] as LogEvent];
              const report = validateEventSequence(log.filter((event) => event !== dropped));
              if (canComeNext(shownStatus(before), after.type)) {
                expect(report.issues, `${dropped.type} dropped`).toEqual([]);
              } else {
                broken++;
                expect(issuesOf(report), `${dropped.type} dropped between ${before.type} and ${after.type}`).toEqual([['impossible_transition', after.id, intent]]);
              }
            }
          }
          if (surelyBroken) {
            expect(broken).toBeGreaterThan(0);
          }
        },
      ),
    );
  });

  it('a snapshot status that disagrees with its type is flagged at that event', () => {
    const statuses = ['requires_payment_method', 'requires_confirmation', 'requires_action', 'processing', 'succeeded', 'canceled'];
    fc.assert(
      fc.property(timed(operationSequenceArb, 0), fc.nat(), fc.nat(), (run, pick, statusPick) => {
        const log = runTimed(run).events;
        const candidates = log.filter(isIntentEvent);
        fc.pre(candidates.length > 0);
        const culprit = candidates[pick % candidates.length] as LogEvent;
        // A new SetupIntent may show any status but canceled (later ones are notes), so canceled it is.
        const wrong = culprit.type === 'setup_intent.created' ? ['canceled'] : statuses.filter((status) => status !== STATUS_OF_TYPE[culprit.type]);
        culprit.data.object['status'] = wrong[statusPick % wrong.length];
        const report = validateEventSequence(log);
        expect(report.valid).toBe(false);
        expect(issuesOf(report)).toEqual([['type_status_mismatch', culprit.id, intentOf(culprit)]]);
      }),
    );
  });

  it('an event moved a second past its SetupIntent\'s final event is flagged as after the final one', () => {
    fc.assert(
      fc.property(timed(operationSequenceArb, 0), fc.nat(), (run, pick) => {
        const log = runTimed(run).events;
        const finished = [...histories(log).values()].filter((history) => history.some((event) => event.type === 'setup_intent.succeeded' || event.type === 'setup_intent.canceled') && history.length > 1);
        fc.pre(finished.length > 0);
        const history = finished[pick % finished.length] as LogEvent[];
        const final = history[history.length - 1] as LogEvent;
        expect(['setup_intent.succeeded', 'setup_intent.canceled']).toContain(final.type);
        const others = history.slice(0, -1);
        const moved = others[Math.floor(pick / finished.length) % others.length] as LogEvent;
        moved.created = final.created + 1;
        const report = validateEventSequence(log);
        expect(report.valid).toBe(false);
        expect(issuesOf(report)).toEqual([['event_after_final', moved.id, intentOf(moved)]]);
      }),
    );
  });

  it('a changed immutable field is flagged at the event that changed it', () => {
    fc.assert(
      fc.property(timed(operationSequenceArb, 0), fc.nat(), fc.constantFrom('client_secret', 'livemode', 'created'), (run, pick, field) => {
        const log = runTimed(run).events;
        // An event of a later second than the SetupIntent's first is never judged first.
        const candidates = [...histories(log).values()].flatMap((history) => history.filter((event) => event.created > (history[0]?.created ?? Infinity)));
        fc.pre(candidates.length > 0);
        const culprit = candidates[pick % candidates.length] as LogEvent;
        const value = culprit.data.object[field];
        culprit.data.object[field] = field === 'livemode' ? value !== true : field === 'created' ? Number(value) - 1 : `${String(value)}_changed`;
        const report = validateEventSequence(log);
        expect(report.valid).toBe(false);
        expect(issuesOf(report)).toEqual([['immutable_field_changed', culprit.id, intentOf(culprit)]]);
      }),
    );
  });
});
