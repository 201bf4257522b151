// Applies sequences of steps through the pure operations, with a memory store and a clock the
// sequence controls, and records every call and its result.
import {
  advanceTime,
  cancelSetupIntent,
  completeCustomerAction,
  confirmSetupIntent,
  createMemoryStore,
  createSetupIntent,
  createTestPaymentMethodCatalogue,
  DEFAULT_EPOCH,
  DEFAULT_TEST_PAYMENT_METHODS,
  expireSetupAttempt,
  settleProcessing,
  updateSetupIntent,
  verifyMicrodeposits,
} from '../../src/index.js';
import type {
  BehaviorOptions,
  MandateDataParam,
  MemoryStore,
  OperationResult,
  PaymentMethodDataParam,
  SetupIntentRecord,
  TestPaymentMethodCatalogue,
} from '../../src/index.js';
import type { MicrodepositValues, OperationSequence, PaymentMethodChoice, Step } from './arbitraries.js';
import { TEST_ROUTING_NUMBER } from './arbitraries.js';
import { deepFreeze } from './deep-freeze.js';

/** The mandate acceptance sent with confirmations of mandate-based payment methods. */
const MANDATE_DATA: MandateDataParam = {
  customer_acceptance: { type: 'online', online: { ip_address: '203.0.113.7', user_agent: 'Mozilla/5.0 (property test)' } },
};

/** The `return_url` sent with confirmations. */
const RETURN_URL = 'https://example.com/setup/return';

/** Payment method types of a create call that names them. */
const EXPLICIT_PAYMENT_METHOD_TYPES: readonly string[] = ['card', 'sepa_debit', 'us_bank_account'];

/**
 * The default catalogue plus a 3D Secure card whose setup is still processing after
 * authentication (spec T11: "succeeded, or processing for async rails"), added through the
 * catalogue's documented extension point.
 */
export const TEST_CATALOGUE: TestPaymentMethodCatalogue = createTestPaymentMethodCatalogue([
  ...DEFAULT_TEST_PAYMENT_METHODS,
  {
    key: 'card_authentication_then_processing',
    description: 'Requires 3D Secure; after authentication the setup processes until settled.',
    aliases: ['pm_card_authenticationThenProcessing'],
    details: { type: 'card', number: '4000000000001000', brand: 'visa', funding: 'credit', country: 'US', threeDSecure: 'required' },
    settlement: { kind: 'process', then: { kind: 'succeed' }, settlesAfterSeconds: null },
  },
]);

/** A memory store, a clock the sequence moves, and a Customer to set up payment methods for. */
export interface RunContext {
  readonly store: MemoryStore;
  readonly clock: { now: number };
  readonly customerId: string;
}

/** Options of a run: the id seed, behaviour switches, and the catalogue (`TEST_CATALOGUE` by default). */
export interface RunOptions {
  readonly seed: number;
  readonly behavior?: Partial<BehaviorOptions>;
  readonly catalogue?: TestPaymentMethodCatalogue;
}

/** Creates a fresh store whose clock starts at the default epoch, with one Customer. */
export function createRunContext(options: RunOptions): RunContext {
  const clock = { now: DEFAULT_EPOCH };
  const store = createMemoryStore({
    seed: options.seed,
    now: () => clock.now,
    ...(options.behavior === undefined ? {} : { behavior: options.behavior }),
    catalogue: options.catalogue ?? TEST_CATALOGUE,
  });
  const customer = store.addCustomer({ email: 'jenny.rosen@example.com', name: 'Jenny Rosen' });
  return { store, clock, customerId: customer.id };
}

/** `payment_method_data` for a US bank account entered by hand. */
function bankAccountData(accountNumber: string, routingNumber = TEST_ROUTING_NUMBER): PaymentMethodDataParam {
  return {
    type: 'us_bank_account',
    billing_details: { name: 'Jenny Rosen', email: 'jenny.rosen@example.com' },
    us_bank_account: { account_holder_type: 'individual', account_number: accountNumber, routing_number: routingNumber },
  };
}

function paymentMethodParams(choice: PaymentMethodChoice): Record<string, unknown> {
  return choice.kind === 'alias' ? { payment_method: choice.alias } : { payment_method_data: bankAccountData(choice.accountNumber) };
}

function verifyParams(values: MicrodepositValues): Record<string, unknown> {
  switch (values.kind) {
    case 'amounts':
      return { amounts: values.amounts };
    case 'single_amount':
      return { amounts: [values.amount] };
    case 'descriptor_code':
      return { descriptor_code: values.code };
  }
}

