import { setup, assign } from 'xstate';
import type { StateMachine } from 'xstate';
import type { SetupIntentEventType } from '../events/stripe-event.js';

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

/**
 * What a transition means for Stripe's side of the wire, kept in the transition's `meta`: the
 * SetupIntent events Stripe sends when it is taken, in order. The reducers emit exactly these, and
 * the webhook-log validator judges histories by them.
 */
export interface SetupIntentTransitionMeta {
  /** The `setup_intent.*` events this transition sends (none for silent steps such as updates). */
  readonly emits: readonly SetupIntentEventType[];
}

type Ev<T extends SetupIntentMachineEventType> = Extract<SetupIntentMachineEvent, { type: T }>;

const confirmOutcome = (event: SetupIntentMachineEvent, outcome: ConfirmationOutcome, hasPm: boolean): boolean =>
  event.type === 'api.confirm' && (hasPm || event.hasPaymentMethod) && event.outcome === outcome;

const completionOutcome = (event: SetupIntentMachineEvent, outcome: ActionCompletionOutcome): boolean =>
  event.type === 'stripe.action_succeeded' && event.outcome === outcome;

const microdepositOutcome = (event: SetupIntentMachineEvent, outcome: MicrodepositOutcome): boolean =>
  event.type === 'api.verify_microdeposits' && event.outcome === outcome;

