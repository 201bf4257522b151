// Type-level compatibility with the official SDK (`stripe`): the objects this library produces can be
// handed to code written against `Stripe.*` types, and parameter objects written against the SDK's
// types can be passed to the operations.
import type Stripe from 'stripe';
import { assertType, describe, expectTypeOf, test } from 'vitest';
import type {
  Mandate,
  MandateCustomerAcceptance,
  OperationResult,
  PaymentMethod,
  PublishableSetupIntent,
  SetupAttempt,
  SetupAttemptPaymentMethodDetails,
  SetupIntent,
  SetupIntentCancelParams,
  SetupIntentCancellationReason,
  SetupIntentConfirmParams,
  SetupIntentCreateParams,
  SetupIntentFlowDirection,
  SetupIntentList,
  SetupIntentListParams,
  SetupIntentRetrieveParams,
  SetupIntentStatus,
  SetupIntentUpdateParams,
  SetupIntentUsage,
  SetupIntentVerifyMicrodepositsParams,
  StripeApiError,
  StripeErrorType,
  StripeRequestError,
} from '../../src/index.js';
import {
  cancelSetupIntent,
  confirmSetupIntent,
  createMemoryStore,
  createSetupIntent,
  listSetupIntents,
  publishableView,
  updateSetupIntent,
  verifyMicrodeposits,
} from '../../src/index.js';

/**
 * The SDK joins every enum with `OtherString` (`string & Record<never, never>`) so that integrations
 * tolerate values added later. This library models the documented values exactly, so SDK types are
 * compared after removing that open-ended member, recursively.
 */
type OtherString = string & Record<never, never>;
type Equals<A, B> = (<G>() => G extends A ? 1 : 2) extends <G>() => G extends B ? 1 : 2 ? true : false;
type Known<T> = T extends string | number | boolean | null | undefined
  ? Equals<T, OtherString> extends true
    ? never
    : T
  : T extends readonly (infer U)[]
    ? Known<U>[]
    : T extends object
      ? { [K in keyof T]: Known<T[K]> }
      : T;

declare const result: OperationResult;
declare const intent: SetupIntent;
declare const attempt: SetupAttempt;
declare const mandate: Mandate;
declare const paymentMethod: PaymentMethod;
declare const apiError: StripeApiError;
declare const list: SetupIntentList;

describe('the Known helper', () => {
  test('removes only the open-ended member of an SDK enum', () => {
    expectTypeOf<Known<'a' | 'b' | OtherString>>().toEqualTypeOf<'a' | 'b'>();
    expectTypeOf<Known<string>>().toEqualTypeOf<string>();
    expectTypeOf<Known<{ readonly s?: 'x' | OtherString; n: number | null }>>().toEqualTypeOf<{ readonly s?: 'x'; n: number | null }>();
  });
});