/** The request parameters of a step (for the steps that are API calls). */
function paramsFor(step: Step, context: RunContext): Readonly<Record<string, unknown>> | null {
  switch (step.kind) {
    case 'create':
      return {
        ...(step.paymentMethodTypes === 'explicit' ? { payment_method_types: EXPLICIT_PAYMENT_METHOD_TYPES } : {}),
        ...(step.paymentMethodTypes === 'automatic_without_redirects' ? { automatic_payment_methods: { enabled: true, allow_redirects: 'never' } } : {}),
        ...(step.customer ? { customer: context.customerId } : {}),
        ...(step.paymentMethod === null ? {} : paymentMethodParams(step.paymentMethod)),
        ...(step.confirm ? { confirm: true } : {}),
        ...(step.mandateData ? { mandate_data: MANDATE_DATA } : {}),
        ...(step.returnUrl ? { return_url: RETURN_URL } : {}),
        ...(step.metadata === null ? {} : { metadata: step.metadata }),
      };
    case 'update_payment_method':
      return paymentMethodParams(step.paymentMethod);
    case 'unset_payment_method':
      return { payment_method: '' };
    case 'update_metadata':
      return { metadata: step.metadata };
    case 'update_description':
      return { description: step.description };
    case 'confirm':
      return {
        ...(step.paymentMethod === null ? {} : paymentMethodParams(step.paymentMethod)),
        ...(step.mandateData ? { mandate_data: MANDATE_DATA } : {}),
        ...(step.returnUrl ? { return_url: RETURN_URL } : {}),
        ...(step.requestThreeDSecure ? { payment_method_options: { card: { request_three_d_secure: 'any' } } } : {}),
      };
    case 'cancel':
      return step.reason === null ? {} : { cancellation_reason: step.reason };
    case 'verify_microdeposits':
      return verifyParams(step.values);
    case 'bad_params':
      return step.badCase.params;
    // Stripe-side steps are not API calls: they take no parameters.
    case 'complete_action':
    case 'expire_attempt':
    case 'settle_processing':
    case 'advance_time':
      return null;
  }
}

/** A step as applied: its (frozen) parameters and the operation's result. */
export interface AppliedStep {
  readonly params: Readonly<Record<string, unknown>> | null;
  readonly result: OperationResult;
}

/**
 * Applies one step: builds its parameters, deep-freezes them and the input record, calls the
 * operation, stores what the result produced and freezes that too. `record` is the SetupIntent the
 * step acts on; it is ignored by `create` (and by a bad create).
 */
export function applyStep(context: RunContext, record: SetupIntentRecord | null, step: Step): AppliedStep {
  const { store } = context;
  const env = store.env;
  const params = paramsFor(step, context);
  deepFreeze(params);
  const isCreate = isCreateStep(step);
  if (!isCreate && record === null) {
    throw new Error(`step ${step.kind} needs a SetupIntent`);
  }
  const target = record as SetupIntentRecord;
  if (!isCreate) {
    deepFreeze(target);
  }
  // Requests are plain data here, bad ones included, so they are handed over as the operations' parameter types.
  const request = (params ?? {}) as never;
  const result = ((): OperationResult => {
    switch (step.kind) {
      case 'create':
        return createSetupIntent(request, env);
      case 'update_payment_method':
      case 'unset_payment_method':
      case 'update_metadata':
      case 'update_description':
        return updateSetupIntent(target, request, env);
      case 'confirm':
        return confirmSetupIntent(target, request, env);
      case 'cancel':
        return cancelSetupIntent(target, request, env);
      case 'verify_microdeposits':
        return verifyMicrodeposits(target, request, env);
      case 'complete_action':
        return completeCustomerAction(target, step.outcome, env);
      case 'expire_attempt':
        return expireSetupAttempt(target, env);
      case 'settle_processing':
        return step.outcome === null ? settleProcessing(target, env) : settleProcessing(target, env, step.outcome);
      case 'advance_time':
        context.clock.now += step.seconds;
        return advanceTime(target, env);
      case 'bad_params':
        switch (step.badCase.operation) {
          case 'create':
            return createSetupIntent(request, env);
          case 'update':
            return updateSetupIntent(target, request, env);
          case 'confirm':
            return confirmSetupIntent(target, request, env);
          case 'cancel':
            return cancelSetupIntent(target, request, env);
          case 'verify_microdeposits':
            return verifyMicrodeposits(target, request, env);
        }
    }
  })();
  store.apply(result);
  deepFreeze(result);
  return { params, result };
}

