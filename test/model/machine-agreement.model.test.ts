// Model-based test: random command sequences run through the reducers (the real system), while
// the model advances the statechart with xstate's pure `transition()` and an independent oracle
// written from the spec as literal data (./spec-oracle.ts). After every command the three must
// agree on the status, on whether the operation was allowed, and on what happened.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SnapshotFrom } from 'xstate';
import { initialTransition, transition } from 'xstate';
import type { OperationResult, SetupIntentMachineEvent, SetupIntentRecord, SetupIntentStatus } from '../../src/index.js';
import { setupIntentMachine } from '../../src/index.js';
import { FINAL_STATUSES } from '../../src/machine/step.js';
import type { PaymentMethodChoice, Step, StepKind, StepOf, TestAlias } from '../support/arbitraries.js';
import {
  acceptedCreateStepArb,
  ADDED_ALIASES,
  AUTHENTICATION_CARD_ALIASES,
  MANUAL_ACCOUNT_NUMBERS,
  advanceTimeStepArb,
  badParamsStepArb,
  cancelStepArb,
  completeActionStepArb,
  confirmationFailureLimitArb,
  confirmStepArb,
  createStepArb,
  expireAttemptStepArb,
  seedArb,
  settleProcessingStepArb,
  unsetPaymentMethodStepArb,
  updateDescriptionStepArb,
  updateMetadataStepArb,
  updatePaymentMethodStepArb,
  verifyMicrodepositsStepArb,
} from '../support/arbitraries.js';
import type { RunContext } from '../support/run-sequence.js';
import { applyStep, createRunContext, isCreateStep } from '../support/run-sequence.js';
import type { OracleState } from './spec-oracle.js';
import { predict } from './spec-oracle.js';

// ---------------------------------------------------------------------------------------------
// From reducer results to statechart events.
// ---------------------------------------------------------------------------------------------

type MachineSnapshot = SnapshotFrom<typeof setupIntentMachine>;

type ConfirmOutcomeName = Extract<SetupIntentMachineEvent, { type: 'api.confirm' }>['outcome'];

function confirmEventFrom(hasPaymentMethod: boolean, record: SetupIntentRecord): SetupIntentMachineEvent {
  const status = record.intent.status;
  const outcomes: Partial<Record<SetupIntentStatus, ConfirmOutcomeName>> = {
    succeeded: 'succeeded',
    requires_action: 'requires_action',
    processing: 'processing',
    requires_payment_method: 'failed',
    canceled: 'failed_limit_reached',
  };
  const outcome = outcomes[status];
  if (outcome === undefined) {
    throw new Error(`a confirmation cannot end in ${status}`);
  }
  if (outcome !== 'requires_action') {
    return { type: 'api.confirm', hasPaymentMethod, outcome };
  }
  const kind = record.pending?.kind;
  if (kind !== 'customer_action' && kind !== 'microdeposits') {
    throw new Error(`requires_action waits on ${String(kind)}`);
  }
  return { type: 'api.confirm', hasPaymentMethod, outcome, action: kind };
}

const MICRODEPOSIT_FAILURE_OUTCOMES: Readonly<Record<string, 'exhausted' | 'timed_out'>> = {
  payment_method_microdeposit_verification_attempts_exceeded: 'exhausted',
  payment_method_microdeposit_verification_timeout: 'timed_out',
};

