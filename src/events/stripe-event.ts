import type { Charge } from '../types/charge.js';
import type { Mandate } from '../types/mandate.js';
import type { PaymentIntent } from '../types/payment-intent.js';
import type { Customer, PaymentMethod } from '../types/payment-method.js';
import type { Refund } from '../types/refund.js';
import type { SetupIntent } from '../types/setup-intent.js';

/** The API version events are rendered with. */
export const API_VERSION = '2026-07-29.dahlia';

/** The SetupIntent event types (spec §6.1). There is no `.updated` and no `.processing`. */
export type SetupIntentEventType =
  | 'setup_intent.created'
  | 'setup_intent.requires_action'
  | 'setup_intent.setup_failed'
  | 'setup_intent.succeeded'
  | 'setup_intent.canceled';

/** Every SetupIntent event type. */
export const SETUP_INTENT_EVENT_TYPES: readonly SetupIntentEventType[] = [
  'setup_intent.created',
  'setup_intent.requires_action',
  'setup_intent.setup_failed',
  'setup_intent.succeeded',
  'setup_intent.canceled',
];

/** The PaymentIntent event types the modelled flow sends (https://docs.stripe.com/api/events/types). */
export type PaymentIntentEventType =
  | 'payment_intent.created'
  | 'payment_intent.requires_action'
  | 'payment_intent.payment_failed'
  | 'payment_intent.amount_capturable_updated'
  | 'payment_intent.succeeded'
  | 'payment_intent.canceled';

/** Every modelled PaymentIntent event type. */
export const PAYMENT_INTENT_EVENT_TYPES: readonly PaymentIntentEventType[] = [
  'payment_intent.created',
  'payment_intent.requires_action',
  'payment_intent.payment_failed',
  'payment_intent.amount_capturable_updated',
  'payment_intent.succeeded',
  'payment_intent.canceled',
];

/** The Charge event types a payment sends (https://docs.stripe.com/api/events/types). */
export type ChargeEventType = 'charge.succeeded' | 'charge.failed' | 'charge.captured' | 'charge.refunded';

/** The Refund event types a refund sends (https://docs.stripe.com/api/events/types). */
export type RefundEventType = 'refund.created';

/** The API request that caused an event; both null for events Stripe causes on its own. */
export interface EventRequest {
  /** The request's id, `req_...`. */
  readonly id: string | null;
  /** The idempotency key the request carried. */
  readonly idempotency_key: string | null;
}

/** Stripe's event envelope around an object snapshot. */
export interface StripeEventEnvelope<T extends string, O> {
  /** Unique identifier, `evt_...`. */
  readonly id: string;
  /** Always `event`. */
  readonly object: 'event';
  /** The API version `data.object` is rendered with. */
  readonly api_version: string | null;
  /** When the event was created (unix seconds). */
  readonly created: number;
  /**
   * The object as it was when the event happened, and for events that change attributes, their
   * values before the change.
   */
  readonly data: { readonly object: O; readonly previous_attributes?: Partial<O> };
  /** `false` in test mode. */
  readonly livemode: boolean;
  /** Webhook endpoints that have not yet received the event. */
  readonly pending_webhooks: number;
  /** The API request that caused the event. */
  readonly request: EventRequest | null;
  /** The event type. */
  readonly type: T;
}

/** `setup_intent.created`: a SetupIntent was created. */
export type SetupIntentCreatedEvent = StripeEventEnvelope<'setup_intent.created', SetupIntent>;
/** `setup_intent.requires_action`: the SetupIntent waits on the customer. */
export type SetupIntentRequiresActionEvent = StripeEventEnvelope<'setup_intent.requires_action', SetupIntent>;
/** `setup_intent.setup_failed`: an attempt failed; the SetupIntent is back to `requires_payment_method`. */
export type SetupIntentSetupFailedEvent = StripeEventEnvelope<'setup_intent.setup_failed', SetupIntent>;
/** `setup_intent.succeeded`: the setup is done. */
export type SetupIntentSucceededEvent = StripeEventEnvelope<'setup_intent.succeeded', SetupIntent>;
/** `setup_intent.canceled`: the SetupIntent was canceled. */
export type SetupIntentCanceledEvent = StripeEventEnvelope<'setup_intent.canceled', SetupIntent>;
/** `payment_method.attached`: a setup attached the payment method to a Customer. */
export type PaymentMethodAttachedEvent = StripeEventEnvelope<'payment_method.attached', PaymentMethod>;
/** `payment_method.detached`: the payment method was detached from its Customer. */
export type PaymentMethodDetachedEvent = StripeEventEnvelope<'payment_method.detached', PaymentMethod>;
/** `payment_method.updated`: the payment method's details changed (`POST /v1/payment_methods/:id`). */
export type PaymentMethodUpdatedEvent = StripeEventEnvelope<'payment_method.updated', PaymentMethod>;
/** `customer.created`: a Customer was created. */
export type CustomerCreatedEvent = StripeEventEnvelope<'customer.created', Customer>;
/** `customer.updated`: a Customer changed; `data.previous_attributes` holds the changed fields' values before. */
export type CustomerUpdatedEvent = StripeEventEnvelope<'customer.updated', Customer>;
/** `customer.deleted`: a Customer was deleted; `data.object` is the Customer as it was (recorded live). */
export type CustomerDeletedEvent = StripeEventEnvelope<'customer.deleted', Customer>;
/** `mandate.updated`: a mandate changed. */
export type MandateUpdatedEvent = StripeEventEnvelope<'mandate.updated', Mandate>;

