// The oracle of the model-based test: the spec's status x operation table (§3.3), transition
// table (§3.2) and test payment method outcomes (§5) written out as data, and what they predict for
// each step. No value here comes from src/ (only type names do), so the reducers and the
// statechart are checked against an encoding of their own.
import type { SetupIntentMachineEvent, SetupIntentStatus } from '../../src/index.js';
import type { BadParamsCase, PaymentMethodChoice, Step, StepOf } from '../support/arbitraries.js';


type Status = SetupIntentStatus;

const UNEXPECTED_STATE = 'setup_intent_unexpected_state';
const INVALID_STATE = 'intent_invalid_state';

/** A condition some cells put on an operation. */
type Condition = 'has_payment_method' | 'awaits_microdeposits' | 'awaits_customer';

/**
 * One cell of the status x operation table: allowed, allowed under a condition (refused with an
 * error code otherwise), or refused with an error code.
 */
type Cell = 'ok' | { readonly when: Condition; readonly otherwise: string } | { readonly refused: string };

type TableOperation =
  | 'update_fields'
  | 'update_payment_method'
  | 'confirm'
  | 'cancel'
  | 'verify_microdeposits'
  | 'complete_action'
  | 'expire_attempt'
  | 'settle_processing';

const NO: Cell = { refused: UNEXPECTED_STATE };
const NOT_ACTIONABLE: Cell = { refused: INVALID_STATE };
const WITH_PAYMENT_METHOD: Cell = { when: 'has_payment_method', otherwise: UNEXPECTED_STATE };
const AWAITING_MICRODEPOSITS: Cell = { when: 'awaits_microdeposits', otherwise: INVALID_STATE };
const AWAITING_CUSTOMER: Cell = { when: 'awaits_customer', otherwise: UNEXPECTED_STATE };

/**
 * Spec §3.3 (API operations) and §3.2 (Stripe-side outcomes T11, T12, T15-T17). Cells the spec
 * marks UNCONFIRMED carry the library's documented default: updates of other fields are allowed
 * in `processing` and refused on `canceled`, payment method changes are allowed in
 * `requires_action`. A `succeeded` SetupIntent takes metadata updates, as recorded live at
 * 2026-08-26.dahlia (spec §11 "Settled by recordings"), without any statechart event.
 */
const STATUS_TABLE: Readonly<Record<TableOperation, Readonly<Record<Status, Cell>>>> = {
  update_fields:         { requires_payment_method: 'ok',                requires_confirmation: 'ok',           requires_action: 'ok',                   processing: 'ok',           succeeded: 'ok',           canceled: NO },
  update_payment_method: { requires_payment_method: 'ok',                requires_confirmation: 'ok',           requires_action: 'ok',                   processing: NO,             succeeded: NO,             canceled: NO },
  confirm:               { requires_payment_method: WITH_PAYMENT_METHOD, requires_confirmation: 'ok',           requires_action: 'ok',                   processing: NO,             succeeded: NO,             canceled: NO },
  cancel:                { requires_payment_method: 'ok',                requires_confirmation: 'ok',           requires_action: 'ok',                   processing: NO,             succeeded: NO,             canceled: NO },
  verify_microdeposits:  { requires_payment_method: NOT_ACTIONABLE,      requires_confirmation: NOT_ACTIONABLE, requires_action: AWAITING_MICRODEPOSITS, processing: NOT_ACTIONABLE, succeeded: NOT_ACTIONABLE, canceled: NOT_ACTIONABLE },
  complete_action:       { requires_payment_method: NO,                  requires_confirmation: NO,             requires_action: AWAITING_CUSTOMER,      processing: NO,             succeeded: NO,             canceled: NO },
  expire_attempt:        { requires_payment_method: NO,                  requires_confirmation: NO,             requires_action: 'ok',                   processing: NO,             succeeded: NO,             canceled: NO },
  settle_processing:     { requires_payment_method: NO,                  requires_confirmation: NO,             requires_action: NO,                     processing: 'ok',           succeeded: NO,             canceled: NO },
};

