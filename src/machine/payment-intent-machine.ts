import { setup, assign } from 'xstate';
import type { StateMachine } from 'xstate';
import type { ChargeEventType, PaymentIntentEventType } from '../events/stripe-event.js';

/**
 * How a payment attempt turned out, as decided by the card's test behaviour and how it was set up:
 * paid (`succeeded`; only authorized when the event says the capture is manual), waiting on 3D Secure (`requires_action`), declined by the issuer with a failed
 * Charge (`declined`), or refused before any charge because the customer must authenticate and is
 * not there (`authentication_required`, off-session only). The machine branches on it.
 */
export type PaymentOutcome = 'succeeded' | 'requires_action' | 'declined' | 'authentication_required';

/** How the charge after a completed authentication turned out. */
export type AuthenticatedChargeOutcome = 'succeeded' | 'declined';

/** What an update does to the payment method. */
export type PaymentIntentPaymentMethodChange = 'set' | 'unset' | 'unchanged';

/**
 * Events of the PaymentIntent statechart. `api.*` are calls a Stripe user makes; `stripe.*` are
 * outcomes on Stripe's side (the customer on the 3D Secure page).
 */
export type PaymentIntentMachineEvent =
  | { readonly type: 'api.update'; readonly paymentMethod: PaymentIntentPaymentMethodChange }
  | {
      readonly type: 'api.confirm';
      readonly hasPaymentMethod: boolean;
      readonly outcome: PaymentOutcome;
      /** Whether the PaymentIntent captures later (`capture_method: manual`): a paid charge is then only authorized. */
      readonly manualCapture?: boolean;
    }
  | { readonly type: 'api.cancel' }
  | { readonly type: 'api.capture' }
  | {
      readonly type: 'stripe.action_succeeded';
      readonly outcome: AuthenticatedChargeOutcome;
      /** Whether the PaymentIntent captures later (`capture_method: manual`). */
      readonly manualCapture?: boolean;
    }
  | { readonly type: 'stripe.action_failed' };

/** The event type names of the PaymentIntent statechart. */
export type PaymentIntentMachineEventType = PaymentIntentMachineEvent['type'];

/** The facts about a PaymentIntent the statechart's guards and actions track. */
export interface PaymentIntentMachineContext {
  /** Whether the PaymentIntent has a payment method. */
  readonly hasPaymentMethod: boolean;
  /** Whether it waits on the customer's authentication; true exactly in `requires_action`. */
  readonly awaitsAction: boolean;
  /** Whether `last_payment_error` is set. */
  readonly hasLastPaymentError: boolean;
  /** Whether a Charge was made (`latest_charge` is set). */
  readonly hasCharge: boolean;
  /** Whether an authorized charge waits to be captured; true exactly in `requires_capture`. */
  readonly holdsAuthorization: boolean;
}

/**
 * What a PaymentIntent transition means on Stripe's side of the wire (its `meta`): the events Stripe
 * sends when it is taken, in order, Charge events included.
 */
export interface PaymentIntentTransitionMeta {
  /** The `payment_intent.*` and `charge.*` events this transition sends. */
  readonly emits: readonly (PaymentIntentEventType | ChargeEventType)[];
}

/** The names of the PaymentIntent statechart's actions. */
export type PaymentIntentMachineAction =
  | 'setPaymentMethod'
  | 'clearPaymentMethod'
  | 'recordLastPaymentError'
  | 'clearLastPaymentError'
  | 'setNextAction'
  | 'clearNextAction'
  | 'recordCharge'
  | 'recordAuthorization'
  | 'captureAuthorization'
  | 'releaseAuthorization';

const confirmOutcome = (event: PaymentIntentMachineEvent, outcome: PaymentOutcome, hasPm: boolean): boolean =>
  event.type === 'api.confirm' && (hasPm || event.hasPaymentMethod) && event.outcome === outcome;

const chargeOutcome = (event: PaymentIntentMachineEvent, outcome: AuthenticatedChargeOutcome): boolean =>
  event.type === 'stripe.action_succeeded' && event.outcome === outcome;

const capturesManually = (event: PaymentIntentMachineEvent): boolean =>
  (event.type === 'api.confirm' || event.type === 'stripe.action_succeeded') && event.manualCapture === true;

