// The shapes of PaymentIntents and Charges that live Stripe rendered at 2026-08-26.dahlia, in
// test/fixtures/recordings/stripe-world-04-money-path.json (exchange numbers below), and the account
// switches behind the parts that depend on the recording account.
import { describe, expect, it } from 'vitest';
import { DEFAULT_EPOCH, createMemoryStore, createPaymentIntent } from '../../../src/index.js';
import type { BehaviorOptions, MemoryStore, PaymentIntentCreateParams, PaymentIntentResult } from '../../../src/index.js';

function storeWith(behavior: Partial<BehaviorOptions> = {}): MemoryStore {
  let now = DEFAULT_EPOCH;
  return createMemoryStore({ now: () => (now += 1), behavior });
}

function pay(store: MemoryStore, params: PaymentIntentCreateParams): PaymentIntentResult {
  return store.applyPaymentIntent(createPaymentIntent(params, store.env));
}

const CARD_OPTIONS = { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' };

describe('PaymentIntent fields as recorded', () => {
  it('without payment_method_types, dynamic payment methods with the account types (exchange 4)', () => {
    const result = pay(storeWith(), { amount: 4900, currency: 'usd' });
    if (result.kind === 'refused') throw new Error(result.error.error.message);
    expect(result.record.intent).toMatchObject({
      automatic_payment_methods: { allow_redirects: 'always', enabled: true },
      payment_method_configuration_details: { parent: null },
      payment_method_types: ['card', 'link'],
      payment_method_options: { card: CARD_OPTIONS, link: { persistent_token: null } },
      managed_payments: { enabled: false },
      shared_payment_granted_token: null,
      transfer_data: null,
      payment_record: null,
    });
  });

  it('the account types come from the paymentIntentAutomaticPaymentMethodTypes switch', () => {
    const result = pay(storeWith({ paymentIntentAutomaticPaymentMethodTypes: ['card'] }), { amount: 4900, currency: 'usd' });
    if (result.kind === 'refused') throw new Error(result.error.error.message);
    expect(result.record.intent.payment_method_types).toEqual(['card']);
    expect(result.record.intent.payment_method_options).toEqual({ card: CARD_OPTIONS });
  });

  it('with payment_method_types, those types, their options and no configuration (exchange 32)', () => {
    const result = pay(storeWith(), { amount: 800, currency: 'usd', payment_method_types: ['card'] });
    if (result.kind === 'refused') throw new Error(result.error.error.message);
    expect(result.record.intent).toMatchObject({
      automatic_payment_methods: null,
      payment_method_configuration_details: null,
      payment_method_types: ['card'],
      payment_method_options: { card: CARD_OPTIONS },
    });
  });
});

describe('Charges as recorded', () => {
  it('a paid Charge carries the card states, a receipt and the account descriptor (exchange 10)', () => {
    const store = storeWith();
    const customer = store.addCustomer({ email: 'c@example.com' });
    const result = pay(store, { amount: 4900, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', payment_method_types: ['card'], confirm: true });
    if (result.kind !== 'applied') throw new Error('not paid');
    const [charge] = result.changes.charges;
    expect(charge).toMatchObject({
      calculated_statement_descriptor: 'Stripe',
      destination: null,
      dispute: null,
      order: null,
      radar_options: {},
      balance_transaction: null,
      status: 'succeeded',
    });
    expect(charge?.receipt_url).toEqual(expect.any(String));
    expect(charge?.outcome.risk_score).toEqual(expect.any(Number));
    expect(charge?.payment_method_details.card).toMatchObject({
      amount_authorized: 4900,
      electronic_commerce_indicator: '07',
      extended_authorization: { status: 'disabled' },
      incremental_authorization: { status: 'unavailable' },
      multicapture: { status: 'unavailable' },
      network_token: { used: false },
      overcapture: { maximum_amount_capturable: 4900, status: 'unavailable' },
    });
    expect(charge?.payment_method_details.card?.authorization_code).toMatch(/^\d{6}$/);
    expect(charge?.payment_method_details.card?.network_transaction_id).toMatch(/^\d{15}$/);
  });

  it('the descriptor is the statementDescriptor switch', () => {
    const store = storeWith({ statementDescriptor: 'SHOP' });
    const result = pay(store, { amount: 4900, currency: 'usd', payment_method: 'pm_card_visa', payment_method_types: ['card'], confirm: true });
    if (result.kind !== 'applied') throw new Error('not paid');
    expect(result.changes.charges[0]?.calculated_statement_descriptor).toBe('SHOP');
  });

  it('every charge of one card has the same network transaction id (exchanges 10 and the 05 recording)', () => {
    const store = storeWith();
    const ids = [1000, 2000].map((amount) => {
      const result = pay(store, { amount, currency: 'usd', payment_method: 'pm_card_visa', payment_method_types: ['card'], confirm: true });
      if (result.kind !== 'applied') throw new Error('not paid');
      return result.changes.charges[0]?.payment_method_details.card?.network_transaction_id;
    });
    expect(ids[0]).toBe(ids[1]);
  });

  it('a declined Charge has an authorization code but no amount and no receipt; last_payment_error names the type, the 402 does not (exchanges 12, 14)', () => {
    const store = storeWith();
    const customer = store.addCustomer({ email: 'c@example.com' });
    const result = pay(store, { amount: 1000, currency: 'usd', customer: customer.id, payment_method: 'pm_card_chargeDeclined', payment_method_types: ['card'], confirm: true });
    if (result.kind !== 'failed') throw new Error('not declined');
    const [charge] = result.changes.charges;
    expect(charge).toMatchObject({ status: 'failed', receipt_url: null, failure_code: 'card_declined', outcome: { advice_code: 'try_again_later', network_decline_code: '01' } });
    expect(charge?.payment_method_details.card?.amount_authorized).toBeNull();
    expect(charge?.payment_method_details.card?.authorization_code).toMatch(/^\d{6}$/);
    expect(result.record.intent.last_payment_error?.payment_method_type).toBe('card');
    expect(result.error.error).not.toHaveProperty('payment_method_type');
    expect(result.error.error.payment_method?.card?.checks?.cvc_check).toBe('pass');
  });

  it('an off-session authentication_required leaves the card unchecked: no charge reached it (exchange 45)', () => {
    const store = storeWith();
    const customer = store.addCustomer({ email: 'c@example.com' });
    const result = pay(store, {
      amount: 3300,
      currency: 'usd',
      customer: customer.id,
      payment_method: 'pm_card_threeDSecure2Required',
      payment_method_types: ['card'],
      off_session: true,
      confirm: true,
    });
    if (result.kind !== 'failed') throw new Error('not refused');
    expect(result.error.error.code).toBe('authentication_required');
    expect(result.error.error.payment_method?.card?.checks?.cvc_check).toBe('unchecked');
    expect(result.record.intent.last_payment_error?.payment_method_type).toBe('card');
  });
});