describe('objects are assignable to the SDK types', () => {
  test('SetupIntent -> Stripe.SetupIntent', () => {
    expectTypeOf<SetupIntent>().toExtend<Stripe.SetupIntent>();
    assertType<Stripe.SetupIntent>(intent);
    if (result.kind !== 'refused') {
      assertType<Stripe.SetupIntent>(result.record.intent);
    }
  });

  test('SetupAttempt -> Stripe.SetupAttempt', () => {
    expectTypeOf<SetupAttempt>().toExtend<Stripe.SetupAttempt>();
    expectTypeOf<SetupAttemptPaymentMethodDetails>().toExtend<Stripe.SetupAttempt.PaymentMethodDetails>();
    assertType<Stripe.SetupAttempt>(attempt);
    if (result.kind !== 'refused') {
      assertType<Stripe.SetupAttempt[]>([...result.changes.setupAttempts]);
    }
  });

  test('Mandate -> Stripe.Mandate', () => {
    expectTypeOf<Mandate>().toExtend<Stripe.Mandate>();
    expectTypeOf<MandateCustomerAcceptance>().toExtend<Stripe.Mandate.CustomerAcceptance>();
    assertType<Stripe.Mandate>(mandate);
    if (result.kind !== 'refused') {
      assertType<Stripe.Mandate[]>([...result.changes.mandates]);
    }
  });

  test('PaymentMethod -> Stripe.PaymentMethod', () => {
    expectTypeOf<PaymentMethod>().toExtend<Stripe.PaymentMethod>();
    assertType<Stripe.PaymentMethod>(paymentMethod);
    if (result.kind !== 'refused') {
      assertType<Stripe.PaymentMethod[]>([...result.changes.paymentMethods]);
    }
  });

  test('StripeApiError -> the SDK error shapes', () => {
    expectTypeOf<StripeApiError>().toExtend<Stripe.SetupIntent.LastSetupError>();
    expectTypeOf<StripeApiError>().toExtend<Stripe.SetupAttempt.SetupError>();
    expectTypeOf<StripeApiError>().toExtend<Stripe.StripeRawError>();
    assertType<Stripe.SetupIntent.LastSetupError>(apiError);
    expectTypeOf<SetupIntent['last_setup_error']>().toExtend<Stripe.SetupIntent['last_setup_error']>();
    expectTypeOf<StripeRequestError['error']>().toExtend<Stripe.SetupIntent.LastSetupError>();
  });

  test('SetupIntentList -> Stripe.ApiList<Stripe.SetupIntent>', () => {
    expectTypeOf<SetupIntentList['data'][number]>().toExtend<Stripe.SetupIntent>();
    expectTypeOf<SetupIntentList>().toExtend<Stripe.ApiList<Stripe.SetupIntent>>();
    assertType<Stripe.ApiList<Stripe.SetupIntent>>(list);
    const page = listSetupIntents([intent], { limit: 3 });
    if (page.kind === 'found') {
      assertType<Stripe.SetupIntent[]>(page.value.data);
    }
  });

  test('PublishableSetupIntent -> the same fields of Stripe.SetupIntent', () => {
    expectTypeOf<PublishableSetupIntent>().toExtend<Partial<Stripe.SetupIntent>>();
    expectTypeOf<PublishableSetupIntent>().toExtend<Pick<Stripe.SetupIntent, keyof PublishableSetupIntent>>();
    assertType<Partial<Stripe.SetupIntent>>(publishableView(intent));
  });
});