/** T4 and T5: where setting or unsetting the payment method by update leads. */
const UPDATE_TARGET: Readonly<Record<'set' | 'unset', Partial<Record<Status, Status>>>> = {
  set: { requires_payment_method: 'requires_confirmation', requires_confirmation: 'requires_confirmation', requires_action: 'requires_confirmation' },
  unset: { requires_payment_method: 'requires_payment_method', requires_confirmation: 'requires_payment_method', requires_action: 'requires_payment_method' },
};

/** What a setup leads to once the payment method is accepted (after any customer step). */
type Settlement =
  | { readonly kind: 'succeed' }
  | { readonly kind: 'fail' }
  | { readonly kind: 'process'; readonly then: 'succeed' | 'fail'; readonly settlesAfter: number | null };

/** What confirming with a payment method does (spec §3.5, §5). */
type OnConfirm =
  | { readonly kind: 'settle'; readonly settlement: Settlement }
  | { readonly kind: 'decline' }
  | { readonly kind: 'authenticate'; readonly after: Settlement }
  | { readonly kind: 'authenticate_if_requested'; readonly after: Settlement }
  | { readonly kind: 'microdeposits'; readonly depositsFail: boolean; readonly after: Settlement };

interface PaymentMethodFacts {
  readonly type: 'card' | 'sepa_debit' | 'us_bank_account';
  readonly onConfirm: OnConfirm;
}

const SUCCEED: Settlement = { kind: 'succeed' };
const card = (onConfirm: OnConfirm): PaymentMethodFacts => ({ type: 'card', onConfirm });

/** Spec §5.1-§5.4: what each test alias does to a SetupIntent confirmation. */
const ALIAS_FACTS: Readonly<Record<string, PaymentMethodFacts>> = {
  pm_card_visa: card({ kind: 'settle', settlement: SUCCEED }),
  pm_card_mastercard: card({ kind: 'settle', settlement: SUCCEED }),
  pm_card_authenticationRequiredOnSetup: card({ kind: 'authenticate', after: SUCCEED }),
  pm_card_threeDSecure2Required: card({ kind: 'authenticate', after: SUCCEED }),
  // UNCONFIRMED for setups: authentication, then the decline (§5.1).
  pm_card_threeDSecureRequiredChargeDeclined: card({ kind: 'authenticate', after: { kind: 'fail' } }),
  // 3D Secure only when requested with request_three_d_secure=any/challenge (§5.1).
  pm_card_threeDSecureOptional: card({ kind: 'authenticate_if_requested', after: SUCCEED }),
  // Added to the catalogue by the tests: processing after authentication (T11, async rail).
  pm_card_authenticationThenProcessing: card({ kind: 'authenticate', after: { kind: 'process', then: 'succeed', settlesAfter: null } }),
  pm_card_visa_chargeDeclined: card({ kind: 'decline' }),
  pm_card_chargeDeclinedInsufficientFunds: card({ kind: 'decline' }),
  pm_card_chargeDeclinedExpiredCard: card({ kind: 'decline' }),
  pm_card_chargeDeclinedIncorrectCvc: card({ kind: 'decline' }),
  pm_card_radarBlock: card({ kind: 'decline' }),
  // Every SEPA test IBAN sets up successfully; failures show only on later payments (§5.3).
  pm_success_de: { type: 'sepa_debit', onConfirm: { kind: 'settle', settlement: SUCCEED } },
  pm_failed_de: { type: 'sepa_debit', onConfirm: { kind: 'settle', settlement: SUCCEED } },
  pm_usBankAccount_success: { type: 'us_bank_account', onConfirm: { kind: 'settle', settlement: SUCCEED } },
  // Stays processing until settled (§5.4); the Fails variant settles by itself after 180 s.
  pm_usBankAccount_processing: { type: 'us_bank_account', onConfirm: { kind: 'settle', settlement: { kind: 'process', then: 'succeed', settlesAfter: null } } },
  pm_usBankAccount_processingFails: { type: 'us_bank_account', onConfirm: { kind: 'settle', settlement: { kind: 'process', then: 'fail', settlesAfter: 180 } } },
};

/**
 * Bank accounts entered by hand are verified with microdeposits first (§5.4); after verification
 * the account behaves as its test number says, processing included ("processing after any
 * required action", §3.5). Unknown numbers set up successfully.
 */
