import { describe, expect, it } from 'vitest';
import { attachPaymentMethod, createMemoryStore, createPaymentMethod, detachPaymentMethod } from '../../src/index.js';
import type { PaymentMethod } from '../../src/index.js';

function created(result: ReturnType<typeof createPaymentMethod>): PaymentMethod {
  if (result.kind !== 'created') throw new Error(`refused: ${result.error.error.message}`);
  return result.paymentMethod;
}

describe('createPaymentMethod', () => {
  const store = createMemoryStore();

  it('builds cards from test tokens and test card numbers, with their catalogue fingerprints', () => {
    const fromToken = created(createPaymentMethod({ type: 'card', card: { token: 'tok_visa' } }, store.env));
    const fromNumber = created(createPaymentMethod({ type: 'card', card: { number: '4242 4242 4242 4242', exp_month: 4, exp_year: 2031 } }, store.env));
    expect(fromToken.card?.last4).toBe('4242');
    expect(fromNumber.card).toMatchObject({ last4: '4242', exp_month: 4, exp_year: 2031, fingerprint: fromToken.card?.fingerprint });
    expect(fromToken.customer).toBeNull();
  });

  it('declines live card numbers and refuses numbers that fail the Luhn check', () => {
    expect(createPaymentMethod({ type: 'card', card: { number: '4111111111111111' } }, store.env)).toMatchObject({
      kind: 'refused',
      error: { statusCode: 402, error: { type: 'card_error', code: 'card_declined' } },
    });
    expect(createPaymentMethod({ type: 'card', card: { number: '4242424242424241' } }, store.env)).toMatchObject({
      kind: 'refused',
      error: { statusCode: 402, error: { code: 'incorrect_number', param: 'card[number]' } },
    });
    expect(createPaymentMethod({ type: 'card', card: { token: 'tok_nonsense' } }, store.env)).toMatchObject({ kind: 'refused', error: { statusCode: 400 } });
  });

  it('builds bank debits and names top-level parameters in errors', () => {
    const sepa = created(createPaymentMethod({ type: 'sepa_debit', sepa_debit: { iban: 'DE89370400440532013000' } }, store.env));
    expect(sepa.sepa_debit?.last4).toBe('3000');
    expect(createPaymentMethod({ type: 'sepa_debit', sepa_debit: { iban: 'nope' } }, store.env)).toMatchObject({
      kind: 'refused',
      error: { error: { param: 'sepa_debit[iban]' } },
    });
    expect(createPaymentMethod({ type: 'card' } as never, store.env)).toMatchObject({ kind: 'refused', error: { error: { code: 'parameter_missing', param: 'card' } } });
    expect(createPaymentMethod({ type: 'bogus' } as never, store.env)).toMatchObject({ kind: 'refused', error: { statusCode: 400 } });
  });
});

describe('attachPaymentMethod and detachPaymentMethod', () => {
  it('attach and detach with their events; refuse another customer, unknown customers and declining cards', () => {
    const store = createMemoryStore();
    const jenny = store.addCustomer({ email: 'jenny@example.com' });
    const other = store.addCustomer();
    const card = created(createPaymentMethod({ type: 'card', card: { token: 'tok_visa' } }, store.env));
    const attached = attachPaymentMethod(card, { customer: jenny.id }, store.env, { request: { id: 'req_attach' } });
    expect(attached).toMatchObject({ kind: 'applied', paymentMethod: { customer: jenny.id } });
    if (attached.kind !== 'applied') return;
    expect(attached.events.map((event) => [event.type, event.request?.id])).toEqual([['payment_method.attached', 'req_attach']]);
    expect(attachPaymentMethod(attached.paymentMethod, { customer: jenny.id }, store.env)).toMatchObject({ kind: 'applied', events: [] });
    // No code, param or doc_url (recorded at 2023-10-16 in spree/spree_stripe spec/vcr/attach_customer_to_credit_card_error.yml).
    expect(attachPaymentMethod(attached.paymentMethod, { customer: other.id }, store.env)).toEqual({
      kind: 'refused',
      error: { statusCode: 400, error: { type: 'invalid_request_error', message: 'The payment method you provided has already been attached to a customer.' } },
    });
    expect(attachPaymentMethod(card, { customer: 'cus_missing' }, store.env)).toMatchObject({ kind: 'refused', error: { error: { code: 'resource_missing', param: 'customer' } } });
    expect(attachPaymentMethod(card, {}, store.env)).toMatchObject({ kind: 'refused', error: { error: { code: 'parameter_missing' } } });
    const declining = created(createPaymentMethod({ type: 'card', card: { token: 'tok_chargeDeclined' } }, store.env));
    expect(attachPaymentMethod(declining, { customer: jenny.id }, store.env)).toMatchObject({
      kind: 'refused',
      error: { statusCode: 402, error: { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline' } },
    });
    // The decline carries the recorded advice and no payment_method_type (zulip/zulip
    // corporate/tests/stripe_fixtures/replace_payment_method--SetupIntent.create.2.json).
    const decline = attachPaymentMethod(declining, { customer: jenny.id }, store.env);
    expect(decline.kind === 'refused' && decline.error.error).toMatchObject({ advice_code: 'try_again_later', network_decline_code: '01' });
    expect(decline.kind === 'refused' && decline.error.error).not.toHaveProperty('payment_method_type');

    const detached = detachPaymentMethod(attached.paymentMethod, {}, store.env);
    expect(detached).toMatchObject({ kind: 'applied', paymentMethod: { customer: null } });
    expect(detached.kind === 'applied' && detached.events.map((event) => event.type)).toEqual(['payment_method.detached']);
    // payment_method.detached names the Customer it was detached from (spec §11, settled by
    // recordings of live Stripe).
    expect(detached.kind === 'applied' && detached.events[0]?.data).toEqual({ object: detached.kind === 'applied' ? detached.paymentMethod : null, previous_attributes: { customer: jenny.id } });
    // Other events carry no previous_attributes.
    expect(attached.events[0]?.data).toEqual({ object: attached.paymentMethod });
    // Recorded live at 2026-08-26.dahlia (test/fixtures/recordings/stripe-world-06-customers-payment-methods.json): no code.
    expect(detachPaymentMethod(card, {}, store.env)).toEqual({
      kind: 'refused',
      error: {
        statusCode: 400,
        error: { type: 'invalid_request_error', message: 'The payment method you provided is not attached to a customer so detachment is impossible.' },
      },
    });
  });
});