describe('enum values are exactly the SDK’s documented ones', () => {
  test('SetupIntent enums', () => {
    expectTypeOf<SetupIntentStatus>().toEqualTypeOf<Known<Stripe.SetupIntent.Status>>();
    expectTypeOf<SetupIntentCancellationReason>().toEqualTypeOf<Known<Stripe.SetupIntent.CancellationReason>>();
    expectTypeOf<SetupIntentCancellationReason>().toEqualTypeOf<Known<Stripe.SetupIntentCancelParams.CancellationReason>>();
    expectTypeOf<SetupIntentUsage>().toEqualTypeOf<Known<Stripe.SetupIntentCreateParams.Usage>>();
    expectTypeOf<SetupIntentFlowDirection>().toEqualTypeOf<Known<Stripe.SetupIntent.FlowDirection>>();
    expectTypeOf<NonNullable<SetupIntent['automatic_payment_methods']>['allow_redirects']>().toEqualTypeOf<
      Known<Stripe.SetupIntent.AutomaticPaymentMethods.AllowRedirects> | undefined
    >();
    expectTypeOf<NonNullable<NonNullable<SetupIntent['payment_method_options']>['card']>['request_three_d_secure']>().toEqualTypeOf<
      Known<Stripe.SetupIntent.PaymentMethodOptions.Card.RequestThreeDSecure> | null
    >();
    expectTypeOf<StripeErrorType>().toEqualTypeOf<Known<Stripe.SetupIntent.LastSetupError.Type>>();
  });

  test('Mandate and SetupAttempt enums', () => {
    expectTypeOf<Mandate['status']>().toEqualTypeOf<Known<Stripe.Mandate.Status>>();
    expectTypeOf<Mandate['type']>().toEqualTypeOf<Known<Stripe.Mandate.Type>>();
    expectTypeOf<MandateCustomerAcceptance['type']>().toEqualTypeOf<Known<Stripe.Mandate.CustomerAcceptance.Type>>();
    type ThreeDS = NonNullable<NonNullable<SetupAttemptPaymentMethodDetails['card']>['three_d_secure']>;
    expectTypeOf<ThreeDS['result']>().toEqualTypeOf<Known<Stripe.SetupAttempt.PaymentMethodDetails.Card.ThreeDSecure.Result> | null>();
    expectTypeOf<ThreeDS['result_reason']>().toEqualTypeOf<Known<Stripe.SetupAttempt.PaymentMethodDetails.Card.ThreeDSecure.ResultReason> | null>();
    expectTypeOf<ThreeDS['version']>().toEqualTypeOf<Known<Stripe.SetupAttempt.PaymentMethodDetails.Card.ThreeDSecure.Version> | null>();
    expectTypeOf<ThreeDS['authentication_flow']>().toEqualTypeOf<Known<Stripe.SetupAttempt.PaymentMethodDetails.Card.ThreeDSecure.AuthenticationFlow> | null>();
    expectTypeOf<ThreeDS['electronic_commerce_indicator']>().toEqualTypeOf<Known<Stripe.SetupAttempt.PaymentMethodDetails.Card.ThreeDSecure.ElectronicCommerceIndicator> | null>();
  });
});

describe('SDK parameter types are assignable to ours', () => {
  test('create: every SDK create parameter is modelled', () => {
    expectTypeOf<Exclude<keyof Stripe.SetupIntentCreateParams, keyof SetupIntentCreateParams>>().toBeNever();
    expectTypeOf<Known<Stripe.SetupIntentCreateParams>>().toExtend<SetupIntentCreateParams>();
  });

  test('the stripped SDK types are real object types, not never (which would extend anything)', () => {
    expectTypeOf<Known<Stripe.SetupIntentCreateParams>>().not.toBeNever();
    expectTypeOf<Known<Stripe.SetupIntentUpdateParams>>().not.toBeNever();
    expectTypeOf<Known<Stripe.SetupIntentConfirmParams>>().not.toBeNever();
    expectTypeOf<Known<Stripe.SetupIntentCancelParams>>().not.toBeNever();
    expectTypeOf<Known<Stripe.SetupIntentVerifyMicrodepositsParams>>().not.toBeNever();
    expectTypeOf<Known<Stripe.SetupIntentRetrieveParams>>().not.toBeNever();
    expectTypeOf<Known<Stripe.SetupIntentListParams>>().not.toBeNever();
    expectTypeOf<Known<Stripe.SetupIntentCancelParams>['cancellation_reason']>().toEqualTypeOf<SetupIntentCancellationReason | undefined>();
    expectTypeOf<Known<Stripe.SetupIntentCreateParams>['usage']>().toEqualTypeOf<SetupIntentUsage | undefined>();
  });

  test('update, confirm, cancel, verify_microdeposits, retrieve and list', () => {
    expectTypeOf<Known<Stripe.SetupIntentUpdateParams>>().toExtend<SetupIntentUpdateParams>();
    expectTypeOf<Known<Stripe.SetupIntentConfirmParams>>().toExtend<SetupIntentConfirmParams>();
    expectTypeOf<Known<Stripe.SetupIntentCancelParams>>().toExtend<SetupIntentCancelParams>();
    expectTypeOf<Known<Stripe.SetupIntentVerifyMicrodepositsParams>>().toExtend<SetupIntentVerifyMicrodepositsParams>();
    expectTypeOf<Known<Stripe.SetupIntentRetrieveParams>>().toExtend<SetupIntentRetrieveParams>();
    expectTypeOf<Known<Stripe.SetupIntentListParams>>().toExtend<SetupIntentListParams>();
  });

  test('parameter objects written against the SDK types go straight into the operations', () => {
    const store = createMemoryStore();
    const create = {
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      usage: 'off_session',
      metadata: { order: '42', unset_me: null },
    } satisfies Stripe.SetupIntentCreateParams;
    const created = createSetupIntent(create, store.env);
    if (created.kind === 'refused') return;
    const confirm = {
      payment_method: 'pm_success_de',
      mandate_data: { customer_acceptance: { type: 'offline' } },
    } satisfies Stripe.SetupIntentConfirmParams;
    assertType<OperationResult>(confirmSetupIntent(created.record, confirm, store.env));
    const update = { metadata: null, excluded_payment_method_types: '' } satisfies Stripe.SetupIntentUpdateParams;
    assertType<OperationResult>(updateSetupIntent(created.record, update, store.env));
    const cancel = { cancellation_reason: 'requested_by_customer' } satisfies Stripe.SetupIntentCancelParams;
    assertType<OperationResult>(cancelSetupIntent(created.record, cancel, store.env));
    const verify = { amounts: [32, 45] } satisfies Stripe.SetupIntentVerifyMicrodepositsParams;
    assertType<OperationResult>(verifyMicrodeposits(created.record, verify, store.env));
    const page = { limit: 3, created: { gte: 1 } } satisfies Stripe.SetupIntentListParams;
    assertType(listSetupIntents(store.intents(), page));
  });
});