const MANUAL_ACCOUNT_FACTS: Readonly<Record<string, PaymentMethodFacts>> = {
  '000123456789': { type: 'us_bank_account', onConfirm: { kind: 'microdeposits', depositsFail: false, after: SUCCEED } },
  '000666666661': { type: 'us_bank_account', onConfirm: { kind: 'microdeposits', depositsFail: true, after: SUCCEED } },
  '000000000009': { type: 'us_bank_account', onConfirm: { kind: 'microdeposits', depositsFail: false, after: { kind: 'process', then: 'succeed', settlesAfter: null } } },
  '000000000017': { type: 'us_bank_account', onConfirm: { kind: 'microdeposits', depositsFail: false, after: { kind: 'process', then: 'fail', settlesAfter: 180 } } },
  '000999999999': { type: 'us_bank_account', onConfirm: { kind: 'microdeposits', depositsFail: false, after: SUCCEED } },
};

/** Spec §2.7: the documented microdeposit test amounts. */
const MICRODEPOSIT_TEST_AMOUNTS: Readonly<Record<string, 'verify' | 'exhaust' | 'time_out'>> = {
  '32,45': 'verify',
  '10,11': 'exhaust',
  '40,41': 'time_out',
};

/** Spec §2.7: three attempts for amounts, deposits arrive after about two days, ten-day timeout. */
const MICRODEPOSIT_ATTEMPTS = 3;
const DAY = 24 * 60 * 60;
const MICRODEPOSIT_ARRIVAL = 2 * DAY;
const MICRODEPOSIT_TIMEOUT = 10 * DAY;

/** Payment method types whose setup needs mandate data when confirmed with a secret key. */
const MANDATE_TYPES: ReadonlySet<string> = new Set(['sepa_debit', 'us_bank_account']);

/** What a SetupIntent waits on, in the oracle's words. */
type Pending =
  | { readonly kind: 'customer_action'; readonly after: Settlement }
  | {
      readonly kind: 'microdeposits';
      readonly depositsFail: boolean;
      readonly after: Settlement;
      readonly attemptsLeft: number;
      readonly arrivesAt: number;
      readonly expiresAt: number;
    }
  | { readonly kind: 'processing'; readonly then: 'succeed' | 'fail'; readonly settlesAt: number | null };

/** What the oracle knows about one SetupIntent. */
export interface OracleState {
  readonly status: Status;
  readonly paymentMethod: PaymentMethodFacts | null;
  readonly pending: Pending | null;
  readonly failedConfirmations: number;
  readonly threeDSecureRequested: boolean;
  readonly returnUrlRequired: boolean;
  readonly lastSetupError: boolean;
}

/** How the API answers an accepted call: 200, or an error although the object changed (§4.4). */
export type Answer = 'ok' | 400 | 402;

/** What the oracle expects a step to do. */
export interface Prediction {
  /**
   * Whether the status x operation table allows the operation, parameter problems aside; `null`
   * when no status is involved (a create with bad parameters).
   */
  readonly statusPermits: boolean | null;
  /** `null`: accepted; otherwise refused with this error code (`null` code: none). */
  readonly refusal: { readonly code: string | null } | null;
  /** The statechart events the step amounts to (when refused: what it would have amounted to). */
  readonly events: readonly SetupIntentMachineEvent[];
  /** The oracle's state afterwards, when accepted. */
  readonly next: OracleState | null;
  readonly answer: Answer;
}

/** The time of the step and the confirmation limit in force. */
export interface OracleContext {
  readonly now: number;
  readonly limit: number | null;
}

function factsOf(choice: PaymentMethodChoice): PaymentMethodFacts {
  const facts = choice.kind === 'alias' ? ALIAS_FACTS[choice.alias] : MANUAL_ACCOUNT_FACTS[choice.accountNumber];
  if (facts === undefined) {
    throw new Error(`the oracle has no facts for ${JSON.stringify(choice)}`);
  }
  return facts;
}

type Settled = { readonly state: OracleState; readonly result: 'succeeded' | 'processing' | 'failed' | 'failed_limit_reached' };

