// Type-level compatibility of Refunds with the official SDK: the Refunds, lists, parameters and
// events this library produces can be handed to code written against `Stripe.*`.
import type Stripe from 'stripe';
import { assertType, describe, expectTypeOf, test } from 'vitest';
import type { Refund, RefundCreateParams, RefundEventType, RefundList, RefundListParams, RefundReason, RefundResult, RefundUpdateParams } from '../../src/index.js';

declare const refund: Refund;
declare const result: RefundResult;

describe('Refunds are assignable to the SDK types', () => {
  test('Refund -> Stripe.Refund', () => {
    expectTypeOf<Refund>().toExtend<Stripe.Refund>();
    assertType<Stripe.Refund>(refund);
    if (result.kind === 'applied') assertType<Stripe.Refund>(result.refund);
  });

  test('a page of Refunds is an SDK list of them', () => {
    expectTypeOf<RefundList['data'][number]>().toExtend<Stripe.Refund>();
    expectTypeOf<RefundList['has_more']>().toEqualTypeOf<boolean>();
  });

  test('the reasons and the event type are the SDK ones', () => {
    expectTypeOf<RefundReason>().toExtend<Stripe.Refund.Reason>();
    expectTypeOf<RefundEventType>().toExtend<Stripe.Event['type']>();
  });

  test('every parameter modelled is one the SDK sends', () => {
    expectTypeOf<keyof RefundCreateParams>().toExtend<keyof Stripe.RefundCreateParams>();
    expectTypeOf<keyof RefundUpdateParams>().toExtend<keyof Stripe.RefundUpdateParams>();
    expectTypeOf<keyof RefundListParams>().toExtend<keyof Stripe.RefundListParams>();
    expectTypeOf<RefundCreateParams['amount']>().toEqualTypeOf<Stripe.RefundCreateParams['amount']>();
  });
});
