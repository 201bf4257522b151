// Type-level compatibility of the emulator's Stripe.js-compatible script with `@stripe/stripe-js`:
// the setup-flow members of its Stripe instance can stand in for Stripe.js's own (calls written
// against `Stripe` fit, and the results are Stripe.js results), and so can its Elements' methods.
import type {
  PaymentMethod as StripeJsApiPaymentMethod,
  SetupIntentResult,
  Stripe,
  StripeCardElement,
  StripeCardElementChangeEvent,
  StripeElements,
  StripePaymentElement,
  StripePaymentElementChangeEvent,
} from '@stripe/stripe-js';
import { assertType, describe, expectTypeOf, test } from 'vitest';
import type {
  EmulatedStripe,
  StripeJsCardElement,
  StripeJsElements,
  StripeJsPaymentElement,
  StripeJsSetupIntentResult,
} from '../../src/emulator/stripe-js/stripe-js-types.js';
import type { PaymentMethod } from '../../src/index.js';

/** The members of Stripe.js the script implements besides `elements()`. */
type SetupFlow = Pick<
  Stripe,
  | 'confirmCardSetup'
  | 'confirmSetup'
  | 'confirmSepaDebitSetup'
  | 'confirmUsBankAccountSetup'
  | 'verifyMicrodepositsForSetup'
  | 'handleNextAction'
  | 'retrieveSetupIntent'
  | 'createPaymentMethod'
>;

/** The methods every Element of the script has as Stripe.js has them. */
type ElementBasics = 'mount' | 'unmount' | 'destroy' | 'focus' | 'blur' | 'clear';

declare const stripe: EmulatedStripe;
declare const card: StripeJsCardElement;
declare const payment: StripeJsPaymentElement;

describe('the script against @stripe/stripe-js', () => {
  test('its Stripe instance has the setup flow of Stripe.js', () => {
    expectTypeOf<EmulatedStripe>().toExtend<SetupFlow>();
    assertType<SetupFlow>(stripe);
  });

  test('its results are Stripe.js results', () => {
    expectTypeOf<StripeJsSetupIntentResult>().toExtend<SetupIntentResult>();
  });

  test('its Elements group has the members a setup form uses, and elements() makes one', () => {
    expectTypeOf<StripeJsElements>().toExtend<Pick<StripeElements, 'update' | 'submit' | 'fetchUpdates'>>();
    expectTypeOf(stripe.elements({ clientSecret: 'seti_1_secret_2' })).toEqualTypeOf<StripeJsElements>();
    expectTypeOf(stripe.elements().create('card')).toEqualTypeOf<StripeJsCardElement>();
    expectTypeOf(stripe.elements().create('payment')).toEqualTypeOf<StripeJsPaymentElement>();
  });

  test('its card and Payment Elements have the methods of Stripe.js Elements', () => {
    expectTypeOf<StripeJsCardElement>().toExtend<Pick<StripeCardElement, ElementBasics>>();
    expectTypeOf<StripeJsPaymentElement>().toExtend<Pick<StripePaymentElement, ElementBasics>>();
  });

  test('change handlers written against Stripe.js fit its Elements', () => {
    const onCardChange = (event: StripeCardElementChangeEvent): void => void event.complete;
    const onPaymentChange = (event: StripePaymentElementChangeEvent): void => void event.value.type;
    assertType<StripeJsCardElement>(card.on('change', onCardChange));
    assertType<StripeJsPaymentElement>(payment.on('change', onPaymentChange));
  });

  test('the one difference left out: Stripe.js types us_bank_account with an account_number the API does not send', () => {
    expectTypeOf<NonNullable<PaymentMethod['us_bank_account']>>().not.toExtend<NonNullable<StripeJsApiPaymentMethod['us_bank_account']>>();
  });
});