/** Applies a settlement (T6, T9, T8/T10, T11-T17). */
function settle(state: OracleState, settlement: Settlement, ctx: OracleContext, countsAsConfirmation: boolean): Settled {
  switch (settlement.kind) {
    case 'succeed':
      return { state: { ...state, status: 'succeeded', pending: null, lastSetupError: false }, result: 'succeeded' };
    case 'process':
      return {
        state: {
          ...state,
          status: 'processing',
          pending: { kind: 'processing', then: settlement.then, settlesAt: settlement.settlesAfter === null ? null : ctx.now + settlement.settlesAfter },
        },
        result: 'processing',
      };
    case 'fail': {
      const failedConfirmations = state.failedConfirmations + (countsAsConfirmation ? 1 : 0);
      const limitReached = countsAsConfirmation && ctx.limit !== null && failedConfirmations >= ctx.limit;
      return {
        state: {
          ...state,
          status: limitReached ? 'canceled' : 'requires_payment_method',
          paymentMethod: null,
          pending: null,
          failedConfirmations,
          lastSetupError: true,
        },
        result: limitReached ? 'failed_limit_reached' : 'failed',
      };
    }
  }
}

/** A confirmation's outcome (T6-T10) and its statechart event. */
function confirmOutcome(
  state: OracleState,
  facts: PaymentMethodFacts,
  threeDSecureRequested: boolean,
  hasPaymentMethodParam: boolean,
  ctx: OracleContext,
): { readonly state: OracleState; readonly event: SetupIntentMachineEvent; readonly answer: Answer } {
  const base: OracleState = { ...state, paymentMethod: facts, threeDSecureRequested, pending: null };
  const event = (outcome: 'succeeded' | 'requires_action' | 'processing' | 'failed' | 'failed_limit_reached', action?: 'customer_action' | 'microdeposits'): SetupIntentMachineEvent =>
    action === undefined
      ? { type: 'api.confirm', hasPaymentMethod: hasPaymentMethodParam, outcome }
      : { type: 'api.confirm', hasPaymentMethod: hasPaymentMethodParam, outcome, action };
  const onConfirm = facts.onConfirm;
  const authenticate = (after: Settlement) => ({
    state: { ...base, status: 'requires_action' as const, pending: { kind: 'customer_action' as const, after } },
    event: event('requires_action', 'customer_action'),
    answer: 'ok' as const,
  });
  switch (onConfirm.kind) {
    case 'settle': {
      const settled = settle(base, onConfirm.settlement, ctx, true);
      const failed = settled.result === 'failed' || settled.result === 'failed_limit_reached';
      return { state: settled.state, event: event(settled.result), answer: failed ? 400 : 'ok' };
    }
    case 'decline': {
      const settled = settle(base, { kind: 'fail' }, ctx, true);
      return { state: settled.state, event: event(settled.result), answer: 402 };
    }
    case 'authenticate':
      return authenticate(onConfirm.after);
    case 'authenticate_if_requested': {
      if (threeDSecureRequested) {
        return authenticate(onConfirm.after);
      }
      const settled = settle(base, onConfirm.after, ctx, true);
      return { state: settled.state, event: event(settled.result), answer: 'ok' };
    }
    case 'microdeposits':
      return {
        state: {
          ...base,
          status: 'requires_action',
          pending: {
            kind: 'microdeposits',
            depositsFail: onConfirm.depositsFail,
            after: onConfirm.after,
            attemptsLeft: MICRODEPOSIT_ATTEMPTS,
            arrivesAt: ctx.now + MICRODEPOSIT_ARRIVAL,
            expiresAt: ctx.now + MICRODEPOSIT_TIMEOUT,
          },
        },
        event: event('requires_action', 'microdeposits'),
        answer: 'ok',
      };
  }
}

function permits(cell: Cell, state: OracleState, hasPaymentMethod: boolean): boolean {
  if (cell === 'ok') {
    return true;
  }
  if ('refused' in cell) {
    return false;
  }
  switch (cell.when) {
    case 'has_payment_method':
      return hasPaymentMethod;
    case 'awaits_microdeposits':
      return state.pending?.kind === 'microdeposits';
    case 'awaits_customer':
      return state.pending?.kind === 'customer_action';
  }
}

