// Type-level compatibility of the emitted events with the official SDK (`stripe`): every event this
// library produces can be handed to a webhook handler written against `Stripe.Event` and its
// members, and narrowing on `type` gives the right `data.object`.
import type Stripe from 'stripe';
import { assertType, describe, expectTypeOf, test } from 'vitest';
import type {
  Charge,
  Refund,
  RefundEventType,
  ChargeEventType,
  Customer,
  CustomerCreatedEvent,
  CustomerDeletedEvent,
  CustomerUpdatedEvent,
  EventRequest,
  Mandate,
  MandateUpdatedEvent,
  OperationResult,
  PaymentIntent,
  PaymentIntentEventType,
  PaymentMethod,
  PaymentMethodAttachedEvent,
  PaymentMethodDetachedEvent,
  PaymentMethodUpdatedEvent,
  SetupIntent,
  SetupIntentCanceledEvent,
  SetupIntentCreatedEvent,
  SetupIntentEvent,
  SetupIntentEventType,
  SetupIntentRequiresActionEvent,
  SetupIntentSetupFailedEvent,
  SetupIntentSucceededEvent,
  StripeEvent,
  StripeEventEnvelope,
  StripeEventType,
} from '../../src/index.js';
import { SETUP_INTENT_EVENT_TYPES, createMemoryStore, createSetupIntent } from '../../src/index.js';

declare const event: StripeEvent;
declare const setupIntentEvent: SetupIntentEvent;
declare const result: OperationResult;
declare const intent: SetupIntent;
declare const paymentMethod: PaymentMethod;

/** A handler written against the SDK only. */
declare function handleWebhook(event: Stripe.Event): void;

describe('each event type is assignable to its SDK counterpart', () => {
  test('setup_intent.* events', () => {
    expectTypeOf<SetupIntentCreatedEvent>().toExtend<Stripe.SetupIntentCreatedEvent>();
    expectTypeOf<SetupIntentRequiresActionEvent>().toExtend<Stripe.SetupIntentRequiresActionEvent>();
    expectTypeOf<SetupIntentSetupFailedEvent>().toExtend<Stripe.SetupIntentSetupFailedEvent>();
    expectTypeOf<SetupIntentSucceededEvent>().toExtend<Stripe.SetupIntentSucceededEvent>();
    expectTypeOf<SetupIntentCanceledEvent>().toExtend<Stripe.SetupIntentCanceledEvent>();
  });

  test('payment_method.attached and mandate.updated', () => {
    expectTypeOf<PaymentMethodAttachedEvent>().toExtend<Stripe.PaymentMethodAttachedEvent>();
    expectTypeOf<PaymentMethodDetachedEvent>().toExtend<Stripe.PaymentMethodDetachedEvent>();
    expectTypeOf<PaymentMethodUpdatedEvent>().toExtend<Stripe.PaymentMethodUpdatedEvent>();
    expectTypeOf<CustomerCreatedEvent>().toExtend<Stripe.CustomerCreatedEvent>();
    expectTypeOf<CustomerUpdatedEvent>().toExtend<Stripe.CustomerUpdatedEvent>();
    expectTypeOf<CustomerDeletedEvent>().toExtend<Stripe.CustomerDeletedEvent>();
    expectTypeOf<MandateUpdatedEvent>().toExtend<Stripe.MandateUpdatedEvent>();
  });

  test('a member does not pass for another SDK event type', () => {
    expectTypeOf<SetupIntentCreatedEvent>().not.toExtend<Stripe.SetupIntentSucceededEvent>();
    expectTypeOf<SetupIntentCanceledEvent>().not.toExtend<Stripe.SetupIntentSetupFailedEvent>();
    expectTypeOf<PaymentMethodAttachedEvent>().not.toExtend<Stripe.SetupIntentSucceededEvent>();
    expectTypeOf<SetupIntentSucceededEvent>().not.toExtend<Stripe.PaymentMethodAttachedEvent>();
  });

  test('the whole union is assignable to Stripe.Event', () => {
    expectTypeOf<StripeEvent>().toExtend<Stripe.Event>();
    expectTypeOf<SetupIntentEvent>().toExtend<Stripe.Event>();
    assertType<Stripe.Event>(event);
    assertType<Stripe.Event>(setupIntentEvent);
    handleWebhook(event);
  });

  test('the events of an operation result go straight to an SDK handler', () => {
    if (result.kind !== 'refused') {
      assertType<Stripe.Event[]>([...result.events]);
      result.events.forEach(handleWebhook);
      expectTypeOf(result.events).toEqualTypeOf<readonly StripeEvent[]>();
    }
    const store = createMemoryStore();
    assertType<Stripe.Event[]>(store.events);
    const created = createSetupIntent({ payment_method_types: ['card'] }, store.env);
    if (created.kind === 'applied') {
      const first = created.events[0];
      if (first !== undefined) {
        handleWebhook(first);
      }
    }
  });

  test('the envelope fields match the SDK’s', () => {
    expectTypeOf<EventRequest>().toEqualTypeOf<Readonly<Stripe.Event.Request>>();
    expectTypeOf<StripeEvent['request']>().toEqualTypeOf<EventRequest | null>();
    expectTypeOf<StripeEvent['api_version']>().toEqualTypeOf<Stripe.EventBase['api_version']>();
    expectTypeOf<StripeEvent['object']>().toEqualTypeOf<Stripe.EventBase['object']>();
    expectTypeOf<StripeEvent['created']>().toEqualTypeOf<Stripe.EventBase['created']>();
    expectTypeOf<StripeEvent['livemode']>().toEqualTypeOf<Stripe.EventBase['livemode']>();
    expectTypeOf<StripeEvent['pending_webhooks']>().toEqualTypeOf<Stripe.EventBase['pending_webhooks']>();
  });
});