/** The statechart events an accepted reducer call amounts to, read from its result. */
function eventsFromResult(step: Step, before: SetupIntentRecord | null, result: Exclude<OperationResult, { kind: 'refused' }>): SetupIntentMachineEvent[] {
  const { record } = result;
  const status = record.intent.status;
  switch (step.kind) {
    case 'create':
      if (step.confirm) {
        return [confirmEventFrom(true, record)];
      }
      return step.paymentMethod === null ? [] : [{ type: 'api.update', paymentMethod: 'set' }];
    case 'confirm':
      return [confirmEventFrom(step.paymentMethod !== null, record)];
    case 'update_payment_method':
      return [{ type: 'api.update', paymentMethod: 'set' }];
    case 'unset_payment_method':
      return [{ type: 'api.update', paymentMethod: 'unset' }];
    case 'update_metadata':
    case 'update_description':
      // A final status changes no more: an edit its meta.editable allows takes no statechart event.
      return before !== null && FINAL_STATUSES.has(before.intent.status) ? [] : [{ type: 'api.update', paymentMethod: 'unchanged', annotationsOnly: true }];
    case 'cancel':
      return [{ type: 'api.cancel' }];
    case 'verify_microdeposits': {
      if (status === 'succeeded') {
        return [{ type: 'api.verify_microdeposits', outcome: 'verified' }];
      }
      if (status === 'processing') {
        return [{ type: 'api.verify_microdeposits', outcome: 'processing' }];
      }
      if (status === 'requires_action') {
        return [{ type: 'api.verify_microdeposits', outcome: 'mismatch' }];
      }
      const code = record.intent.last_setup_error?.code ?? '';
      return [{ type: 'api.verify_microdeposits', outcome: MICRODEPOSIT_FAILURE_OUTCOMES[code] ?? 'failed' }];
    }
    case 'complete_action':
      if (step.outcome === 'failed') {
        return [{ type: 'stripe.action_failed' }];
      }
      return [{ type: 'stripe.action_succeeded', outcome: status === 'succeeded' ? 'succeeded' : status === 'processing' ? 'processing' : 'failed' }];
    case 'expire_attempt':
      return [{ type: 'stripe.attempt_expired' }];
    case 'settle_processing':
      return [{ type: status === 'succeeded' ? 'stripe.processing_succeeded' : 'stripe.processing_failed' }];
    case 'advance_time': {
      if (record === before) {
        return [];
      }
      const pending = before?.pending;
      switch (pending?.kind) {
        case 'customer_action':
          return [{ type: 'stripe.attempt_expired' }];
        case 'processing':
          return [{ type: status === 'succeeded' ? 'stripe.processing_succeeded' : 'stripe.processing_failed' }];
        case 'microdeposits':
          return [{ type: pending.depositsFail ? 'stripe.microdeposits_failed' : 'stripe.microdeposits_timed_out' }];
        default:
          throw new Error('time changed a SetupIntent that waited on nothing');
      }
    }
    case 'bad_params':
      throw new Error(`a request with a parameter problem was accepted: ${step.badCase.name}`);
  }
}

