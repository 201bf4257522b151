// Event invariants over arbitrary operation sequences (spec §6): every snapshot agrees with its
// event type, an intent's log ends at its first terminal event, refusals carry no events, and the
// events of each step are exactly the ones its change of state calls for.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { API_VERSION } from '../../src/index.js';
import type {
  PaymentMethod,
  SetupAttempt,
  SetupIntent,
  SetupIntentEvent,
  SetupIntentRecord,
  SetupIntentStatus,
  StripeEvent,
  StripeEventType,
} from '../../src/index.js';
import { operationSequenceArb } from '../support/arbitraries.js';
import type { StepKind } from '../support/arbitraries.js';
import type { TraceEntry } from '../support/run-sequence.js';
import { entriesByIntent, isCreateStep, runSequence } from '../support/run-sequence.js';

const TERMINAL: ReadonlySet<StripeEventType> = new Set(['setup_intent.succeeded', 'setup_intent.canceled']);

/** Steps Stripe takes on its own: their events carry a null request. */
const STRIPE_SIDE_STEPS: ReadonlySet<StepKind> = new Set(['complete_action', 'expire_attempt', 'settle_processing', 'advance_time']);

function isSetupIntentEvent(event: StripeEvent): event is SetupIntentEvent {
  return event.type.startsWith('setup_intent.');
}

/** The events a step's result carried; none for a refusal or a step that was not run. */
function eventsOf(entry: TraceEntry): readonly StripeEvent[] {
  const result = entry.result;
  return result === null || result.kind === 'refused' ? [] : result.events;
}

/** The PaymentMethods a serialized store held (see `storeDigest`: the second entry list). */
function paymentMethodsIn(digest: string): ReadonlyMap<string, PaymentMethod> {
  const [, paymentMethods] = JSON.parse(digest) as [unknown, [string, PaymentMethod][]];
  return new Map(paymentMethods);
}

/** The state a step starts from, as far as events are concerned. */
interface StateBefore {
  readonly status: SetupIntentStatus;
  readonly attempt: Pick<SetupAttempt, 'id' | 'status'> | null;
}

/**
 * The state before a step: the record it received, or for a create the SetupIntent as a plain
 * create makes it (no attempt yet), since a create with `confirm` confirms that one.
 */
function stateBefore(entry: TraceEntry): StateBefore {
  if (entry.before === null) {
    return { status: 'requires_payment_method', attempt: null };
  }
  return { status: entry.before.intent.status, attempt: entry.before.latestAttempt };
}

/**
 * The event types a step must emit, derived from the states before and after it (spec §6.1, T1-T18):
 * entering `canceled` → canceled; entering `succeeded` → payment_method.attached (when the
 * SetupIntent has a customer the payment method was not attached to before) then succeeded; a new
 * attempt waiting in `requires_action` → requires_action; an attempt newly failed back to
 * `requires_payment_method` → setup_failed; anything else (updates, processing, mismatches, time
 * passing without effect) → nothing. A create adds `setup_intent.created` in front.
 */
function expectedTypes(entry: TraceEntry, after: SetupIntentRecord): StripeEventType[] {
  const before = stateBefore(entry);
  const created: StripeEventType[] = isCreateStep(entry.step) ? ['setup_intent.created'] : [];
  const status = after.intent.status;
  const attempt = after.latestAttempt;
  const outcome = ((): StripeEventType[] => {
    if (status === before.status && (status === 'succeeded' || status === 'canceled')) {
      return [];
    }
    switch (status) {
      case 'canceled':
        return ['setup_intent.canceled'];
      case 'succeeded': {
        const pmId = after.intent.payment_method;
        // A payment method the store did not hold before the step was created by it, unattached.
        const customerBefore = pmId === null ? null : (paymentMethodsIn(entry.storeBefore).get(pmId)?.customer ?? null);
        const attaches = after.intent.customer !== null && customerBefore === null;
        return attaches ? ['payment_method.attached', 'setup_intent.succeeded'] : ['setup_intent.succeeded'];
      }
      case 'requires_action':
        return before.status !== 'requires_action' || attempt?.id !== before.attempt?.id ? ['setup_intent.requires_action'] : [];
      case 'requires_payment_method': {
        const newlyFailed =
          attempt !== null && attempt.status === 'failed' && (attempt.id !== before.attempt?.id || before.attempt.status !== 'failed');
        return newlyFailed ? ['setup_intent.setup_failed'] : [];
      }
      case 'requires_confirmation':
      case 'processing':
        return [];
    }
  })();
  return [...created, ...outcome];
}

