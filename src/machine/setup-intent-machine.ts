import { setup, assign } from 'xstate';

/**
 * How a confirmation turned out, as decided by the payment method's test behaviour. The machine
 * branches on it; it does not compute it.
 */
export type ConfirmationOutcome = 'succeeded' | 'requires_action' | 'processing' | 'failed' | 'failed_limit_reached';

/** What an update does to the payment method. */
export type PaymentMethodChange = 'set' | 'unset' | 'unchanged';

/**
 * How a `verify_microdeposits` call turned out: `verified` (set up), `processing` (verified, the
 * bank has not answered yet), `mismatch`, `exhausted`, `timed_out`, or `failed` (the deposits
 * could not be sent, or the setup failed after verification).
 */
export type MicrodepositOutcome = 'verified' | 'processing' | 'mismatch' | 'exhausted' | 'timed_out' | 'failed';

/** What a `requires_action` SetupIntent waits on. */
export type PendingActionKind = 'customer_action' | 'microdeposits';

/** How the step after a completed customer action turned out. */
export type ActionCompletionOutcome = 'succeeded' | 'processing' | 'failed';

/**
 * Events of the SetupIntent statechart. `api.*` are calls a Stripe user makes; `stripe.*` are
 * outcomes that happen on Stripe's side (the customer, the bank, or time passing).
 */
export type SetupIntentMachineEvent =
  | {
      readonly type: 'api.update';
      readonly paymentMethod: PaymentMethodChange;
      /** Whether the update changes only `metadata` and `description`. */
      readonly annotationsOnly?: boolean;
    }
  | {
      readonly type: 'api.confirm';
      readonly hasPaymentMethod: boolean;
      readonly outcome: ConfirmationOutcome;
      readonly action?: PendingActionKind;
    }
  | { readonly type: 'api.cancel' }
  | { readonly type: 'api.verify_microdeposits'; readonly outcome: MicrodepositOutcome }
  | { readonly type: 'stripe.action_succeeded'; readonly outcome: ActionCompletionOutcome }
  | { readonly type: 'stripe.action_failed' }
  | { readonly type: 'stripe.attempt_expired' }
  | { readonly type: 'stripe.processing_succeeded' }
  | { readonly type: 'stripe.processing_failed' }
  | { readonly type: 'stripe.microdeposits_failed' }
  | { readonly type: 'stripe.microdeposits_timed_out' };

/** The event type names of the statechart. */
export type SetupIntentMachineEventType = SetupIntentMachineEvent['type'];

/**
 * The machine's context: the few facts about the SetupIntent its guards and actions track. The
 * full object lives in the reducers' records; the machine is the normative picture of the lifecycle.
 */
export interface SetupIntentMachineContext {
  /** Whether the SetupIntent has a payment method. */
  readonly hasPaymentMethod: boolean;
  /** What the SetupIntent waits on; non-null exactly in `requires_action`. */
  readonly nextAction: PendingActionKind | null;
  /** Whether `last_setup_error` is set. */
  readonly hasLastSetupError: boolean;
}

type Ev<T extends SetupIntentMachineEventType> = Extract<SetupIntentMachineEvent, { type: T }>;

const confirmOutcome = (event: SetupIntentMachineEvent, outcome: ConfirmationOutcome, hasPm: boolean): boolean =>
  event.type === 'api.confirm' && (hasPm || event.hasPaymentMethod) && event.outcome === outcome;

const completionOutcome = (event: SetupIntentMachineEvent, outcome: ActionCompletionOutcome): boolean =>
  event.type === 'stripe.action_succeeded' && event.outcome === outcome;

const microdepositOutcome = (event: SetupIntentMachineEvent, outcome: MicrodepositOutcome): boolean =>
  event.type === 'api.verify_microdeposits' && event.outcome === outcome;

/**
 * The SetupIntent lifecycle as an XState v5 statechart. Its states are exactly Stripe's six
 * statuses; `succeeded` and `canceled` are final.
 *
 * @remarks Spec §3 (transition table T1-T18). Outcomes that depend on the payment method arrive in
 * the event payload (`outcome`), so the chart stays a pure picture of what may follow what. A new
 * SetupIntent starts in `requires_payment_method`; a create call that supplies a payment method is
 * that start followed by `api.update` with `paymentMethod: 'set'` (T2 = T1 then T4), and a create
 * with `confirm=true` is that start followed by `api.confirm` (T3). Transitions that keep the
 * status name it as their target: in XState a targetless transition without actions forbids its
 * event, and `snapshot.can()` would answer `false` for an operation the status accepts.
 *
 * @example
 * ```ts
 * import { initialTransition, transition } from 'xstate';
 * const [created] = initialTransition(setupIntentMachine);
 * const [next] = transition(setupIntentMachine, created, { type: 'api.update', paymentMethod: 'set' });
 * next.value; // 'requires_confirmation'
 * ```
 */