/** The names of the statechart's actions; each writes one fact of the context (the reducers carry it out on the SetupIntent). */
export type SetupIntentMachineAction =
  | 'setPaymentMethod'
  | 'clearPaymentMethod'
  | 'clearLastSetupError'
  | 'recordLastSetupError'
  | 'setNextAction'
  | 'clearNextAction';

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
  description: 'A SetupIntent, from creation to a saved payment method (or a cancellation). Spec §3, T1-T18.',
  meta: { emitsOnCreate: ['setup_intent.created'] },
  context: { hasPaymentMethod: false, nextAction: null, hasLastSetupError: false },
  states: {
    requires_payment_method: {
      description: 'Waiting for a payment method: new, after a failed attempt, or after the payment method was unset.',
      on: {
        'api.update': [
          { guard: 'setsPaymentMethod', target: 'requires_confirmation', actions: 'setPaymentMethod', description: 'An update supplies a payment method (T4).', meta: { emits: [] } },
          { guard: 'keepsPaymentMethod', target: 'requires_payment_method', description: 'An update of other fields.', meta: { emits: [] } },
          { guard: 'unsetsPaymentMethod', target: 'requires_payment_method', description: 'An update unsets a payment method it does not have.', meta: { emits: [] } },
        ],
        'api.confirm': [
          { guard: 'confirmSucceeds', target: 'succeeded', actions: ['setPaymentMethod', 'clearLastSetupError'], description: 'Confirmed with a payment method that sets up at once (T6).', meta: { emits: ['setup_intent.succeeded'] } },
          { guard: 'confirmNeedsAction', target: 'requires_action', actions: ['setPaymentMethod', 'setNextAction'], description: 'Confirmed with a payment method that needs 3D Secure or microdeposits (T7).', meta: { emits: ['setup_intent.requires_action'] } },
          { guard: 'confirmProcesses', target: 'processing', actions: 'setPaymentMethod', description: 'Confirmed with a bank debit that the bank settles later (T9).', meta: { emits: [] } },
          { guard: 'confirmFails', target: 'requires_payment_method', actions: ['clearPaymentMethod', 'recordLastSetupError'], description: 'Confirmed with a payment method that is declined (T8).', meta: { emits: ['setup_intent.setup_failed'] } },
          { guard: 'confirmFailsAtLimit', target: 'canceled', actions: ['clearPaymentMethod', 'recordLastSetupError'], description: 'A declined confirmation that reaches the confirmation limit (T10).', meta: { emits: ['setup_intent.canceled'] } },
        ],
        'api.cancel': { target: 'canceled', description: 'Canceled (T18).', meta: { emits: ['setup_intent.canceled'] } },
      },
    },
    requires_confirmation: {
      description: 'Has a payment method, waiting for a confirmation.',
      on: {
        'api.update': [
          { guard: 'unsetsPaymentMethod', target: 'requires_payment_method', actions: 'clearPaymentMethod', description: "An update unsets the payment method (payment_method='') (T5).", meta: { emits: [] } },
          { guard: 'setsPaymentMethod', target: 'requires_confirmation', description: 'An update replaces the payment method.', meta: { emits: [] } },
          { guard: 'keepsPaymentMethod', target: 'requires_confirmation', description: 'An update of other fields.', meta: { emits: [] } },
        ],
        'api.confirm': [
          { guard: 'confirmSucceeds', target: 'succeeded', actions: 'clearLastSetupError', description: 'Confirmed, and the payment method sets up at once (T6).', meta: { emits: ['setup_intent.succeeded'] } },
          { guard: 'confirmNeedsAction', target: 'requires_action', actions: 'setNextAction', description: 'Confirmed, and the payment method needs 3D Secure or microdeposits (T7).', meta: { emits: ['setup_intent.requires_action'] } },
          { guard: 'confirmProcesses', target: 'processing', description: 'Confirmed, and the bank settles later (T9).', meta: { emits: [] } },
          { guard: 'confirmFails', target: 'requires_payment_method', actions: ['clearPaymentMethod', 'recordLastSetupError'], description: 'Confirmed, and the payment method is declined (T8).', meta: { emits: ['setup_intent.setup_failed'] } },
          { guard: 'confirmFailsAtLimit', target: 'canceled', actions: ['clearPaymentMethod', 'recordLastSetupError'], description: 'A declined confirmation that reaches the confirmation limit (T10).', meta: { emits: ['setup_intent.canceled'] } },
        ],
        'api.cancel': { target: 'canceled', description: 'Canceled (T18).', meta: { emits: ['setup_intent.canceled'] } },
      },
    },
    requires_action: {
      description: 'Waiting for the customer (3D Secure, a redirect) or for microdeposits to be verified.',
      on: {
        'api.update': [
          { guard: 'setsPaymentMethod', target: 'requires_confirmation', actions: 'clearNextAction', description: 'An update replaces the payment method, abandoning the pending action (T4).', meta: { emits: [] } },
          { guard: 'unsetsPaymentMethod', target: 'requires_payment_method', actions: ['clearPaymentMethod', 'clearNextAction'], description: 'An update unsets the payment method, abandoning the pending action (T5).', meta: { emits: [] } },
          { guard: 'keepsPaymentMethod', target: 'requires_action', description: 'An update of other fields.', meta: { emits: [] } },
        ],
        'api.confirm': [
          { guard: 'confirmSucceeds', target: 'succeeded', actions: ['clearNextAction', 'clearLastSetupError'], description: 'Confirmed again, and the payment method sets up at once (T6).', meta: { emits: ['setup_intent.succeeded'] } },
          { guard: 'confirmNeedsAction', target: 'requires_action', actions: 'setNextAction', description: 'Confirmed again, with a new action for the customer (T7).', meta: { emits: ['setup_intent.requires_action'] } },
          { guard: 'confirmProcesses', target: 'processing', actions: 'clearNextAction', description: 'Confirmed again, and the bank settles later (T9).', meta: { emits: [] } },
          { guard: 'confirmFails', target: 'requires_payment_method', actions: ['clearPaymentMethod', 'clearNextAction', 'recordLastSetupError'], description: 'Confirmed again, and the payment method is declined (T8).', meta: { emits: ['setup_intent.setup_failed'] } },
          { guard: 'confirmFailsAtLimit', target: 'canceled', actions: ['clearPaymentMethod', 'clearNextAction', 'recordLastSetupError'], description: 'A declined confirmation that reaches the confirmation limit (T10).', meta: { emits: ['setup_intent.canceled'] } },
        ],
        'api.cancel': { target: 'canceled', actions: 'clearNextAction', description: 'Canceled, abandoning the pending action (T18).', meta: { emits: ['setup_intent.canceled'] } },
        'api.verify_microdeposits': [
          { guard: 'microdepositsVerified', target: 'succeeded', actions: ['clearNextAction', 'clearLastSetupError'], description: 'The right amounts or descriptor code: the account is verified (T13).', meta: { emits: ['setup_intent.succeeded'] } },
          { guard: 'microdepositsLeadToProcessing', target: 'processing', actions: 'clearNextAction', description: 'Verified, and the bank settles later (T13, then T16 or T17).', meta: { emits: [] } },
          { guard: 'microdepositsMismatched', target: 'requires_action', description: 'Wrong amounts or code, with attempts left (T14).', meta: { emits: [] } },
          { guard: 'microdepositsExhausted', target: 'requires_payment_method', actions: ['clearPaymentMethod', 'clearNextAction', 'recordLastSetupError'], description: 'Wrong amounts or code, and no attempt left (T15).', meta: { emits: ['setup_intent.setup_failed'] } },
          { guard: 'microdepositsTimedOutOnEntry', target: 'requires_payment_method', actions: ['clearPaymentMethod', 'clearNextAction', 'recordLastSetupError'], description: 'A verification attempt after the deposits expired (T15).', meta: { emits: ['setup_intent.setup_failed'] } },
          { guard: 'microdepositsFailed', target: 'requires_payment_method', actions: ['clearPaymentMethod', 'clearNextAction', 'recordLastSetupError'], description: 'The deposits could not be sent, or the setup failed after verification (T15).', meta: { emits: ['setup_intent.setup_failed'] } },
        ],
        'stripe.action_succeeded': [
          { guard: 'actionLeadsToSuccess', target: 'succeeded', actions: ['clearNextAction', 'clearLastSetupError'], description: 'The customer authenticated, and the setup succeeds (T11).', meta: { emits: ['setup_intent.succeeded'] } },
          { guard: 'actionLeadsToProcessing', target: 'processing', actions: 'clearNextAction', description: 'The customer authenticated, and the bank settles later (T11).', meta: { emits: [] } },
          { guard: 'actionLeadsToFailure', target: 'requires_payment_method', actions: ['clearPaymentMethod', 'clearNextAction', 'recordLastSetupError'], description: 'The customer authenticated, and the card is then declined (T12).', meta: { emits: ['setup_intent.setup_failed'] } },
        ],
        'stripe.action_failed': {
          guard: 'awaitsCustomerAction',
          target: 'requires_payment_method',
          actions: ['clearPaymentMethod', 'clearNextAction', 'recordLastSetupError'],
          description: 'Authentication failed or was abandoned (T12).',
          meta: { emits: ['setup_intent.setup_failed'] },
        },
        'stripe.attempt_expired': {
          target: 'requires_payment_method',
          actions: ['clearPaymentMethod', 'clearNextAction', 'recordLastSetupError'],
          description: 'The pending attempt expired (T12).',
          meta: { emits: ['setup_intent.setup_failed'] },
        },
        'stripe.microdeposits_failed': {
          guard: 'awaitsMicrodeposits',
          target: 'requires_payment_method',
          actions: ['clearPaymentMethod', 'clearNextAction', 'recordLastSetupError'],
          description: 'The deposits could not be sent to the account (T15).',
          meta: { emits: ['setup_intent.setup_failed'] },
        },
        'stripe.microdeposits_timed_out': {
          guard: 'awaitsMicrodeposits',
          target: 'requires_payment_method',
          actions: ['clearPaymentMethod', 'clearNextAction', 'recordLastSetupError'],
          description: 'Ten days passed without a verification (T15).',
          meta: { emits: ['setup_intent.setup_failed'] },
        },
      },
    },
    processing: {
      description: 'Confirmed; the bank has not answered yet.',
      on: {
        'api.update': { guard: 'onlyAnnotates', target: 'processing', description: 'An update of metadata or description alone.', meta: { emits: [] } },
        'stripe.processing_succeeded': { target: 'succeeded', actions: 'clearLastSetupError', description: 'The bank accepted the setup (T16).', meta: { emits: ['setup_intent.succeeded'] } },
        'stripe.processing_failed': {
          target: 'requires_payment_method',
          actions: ['clearPaymentMethod', 'recordLastSetupError'],
          description: 'The bank refused the setup (T17).',
          meta: { emits: ['setup_intent.setup_failed'] },
        },
      },
    },
    // A final status changes no more, but some fields stay editable (`meta.editable`, recorded live: a
    // succeeded SetupIntent accepts metadata, description and customer updates, and refuses a payment method).
    succeeded: {
      type: 'final',
      description: 'The payment method is set up for future use; metadata, description and customer stay editable.',
      meta: { editable: ['metadata', 'description', 'customer'] },
    },
    canceled: { type: 'final', description: 'Canceled; it can no longer be used.', meta: { editable: [] } },
  },
});

// The declared action names are exactly the implemented ones: adding or renaming an action fails to compile until both agree.
type ImplementedAction = typeof setupIntentMachine extends StateMachine<any, any, any, any, infer A extends { type: string }, any, any, any, any, any, any, any, any, any> ? A['type'] : never;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const actionNamesAgree: Same<ImplementedAction, SetupIntentMachineAction> = true;
void actionNamesAgree;
