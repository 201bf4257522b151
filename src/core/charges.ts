import type { Charge, ChargeCardDetails, ChargeOutcome } from '../types/charge.js';
import type { PaymentIntent } from '../types/payment-intent.js';
import type { PaymentMethod } from '../types/payment-method.js';
import type { StripeApiError } from '../types/stripe-error.js';
import type { SetupIntentEnvironment } from './environment.js';

/** How a charge ended: paid (after 3D Secure or not), or declined by the issuer with this error. */
export type ChargeResult =
  | { readonly paid: true; readonly authenticated: boolean }
  | { readonly paid: false; readonly error: StripeApiError };

type Advice = ChargeOutcome['advice_code'];

function outcomeOf(result: ChargeResult, riskScore: number): ChargeOutcome {
  if (result.paid) {
    // Stripe's wording of an approved charge (https://docs.stripe.com/declines#understanding-declines-and-failed-payments).
    return {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: 'approved_by_network',
      reason: null,
      risk_level: 'normal',
      risk_score: riskScore,
      seller_message: 'Payment complete.',
      type: 'authorized',
    };
  }
  const { error } = result;
  return {
    advice_code: (error.advice_code ?? null) as Advice,
    network_advice_code: error.network_advice_code ?? null,
    network_decline_code: error.network_decline_code ?? null,
    network_status: 'declined_by_network',
    reason: error.decline_code ?? error.code ?? null,
    risk_level: 'normal',
    risk_score: riskScore,
    seller_message: 'The bank did not return any further details with this decline.',
    type: 'issuer_declined',
  };
}

/** Decimal digits drawn from a random token (its characters' codes, one digit each). */
export function digits(token: string): string {
  return Array.from(token, (char) => String(char.charCodeAt(0) % 10)).join('');
}

/**
 * How long a held card charge may wait for its capture: seven days (recorded: `capture_before` is
 * `created` + 604800 in stripe-world-04-money-path.json, exchange 16; "Uncaptured
 * PaymentIntents are cancelled a set number of days (7 by default) after their creation",
 * https://docs.stripe.com/api/payment_intents/capture).
 */
const CAPTURE_WINDOW_SECONDS = 7 * 24 * 60 * 60;

function cardDetailsOf(paymentMethod: PaymentMethod, amount: number, result: ChargeResult, captureBefore: number | null, env: SetupIntentEnvironment): ChargeCardDetails | undefined {
  const card = paymentMethod.card;
  if (card === undefined) {
    return undefined;
  }
  const authenticated = result.paid && result.authenticated;
  return {
    amount_authorized: result.paid ? amount : null,
    authorization_code: digits(env.ids.token(6)),
    brand: card.brand,
    ...(captureBefore === null ? {} : { capture_before: captureBefore }),
    checks: card.checks,
    country: card.country,
    electronic_commerce_indicator: authenticated ? '05' : '07',
    exp_month: card.exp_month,
    exp_year: card.exp_year,
    extended_authorization: { status: 'disabled' },
    fingerprint: card.fingerprint,
    funding: card.funding,
    incremental_authorization: { status: 'unavailable' },
    installments: null,
    last4: card.last4,
    mandate: null,
    multicapture: { status: 'unavailable' },
    network: card.brand,
    network_token: { used: false },
    // Live test mode gives every charge of a card the same one (stripe-world-04-money-path.json).
    network_transaction_id: digits(`${card.fingerprint ?? card.last4}${card.last4}${card.exp_year}`).padEnd(15, '0').slice(0, 15),
    overcapture: { maximum_amount_capturable: amount, status: 'unavailable' },
    regulated_status: card.regulated_status,
    three_d_secure:
      authenticated
        ? {
            authentication_flow: 'challenge',
            electronic_commerce_indicator: '05',
            exemption_indicator: null,
            result: 'authenticated',
            result_reason: null,
            transaction_id: null,
            version: '2.2.0',
          }
        : null,
    transaction_link_id: null,
    wallet: null,
  };
}

/**
 * The Charge a payment attempt makes: paid and captured at once (automatic capture), paid and held
 * uncaptured (`capture_method: manual`: `captured` false, `amount_captured` 0, `capture_before`
 * in the card details; recorded, stripe-world-04-money-path.json, exchange 16), or failed with the issuer's decline in
 * `failure_code` / `failure_message`.
 *
 * @remarks Recorded live at 2026-08-26.dahlia (test/fixtures/recordings/stripe-world-04-money-path.json,
 * exchanges 9, 10 and 14): a declined confirm leaves a `failed` Charge with `paid` and `captured`
 * false, an authorization code, no `amount_authorized` and no receipt; the card details carry the
 * `disabled` / `unavailable` extended, incremental, multi- and overcapture states and the `07`
 * e-commerce indicator; `calculated_statement_descriptor` is the account's.
 */
export function newCharge(intent: PaymentIntent, paymentMethod: PaymentMethod, result: ChargeResult, env: SetupIntentEnvironment): Charge {
  const held = result.paid && intent.capture_method === 'manual';
  const captured = result.paid && !held;
  const created = env.now();
  const card = cardDetailsOf(paymentMethod, intent.amount, result, held ? created + CAPTURE_WINDOW_SECONDS : null, env);
  return {
    id: env.ids.id('ch'),
    object: 'charge',
    amount: intent.amount,
    amount_captured: captured ? intent.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: paymentMethod.billing_details,
    calculated_statement_descriptor: env.behavior.statementDescriptor,
    captured,
    created,
    currency: intent.currency,
    customer: intent.customer,
    description: intent.description,
    destination: null,
    dispute: null,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: result.paid ? null : (result.error.code ?? null),
    failure_message: result.paid ? null : (result.error.message ?? null),
    fraud_details: {},
    livemode: env.livemode,
    metadata: intent.metadata,
    on_behalf_of: null,
    order: null,
    outcome: outcomeOf(result, Number.parseInt(digits(env.ids.token(2)), 10)),
    paid: result.paid,
    payment_intent: intent.id,
    payment_method: paymentMethod.id,
    payment_method_details: card === undefined ? { type: paymentMethod.type } : { type: 'card', card },
    radar_options: {},
    receipt_email: intent.receipt_email,
    receipt_number: null,
    // A failed charge has no receipt (recorded).
    receipt_url: result.paid ? `https://pay.stripe.com/receipts/payment/${env.ids.token(40)}` : null,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: result.paid ? 'succeeded' : 'failed',
    transfer_data: null,
    transfer_group: null,
  };
}

/**
 * A held Charge captured for `amount` (at most its amount): `captured`, `amount_captured`, and a
 * balance transaction. The released rest is not counted as refunded (recorded after a partial
 * capture of 5000 of 6500: `amount_refunded` 0, `refunded` false, `balance_transaction` set;
 * stripe-world-04-money-path.json, exchange 19).
 */
export function capturedCharge(charge: Charge, amount: number, env: SetupIntentEnvironment): Charge {
  return { ...charge, amount_captured: amount, balance_transaction: env.ids.id('txn'), captured: true };
}

/**
 * A held Charge released by a cancel: refunded in full, never captured ("For PaymentIntents with a
 * status of requires_capture, the remaining amount_capturable is automatically refunded",
 * https://docs.stripe.com/api/payment_intents/cancel; the Charge fields are UNCONFIRMED by a recording).
 */
export function releasedCharge(charge: Charge): Charge {
  return { ...charge, amount_refunded: charge.amount, refunded: true };
}