function refusalCode(cell: Cell): string {
  return cell === 'ok' ? UNEXPECTED_STATE : 'refused' in cell ? cell.refused : cell.otherwise;
}

const accepted = (statusPermits: boolean, events: readonly SetupIntentMachineEvent[], next: OracleState, answer: Answer = 'ok'): Prediction => ({
  statusPermits,
  refusal: null,
  events,
  next,
  answer,
});

const refusedWith = (statusPermits: boolean | null, code: string | null, events: readonly SetupIntentMachineEvent[] = []): Prediction => ({
  statusPermits,
  refusal: { code },
  events,
  next: null,
  answer: 'ok',
});

/** The fresh SetupIntent of a create call (T1). */
function createdState(step: StepOf<'create'>): OracleState {
  return {
    status: 'requires_payment_method',
    paymentMethod: null,
    pending: null,
    failedConfirmations: 0,
    threeDSecureRequested: false,
    returnUrlRequired: step.paymentMethodTypes === 'automatic',
    lastSetupError: false,
  };
}

/** Refusals of a confirmation that has a payment method and a status that allows it (§2.6 steps 5-6). */
function confirmPreconditionRefusal(state: OracleState, facts: PaymentMethodFacts, returnUrl: boolean, mandateData: boolean): { readonly code: string | null } | null {
  if (state.returnUrlRequired && !returnUrl) {
    return { code: null };
  }
  if (MANDATE_TYPES.has(facts.type) && !mandateData) {
    return { code: 'parameter_missing' };
  }
  return null;
}

function predictCreate(step: StepOf<'create'>, ctx: OracleContext): Prediction {
  if (!step.confirm && (step.mandateData || step.returnUrl)) {
    return refusedWith(true, 'setup_intent_invalid_parameter');
  }
  const fresh = createdState(step);
  if (!step.confirm) {
    if (step.paymentMethod === null) {
      return accepted(true, [], fresh);
    }
    // T2 = T1 then T4.
    return accepted(true, [{ type: 'api.update', paymentMethod: 'set' }], { ...fresh, status: 'requires_confirmation', paymentMethod: factsOf(step.paymentMethod) });
  }
  if (step.paymentMethod === null) {
    return refusedWith(false, UNEXPECTED_STATE);
  }
  const facts = factsOf(step.paymentMethod);
  const outcome = confirmOutcome(fresh, facts, false, true, ctx);
  const problem = confirmPreconditionRefusal(fresh, facts, step.returnUrl, step.mandateData);
  return problem === null ? accepted(true, [outcome.event], outcome.state, outcome.answer) : refusedWith(true, problem.code, [outcome.event]);
}

function predictConfirm(state: OracleState, step: StepOf<'confirm'>, ctx: OracleContext): Prediction {
  const facts = step.paymentMethod === null ? state.paymentMethod : factsOf(step.paymentMethod);
  const cell = STATUS_TABLE.confirm[state.status];
  const statusPermits = permits(cell, state, facts !== null);
  const hasParam = step.paymentMethod !== null;
  if (facts === null || !statusPermits) {
    // Without any payment method the "missing a payment method" refusal comes first (§2.6 step 1).
    return refusedWith(statusPermits, UNEXPECTED_STATE);
  }
  const requested = state.threeDSecureRequested || step.requestThreeDSecure;
  const outcome = confirmOutcome(state, facts, requested, hasParam, ctx);
  const problem = confirmPreconditionRefusal(state, facts, step.returnUrl, step.mandateData);
  return problem === null ? accepted(true, [outcome.event], outcome.state, outcome.answer) : refusedWith(true, problem.code, [outcome.event]);
}

