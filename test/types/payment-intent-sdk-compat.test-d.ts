// Type-level compatibility of the PaymentIntent model with the official SDK: the PaymentIntents,
// Charges, errors and events this library produces can be handed to code written against `Stripe.*`.
import type Stripe from 'stripe';
import { assertType, describe, expectTypeOf, test } from 'vitest';
import type {
  Charge,
  ChargeEvent,
  ChargeEventType,
  PaymentIntent,
  PaymentIntentCaptureMethod,
  PaymentIntentCaptureParams,
  PaymentIntentEvent,
  PaymentIntentEventType,
  PaymentIntentList,
  PaymentIntentResult,
  PaymentIntentStatus,
  StripeApiError,
} from '../../src/index.js';

declare const intent: PaymentIntent;
declare const charge: Charge;
declare const result: PaymentIntentResult;

describe('PaymentIntents and Charges are assignable to the SDK types', () => {
  test('PaymentIntent -> Stripe.PaymentIntent', () => {
    expectTypeOf<PaymentIntent>().toExtend<Stripe.PaymentIntent>();
    assertType<Stripe.PaymentIntent>(intent);
    if (result.kind !== 'refused') assertType<Stripe.PaymentIntent>(result.record.intent);
  });

  test('the modelled statuses are SDK statuses', () => {
    expectTypeOf<PaymentIntentStatus>().toExtend<Stripe.PaymentIntent.Status>();
    expectTypeOf<'requires_capture'>().toExtend<PaymentIntentStatus>();
  });

  test('manual capture: the capture methods, the capture parameters and the held Charge are the SDK ones', () => {
    expectTypeOf<PaymentIntentCaptureMethod>().toExtend<Stripe.PaymentIntent.CaptureMethod>();
    expectTypeOf<PaymentIntent['capture_method']>().toEqualTypeOf<'automatic' | 'automatic_async' | 'manual'>();
    // Every capture parameter modelled is one the SDK sends, with the SDK's type.
    expectTypeOf<keyof PaymentIntentCaptureParams>().toExtend<keyof Stripe.PaymentIntentCaptureParams>();
    expectTypeOf<PaymentIntentCaptureParams['amount_to_capture']>().toEqualTypeOf<Stripe.PaymentIntentCaptureParams['amount_to_capture']>();
    expectTypeOf<NonNullable<Charge['payment_method_details']['card']>['capture_before']>().toExtend<Stripe.Charge.PaymentMethodDetails.Card['capture_before']>();
    expectTypeOf<Charge['balance_transaction']>().toExtend<Stripe.Charge['balance_transaction']>();
  });

  test('the manual-capture events are SDK event types', () => {
    expectTypeOf<PaymentIntentEventType | ChargeEventType>().toExtend<Stripe.Event['type']>();
  });

  test('Charge -> Stripe.Charge', () => {
    expectTypeOf<Charge>().toExtend<Stripe.Charge>();
    assertType<Stripe.Charge>(charge);
  });

  test('last_payment_error is the SDK last payment error', () => {
    expectTypeOf<NonNullable<PaymentIntent['last_payment_error']>>().toExtend<Stripe.PaymentIntent.LastPaymentError>();
    expectTypeOf<StripeApiError['payment_intent']>().toExtend<Stripe.PaymentIntent | undefined>();
  });

  test('a PaymentIntent list is an SDK list', () => {
    expectTypeOf<PaymentIntentList>().toExtend<Stripe.ApiList<Stripe.PaymentIntent>>();
  });

  test('the events carry the objects the SDK events do', () => {
    expectTypeOf<PaymentIntentEvent['data']['object']>().toExtend<Stripe.PaymentIntent>();
    expectTypeOf<ChargeEvent['data']['object']>().toExtend<Stripe.Charge>();
  });
});
