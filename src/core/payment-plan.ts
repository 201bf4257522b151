import type { TestCardError, TestChargeAuthentication } from '../catalogue/test-payment-method.js';
import type { PaymentMethod } from '../types/payment-method.js';
import type { SetupIntentEnvironment } from './environment.js';
import { testEntryOf } from './payment-methods.js';

/**
 * What a payment attempt with a card does, before any Charge: pay, ask the customer for 3D Secure
 * (on-session), refuse with `authentication_required` (off-session), or be declined by the issuer.
 */
export type PaymentPlan =
  | { readonly step: 'pay' }
  | { readonly step: 'authenticate' }
  | { readonly step: 'authentication_required' }
  | { readonly step: 'decline'; readonly error: TestCardError };

/** What the charge after a completed authentication does. */
export type ChargeAfterAuthentication = { readonly step: 'pay' } | { readonly step: 'decline'; readonly error: TestCardError };

interface ChargeBehaviour {
  readonly authentication: TestChargeAuthentication;
  /** A decline before any authentication (the card is declined at once). */
  readonly declineAtOnce: TestCardError | undefined;
  /** A decline of the charge itself, after any authentication. */
  readonly declineCharge: TestCardError | undefined;
}

/** The catalogue's word on charging this card; a card the catalogue does not know pays. */
function chargeBehaviourOf(paymentMethod: PaymentMethod, env: SetupIntentEnvironment): ChargeBehaviour {
  const entry = testEntryOf(paymentMethod, env);
  const details = entry?.details;
  if (entry === undefined || details?.type !== 'card') {
    return { authentication: 'never', declineAtOnce: undefined, declineCharge: undefined };
  }
  const charge = details.charge;
  const settlement = entry.settlement;
  // A card declined after authenticating a setup declines its authenticated charges alike.
  const afterAuthentication = settlement.kind === 'fail' && settlement.failure.type === 'card_error' ? cardErrorOf(settlement.failure) : undefined;
  return {
    authentication: charge?.authentication ?? (details.threeDSecure === 'required' ? 'always' : 'never'),
    declineAtOnce: charge?.decline === undefined ? details.declineOnConfirm : undefined,
    declineCharge: charge?.decline ?? afterAuthentication,
  };
}

function cardErrorOf(failure: { readonly code: string; readonly decline_code?: string; readonly message: string }): TestCardError {
  return { ...failure, decline_code: failure.decline_code ?? failure.code } as TestCardError;
}

/**
 * Whether the card counts as set up for this payment. Set up `off_session` always counts; set up
 * `on_session` counts on-session, and off-session only when `offSessionAfterOnSessionSetup` is
 * `succeed` (docs/future-payments.md, "The on_session switch").
 */
function isSetUpFor(paymentMethod: PaymentMethod, offSession: boolean, env: SetupIntentEnvironment): boolean {
  const usage = env.setupUsageOf(paymentMethod.id);
  if (usage === 'off_session') return true;
  if (usage === 'on_session') return !offSession || env.behavior.offSessionAfterOnSessionSetup === 'succeed';
  return false;
}

/**
 * The plan of a payment with `paymentMethod`, from the test catalogue and how the card was set up
 * (https://docs.stripe.com/testing#authentication-and-setup): 4000002760003184 asks for
 * authentication on every payment; 4000002500003155 only until set up; 4000000000000341 is declined.
 * Off-session, a payment that needs authentication is refused with `authentication_required`
 * (https://docs.stripe.com/payments/save-and-reuse, "Charge the saved payment method later").
 */
export function paymentPlanFor(paymentMethod: PaymentMethod, offSession: boolean, env: SetupIntentEnvironment): PaymentPlan {
  const behaviour = chargeBehaviourOf(paymentMethod, env);
  if (behaviour.declineAtOnce !== undefined) {
    return { step: 'decline', error: behaviour.declineAtOnce };
  }
  const needsAuthentication =
    behaviour.authentication === 'always' || (behaviour.authentication === 'unless_set_up' && !isSetUpFor(paymentMethod, offSession, env));
  if (needsAuthentication) {
    return { step: offSession ? 'authentication_required' : 'authenticate' };
  }
  return behaviour.declineCharge === undefined ? { step: 'pay' } : { step: 'decline', error: behaviour.declineCharge };
}

/** What the charge does once the customer authenticated the payment. */
export function chargeAfterAuthentication(paymentMethod: PaymentMethod, env: SetupIntentEnvironment): ChargeAfterAuthentication {
  const decline = chargeBehaviourOf(paymentMethod, env).declineCharge;
  return decline === undefined ? { step: 'pay' } : { step: 'decline', error: decline };
}
