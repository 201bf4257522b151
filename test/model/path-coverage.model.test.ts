// Path coverage: xstate/graph walks the statechart with concrete sample events; every state and
// every transition (state, event, guard, target) is reached, and every path is replayed through
// the reducers, whose statuses must follow the path step by step.
import { describe, expect, it } from 'vitest';
import type { SnapshotFrom } from 'xstate';
import { initialTransition, transition } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import type { SetupIntentMachineEvent, SetupIntentRecord } from '../../src/index.js';
import { SETUP_INTENT_STATUSES, editableWhenFinal, setupIntentMachine } from '../../src/index.js';
import type { ManualAccountNumber, PaymentMethodChoice, Step, TestAlias } from '../support/arbitraries.js';
import type { RunContext } from '../support/run-sequence.js';
import { applyStep, createRunContext } from '../support/run-sequence.js';

type MachineSnapshot = SnapshotFrom<typeof setupIntentMachine>;

/** One step of a path: the event, and the statechart's snapshot after it. */
interface PathStep {
  readonly event: SetupIntentMachineEvent;
  readonly state: MachineSnapshot;
}

/**
 * Concrete sample events, one per payload the guards distinguish. Confirmations always bring a
 * payment method, so every path can be replayed with a payment method whose behaviour fits.
 */
const SAMPLE_EVENTS: readonly SetupIntentMachineEvent[] = [
  { type: 'api.update', paymentMethod: 'set' },
  { type: 'api.update', paymentMethod: 'unset' },
  // The reducer step for an unchanged payment method is a metadata update: an annotation.
  { type: 'api.update', paymentMethod: 'unchanged', annotationsOnly: true },
  ...(['succeeded', 'processing', 'failed', 'failed_limit_reached'] as const).map((outcome) => ({ type: 'api.confirm' as const, hasPaymentMethod: true, outcome })),
  ...(['customer_action', 'microdeposits'] as const).map((action) => ({ type: 'api.confirm' as const, hasPaymentMethod: true, outcome: 'requires_action' as const, action })),
  { type: 'api.cancel' },
  ...(['verified', 'processing', 'mismatch', 'exhausted', 'timed_out', 'failed'] as const).map((outcome) => ({ type: 'api.verify_microdeposits' as const, outcome })),
  ...(['succeeded', 'processing', 'failed'] as const).map((outcome) => ({ type: 'stripe.action_succeeded' as const, outcome })),
  { type: 'stripe.action_failed' },
  { type: 'stripe.attempt_expired' },
  { type: 'stripe.processing_succeeded' },
  { type: 'stripe.processing_failed' },
  { type: 'stripe.microdeposits_failed' },
  { type: 'stripe.microdeposits_timed_out' },
];

/**
 * Every transition of the statechart as `source: event [guard] -> target`, spelled out so that a
 * change to the chart has to show up here. `succeeded` and `canceled` are final: no transitions
 * (a final state's `meta.editable` fields change without one).
 */