describe('event type names', () => {
  test('the SetupIntent event types are exactly the SDK’s setup_intent.* types', () => {
    expectTypeOf<SetupIntentEventType>().toEqualTypeOf<Extract<Stripe.Event.Type, `setup_intent.${string}`>>();
    expectTypeOf<SetupIntentEventType>().toEqualTypeOf<Extract<Stripe.Event, { type: `setup_intent.${string}` }>['type']>();
    expectTypeOf(SETUP_INTENT_EVENT_TYPES).toEqualTypeOf<readonly SetupIntentEventType[]>();
  });

  test('every emitted type is a known SDK event type', () => {
    expectTypeOf<StripeEventType>().toExtend<Stripe.Event.Type>();
    expectTypeOf<StripeEventType>().toEqualTypeOf<
      | SetupIntentEventType
      | 'payment_method.attached'
      | 'payment_method.detached'
      | 'payment_method.updated'
      | 'customer.created'
      | 'customer.updated'
      | 'customer.deleted'
      | 'mandate.updated'
      | PaymentIntentEventType
      | ChargeEventType
      | RefundEventType
    >();
  });

  test('the PaymentIntent and Charge event types are SDK event types', () => {
    expectTypeOf<PaymentIntentEventType>().toExtend<Extract<Stripe.Event.Type, `payment_intent.${string}`>>();
    expectTypeOf<ChargeEventType>().toExtend<Extract<Stripe.Event.Type, `charge.${string}`>>();
  });

  test('types the spec rules out do not exist', () => {
    expectTypeOf<'setup_intent.updated'>().not.toExtend<StripeEventType>();
    expectTypeOf<'setup_intent.processing'>().not.toExtend<StripeEventType>();
    expectTypeOf<'setup_intent.requires_confirmation'>().not.toExtend<StripeEventType>();
    expectTypeOf<'setup_intent.payment_failed'>().not.toExtend<StripeEventType>();
    expectTypeOf<'mandate.created'>().not.toExtend<StripeEventType>();
  });
});