/**
 * The lifecycle of a PaymentIntent that pays with a saved card, as an XState v5 statechart. Its
 * states are Stripe's PaymentIntent statuses this flow reaches; `succeeded` and `canceled` are final.
 *
 * @remarks The statuses and the events follow https://docs.stripe.com/payments/paymentintents/lifecycle
 * and https://docs.stripe.com/api/events/types. A create that supplies a payment method is the
 * start followed by `api.update` with `paymentMethod: 'set'`; a create with `confirm=true` is that
 * start followed by `api.confirm`. What a payment does (pay, ask for 3D Secure, decline) arrives in
 * the event (`outcome`), decided from the test card and how it was set up; transitions that make a
 * Charge carry `recordCharge` and list the `charge.*` event in `meta.emits`. With `capture_method=manual`
 * (`manualCapture` on the event) a paid charge is only authorized: the PaymentIntent waits in
 * `requires_capture` until `api.capture` (https://docs.stripe.com/payments/place-a-hold-on-a-payment-method).
 *
 * @example
 * ```ts
 * import { initialTransition, transition } from 'xstate';
 * const [created] = initialTransition(paymentIntentMachine);
 * const [paid] = transition(paymentIntentMachine, created, { type: 'api.confirm', hasPaymentMethod: true, outcome: 'succeeded' });
 * paid.value; // 'succeeded'
 * ```
 */