const EXPECTED_TRANSITIONS: readonly string[] = [
  'requires_payment_method: api.update [setsPaymentMethod] -> requires_confirmation',
  'requires_payment_method: api.update [keepsPaymentMethod] -> requires_payment_method',
  'requires_payment_method: api.update [unsetsPaymentMethod] -> requires_payment_method',
  'requires_payment_method: api.confirm [confirmSucceeds] -> succeeded',
  'requires_payment_method: api.confirm [confirmNeedsAction] -> requires_action',
  'requires_payment_method: api.confirm [confirmProcesses] -> processing',
  'requires_payment_method: api.confirm [confirmFails] -> requires_payment_method',
  'requires_payment_method: api.confirm [confirmFailsAtLimit] -> canceled',
  'requires_payment_method: api.cancel [-] -> canceled',
  'requires_confirmation: api.update [unsetsPaymentMethod] -> requires_payment_method',
  'requires_confirmation: api.update [setsPaymentMethod] -> requires_confirmation',
  'requires_confirmation: api.update [keepsPaymentMethod] -> requires_confirmation',
  'requires_confirmation: api.confirm [confirmSucceeds] -> succeeded',
  'requires_confirmation: api.confirm [confirmNeedsAction] -> requires_action',
  'requires_confirmation: api.confirm [confirmProcesses] -> processing',
  'requires_confirmation: api.confirm [confirmFails] -> requires_payment_method',
  'requires_confirmation: api.confirm [confirmFailsAtLimit] -> canceled',
  'requires_confirmation: api.cancel [-] -> canceled',
  'requires_action: api.update [setsPaymentMethod] -> requires_confirmation',
  'requires_action: api.update [unsetsPaymentMethod] -> requires_payment_method',
  'requires_action: api.update [keepsPaymentMethod] -> requires_action',
  'requires_action: api.confirm [confirmSucceeds] -> succeeded',
  'requires_action: api.confirm [confirmNeedsAction] -> requires_action',
  'requires_action: api.confirm [confirmProcesses] -> processing',
  'requires_action: api.confirm [confirmFails] -> requires_payment_method',
  'requires_action: api.confirm [confirmFailsAtLimit] -> canceled',
  'requires_action: api.cancel [-] -> canceled',
  'requires_action: api.verify_microdeposits [microdepositsVerified] -> succeeded',
  'requires_action: api.verify_microdeposits [microdepositsLeadToProcessing] -> processing',
  'requires_action: api.verify_microdeposits [microdepositsMismatched] -> requires_action',
  'requires_action: api.verify_microdeposits [microdepositsExhausted] -> requires_payment_method',
  'requires_action: api.verify_microdeposits [microdepositsTimedOutOnEntry] -> requires_payment_method',
  'requires_action: api.verify_microdeposits [microdepositsFailed] -> requires_payment_method',
  'requires_action: stripe.action_succeeded [actionLeadsToSuccess] -> succeeded',
  'requires_action: stripe.action_succeeded [actionLeadsToProcessing] -> processing',
  'requires_action: stripe.action_succeeded [actionLeadsToFailure] -> requires_payment_method',
  'requires_action: stripe.action_failed [awaitsCustomerAction] -> requires_payment_method',
  'requires_action: stripe.attempt_expired [-] -> requires_payment_method',
  'requires_action: stripe.microdeposits_failed [awaitsMicrodeposits] -> requires_payment_method',
  'requires_action: stripe.microdeposits_timed_out [awaitsMicrodeposits] -> requires_payment_method',
  'processing: api.update [onlyAnnotates] -> processing',
  'processing: stripe.processing_succeeded [-] -> succeeded',
  'processing: stripe.processing_failed [-] -> requires_payment_method',
];

function guardName(guard: unknown): string {
  if (guard === undefined) {
    return '-';
  }
  if (typeof guard === 'string') {
    return guard;
  }
  if (typeof guard === 'object' && guard !== null && 'type' in guard) {
    return String(guard.type);
  }
  throw new Error('inline guards have no stable name');
}

function transitionKey(source: string, eventType: string, guard: unknown, target: readonly { readonly key: string }[] | undefined): string {
  return `${source}: ${eventType} [${guardName(guard)}] -> ${target?.map((node) => node.key).join(',') ?? '(no target)'}`;
}

/** Every transition, read by walking `setupIntentMachine.root.states[*].on`. */
function walkTransitions(): string[] {
  const keys: string[] = [];
  for (const [source, node] of Object.entries(setupIntentMachine.root.states)) {
    for (const [eventType, transitions] of Object.entries(node.on)) {
      for (const t of transitions) {
        keys.push(transitionKey(source, eventType, t.guard, t.target));
      }
    }
  }
  return keys;
}

/** The transition the statechart takes for `event` in `snapshot`. */
function takenTransition(snapshot: MachineSnapshot, event: SetupIntentMachineEvent): string {
  const [taken, ...others] = setupIntentMachine.getTransitionData(snapshot, event);
  if (taken === undefined || others.length > 0) {
    throw new Error(`expected exactly one transition for ${JSON.stringify(event)} in ${String(snapshot.value)}`);
  }
  return transitionKey(String(snapshot.value), event.type, taken.guard, taken.target);
}

const [INITIAL] = initialTransition(setupIntentMachine);

/**
 * A path's events (without xstate's `xstate.init`), with the snapshots recomputed by folding them
 * through `transition()` from the start. Graph traversal keeps one representative snapshot per
 * serialized state, so the recorded snapshots may differ in context from the ones these events
 * really reach.
 */
function stepsOf(path: { readonly steps: readonly { readonly event: { readonly type: string } }[] }): PathStep[] {
  const steps: PathStep[] = [];
  let state = INITIAL;
  for (const { event } of path.steps) {
    if (event.type === 'xstate.init') {
      continue;
    }
    const machineEvent = event as SetupIntentMachineEvent;
    if (!state.can(machineEvent)) {
      throw new Error(`the statechart refuses ${JSON.stringify(machineEvent)} in ${String(state.value)} on a generated path`);
    }
    state = transition(setupIntentMachine, state, machineEvent)[0];
    steps.push({ event: machineEvent, state });
  }
  return steps;
}