function predictUpdate(state: OracleState, change: 'set' | 'unset' | 'unchanged', facts: PaymentMethodFacts | null): Prediction {
  const cell = STATUS_TABLE[change === 'unchanged' ? 'update_fields' : 'update_payment_method'][state.status];
  const statusPermits = permits(cell, state, true);
  const event: SetupIntentMachineEvent =
    change === 'unchanged' ? { type: 'api.update', paymentMethod: change, annotationsOnly: true } : { type: 'api.update', paymentMethod: change };
  if (!statusPermits) {
    return refusedWith(false, refusalCode(cell), [event]);
  }
  if (change === 'unchanged') {
    // A succeeded SetupIntent is final: the edit changes fields, not the status, so no event is taken.
    return accepted(true, state.status === 'succeeded' ? [] : [event], state);
  }
  const status = UPDATE_TARGET[change][state.status] ?? state.status;
  const leavesAction = state.status === 'requires_action';
  return accepted(true, [event], {
    ...state,
    status,
    paymentMethod: change === 'set' ? facts : null,
    pending: leavesAction ? null : state.pending,
  });
}

function predictCancel(state: OracleState): Prediction {
  const cell = STATUS_TABLE.cancel[state.status];
  if (!permits(cell, state, true)) {
    return refusedWith(false, refusalCode(cell), [{ type: 'api.cancel' }]);
  }
  return accepted(true, [{ type: 'api.cancel' }], { ...state, status: 'canceled', pending: null });
}

function predictVerify(state: OracleState, step: StepOf<'verify_microdeposits'>, ctx: OracleContext): Prediction {
  const cell = STATUS_TABLE.verify_microdeposits[state.status];
  const pending = state.pending;
  if (!permits(cell, state, true) || pending?.kind !== 'microdeposits') {
    return refusedWith(false, refusalCode(cell));
  }
  const event = (outcome: Extract<SetupIntentMachineEvent, { type: 'api.verify_microdeposits' }>['outcome']): SetupIntentMachineEvent => ({
    type: 'api.verify_microdeposits',
    outcome,
  });
  if (step.values.kind !== 'amounts') {
    return refusedWith(true, 'payment_method_microdeposit_verification_amounts_invalid');
  }
  const fail = (outcome: 'exhausted' | 'timed_out' | 'failed'): Prediction =>
    accepted(true, [event(outcome)], settle(state, { kind: 'fail' }, ctx, false).state, 400);
  if (pending.depositsFail) {
    return fail('failed');
  }
  const meaning = MICRODEPOSIT_TEST_AMOUNTS[step.values.amounts.join(',')];
  if (meaning === 'verify') {
    const settled = settle(state, pending.after, ctx, false);
    const outcome = settled.result === 'succeeded' ? 'verified' : settled.result === 'processing' ? 'processing' : 'failed';
    return accepted(true, [event(outcome)], settled.state, settled.result === 'failed' ? 400 : 'ok');
  }
  if (meaning === 'exhaust') {
    return fail('exhausted');
  }
  if (meaning === 'time_out') {
    return fail('timed_out');
  }
  // Any other amounts: a mismatch, which costs an attempt; the last attempt exhausts them.
  const attemptsLeft = pending.attemptsLeft - 1;
  if (attemptsLeft === 0) {
    return fail('exhausted');
  }
  return accepted(true, [event('mismatch')], { ...state, pending: { ...pending, attemptsLeft } }, 400);
}

function predictCompleteAction(state: OracleState, step: StepOf<'complete_action'>, ctx: OracleContext): Prediction {
  const cell = STATUS_TABLE.complete_action[state.status];
  const pending = state.pending;
  if (!permits(cell, state, true) || pending?.kind !== 'customer_action') {
    return refusedWith(false, refusalCode(cell));
  }
  if (step.outcome === 'failed') {
    return accepted(true, [{ type: 'stripe.action_failed' }], settle(state, { kind: 'fail' }, ctx, false).state);
  }
  const settled = settle(state, pending.after, ctx, false);
  const outcome = settled.result === 'succeeded' ? 'succeeded' : settled.result === 'processing' ? 'processing' : 'failed';
  return accepted(true, [{ type: 'stripe.action_succeeded', outcome }], settled.state);
}

function predictExpire(state: OracleState, ctx: OracleContext): Prediction {
  const cell = STATUS_TABLE.expire_attempt[state.status];
  if (!permits(cell, state, true)) {
    return refusedWith(false, refusalCode(cell));
  }
  return accepted(true, [{ type: 'stripe.attempt_expired' }], settle(state, { kind: 'fail' }, ctx, false).state);
}