describe('narrowing on type', () => {
  test('our union narrows data.object by type', () => {
    switch (event.type) {
      case 'setup_intent.created':
      case 'setup_intent.requires_action':
      case 'setup_intent.setup_failed':
      case 'setup_intent.succeeded':
      case 'setup_intent.canceled':
        expectTypeOf(event.data.object).toEqualTypeOf<SetupIntent>();
        expectTypeOf(event).toExtend<SetupIntentEvent>();
        break;
      case 'payment_method.attached':
        expectTypeOf(event.data.object).toEqualTypeOf<PaymentMethod>();
        expectTypeOf(event).toEqualTypeOf<PaymentMethodAttachedEvent>();
        break;
      case 'payment_method.detached':
        expectTypeOf(event.data.object).toEqualTypeOf<PaymentMethod>();
        expectTypeOf(event).toEqualTypeOf<PaymentMethodDetachedEvent>();
        break;
      case 'payment_method.updated':
        expectTypeOf(event.data.object).toEqualTypeOf<PaymentMethod>();
        expectTypeOf(event).toEqualTypeOf<PaymentMethodUpdatedEvent>();
        break;
      case 'customer.created':
      case 'customer.updated':
      case 'customer.deleted':
        expectTypeOf(event.data.object).toEqualTypeOf<Customer>();
        break;
      case 'mandate.updated':
        expectTypeOf(event.data.object).toEqualTypeOf<Mandate>();
        expectTypeOf(event).toEqualTypeOf<MandateUpdatedEvent>();
        break;
      case 'payment_intent.created':
      case 'payment_intent.requires_action':
      case 'payment_intent.payment_failed':
      case 'payment_intent.amount_capturable_updated':
      case 'payment_intent.succeeded':
      case 'payment_intent.canceled':
        expectTypeOf(event.data.object).toEqualTypeOf<PaymentIntent>();
        break;
      case 'charge.succeeded':
      case 'charge.failed':
      case 'charge.captured':
      case 'charge.refunded':
        expectTypeOf(event.data.object).toEqualTypeOf<Charge>();
        break;
      case 'refund.created':
        expectTypeOf(event.data.object).toEqualTypeOf<Refund>();
        break;
      default:
        expectTypeOf(event).toBeNever();
    }
  });

  test('one case narrows to exactly one member', () => {
    if (event.type === 'setup_intent.setup_failed') {
      expectTypeOf(event).toEqualTypeOf<SetupIntentSetupFailedEvent>();
      expectTypeOf(event.data.object.last_setup_error).toEqualTypeOf<SetupIntent['last_setup_error']>();
    }
    expectTypeOf<Extract<StripeEvent, { type: 'setup_intent.succeeded' }>>().toEqualTypeOf<SetupIntentSucceededEvent>();
    expectTypeOf<Extract<StripeEvent, { type: 'payment_method.attached' }>['data']['object']>().toEqualTypeOf<PaymentMethod>();
    expectTypeOf<Extract<StripeEvent, { type: 'mandate.updated' }>['data']['object']>().toEqualTypeOf<Mandate>();
  });

  test('after the hand-over, the SDK narrows our events to its own member types', () => {
    const sdk: Stripe.Event = event;
    if (sdk.type === 'setup_intent.succeeded') {
      expectTypeOf(sdk).toEqualTypeOf<Stripe.SetupIntentSucceededEvent>();
      expectTypeOf(sdk.data.object).toEqualTypeOf<Stripe.SetupIntent>();
    }
    if (sdk.type === 'payment_method.attached') {
      expectTypeOf(sdk.data.object).toEqualTypeOf<Stripe.PaymentMethod>();
    }
  });

  test('the envelope is generic over the type name and object', () => {
    expectTypeOf<StripeEventEnvelope<'setup_intent.created', SetupIntent>>().toEqualTypeOf<SetupIntentCreatedEvent>();
    expectTypeOf<SetupIntentCreatedEvent['data']['object']>().toEqualTypeOf<SetupIntent>();
    expectTypeOf<PaymentMethodAttachedEvent['data']['object']>().toEqualTypeOf<PaymentMethod>();
  });
});

describe('negative checks', () => {
  test('a type and an object that do not belong together are rejected', () => {
    const base = { id: 'evt_1', object: 'event', api_version: null, created: 0, livemode: false, pending_webhooks: 0, request: null } as const;
    assertType<StripeEvent>({ ...base, type: 'setup_intent.created', data: { object: intent } });
    assertType<StripeEvent>({ ...base, type: 'payment_method.attached', data: { object: paymentMethod } });
    // @ts-expect-error: a setup_intent.* event carries a SetupIntent, not a PaymentMethod.
    assertType<StripeEvent>({ ...base, type: 'setup_intent.succeeded', data: { object: paymentMethod } });
    // @ts-expect-error: payment_method.attached carries a PaymentMethod.
    assertType<StripeEvent>({ ...base, type: 'payment_method.attached', data: { object: intent } });
    // @ts-expect-error: there is no setup_intent.updated event.
    assertType<StripeEvent>({ ...base, type: 'setup_intent.updated', data: { object: intent } });
    // @ts-expect-error: the envelope's object is always `event`.
    assertType<StripeEvent>({ ...base, object: 'setup_intent', type: 'setup_intent.created', data: { object: intent } });
  });

  test('SDK events are not silently accepted as ours', () => {
    // The SDK's SetupIntent allows expanded fields and open-ended enums this library never produces.
    expectTypeOf<Stripe.SetupIntentSucceededEvent>().not.toExtend<SetupIntentSucceededEvent>();
    expectTypeOf<Stripe.Event>().not.toExtend<StripeEvent>();
  });
});