export const setupIntentMachine = setup({
  types: {
    context: {} as SetupIntentMachineContext,
    events: {} as SetupIntentMachineEvent,
  },
  guards: {
    setsPaymentMethod: ({ event }) => event.type === 'api.update' && event.paymentMethod === 'set',
    unsetsPaymentMethod: ({ event }) => event.type === 'api.update' && event.paymentMethod === 'unset',
    keepsPaymentMethod: ({ event }) => event.type === 'api.update' && event.paymentMethod === 'unchanged',
    onlyAnnotates: ({ event }) =>
      event.type === 'api.update' && event.paymentMethod === 'unchanged' && event.annotationsOnly === true,
    confirmSucceeds: ({ context, event }) => confirmOutcome(event, 'succeeded', context.hasPaymentMethod),
    confirmNeedsAction: ({ context, event }) => confirmOutcome(event, 'requires_action', context.hasPaymentMethod),
    confirmProcesses: ({ context, event }) => confirmOutcome(event, 'processing', context.hasPaymentMethod),
    confirmFails: ({ context, event }) => confirmOutcome(event, 'failed', context.hasPaymentMethod),
    confirmFailsAtLimit: ({ context, event }) =>
      confirmOutcome(event, 'failed_limit_reached', context.hasPaymentMethod),
    awaitsCustomerAction: ({ context }) => context.nextAction === 'customer_action',
    awaitsMicrodeposits: ({ context }) => context.nextAction === 'microdeposits',
    actionLeadsToSuccess: ({ context, event }) =>
      context.nextAction === 'customer_action' && completionOutcome(event, 'succeeded'),
    actionLeadsToProcessing: ({ context, event }) =>
      context.nextAction === 'customer_action' && completionOutcome(event, 'processing'),
    actionLeadsToFailure: ({ context, event }) =>
      context.nextAction === 'customer_action' && completionOutcome(event, 'failed'),
    microdepositsVerified: ({ context, event }) =>
      context.nextAction === 'microdeposits' && microdepositOutcome(event, 'verified'),
    microdepositsLeadToProcessing: ({ context, event }) =>
      context.nextAction === 'microdeposits' && microdepositOutcome(event, 'processing'),
    microdepositsMismatched: ({ context, event }) =>
      context.nextAction === 'microdeposits' && microdepositOutcome(event, 'mismatch'),
    microdepositsExhausted: ({ context, event }) =>
      context.nextAction === 'microdeposits' && microdepositOutcome(event, 'exhausted'),
    microdepositsTimedOutOnEntry: ({ context, event }) =>
      context.nextAction === 'microdeposits' && microdepositOutcome(event, 'timed_out'),
    microdepositsFailed: ({ context, event }) =>
      context.nextAction === 'microdeposits' && microdepositOutcome(event, 'failed'),
  },
  actions: {
    setPaymentMethod: assign({ hasPaymentMethod: true }),
    clearPaymentMethod: assign({ hasPaymentMethod: false }),
    clearLastSetupError: assign({ hasLastSetupError: false }),
    recordLastSetupError: assign({ hasLastSetupError: true }),
    setNextAction: assign({
      nextAction: ({ event }) => ((event as Ev<'api.confirm'>).action ?? 'customer_action'),
    }),
    clearNextAction: assign({ nextAction: null }),
  },
}).createMachine({
  id: 'setupIntent',
  initial: 'requires_payment_method',
  context: { hasPaymentMethod: false, nextAction: null, hasLastSetupError: false },
  states: {
    requires_payment_method: {
      on: {
        'api.update': [
          { guard: 'setsPaymentMethod', target: 'requires_confirmation', actions: 'setPaymentMethod' },
          { guard: 'keepsPaymentMethod', target: 'requires_payment_method' },
          { guard: 'unsetsPaymentMethod', target: 'requires_payment_method' },
        ],
        'api.confirm': [
          { guard: 'confirmSucceeds', target: 'succeeded', actions: ['setPaymentMethod', 'clearLastSetupError'] },
          { guard: 'confirmNeedsAction', target: 'requires_action', actions: ['setPaymentMethod', 'setNextAction'] },
          { guard: 'confirmProcesses', target: 'processing', actions: 'setPaymentMethod' },
          { guard: 'confirmFails', target: 'requires_payment_method', actions: ['clearPaymentMethod', 'recordLastSetupError'] },
          { guard: 'confirmFailsAtLimit', target: 'canceled', actions: ['clearPaymentMethod', 'recordLastSetupError'] },
        ],
        'api.cancel': { target: 'canceled' },
      },
    },
    requires_confirmation: {
      on: {
        'api.update': [
          { guard: 'unsetsPaymentMethod', target: 'requires_payment_method', actions: 'clearPaymentMethod' },
          { guard: 'setsPaymentMethod', target: 'requires_confirmation' },
          { guard: 'keepsPaymentMethod', target: 'requires_confirmation' },
        ],
        'api.confirm': [
          { guard: 'confirmSucceeds', target: 'succeeded', actions: 'clearLastSetupError' },
          { guard: 'confirmNeedsAction', target: 'requires_action', actions: 'setNextAction' },
          { guard: 'confirmProcesses', target: 'processing' },
          { guard: 'confirmFails', target: 'requires_payment_method', actions: ['clearPaymentMethod', 'recordLastSetupError'] },
          { guard: 'confirmFailsAtLimit', target: 'canceled', actions: ['clearPaymentMethod', 'recordLastSetupError'] },
        ],
        'api.cancel': { target: 'canceled' },
      },
    },
    requires_action: {
      on: {
        'api.update': [
          { guard: 'setsPaymentMethod', target: 'requires_confirmation', actions: 'clearNextAction' },
          { guard: 'unsetsPaymentMethod', target: 'requires_payment_method', actions: ['clearPaymentMethod', 'clearNextAction'] },
          { guard: 'keepsPaymentMethod', target: 'requires_action' },
        ],
        'api.confirm': [
          { guard: 'confirmSucceeds', target: 'succeeded', actions: ['clearNextAction', 'clearLastSetupError'] },
          { guard: 'confirmNeedsAction', target: 'requires_action', actions: 'setNextAction' },
          { guard: 'confirmProcesses', target: 'processing', actions: 'clearNextAction' },
          { guard: 'confirmFails', target: 'requires_payment_method', actions: ['clearPaymentMethod', 'clearNextAction', 'recordLastSetupError'] },
          { guard: 'confirmFailsAtLimit', target: 'canceled', actions: ['clearPaymentMethod', 'clearNextAction', 'recordLastSetupError'] },
        ],
        'api.cancel': { target: 'canceled', actions: 'clearNextAction' },
        'api.verify_microdeposits': [
          { guard: 'microdepositsVerified', target: 'succeeded', actions: ['clearNextAction', 'clearLastSetupError'] },
          { guard: 'microdepositsLeadToProcessing', target: 'processing', actions: 'clearNextAction' },
          { guard: 'microdepositsMismatched', target: 'requires_action' },
          { guard: 'microdepositsExhausted', target: 'requires_payment_method', actions: ['clearPaymentMethod', 'clearNextAction', 'recordLastSetupError'] },
          { guard: 'microdepositsTimedOutOnEntry', target: 'requires_payment_method', actions: ['clearPaymentMethod', 'clearNextAction', 'recordLastSetupError'] },
          { guard: 'microdepositsFailed', target: 'requires_payment_method', actions: ['clearPaymentMethod', 'clearNextAction', 'recordLastSetupError'] },
        ],
        'stripe.action_succeeded': [
          { guard: 'actionLeadsToSuccess', target: 'succeeded', actions: ['clearNextAction', 'clearLastSetupError'] },
          { guard: 'actionLeadsToProcessing', target: 'processing', actions: 'clearNextAction' },
          { guard: 'actionLeadsToFailure', target: 'requires_payment_method', actions: ['clearPaymentMethod', 'clearNextAction', 'recordLastSetupError'] },
        ],
        'stripe.action_failed': {
          guard: 'awaitsCustomerAction',
          target: 'requires_payment_method',
          actions: ['clearPaymentMethod', 'clearNextAction', 'recordLastSetupError'],
        },
        'stripe.attempt_expired': {
          target: 'requires_payment_method',
          actions: ['clearPaymentMethod', 'clearNextAction', 'recordLastSetupError'],
        },
        'stripe.microdeposits_failed': {
          guard: 'awaitsMicrodeposits',
          target: 'requires_payment_method',
          actions: ['clearPaymentMethod', 'clearNextAction', 'recordLastSetupError'],
        },
        'stripe.microdeposits_timed_out': {
          guard: 'awaitsMicrodeposits',
          target: 'requires_payment_method',
          actions: ['clearPaymentMethod', 'clearNextAction', 'recordLastSetupError'],
        },
      },
    },
    processing: {
      on: {
        'api.update': { guard: 'onlyAnnotates', target: 'processing' },
        'stripe.processing_succeeded': { target: 'succeeded', actions: 'clearLastSetupError' },
        'stripe.processing_failed': {
          target: 'requires_payment_method',
          actions: ['clearPaymentMethod', 'recordLastSetupError'],
        },
      },
    },
    succeeded: { type: 'final' },
    canceled: { type: 'final' },
  },
});