/** Whether a step creates a SetupIntent (when accepted) rather than acting on the current one. */
export function isCreateStep(step: Step): boolean {
  return step.kind === 'create' || (step.kind === 'bad_params' && step.badCase.operation === 'create');
}

/** One step of a run. */
export interface TraceEntry {
  /** Position in the sequence. */
  readonly index: number;
  readonly step: Step;
  /** The SetupIntent the step acted on or created; `null` for a refused create or a step not run. */
  readonly intentId: string | null;
  /** The record the step received (frozen); `null` for creates and steps not run. */
  readonly before: SetupIntentRecord | null;
  /** A structural copy of `before`, taken before the call. */
  readonly beforeCopy: SetupIntentRecord | null;
  /** The parameters sent (frozen), and a structural copy taken before the call. */
  readonly params: Readonly<Record<string, unknown>> | null;
  readonly paramsCopy: Readonly<Record<string, unknown>> | null;
  /** The result; `null` when the step was not run because no SetupIntent existed yet. */
  readonly result: OperationResult | null;
  /** The clock after the step. */
  readonly now: number;
  /** Ids of SetupAttempts the step created (not merely updated). */
  readonly newAttemptIds: readonly string[];
  /** Serialized store contents before and after the step. */
  readonly storeBefore: string;
  readonly storeAfter: string;
}

/** A finished run: its context (the store) and one entry per step. */
export interface Run {
  readonly context: RunContext;
  readonly trace: readonly TraceEntry[];
}

/** Everything the store holds, serialized in a stable order. */
export function storeDigest(store: MemoryStore): string {
  return JSON.stringify([
    [...store.setupIntents.entries()],
    [...store.paymentMethods.entries()],
    [...store.customers.entries()],
    [...store.setupAttempts.entries()],
    [...store.mandates.entries()],
  ]);
}

/**
 * Runs a sequence on a fresh store. Each non-create step acts on the most recently created
 * SetupIntent; steps before any SetupIntent exists are not run (they are recorded with a `null` result).
 */
export function runSequence(sequence: OperationSequence, options: Omit<RunOptions, 'seed'> = {}): Run {
  const context = createRunContext({
    ...options,
    seed: sequence.seed,
    behavior: { ...options.behavior, confirmationFailureLimit: sequence.confirmationFailureLimit },
  });
  const { store } = context;
  const trace: TraceEntry[] = [];
  let currentId: string | null = null;
  sequence.steps.forEach((step, index) => {
    const creates = isCreateStep(step);
    const before = creates || currentId === null ? null : (store.record(currentId) ?? null);
    const storeBefore = storeDigest(store);
    if (!creates && before === null) {
      trace.push({
        index, step, intentId: null, before: null, beforeCopy: null, params: null, paramsCopy: null, result: null,
        now: context.clock.now, newAttemptIds: [], storeBefore, storeAfter: storeBefore,
      });
      return;
    }
    const beforeCopy = before === null ? null : structuredClone(before);
    const paramsCopy = structuredClone(paramsFor(step, context));
    const knownAttempts = new Set(store.setupAttempts.keys());
    const { params, result } = applyStep(context, before, step);
    const intentId = result.kind === 'refused' ? (creates ? null : currentId) : result.record.intent.id;
    if (creates && intentId !== null) {
      currentId = intentId;
    }
    const newAttemptIds = result.kind === 'refused' ? [] : result.changes.setupAttempts.map((a) => a.id).filter((id) => !knownAttempts.has(id));
    trace.push({
      index, step, intentId, before, beforeCopy, params, paramsCopy, result,
      now: context.clock.now, newAttemptIds, storeBefore, storeAfter: storeDigest(store),
    });
  });
  return { context, trace };
}

/** The entries of a run that acted on (or created) each SetupIntent, by id, in order. */
export function entriesByIntent(trace: readonly TraceEntry[]): ReadonlyMap<string, readonly TraceEntry[]> {
  const byIntent = new Map<string, TraceEntry[]>();
  for (const entry of trace) {
    if (entry.intentId === null) {
      continue;
    }
    const list = byIntent.get(entry.intentId) ?? [];
    list.push(entry);
    byIntent.set(entry.intentId, list);
  }
  return byIntent;
}