/** Shortest paths to every (state, context), each extended by every event its end state accepts. */
function edgePaths(): PathStep[][] {
  const out: PathStep[][] = [];
  for (const path of getShortestPaths(setupIntentMachine, { events: SAMPLE_EVENTS })) {
    const steps = stepsOf(path);
    out.push(steps);
    const end = steps[steps.length - 1]?.state ?? INITIAL;
    for (const event of SAMPLE_EVENTS) {
      if (end.can(event)) {
        out.push([...steps, { event, state: transition(setupIntentMachine, end, event)[0] }]);
      }
    }
  }
  return out;
}

/**
 * Simple paths, with states told apart by status and awaited action: the only context the guards
 * read for these sample events. (Telling them apart by the whole context gives some ten thousand
 * paths.)
 */
function simplePaths(): PathStep[][] {
  return getSimplePaths(setupIntentMachine, {
    events: SAMPLE_EVENTS,
    serializeState: (state) => `${String(state.value)}|${String(state.context.nextAction)}`,
  }).map(stepsOf);
}

// ---------------------------------------------------------------------------------------------
// Replaying a path through the reducers: a concrete call for each event.
// ---------------------------------------------------------------------------------------------

const alias = (name: TestAlias): PaymentMethodChoice => ({ kind: 'alias', alias: name });
const account = (accountNumber: ManualAccountNumber): PaymentMethodChoice => ({ kind: 'bank_account', accountNumber });
const DAY = 24 * 60 * 60;

/** The event that settles the action a confirmation at `index` starts, if the path has one. */
function settlingEvent(steps: readonly PathStep[], index: number): SetupIntentMachineEvent | undefined {
  for (const { event } of steps.slice(index + 1)) {
    if (event.type === 'api.confirm') {
      return undefined;
    }
    if (event.type === 'api.verify_microdeposits' && event.outcome === 'mismatch') {
      continue;
    }
    if (event.type === 'stripe.action_succeeded' || event.type === 'api.verify_microdeposits' || event.type === 'stripe.microdeposits_failed') {
      return event;
    }
  }
  return undefined;
}

/** The payment method a confirmation uses so that it, and what follows it on the path, happen. */
function confirmingPaymentMethod(steps: readonly PathStep[], index: number): PaymentMethodChoice {
  const event = steps[index]?.event;
  if (event?.type !== 'api.confirm') {
    throw new Error('not a confirmation');
  }
  const next = settlingEvent(steps, index);
  switch (event.outcome) {
    case 'succeeded':
      return alias('pm_card_visa');
    case 'failed':
    case 'failed_limit_reached':
      return alias('pm_card_visa_chargeDeclined');
    case 'processing':
      return alias('pm_usBankAccount_processing');
    case 'requires_action':
      if (event.action === 'microdeposits') {
        if (next?.type === 'stripe.microdeposits_failed' || (next?.type === 'api.verify_microdeposits' && next.outcome === 'failed')) {
          // Deposits that cannot be sent fail any verification: no mismatch may come first.
          const between = steps.slice(index + 1).map((step) => step.event);
          if (between.some((e) => e.type === 'api.verify_microdeposits' && e.outcome === 'mismatch')) {
            throw new Error('no test account both mismatches and fails its deposits');
          }
          return account('000666666661');
        }
        return next?.type === 'api.verify_microdeposits' && next.outcome === 'processing' ? account('000000000009') : account('000123456789');
      }
      if (next?.type === 'stripe.action_succeeded') {
        return alias(
          next.outcome === 'succeeded'
            ? 'pm_card_authenticationRequiredOnSetup'
            : next.outcome === 'processing'
              ? 'pm_card_authenticationThenProcessing'
              : 'pm_card_threeDSecureRequiredChargeDeclined',
        );
      }
      return alias('pm_card_authenticationRequiredOnSetup');
  }
}

const MICRODEPOSIT_AMOUNTS: Readonly<Record<string, readonly [number, number]>> = {
  verified: [32, 45],
  processing: [32, 45],
  failed: [32, 45],
  mismatch: [1, 2],
  exhausted: [10, 11],
  timed_out: [40, 41],
};

function updateStep(change: 'set' | 'unset' | 'unchanged', index: number): Step {
  switch (change) {
    case 'set':
      return { kind: 'update_payment_method', paymentMethod: alias('pm_card_visa') };
    case 'unset':
      return { kind: 'unset_payment_method' };
    case 'unchanged':
      return { kind: 'update_metadata', metadata: { path_step: String(index) } };
  }
}