function predictSettle(state: OracleState, step: StepOf<'settle_processing'>, ctx: OracleContext): Prediction {
  const cell = STATUS_TABLE.settle_processing[state.status];
  const pending = state.pending;
  if (!permits(cell, state, true) || pending?.kind !== 'processing') {
    return refusedWith(false, refusalCode(cell));
  }
  const succeeds = step.outcome === null ? pending.then === 'succeed' : step.outcome === 'succeeded';
  const settled = settle(state, succeeds ? SUCCEED : { kind: 'fail' }, ctx, false);
  return accepted(true, [{ type: succeeds ? 'stripe.processing_succeeded' : 'stripe.processing_failed' }], settled.state);
}

/** Time passing: whatever is due by now happens (T12 expiry, T15 timeout/deposit failure, T16/T17). */
function predictAdvanceTime(state: OracleState, ctx: OracleContext): Prediction {
  const pending = state.pending;
  const due =
    pending === null || pending.kind === 'customer_action'
      ? null
      : pending.kind === 'processing'
        ? pending.settlesAt
        : pending.depositsFail
          ? pending.arrivesAt
          : pending.expiresAt;
  if (pending === null || due === null || ctx.now < due) {
    return accepted(true, [], state);
  }
  if (pending.kind === 'processing') {
    const succeeds = pending.then === 'succeed';
    return accepted(true, [{ type: succeeds ? 'stripe.processing_succeeded' : 'stripe.processing_failed' }], settle(state, succeeds ? SUCCEED : { kind: 'fail' }, ctx, false).state);
  }
  return accepted(
    true,
    [{ type: pending.kind === 'microdeposits' && pending.depositsFail ? 'stripe.microdeposits_failed' : 'stripe.microdeposits_timed_out' }],
    settle(state, { kind: 'fail' }, ctx, false).state,
  );
}

/**
 * A request with a parameter problem is refused. Problems found while checking parameters win
 * over the status; the others surface only when the status allows the operation.
 */
function predictBadParams(state: OracleState | null, badCase: BadParamsCase): Prediction {
  if (badCase.operation === 'create' || state === null) {
    return refusedWith(null, badCase.code);
  }
  const hasPaymentMethod = 'payment_method' in badCase.params || 'payment_method_data' in badCase.params || state.paymentMethod !== null;
  const operation: TableOperation =
    badCase.operation === 'update' ? (badCase.touchesPaymentMethod === true ? 'update_payment_method' : 'update_fields') : badCase.operation;
  const cell = STATUS_TABLE[operation][state.status];
  const statusPermits = permits(cell, state, hasPaymentMethod);
  return refusedWith(statusPermits, badCase.phase === 'params' || statusPermits ? badCase.code : refusalCode(cell));
}

/** The oracle's expectation for a step on a SetupIntent in `state` (null for creates). */
export function predict(state: OracleState | null, step: Step, ctx: OracleContext): Prediction {
  if (step.kind === 'create') {
    return predictCreate(step, ctx);
  }
  if (step.kind === 'bad_params') {
    return predictBadParams(state, step.badCase);
  }
  if (state === null) {
    throw new Error(`${step.kind} needs a SetupIntent`);
  }
  switch (step.kind) {
    case 'confirm':
      return predictConfirm(state, step, ctx);
    case 'update_payment_method':
      return predictUpdate(state, 'set', factsOf(step.paymentMethod));
    case 'unset_payment_method':
      return predictUpdate(state, 'unset', null);
    case 'update_metadata':
    case 'update_description':
      return predictUpdate(state, 'unchanged', null);
    case 'cancel':
      return predictCancel(state);
    case 'verify_microdeposits':
      return predictVerify(state, step, ctx);
    case 'complete_action':
      return predictCompleteAction(state, step, ctx);
    case 'expire_attempt':
      return predictExpire(state, ctx);
    case 'settle_processing':
      return predictSettle(state, step, ctx);
    case 'advance_time':
      return predictAdvanceTime(state, ctx);
  }
}