describe('negative checks', () => {
  test('a wrong status literal is rejected', () => {
    // @ts-expect-error: `requires_source` was retired in 2019 and is no SetupIntent status.
    assertType<SetupIntentStatus>('requires_source');
    // @ts-expect-error: statuses are exact, not any string.
    assertType<SetupIntent>({ ...intent, status: 'pending' });
    expectTypeOf<'requires_source'>().not.toExtend<SetupIntentStatus>();
  });

  test('wrong object and enum literals are rejected', () => {
    // @ts-expect-error: a SetupAttempt is not a SetupIntent.
    assertType<SetupIntent>({ ...intent, object: 'setup_attempt' });
    // @ts-expect-error: mandate statuses are `active`, `inactive` and `pending`.
    assertType<Mandate>({ ...mandate, status: 'revoked' });
    // @ts-expect-error: `fraudulent` may appear on objects Stripe cancels but is never a cancel parameter.
    assertType<SetupIntentCancelParams>({ cancellation_reason: 'fraudulent' });
    // @ts-expect-error: usage is `off_session` or `on_session`.
    assertType<SetupIntentCreateParams>({ usage: 'sometimes' });
    // @ts-expect-error: the error type `card_declined` is a code, not a type.
    assertType<StripeApiError>({ type: 'card_declined' });
  });

  test('misspelt parameters and missing required fields are rejected', () => {
    const store = createMemoryStore();
    // @ts-expect-error: unknown parameter.
    createSetupIntent({ payment_method_type: ['card'] }, store.env);
    // @ts-expect-error: `mandate_data` on create needs `customer_acceptance`.
    assertType<SetupIntentCreateParams>({ mandate_data: {} });
    // @ts-expect-error: a SetupIntent without `status` is incomplete.
    assertType<SetupIntent>({ id: intent.id, object: 'setup_intent' });
  });

  test('the SDK’s open-ended enums are not silently accepted as ours', () => {
    expectTypeOf<Stripe.SetupIntentCancelParams>().not.toExtend<SetupIntentCancelParams>();
    expectTypeOf<Stripe.SetupIntent['status']>().not.toExtend<SetupIntentStatus>();
    // Expanded fields (a Customer object instead of its id) are the SDK's business, not ours.
    expectTypeOf<Stripe.SetupIntent>().not.toExtend<SetupIntent>();
  });
});