/** What each event type says about its snapshot (spec §6.1, §6.3). */
function expectSnapshotAgrees(event: SetupIntentEvent): void {
  const intent: SetupIntent = event.data.object;
  const where = `${event.type} (${intent.id})`;
  expect(intent.object, where).toBe('setup_intent');
  switch (event.type) {
    case 'setup_intent.created':
      expect(['requires_payment_method', 'requires_confirmation'], where).toContain(intent.status);
      expect(intent.next_action, where).toBeNull();
      expect(intent.last_setup_error, where).toBeNull();
      expect(intent.latest_attempt, where).toBeNull();
      break;
    case 'setup_intent.requires_action':
      expect(intent.status, where).toBe('requires_action');
      expect(intent.next_action, where).not.toBeNull();
      break;
    case 'setup_intent.setup_failed':
      expect(intent.status, where).toBe('requires_payment_method');
      expect(intent.last_setup_error, where).not.toBeNull();
      expect(intent.next_action, where).toBeNull();
      expect(intent.payment_method, where).toBeNull();
      break;
    case 'setup_intent.succeeded':
      expect(intent.status, where).toBe('succeeded');
      expect(intent.next_action, where).toBeNull();
      expect(intent.last_setup_error, where).toBeNull();
      expect(intent.payment_method, where).not.toBeNull();
      break;
    case 'setup_intent.canceled':
      expect(intent.status, where).toBe('canceled');
      expect(intent.next_action, where).toBeNull();
      break;
  }
}