export const paymentIntentMachine = setup({
  types: {
    context: {} as PaymentIntentMachineContext,
    events: {} as PaymentIntentMachineEvent,
  },
  guards: {
    setsPaymentMethod: ({ event }) => event.type === 'api.update' && event.paymentMethod === 'set',
    unsetsPaymentMethod: ({ event }) => event.type === 'api.update' && event.paymentMethod === 'unset',
    keepsPaymentMethod: ({ event }) => event.type === 'api.update' && event.paymentMethod === 'unchanged',
    paymentSucceeds: ({ context, event }) => confirmOutcome(event, 'succeeded', context.hasPaymentMethod) && !capturesManually(event),
    paymentAuthorized: ({ context, event }) => confirmOutcome(event, 'succeeded', context.hasPaymentMethod) && capturesManually(event),
    paymentNeedsAction: ({ context, event }) => confirmOutcome(event, 'requires_action', context.hasPaymentMethod),
    paymentDeclined: ({ context, event }) => confirmOutcome(event, 'declined', context.hasPaymentMethod),
    paymentNeedsAuthenticationOffSession: ({ context, event }) =>
      confirmOutcome(event, 'authentication_required', context.hasPaymentMethod),
    authenticatedChargeSucceeds: ({ context, event }) => context.awaitsAction && chargeOutcome(event, 'succeeded') && !capturesManually(event),
    authenticatedChargeAuthorized: ({ context, event }) => context.awaitsAction && chargeOutcome(event, 'succeeded') && capturesManually(event),
    authenticatedChargeDeclined: ({ context, event }) => context.awaitsAction && chargeOutcome(event, 'declined'),
    awaitsAction: ({ context }) => context.awaitsAction,
    holdsAuthorization: ({ context }) => context.holdsAuthorization,
  },
  actions: {
    setPaymentMethod: assign({ hasPaymentMethod: true }),
    clearPaymentMethod: assign({ hasPaymentMethod: false }),
    recordLastPaymentError: assign({ hasLastPaymentError: true }),
    clearLastPaymentError: assign({ hasLastPaymentError: false }),
    setNextAction: assign({ awaitsAction: true }),
    clearNextAction: assign({ awaitsAction: false }),
    recordCharge: assign({ hasCharge: true }),
    recordAuthorization: assign({ holdsAuthorization: true }),
    captureAuthorization: assign({ holdsAuthorization: false }),
    releaseAuthorization: assign({ holdsAuthorization: false }),
  },
}).createMachine({
  id: 'paymentIntent',
  initial: 'requires_payment_method',
  description: 'A PaymentIntent paying with a saved card, from creation to a payment (or a cancellation).',
  meta: { emitsOnCreate: ['payment_intent.created'] },
  context: { hasPaymentMethod: false, awaitsAction: false, hasLastPaymentError: false, hasCharge: false, holdsAuthorization: false },
  states: {
    requires_payment_method: {
      description: 'Waiting for a payment method: new, or after a failed payment attempt.',
      on: {
        'api.update': [
          { guard: 'setsPaymentMethod', target: 'requires_confirmation', actions: 'setPaymentMethod', description: 'An update supplies a payment method.', meta: { emits: [] } },
          { guard: 'keepsPaymentMethod', target: 'requires_payment_method', description: 'An update of other fields.', meta: { emits: [] } },
          { guard: 'unsetsPaymentMethod', target: 'requires_payment_method', description: 'An update unsets a payment method it does not have.', meta: { emits: [] } },
        ],
        'api.confirm': [
          { guard: 'paymentSucceeds', target: 'succeeded', actions: ['setPaymentMethod', 'recordCharge', 'clearLastPaymentError'], description: 'Confirmed with a card that pays at once.', meta: { emits: ['charge.succeeded', 'payment_intent.succeeded'] } },
          { guard: 'paymentAuthorized', target: 'requires_capture', actions: ['setPaymentMethod', 'recordCharge', 'recordAuthorization', 'clearLastPaymentError'], description: 'Confirmed with capture_method=manual and a card that pays: the amount is authorized and held.', meta: { emits: ['charge.succeeded', 'payment_intent.amount_capturable_updated'] } },
          { guard: 'paymentNeedsAction', target: 'requires_action', actions: ['setPaymentMethod', 'setNextAction'], description: 'Confirmed on-session with a card that asks for 3D Secure.', meta: { emits: ['payment_intent.requires_action'] } },
          { guard: 'paymentDeclined', target: 'requires_payment_method', actions: ['clearPaymentMethod', 'recordCharge', 'recordLastPaymentError'], description: 'Confirmed with a card the issuer declines: a failed Charge.', meta: { emits: ['charge.failed', 'payment_intent.payment_failed'] } },
          { guard: 'paymentNeedsAuthenticationOffSession', target: 'requires_payment_method', actions: ['clearPaymentMethod', 'recordLastPaymentError'], description: 'Confirmed off-session with a card that needs authentication: authentication_required, no Charge.', meta: { emits: ['payment_intent.payment_failed'] } },
        ],
        'api.cancel': { target: 'canceled', description: 'Canceled.', meta: { emits: ['payment_intent.canceled'] } },
      },
    },
    requires_confirmation: {
      description: 'Has a payment method, waiting for a confirmation.',
      on: {
        'api.update': [
          { guard: 'unsetsPaymentMethod', target: 'requires_payment_method', actions: 'clearPaymentMethod', description: "An update unsets the payment method (payment_method='').", meta: { emits: [] } },
          { guard: 'setsPaymentMethod', target: 'requires_confirmation', description: 'An update replaces the payment method.', meta: { emits: [] } },
          { guard: 'keepsPaymentMethod', target: 'requires_confirmation', description: 'An update of other fields.', meta: { emits: [] } },
        ],
        'api.confirm': [
          { guard: 'paymentSucceeds', target: 'succeeded', actions: ['setPaymentMethod', 'recordCharge', 'clearLastPaymentError'], description: 'Confirmed with a card that pays at once.', meta: { emits: ['charge.succeeded', 'payment_intent.succeeded'] } },
          { guard: 'paymentAuthorized', target: 'requires_capture', actions: ['setPaymentMethod', 'recordCharge', 'recordAuthorization', 'clearLastPaymentError'], description: 'Confirmed with capture_method=manual and a card that pays: the amount is authorized and held.', meta: { emits: ['charge.succeeded', 'payment_intent.amount_capturable_updated'] } },
          { guard: 'paymentNeedsAction', target: 'requires_action', actions: ['setPaymentMethod', 'setNextAction'], description: 'Confirmed on-session with a card that asks for 3D Secure.', meta: { emits: ['payment_intent.requires_action'] } },
          { guard: 'paymentDeclined', target: 'requires_payment_method', actions: ['clearPaymentMethod', 'recordCharge', 'recordLastPaymentError'], description: 'Confirmed with a card the issuer declines: a failed Charge.', meta: { emits: ['charge.failed', 'payment_intent.payment_failed'] } },
          { guard: 'paymentNeedsAuthenticationOffSession', target: 'requires_payment_method', actions: ['clearPaymentMethod', 'recordLastPaymentError'], description: 'Confirmed off-session with a card that needs authentication: authentication_required, no Charge.', meta: { emits: ['payment_intent.payment_failed'] } },
        ],
        'api.cancel': { target: 'canceled', description: 'Canceled.', meta: { emits: ['payment_intent.canceled'] } },
      },
    },
    requires_action: {
      description: 'Waiting on the customer to authenticate the payment (3D Secure).',
      on: {
        'api.update': { guard: 'keepsPaymentMethod', target: 'requires_action', description: 'An update of fields other than the payment method.', meta: { emits: [] } },
        'api.cancel': { target: 'canceled', actions: 'clearNextAction', description: 'Canceled, abandoning the authentication.', meta: { emits: ['payment_intent.canceled'] } },
        'stripe.action_succeeded': [
          { guard: 'authenticatedChargeSucceeds', target: 'succeeded', actions: ['clearNextAction', 'recordCharge', 'clearLastPaymentError'], description: 'The customer authenticated, and the charge is paid.', meta: { emits: ['charge.succeeded', 'payment_intent.succeeded'] } },
          { guard: 'authenticatedChargeAuthorized', target: 'requires_capture', actions: ['clearNextAction', 'recordCharge', 'recordAuthorization', 'clearLastPaymentError'], description: 'The customer authenticated, and the amount is authorized and held (capture_method=manual).', meta: { emits: ['charge.succeeded', 'payment_intent.amount_capturable_updated'] } },
          { guard: 'authenticatedChargeDeclined', target: 'requires_payment_method', actions: ['clearPaymentMethod', 'clearNextAction', 'recordCharge', 'recordLastPaymentError'], description: 'The customer authenticated, and the issuer then declines the charge.', meta: { emits: ['charge.failed', 'payment_intent.payment_failed'] } },
        ],
        'stripe.action_failed': {
          guard: 'awaitsAction',
          target: 'requires_payment_method',
          actions: ['clearPaymentMethod', 'clearNextAction', 'recordLastPaymentError'],
          description: 'Authentication failed or was abandoned: payment_intent_authentication_failure, no Charge.',
          meta: { emits: ['payment_intent.payment_failed'] },
        },
      },
    },
    // Recorded: an authorized manual-capture PaymentIntent (stripe-world-04-money-path.json, exchange 15);
    // a capture of part of it succeeds with the rest released (exchange 17). What an update may still
    // change here is `meta.editable` (the amount is not: Stripe's amount refusal lists the statuses it
    // may change in, and requires_capture is not one).
    requires_capture: {
      description: 'The payment is authorized and held on the card, waiting for a capture (capture_method=manual).',
      meta: { editable: ['metadata', 'description'] },
      on: {
        'api.update': { guard: 'keepsPaymentMethod', target: 'requires_capture', description: 'An update of metadata or description.', meta: { emits: [] } },
        'api.capture': {
          guard: 'holdsAuthorization',
          target: 'succeeded',
          actions: 'captureAuthorization',
          description: 'Captured, fully or in part; an uncaptured rest is released.',
          meta: { emits: ['charge.captured', 'payment_intent.succeeded'] },
        },
        'api.cancel': {
          target: 'canceled',
          actions: 'releaseAuthorization',
          description: 'Canceled: the authorization is released and the held Charge refunded.',
          meta: { emits: ['charge.refunded', 'payment_intent.canceled'] },
        },
      },
    },
    // A final status changes no more, but metadata and description stay editable (recorded: a
    // succeeded PaymentIntent takes a metadata and description update and refuses an amount).
    succeeded: {
      type: 'final',
      description: 'The payment succeeded; metadata and description stay editable.',
      meta: { editable: ['metadata', 'description'] },
    },
    canceled: { type: 'final', description: 'Canceled; it can no longer be paid.', meta: { editable: [] } },
  },
});

// The declared action names are exactly the implemented ones.
type ImplementedAction = typeof paymentIntentMachine extends StateMachine<any, any, any, any, infer A extends { type: string }, any, any, any, any, any, any, any, any, any> ? A['type'] : never;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const actionNamesAgree: Same<ImplementedAction, PaymentIntentMachineAction> = true;
void actionNamesAgree;