/** `payment_intent.created`: a PaymentIntent was created. */
export type PaymentIntentCreatedEvent = StripeEventEnvelope<'payment_intent.created', PaymentIntent>;
/** `payment_intent.requires_action`: the PaymentIntent waits on the customer. */
export type PaymentIntentRequiresActionEvent = StripeEventEnvelope<'payment_intent.requires_action', PaymentIntent>;
/** `payment_intent.payment_failed`: a payment attempt failed; the PaymentIntent is back to `requires_payment_method`. */
export type PaymentIntentPaymentFailedEvent = StripeEventEnvelope<'payment_intent.payment_failed', PaymentIntent>;
/** `payment_intent.amount_capturable_updated`: a manual-capture payment was authorized and waits in `requires_capture`. */
export type PaymentIntentAmountCapturableUpdatedEvent = StripeEventEnvelope<'payment_intent.amount_capturable_updated', PaymentIntent>;
/** `payment_intent.succeeded`: the payment succeeded. */
export type PaymentIntentSucceededEvent = StripeEventEnvelope<'payment_intent.succeeded', PaymentIntent>;
/** `payment_intent.canceled`: the PaymentIntent was canceled. */
export type PaymentIntentCanceledEvent = StripeEventEnvelope<'payment_intent.canceled', PaymentIntent>;
/** `charge.succeeded`: a charge was paid. */
export type ChargeSucceededEvent = StripeEventEnvelope<'charge.succeeded', Charge>;
/** `charge.failed`: a charge was declined. */
export type ChargeFailedEvent = StripeEventEnvelope<'charge.failed', Charge>;
/** `charge.captured`: a held charge was captured, fully or in part. */
export type ChargeCapturedEvent = StripeEventEnvelope<'charge.captured', Charge>;
/**
 * `charge.refunded`: a charge was refunded, in part or whole ("including partial refunds",
 * https://docs.stripe.com/api/events/types), or a held charge was released by a cancel.
 */
export type ChargeRefundedEvent = StripeEventEnvelope<'charge.refunded', Charge>;
/** `refund.created`: a refund was created. */
export type RefundCreatedEvent = StripeEventEnvelope<'refund.created', Refund>;

/** An event about a PaymentIntent. */
export type PaymentIntentEvent =
  | PaymentIntentCreatedEvent
  | PaymentIntentRequiresActionEvent
  | PaymentIntentPaymentFailedEvent
  | PaymentIntentAmountCapturableUpdatedEvent
  | PaymentIntentSucceededEvent
  | PaymentIntentCanceledEvent;

/** An event about a Charge. */
export type ChargeEvent = ChargeSucceededEvent | ChargeFailedEvent | ChargeCapturedEvent | ChargeRefundedEvent;

/** An event about a SetupIntent. */
export type SetupIntentEvent =
  | SetupIntentCreatedEvent
  | SetupIntentRequiresActionEvent
  | SetupIntentSetupFailedEvent
  | SetupIntentSucceededEvent
  | SetupIntentCanceledEvent;

/** Every event the operations emit, discriminated by `type`. */
export type StripeEvent =
  | SetupIntentEvent
  | PaymentIntentEvent
  | ChargeEvent
  | RefundCreatedEvent
  | PaymentMethodAttachedEvent
  | PaymentMethodDetachedEvent
  | PaymentMethodUpdatedEvent
  | CustomerCreatedEvent
  | CustomerUpdatedEvent
  | CustomerDeletedEvent
  | MandateUpdatedEvent;

/** The type names of {@link StripeEvent}. */
export type StripeEventType = StripeEvent['type'];

/**
 * An event before its envelope: what happened, to which object, and for a change of attributes
 * their values before it (copied to `data.previous_attributes`).
 */
export type EventDraft =
  | { readonly type: SetupIntentEventType; readonly object: SetupIntent; readonly previous_attributes?: Partial<SetupIntent> }
  | {
      readonly type: 'payment_method.attached' | 'payment_method.detached' | 'payment_method.updated';
      readonly object: PaymentMethod;
      readonly previous_attributes?: Partial<PaymentMethod>;
    }
  | {
      readonly type: 'customer.created' | 'customer.updated' | 'customer.deleted';
      readonly object: Customer;
      readonly previous_attributes?: Partial<Customer>;
    }
  | { readonly type: 'mandate.updated'; readonly object: Mandate; readonly previous_attributes?: Partial<Mandate> }
  | { readonly type: PaymentIntentEventType; readonly object: PaymentIntent; readonly previous_attributes?: Partial<PaymentIntent> }
  | { readonly type: ChargeEventType; readonly object: Charge; readonly previous_attributes?: Partial<Charge> }
  | { readonly type: RefundEventType; readonly object: Refund; readonly previous_attributes?: Partial<Refund> };