/** Every event a step could amount to, whatever the payment method does. */
function candidateEvents(step: Step): SetupIntentMachineEvent[] {
  const confirms = (hasPaymentMethod: boolean): SetupIntentMachineEvent[] => [
    ...(['succeeded', 'processing', 'failed', 'failed_limit_reached'] as const).map((outcome) => ({ type: 'api.confirm' as const, hasPaymentMethod, outcome })),
    ...(['customer_action', 'microdeposits'] as const).map((action) => ({ type: 'api.confirm' as const, hasPaymentMethod, outcome: 'requires_action' as const, action })),
  ];
  const verifies: SetupIntentMachineEvent[] = (['verified', 'processing', 'mismatch', 'exhausted', 'timed_out', 'failed'] as const).map((outcome) => ({
    type: 'api.verify_microdeposits',
    outcome,
  }));
  switch (step.kind) {
    case 'create':
      return step.confirm ? confirms(step.paymentMethod !== null) : [];
    case 'advance_time':
      return [];
    case 'confirm':
      return confirms(step.paymentMethod !== null);
    case 'update_payment_method':
      return [{ type: 'api.update', paymentMethod: 'set' }];
    case 'unset_payment_method':
      return [{ type: 'api.update', paymentMethod: 'unset' }];
    case 'update_metadata':
    case 'update_description':
      return [{ type: 'api.update', paymentMethod: 'unchanged', annotationsOnly: true }];
    case 'cancel':
      return [{ type: 'api.cancel' }];
    case 'verify_microdeposits':
      return verifies;
    case 'complete_action':
      return step.outcome === 'failed'
        ? [{ type: 'stripe.action_failed' }]
        : (['succeeded', 'processing', 'failed'] as const).map((outcome) => ({ type: 'stripe.action_succeeded', outcome }));
    case 'expire_attempt':
      return [{ type: 'stripe.attempt_expired' }];
    case 'settle_processing':
      return [{ type: 'stripe.processing_succeeded' }, { type: 'stripe.processing_failed' }];
    case 'bad_params': {
      const { badCase } = step;
      switch (badCase.operation) {
        case 'create':
          return [];
        case 'update':
          return badCase.touchesPaymentMethod === true
            ? [{ type: 'api.update', paymentMethod: 'set' }]
            : [
                { type: 'api.update', paymentMethod: 'unchanged', annotationsOnly: true },
                { type: 'api.update', paymentMethod: 'unchanged', annotationsOnly: false },
              ];
        case 'confirm':
          return confirms('payment_method' in badCase.params || 'payment_method_data' in badCase.params);
        case 'cancel':
          return [{ type: 'api.cancel' }];
        case 'verify_microdeposits':
          return verifies;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Commands: the reducers are the real system; the model holds the statechart and the oracle.
// ---------------------------------------------------------------------------------------------

interface ModelIntent {
  readonly snapshot: MachineSnapshot;
  readonly oracle: OracleState;
}

interface Model {
  current: ModelIntent | null;
  now: number;
  readonly limit: number | null;
}

interface Real {
  readonly context: RunContext;
  currentId: string | null;
}

/** The facts the three encodings share: status, payment method, what is awaited, the error flag. */
function facts(status: string, hasPaymentMethod: boolean, nextAction: string | null, hasLastSetupError: boolean) {
  return { status, hasPaymentMethod, nextAction, hasLastSetupError };
}

function recordFacts(record: SetupIntentRecord) {
  const { intent } = record;
  // What the public next_action shows, named by what the record says is awaited.
  const waitsOn = intent.next_action === null ? null : (record.pending?.kind ?? 'nothing');
  return facts(intent.status, intent.payment_method !== null, waitsOn, intent.last_setup_error !== null);
}

function machineFacts(snapshot: MachineSnapshot) {
  const { context } = snapshot;
  return facts(String(snapshot.value), context.hasPaymentMethod, context.nextAction, context.hasLastSetupError);
}

function oracleFacts(state: OracleState) {
  const waitsOn = state.status === 'requires_action' ? (state.pending?.kind ?? 'nothing') : null;
  return facts(state.status, state.paymentMethod !== null, waitsOn, state.lastSetupError);
}

/** Runs a step on the reducers and checks it against the statechart and the oracle. */
function runStep(step: Step, model: Model, real: Real): void {
  const creates = isCreateStep(step);
  const { store } = real.context;
  const before = creates || real.currentId === null ? null : (store.record(real.currentId) ?? null);
  const now = step.kind === 'advance_time' ? model.now + step.seconds : model.now;
  const prediction = predict(creates ? null : (model.current?.oracle ?? null), step, { now, limit: model.limit });
  const { result } = applyStep(real.context, before, step);
  model.now = now;
  expect(real.context.clock.now).toBe(model.now);

  const snapshot = creates ? initialTransition(setupIntentMachine)[0] : model.current?.snapshot;
  if (snapshot === undefined) {
    throw new Error('no statechart snapshot for the current SetupIntent');
  }

  // Allowed or not: reducer, oracle, and (through the events) the statechart agree.
  expect(result.kind === 'refused' ? 'refused' : 'accepted', 'reducer vs oracle').toBe(prediction.refusal === null ? 'accepted' : 'refused');
  if (result.kind === 'refused') {
    expect(result.error.error.code ?? null, 'refusal code').toBe(prediction.refusal?.code ?? null);
    if (prediction.statusPermits === false) {
      for (const event of candidateEvents(step)) {
        expect(snapshot.can(event), `the statechart accepts ${JSON.stringify(event)} in ${String(snapshot.value)}`).toBe(false);
      }
    } else if (prediction.events.length > 0) {
      let probe = snapshot;
      for (const event of prediction.events) {
        expect(probe.can(event), `the statechart refuses ${JSON.stringify(event)} in ${String(probe.value)}`).toBe(true);
        probe = transition(setupIntentMachine, probe, event)[0];
      }
    } else if (prediction.statusPermits === true && candidateEvents(step).length > 0 && !FINAL_STATUSES.has(snapshot.value as SetupIntentStatus)) {
      // (A final status's editable fields change without an event, so there is none to look for.)
      expect(candidateEvents(step).some((event) => snapshot.can(event)), `the statechart accepts no ${step.kind} in ${String(snapshot.value)}`).toBe(true);
    }
    return;
  }

  // Accepted: the reducer's outcome, read as events, is what the oracle predicted, and the
  // statechart takes those events to the same place.
  const events = eventsFromResult(step, before, result);
  expect(events, 'events read from the reducer vs the oracle').toStrictEqual(prediction.events);
  expect(result.kind === 'failed' ? result.error.statusCode : 'ok', 'HTTP answer').toBe(prediction.answer);
  let next = snapshot;
  for (const event of events) {
    expect(next.can(event), `the statechart refuses ${JSON.stringify(event)} in ${String(next.value)}`).toBe(true);
    next = transition(setupIntentMachine, next, event)[0];
  }
  const oracle = prediction.next;
  if (oracle === null) {
    throw new Error('the oracle predicted acceptance without a next state');
  }
  const reducerFacts = recordFacts(result.record);
  expect(machineFacts(next), 'statechart vs reducer').toStrictEqual(reducerFacts);
  expect(oracleFacts(oracle), 'oracle vs reducer').toStrictEqual(reducerFacts);
  model.current = { snapshot: next, oracle };
  real.currentId = result.record.intent.id;
}

function describePaymentMethod(choice: PaymentMethodChoice | null): string {
  if (choice === null) {
    return 'its own payment method';
  }
  return choice.kind === 'alias' ? choice.alias : `bank account ${choice.accountNumber} entered by hand`;
}

function describeStep(step: Step): string {
  switch (step.kind) {
    case 'create': {
      const parts = [
        step.paymentMethodTypes === 'explicit' ? 'payment_method_types' : step.paymentMethodTypes === 'automatic' ? 'automatic payment methods' : 'automatic payment methods without redirects',
        ...(step.paymentMethod === null ? [] : [describePaymentMethod(step.paymentMethod)]),
        ...(step.confirm ? ['confirm=true'] : []),
        ...(step.mandateData ? ['mandate_data'] : []),
        ...(step.returnUrl ? ['return_url'] : []),
        ...(step.customer ? ['customer'] : []),
      ];
      return `create(${parts.join(', ')})`;
    }
    case 'update_payment_method':
      return `update(payment_method: ${describePaymentMethod(step.paymentMethod)})`;
    case 'unset_payment_method':
      return "update(payment_method: '')";
    case 'update_metadata':
      return `update(metadata: ${JSON.stringify(step.metadata)})`;
    case 'update_description':
      return `update(description: ${JSON.stringify(step.description)})`;
    case 'confirm': {
      const parts = [
        describePaymentMethod(step.paymentMethod),
        ...(step.mandateData ? ['mandate_data'] : []),
        ...(step.returnUrl ? ['return_url'] : []),
        ...(step.requestThreeDSecure ? ['request_three_d_secure=any'] : []),
      ];
      return `confirm(${parts.join(', ')})`;
    }
    case 'cancel':
      return `cancel(${step.reason ?? 'no reason'})`;
    case 'verify_microdeposits':
      return `verify_microdeposits(${
        step.values.kind === 'amounts' ? step.values.amounts.join(', ') : step.values.kind === 'single_amount' ? String(step.values.amount) : step.values.code
      })`;
    case 'complete_action':
      return `the customer ${step.outcome === 'succeeded' ? 'completes' : 'fails'} the action`;
    case 'expire_attempt':
      return 'the attempt expires';
    case 'settle_processing':
      return `the bank settles processing${step.outcome === null ? '' : ` (${step.outcome})`}`;
    case 'advance_time':
      return `${step.seconds} s pass`;
    case 'bad_params':
      return step.badCase.name;
  }
}

/** One command per operation: each runs its step through `runStep`. */
abstract class StepCommand<K extends StepKind> implements fc.Command<Model, Real> {
  constructor(readonly step: StepOf<K>) {}
  check(model: Readonly<Model>): boolean {
    return model.current !== null || isCreateStep(this.step);
  }
  run(model: Model, real: Real): void {
    runStep(this.step, model, real);
  }
  toString(): string {
    return describeStep(this.step);
  }
  // How fast-check prints the command outside a command list (the first create of a run).
  [fc.toStringMethod](): string {
    return this.toString();
  }
}

class CreateCommand extends StepCommand<'create'> {}
class UpdatePaymentMethodCommand extends StepCommand<'update_payment_method'> {}
class UnsetPaymentMethodCommand extends StepCommand<'unset_payment_method'> {}
class UpdateMetadataCommand extends StepCommand<'update_metadata'> {}
class UpdateDescriptionCommand extends StepCommand<'update_description'> {}
class ConfirmCommand extends StepCommand<'confirm'> {}
class CancelCommand extends StepCommand<'cancel'> {}
class VerifyMicrodepositsCommand extends StepCommand<'verify_microdeposits'> {}
class CompleteCustomerActionCommand extends StepCommand<'complete_action'> {}
class ExpireSetupAttemptCommand extends StepCommand<'expire_attempt'> {}
class SettleProcessingCommand extends StepCommand<'settle_processing'> {}
class AdvanceTimeCommand extends StepCommand<'advance_time'> {}
class BadParamsCommand extends StepCommand<'bad_params'> {}

/** Any command, weighted towards the lifecycle operations. */
const anyCommandArb: fc.Arbitrary<fc.Command<Model, Real>> = fc.oneof(
  { arbitrary: createStepArb.map((step) => new CreateCommand(step)), weight: 2 },
  { arbitrary: updatePaymentMethodStepArb.map((step) => new UpdatePaymentMethodCommand(step)), weight: 3 },
  { arbitrary: unsetPaymentMethodStepArb.map((step) => new UnsetPaymentMethodCommand(step)), weight: 1 },
  { arbitrary: updateMetadataStepArb.map((step) => new UpdateMetadataCommand(step)), weight: 1 },
  { arbitrary: updateDescriptionStepArb.map((step) => new UpdateDescriptionCommand(step)), weight: 1 },
  { arbitrary: confirmStepArb.map((step) => new ConfirmCommand(step)), weight: 8 },
  { arbitrary: cancelStepArb.map((step) => new CancelCommand(step)), weight: 1 },
  { arbitrary: verifyMicrodepositsStepArb.map((step) => new VerifyMicrodepositsCommand(step)), weight: 4 },
  { arbitrary: completeActionStepArb.map((step) => new CompleteCustomerActionCommand(step)), weight: 4 },
  { arbitrary: expireAttemptStepArb.map((step) => new ExpireSetupAttemptCommand(step)), weight: 2 },
  { arbitrary: settleProcessingStepArb.map((step) => new SettleProcessingCommand(step)), weight: 3 },
  { arbitrary: advanceTimeStepArb.map((step) => new AdvanceTimeCommand(step)), weight: 3 },
  { arbitrary: badParamsStepArb.map((step) => new BadParamsCommand(step)), weight: 2 },
);

/** Confirmations with a bank account entered by hand (mandate data and return_url sent). */
const bankAccountConfirmArb = fc.constantFrom(...MANUAL_ACCOUNT_NUMBERS).map(
  (accountNumber): StepOf<'confirm'> => ({
    kind: 'confirm',
    paymentMethod: { kind: 'bank_account', accountNumber },
    mandateData: true,
    returnUrl: true,
    requestThreeDSecure: false,
  }),
);

/** Verifications that mostly miss, so attempts run out (spec §2.7: three attempts). */
const mostlyWrongVerificationArb = fc
  .oneof(
    { arbitrary: fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 })), weight: 3 },
    { arbitrary: fc.constantFrom<readonly [number, number]>([32, 45], [10, 11], [40, 41]), weight: 1 },
  )
  .map((amounts): StepOf<'verify_microdeposits'> => ({ kind: 'verify_microdeposits', values: { kind: 'amounts', amounts } }));

/** Commands around microdeposit verification: repeated verifications, time passing, leaving. */
const microdepositCommandArb: fc.Arbitrary<fc.Command<Model, Real>> = fc.oneof(
  { arbitrary: bankAccountConfirmArb.map((step) => new ConfirmCommand(step)), weight: 3 },
  { arbitrary: mostlyWrongVerificationArb.map((step) => new VerifyMicrodepositsCommand(step)), weight: 6 },
  { arbitrary: verifyMicrodepositsStepArb.map((step) => new VerifyMicrodepositsCommand(step)), weight: 1 },
  { arbitrary: advanceTimeStepArb.map((step) => new AdvanceTimeCommand(step)), weight: 2 },
  { arbitrary: settleProcessingStepArb.map((step) => new SettleProcessingCommand(step)), weight: 1 },
  { arbitrary: updateMetadataStepArb.map((step) => new UpdateMetadataCommand(step)), weight: 1 },
  { arbitrary: unsetPaymentMethodStepArb.map((step) => new UnsetPaymentMethodCommand(step)), weight: 1 },
  { arbitrary: cancelStepArb.map((step) => new CancelCommand(step)), weight: 1 },
  { arbitrary: expireAttemptStepArb.map((step) => new ExpireSetupAttemptCommand(step)), weight: 1 },
  { arbitrary: createStepArb.map((step) => new CreateCommand(step)), weight: 1 },
);

/** Confirmations with cards that ask for 3D Secure, or bank accounts that process. */
const actionConfirmArb = fc
  .constantFrom<TestAlias>(...AUTHENTICATION_CARD_ALIASES, ...ADDED_ALIASES, 'pm_usBankAccount_processing', 'pm_usBankAccount_processingFails', 'pm_card_visa_chargeDeclined')
  .chain((alias) =>
    confirmStepArb.map((step): StepOf<'confirm'> => ({ ...step, paymentMethod: { kind: 'alias', alias } })),
  );

/** Commands around customer actions and processing: completions, expiry, settlement, time. */
const actionCommandArb: fc.Arbitrary<fc.Command<Model, Real>> = fc.oneof(
  { arbitrary: actionConfirmArb.map((step) => new ConfirmCommand(step)), weight: 4 },
  { arbitrary: confirmStepArb.map((step) => new ConfirmCommand(step)), weight: 1 },
  { arbitrary: completeActionStepArb.map((step) => new CompleteCustomerActionCommand(step)), weight: 4 },
  { arbitrary: settleProcessingStepArb.map((step) => new SettleProcessingCommand(step)), weight: 3 },
  { arbitrary: advanceTimeStepArb.map((step) => new AdvanceTimeCommand(step)), weight: 2 },
  { arbitrary: expireAttemptStepArb.map((step) => new ExpireSetupAttemptCommand(step)), weight: 1 },
  { arbitrary: updatePaymentMethodStepArb.map((step) => new UpdatePaymentMethodCommand(step)), weight: 1 },
  { arbitrary: updateDescriptionStepArb.map((step) => new UpdateDescriptionCommand(step)), weight: 1 },
  { arbitrary: cancelStepArb.map((step) => new CancelCommand(step)), weight: 1 },
  { arbitrary: badParamsStepArb.map((step) => new BadParamsCommand(step)), weight: 1 },
  { arbitrary: createStepArb.map((step) => new CreateCommand(step)), weight: 1 },
);

/** Runs command sequences on a fresh store, after a create call Stripe accepts. */
function assertAgreement(commandArb: fc.Arbitrary<fc.Command<Model, Real>>, maxCommands: number): void {
  fc.assert(
    fc.property(
      seedArb,
      confirmationFailureLimitArb,
      acceptedCreateStepArb.map((step) => new CreateCommand(step)),
      fc.commands([commandArb], { maxCommands }),
      (seed, limit, firstCreate, commands) => {
        const setup = () => {
          const context = createRunContext({ seed, behavior: { confirmationFailureLimit: limit } });
          const model: Model = { current: null, now: context.clock.now, limit };
          const real: Real = { context, currentId: null };
          firstCreate.run(model, real);
          return { model, real };
        };
        fc.modelRun(setup, commands);
      },
    ),
  );
}

describe('reducers, statechart and the spec table agree on every command', () => {
  it('of random sequences of any operation: status, allowed or refused, and what happened', () => {
    assertAgreement(anyCommandArb, 30);
  });

  it('of sequences around microdeposit verification', () => {
    assertAgreement(microdepositCommandArb, 20);
  });

  it('of sequences around customer actions and processing', () => {
    assertAgreement(actionCommandArb, 20);
  });
});