describe('emitted events', () => {
  it('(a) every SetupIntent event’s snapshot agrees with its type, and names the SetupIntent the step acted on', () => {
    fc.assert(
      fc.property(operationSequenceArb, (sequence) => {
        const { trace } = runSequence(sequence);
        for (const entry of trace) {
          const events = eventsOf(entry);
          for (const [index, event] of events.entries()) {
            if (isSetupIntentEvent(event)) {
              expectSnapshotAgrees(event);
              expect(event.data.object.id).toBe(entry.intentId);
            } else if (event.type === 'payment_method.attached') {
              // An attachment is reported right before the success that caused it, to that success's customer.
              const next = events[index + 1];
              expect(next?.type).toBe('setup_intent.succeeded');
              const intent = next?.data.object as SetupIntent;
              expect(event.data.object.customer).not.toBeNull();
              expect(event.data.object.customer).toBe(intent.customer);
              expect(event.data.object.id).toBe(intent.payment_method);
            }
          }
        }
      }),
    );
  });

  it('(b) the log of one SetupIntent starts with created and ends at its first terminal event', () => {
    fc.assert(
      fc.property(operationSequenceArb, (sequence) => {
        const { trace, context } = runSequence(sequence);
        // The store's log is every result's events, in order.
        expect(context.store.events).toStrictEqual(trace.flatMap((entry) => [...eventsOf(entry)]));
        for (const [id, entries] of entriesByIntent(trace)) {
          const log = entries.flatMap((entry) => [...eventsOf(entry)]);
          const types = log.map((event) => event.type);
          expect(types[0], id).toBe('setup_intent.created');
          expect(types.filter((type) => type === 'setup_intent.created'), id).toHaveLength(1);
          const terminals = types.filter((type) => TERMINAL.has(type));
          expect(terminals.length, `${id}: ${types.join(', ')}`).toBeLessThanOrEqual(1);
          const terminal = types.findIndex((type) => TERMINAL.has(type));
          if (terminal !== -1) {
            expect(terminal, `${id}: ${types.join(', ')}`).toBe(types.length - 1);
          }
          // The same holds in the store's global log, read by the snapshot's id.
          const fromStore = context.store.events.filter((event) => isSetupIntentEvent(event) && event.data.object.id === id);
          expect(fromStore).toStrictEqual(log.filter(isSetupIntentEvent));
        }
      }),
    );
  });

  it('(c) refused results never carry events', () => {
    fc.assert(
      fc.property(operationSequenceArb, (sequence) => {
        const { trace } = runSequence(sequence);
        for (const entry of trace) {
          if (entry.result?.kind === 'refused') {
            expect(entry.result).not.toHaveProperty('events');
            expect(Object.keys(entry.result).sort()).toStrictEqual(['error', 'kind']);
          }
        }
      }),
    );
  });

  it('(d) each step emits exactly the events its change of state calls for, with the snapshots of that moment', () => {
    fc.assert(
      fc.property(operationSequenceArb, (sequence) => {
        const { trace } = runSequence(sequence);
        for (const entry of trace) {
          const result = entry.result;
          if (result === null || result.kind === 'refused') {
            continue;
          }
          const after = result.record;
          const label = `${entry.before?.intent.status ?? 'new'} -${entry.step.kind}-> ${after.intent.status}`;
          expect(result.events.map((event) => event.type), label).toStrictEqual(expectedTypes(entry, after));

          const creates = isCreateStep(entry.step);
          const outcome = creates ? result.events.slice(1) : result.events;
          const last = outcome.at(-1);
          if (last !== undefined && isSetupIntentEvent(last)) {
            // The outcome's snapshot is the SetupIntent as the step left it.
            expect(last.data.object, label).toStrictEqual(after.intent);
          }
          const first = result.events[0];
          if (creates && first?.type === 'setup_intent.created') {
            if (entry.step.kind === 'create' && entry.step.confirm) {
              // create+confirm: the created snapshot is the SetupIntent before the confirmation.
              const { data } = first;
              expect(data.object.status, label).toBe('requires_payment_method');
              expect(data.object.payment_method, label).toBeNull();
              for (const key of ['id', 'client_secret', 'created', 'customer', 'metadata', 'usage', 'description', 'payment_method_types'] as const) {
                expect(data.object[key], `${label}: ${key}`).toStrictEqual(after.intent[key]);
              }
            } else {
              expect(first.data.object, label).toStrictEqual(after.intent);
            }
          }
          for (const event of result.events) {
            if (event.type === 'payment_method.attached') {
              expect(event.data.object, label).toStrictEqual(paymentMethodsIn(entry.storeAfter).get(event.data.object.id));
            }
          }
        }
      }),
    );
  });

  it('every envelope is complete: unique evt_ ids, the clock, the API version, and the request that caused it', () => {
    fc.assert(
      fc.property(operationSequenceArb, (sequence) => {
        const { trace } = runSequence(sequence);
        const ids = new Set<string>();
        for (const entry of trace) {
          const events = eventsOf(entry);
          const stripeSide = STRIPE_SIDE_STEPS.has(entry.step.kind);
          for (const event of events) {
            expect(event.id).toMatch(/^evt_[0-9A-Za-z]{24}$/);
            expect(ids.has(event.id)).toBe(false);
            ids.add(event.id);
            expect(Object.keys(event).sort()).toStrictEqual(
              ['api_version', 'created', 'data', 'id', 'livemode', 'object', 'pending_webhooks', 'request', 'type'],
            );
            expect(Object.keys(event.data)).toStrictEqual(['object']);
            expect(event.object).toBe('event');
            expect(event.api_version).toBe(API_VERSION);
            expect(event.created).toBe(entry.now);
            expect(event.livemode).toBe(false);
            expect(event.pending_webhooks).toBe(0);
            if (stripeSide) {
              expect(event.request, entry.step.kind).toStrictEqual({ id: null, idempotency_key: null });
            } else {
              expect(event.request?.id, entry.step.kind).toMatch(/^req_[0-9A-Za-z]{24}$/);
              expect(event.request?.idempotency_key).toBeNull();
            }
          }
          // One call, one request.
          expect(new Set(events.map((event) => event.request?.id)).size).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});

// A fixed sample, independent of the property budget: this checks that the sequences exercise
// every event and every kind of step that emits one, so the properties above are not vacuous.
const SAMPLE_SIZE = 200;
const SAMPLE_SEED = 20260729;

describe('the sequences exercise the events', () => {
  it('every event type, from every kind of step that can emit it', () => {
    const seen = new Set<string>();
    let terminalThenMore = 0;
    for (const sequence of fc.sample(operationSequenceArb, { numRuns: SAMPLE_SIZE, seed: SAMPLE_SEED })) {
      const { trace } = runSequence(sequence);
      for (const entry of trace) {
        for (const event of eventsOf(entry)) {
          seen.add(`${entry.step.kind}: ${event.type}`);
        }
      }
      for (const entries of entriesByIntent(trace).values()) {
        const index = entries.findIndex((entry) => eventsOf(entry).some((event) => TERMINAL.has(event.type)));
        if (index !== -1 && entries.slice(index + 1).some((entry) => entry.result !== null)) {
          terminalThenMore++;
        }
      }
    }
    for (const expected of [
      'create: setup_intent.created',
      'create: setup_intent.requires_action',
      'create: setup_intent.setup_failed',
      'create: setup_intent.succeeded',
      'create: payment_method.attached',
      'confirm: setup_intent.requires_action',
      'confirm: setup_intent.setup_failed',
      'confirm: setup_intent.succeeded',
      'confirm: setup_intent.canceled',
      'confirm: payment_method.attached',
      'cancel: setup_intent.canceled',
      'verify_microdeposits: setup_intent.succeeded',
      'verify_microdeposits: setup_intent.setup_failed',
      'complete_action: setup_intent.succeeded',
      'complete_action: setup_intent.setup_failed',
      'expire_attempt: setup_intent.setup_failed',
      'settle_processing: setup_intent.succeeded',
      'settle_processing: setup_intent.setup_failed',
      'advance_time: setup_intent.setup_failed',
    ]) {
      expect(seen).toContain(expected);
    }
    // Steps keep coming after a terminal event, so "nothing follows it" is really tested.
    expect(terminalThenMore).toBeGreaterThan(SAMPLE_SIZE / 4);
  });
});