/** The reducer call (as a step of the sequence runner) that produces the event at `index`. */
function stepFor(steps: readonly PathStep[], index: number): Step {
  const event = steps[index]?.event;
  if (event === undefined) {
    throw new Error(`no event at ${index}`);
  }
  switch (event.type) {
    case 'api.update':
      return updateStep(event.paymentMethod, index);
    case 'api.confirm':
      return { kind: 'confirm', paymentMethod: confirmingPaymentMethod(steps, index), mandateData: true, returnUrl: true, requestThreeDSecure: false };
    case 'api.cancel':
      return { kind: 'cancel', reason: 'requested_by_customer' };
    case 'api.verify_microdeposits': {
      const amounts = MICRODEPOSIT_AMOUNTS[event.outcome];
      if (amounts === undefined) {
        throw new Error(`no amounts for ${event.outcome}`);
      }
      return { kind: 'verify_microdeposits', values: { kind: 'amounts', amounts } };
    }
    case 'stripe.action_succeeded':
      return { kind: 'complete_action', outcome: 'succeeded' };
    case 'stripe.action_failed':
      return { kind: 'complete_action', outcome: 'failed' };
    case 'stripe.attempt_expired':
      return { kind: 'expire_attempt' };
    case 'stripe.processing_succeeded':
      return { kind: 'settle_processing', outcome: 'succeeded' };
    case 'stripe.processing_failed':
      return { kind: 'settle_processing', outcome: 'failed' };
    case 'stripe.microdeposits_failed':
      return { kind: 'advance_time', seconds: 2 * DAY };
    case 'stripe.microdeposits_timed_out':
      return { kind: 'advance_time', seconds: 10 * DAY };
  }
}

/** The confirmation limit a path needs: reached exactly at its `failed_limit_reached` step. */
function confirmationLimitFor(steps: readonly PathStep[]): number | null {
  const at = steps.findIndex(({ event }) => event.type === 'api.confirm' && event.outcome === 'failed_limit_reached');
  if (at === -1) {
    return null;
  }
  const failuresBefore = steps.slice(0, at).filter(({ event }) => event.type === 'api.confirm' && event.outcome === 'failed').length;
  return failuresBefore + 1;
}

function recordFacts(record: SetupIntentRecord) {
  const { intent } = record;
  return {
    status: intent.status,
    hasPaymentMethod: intent.payment_method !== null,
    nextAction: intent.next_action === null ? null : (record.pending?.kind ?? 'nothing'),
    hasLastSetupError: intent.last_setup_error !== null,
  };
}

function machineFacts(snapshot: MachineSnapshot) {
  return { status: String(snapshot.value), ...snapshot.context };
}

/** A create call that starts the path: plain (T1), or folding in its first event (T2, T3). */
function createStepFor(steps: readonly PathStep[], fold: boolean): Step {
  const first = steps[0]?.event;
  const base = { kind: 'create', paymentMethodTypes: 'explicit', customer: true, metadata: null, mandateData: false, returnUrl: false } as const;
  if (!fold || first === undefined) {
    return { ...base, paymentMethod: null, confirm: false };
  }
  if (first.type === 'api.update' && first.paymentMethod === 'set') {
    return { ...base, paymentMethod: alias('pm_card_visa'), confirm: false };
  }
  if (first.type === 'api.confirm') {
    return { ...base, paymentMethod: confirmingPaymentMethod(steps, 0), confirm: true, mandateData: true, returnUrl: true };
  }
  throw new Error(`a create call cannot fold in ${first.type}`);
}

/** Whether a create call can stand for the path's first event. */
function foldable(steps: readonly PathStep[]): boolean {
  const first = steps[0]?.event;
  return (first?.type === 'api.update' && first.paymentMethod === 'set') || first?.type === 'api.confirm';
}

/**
 * Replays a path through the reducers and checks each status (and the context facts) follows it;
 * returns the store and the SetupIntent's record at the end.
 */
function replay(steps: readonly PathStep[], fold: boolean): { readonly context: RunContext; readonly record: SetupIntentRecord } {
  const context = createRunContext({ seed: 4242, behavior: { confirmationFailureLimit: confirmationLimitFor(steps) } });
  const describePath = () => steps.map(({ event }) => `${event.type}${'outcome' in event ? `:${event.outcome}` : ''}${'paymentMethod' in event ? `:${event.paymentMethod}` : ''}`).join(' > ');
  const created = applyStep(context, null, createStepFor(steps, fold)).result;
  if (created.kind === 'refused') {
    throw new Error(`create refused (${created.error.error.message}) for ${describePath()}`);
  }
  let record = created.record;
  const start = fold ? 1 : 0;
  const expectedAfterCreate = fold ? steps[0]?.state : INITIAL;
  if (expectedAfterCreate === undefined) {
    throw new Error('no state after create');
  }
  expect(recordFacts(record), `after create, ${describePath()}`).toStrictEqual(machineFacts(expectedAfterCreate));
  for (let index = start; index < steps.length; index++) {
    const step = steps[index];
    if (step === undefined) {
      throw new Error(`no step ${index}`);
    }
    const call = stepFor(steps, index);
    if (call.kind === 'advance_time') {
      // One second before it is due, time passing changes nothing.
      const early = applyStep(context, record, { kind: 'advance_time', seconds: call.seconds - 1 }).result;
      expect(early.kind !== 'refused' && early.record, `one second early, step ${index} of ${describePath()}`).toBe(record);
    }
    const { result } = applyStep(context, record, call.kind === 'advance_time' ? { kind: 'advance_time', seconds: 1 } : call);
    if (result.kind === 'refused') {
      throw new Error(`step ${index} (${step.event.type}) refused: ${result.error.error.message} in ${describePath()}`);
    }
    record = result.record;
    expect(recordFacts(record), `after step ${index} of ${describePath()}`).toStrictEqual(machineFacts(step.state));
  }
  return { context, record };
}

describe('statechart paths', () => {
  const derived = walkTransitions();
  const edges = edgePaths();
  const simple = simplePaths();

  it('the transitions read from the chart are the expected list, each one unique', () => {
    expect(new Set(derived).size).toBe(derived.length);
    expect([...derived].sort()).toStrictEqual([...EXPECTED_TRANSITIONS].sort());
  });

  it('every state and every transition is reached on some step of the paths', () => {
    const states = new Set<string>();
    const covered = new Set<string>();
    for (const path of [...edges, ...simple]) {
      let previous = INITIAL;
      for (const { event, state } of path) {
        covered.add(takenTransition(previous, event));
        states.add(String(state.value));
        previous = state;
      }
    }
    expect([...states].sort()).toStrictEqual([...SETUP_INTENT_STATUSES].sort());
    expect(derived.filter((key) => !covered.has(key))).toStrictEqual([]);
    expect([...covered].filter((key) => !derived.includes(key))).toStrictEqual([]);
  });

  it('the reducers follow every shortest path extended by each accepted event, from a plain create and from a create that folds in the first event', () => {
    expect(edges.length).toBeGreaterThan(derived.length);
    for (const path of edges) {
      replay(path, false);
      if (foldable(path)) {
        replay(path, true);
      }
    }
  });

  it('the reducers refuse every event the statechart refuses, in every reachable state and context', () => {
    let checked = 0;
    for (const path of getShortestPaths(setupIntentMachine, { events: SAMPLE_EVENTS }).map(stepsOf)) {
      const end = path[path.length - 1]?.state ?? INITIAL;
      for (const event of SAMPLE_EVENTS) {
        if (end.can(event)) {
          continue;
        }
        const { context, record } = replay(path, false);
        const call = stepFor([...path, { event, state: end }], path.length);
        const { result } = applyStep(context, record, call);
        const where = `${event.type} ${JSON.stringify(event)} in ${String(end.value)} ${JSON.stringify(end.context)}`;
        if (call.kind === 'advance_time') {
          // Nothing is due: time passing leaves the SetupIntent as it is.
          expect(result.kind !== 'refused' && result.record, where).toBe(record);
        } else if (event.type === 'api.update' && event.paymentMethod === 'unchanged' && editableWhenFinal(record.intent.status).has('metadata')) {
          // The final state's meta.editable keeps metadata editable: the update applies, the status stays.
          expect(result.kind !== 'refused' && result.record.intent.status, where).toBe(record.intent.status);
        } else {
          expect(result.kind, where).toBe('refused');
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(SAMPLE_EVENTS.length * SETUP_INTENT_STATUSES.length);
  });

  it('the reducers follow every simple path between (status, awaited action) pairs', () => {
    expect(simple.length).toBeGreaterThan(SETUP_INTENT_STATUSES.length);
    for (const path of simple) {
      replay(path, false);
    }
  });
});
