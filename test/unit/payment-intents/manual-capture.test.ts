// Manual capture, read like the spec: a PaymentIntent with capture_method=manual is authorized and
// held in requires_capture, then captured (in full or in part) or canceled. Facts from Stripe name
// their source: the live recording test/fixtures/recordings/stripe-world-04-money-path.json (cited by
// exchange number) or docs.stripe.com.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EPOCH,
  cancelPaymentIntent,
  capturePaymentIntent,
  confirmPaymentIntent,
  createMemoryStore,
  createPaymentIntent,
  updatePaymentIntent,
} from '../../../src/index.js';
import type { MemoryStore, PaymentIntentRecord, PaymentIntentResult } from '../../../src/index.js';
import { deepFreeze } from '../../support/deep-freeze.js';

function storeWithCard(): { store: MemoryStore; customer: string; paymentMethod: string } {
  let now = DEFAULT_EPOCH;
  const store = createMemoryStore({ now: () => (now += 1) });
  const customer = store.addCustomer({ email: 'held@example.com' });
  const created = store.applyPaymentIntent(createPaymentIntent({ amount: 100, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', confirm: true }, store.env));
  if (created.kind !== 'applied') throw new Error('seed payment refused');
  return { store, customer: customer.id, paymentMethod: created.record.intent.payment_method as string };
}

function hold(store: MemoryStore, customer: string, paymentMethod: string, amount = 6500): PaymentIntentResult & { kind: 'applied' } {
  const result = store.applyPaymentIntent(
    createPaymentIntent({ amount, currency: 'usd', customer, payment_method: paymentMethod, confirm: true, off_session: true, capture_method: 'manual' }, store.env),
  );
  if (result.kind !== 'applied') throw new Error(`hold refused: ${result.error.error.message}`);
  return result;
}

function record(store: MemoryStore, id: string): PaymentIntentRecord {
  const found = store.paymentIntents.get(id);
  if (found === undefined) throw new Error(`no ${id}`);
  return found;
}

function capture(store: MemoryStore, id: string, input: Parameters<typeof capturePaymentIntent>[1] = {}): PaymentIntentResult {
  const held = record(store, id);
  const charge = held.intent.latest_charge === null ? undefined : store.charges.get(held.intent.latest_charge);
  return store.applyPaymentIntent(capturePaymentIntent(held, input, store.env, {}, { charge }));
}

describe('authorization', () => {
  it('a confirmed capture_method=manual PaymentIntent waits in requires_capture with the whole amount capturable', () => {
    const { store, customer, paymentMethod } = storeWithCard();
    const result = hold(store, customer, paymentMethod);
    const intent = result.record.intent;
    // Recorded (exchange 15): requires_capture, amount_capturable 6500, amount_received 0, a latest Charge.
    expect(intent).toMatchObject({ status: 'requires_capture', capture_method: 'manual', amount_capturable: 6500, amount_received: 0, next_action: null });
    const charge = store.charges.get(intent.latest_charge as string);
    // Recorded (exchange 16): paid and succeeded, not captured, amount_captured 0, no balance transaction,
    // capture_before seven days after the charge.
    expect(charge).toMatchObject({ status: 'succeeded', paid: true, captured: false, amount_captured: 0, amount_refunded: 0, refunded: false, balance_transaction: null });
    expect(charge?.payment_method_details.card?.capture_before).toBe((charge?.created ?? 0) + 7 * 24 * 60 * 60);
    expect(charge?.payment_method_details.card?.amount_authorized).toBe(6500);
    // https://docs.stripe.com/api/events/types: the authorized charge, then payment_intent.amount_capturable_updated.
    expect(result.events.map((event) => event.type)).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.amount_capturable_updated']);
    expect(result.machineEvents.at(-1)).toEqual({ type: 'api.confirm', hasPaymentMethod: false, outcome: 'succeeded', manualCapture: true });
  });

  it('capture_method=manual may be set by an update before the confirmation', () => {
    const { store, customer, paymentMethod } = storeWithCard();
    const created = store.applyPaymentIntent(createPaymentIntent({ amount: 2500, currency: 'usd', customer }, store.env));
    if (created.kind !== 'applied') throw new Error('create refused');
    const updated = store.applyPaymentIntent(updatePaymentIntent(created.record, { capture_method: 'manual' }, store.env));
    if (updated.kind !== 'applied') throw new Error('update refused');
    expect(updated.record.intent.capture_method).toBe('manual');
    const confirmed = store.applyPaymentIntent(confirmPaymentIntent(updated.record, { payment_method: paymentMethod }, store.env));
    expect(confirmed.kind === 'applied' && confirmed.record.intent.status).toBe('requires_capture');
  });

  it('a declined card fails as with automatic capture and holds nothing', () => {
    const { store, customer } = storeWithCard();
    const result = store.applyPaymentIntent(
      createPaymentIntent({ amount: 1000, currency: 'usd', customer, payment_method: 'pm_card_chargeDeclined', confirm: true, capture_method: 'manual' }, store.env),
    );
    expect(result.kind).toBe('failed');
    if (result.kind !== 'failed') return;
    expect(result.record.intent).toMatchObject({ status: 'requires_payment_method', amount_capturable: 0 });
  });
});

describe('capture', () => {
  it('capturing part of the amount succeeds, receives that part and releases the rest (recorded)', () => {
    const { store, customer, paymentMethod } = storeWithCard();
    const held = hold(store, customer, paymentMethod);
    const result = capture(store, held.record.intent.id, { amount_to_capture: 5000 });
    expect(result.kind).toBe('applied');
    if (result.kind !== 'applied') return;
    // Recorded (exchange 17): succeeded, amount_received 5000, amount_capturable 0.
    expect(result.record.intent).toMatchObject({ status: 'succeeded', amount: 6500, amount_received: 5000, amount_capturable: 0 });
    const charge = store.charges.get(result.record.intent.latest_charge as string);
    // Recorded (exchange 19): captured, amount_captured 5000, the rest not counted as refunded, a balance transaction.
    expect(charge).toMatchObject({ captured: true, amount: 6500, amount_captured: 5000, amount_refunded: 0, refunded: false, status: 'succeeded' });
    expect(charge?.balance_transaction).toMatch(/^txn_/);
    // https://docs.stripe.com/api/events/types: charge.captured, then payment_intent.succeeded.
    expect(result.events.map((event) => event.type)).toEqual(['charge.captured', 'payment_intent.succeeded']);
    expect(result.events[0]?.data.object).toEqual(charge);
  });

  it('capturing without an amount captures all of it, and merges metadata', () => {
    const { store, customer, paymentMethod } = storeWithCard();
    const held = hold(store, customer, paymentMethod, 2500);
    const result = capture(store, held.record.intent.id, { metadata: { order: '42' } });
    if (result.kind !== 'applied') throw new Error('capture refused');
    expect(result.record.intent).toMatchObject({ status: 'succeeded', amount_received: 2500, amount_capturable: 0, metadata: { order: '42' } });
    expect(store.charges.get(result.record.intent.latest_charge as string)).toMatchObject({ captured: true, amount_captured: 2500 });
  });

  it('a second capture after a partial one is refused: the rest was released (recorded wording)', () => {
    const { store, customer, paymentMethod } = storeWithCard();
    const held = hold(store, customer, paymentMethod);
    capture(store, held.record.intent.id, { amount_to_capture: 5000 });
    const again = capture(store, held.record.intent.id);
    expect(again.kind).toBe('refused');
    if (again.kind !== 'refused') return;
    // Recorded (exchange 18).
    expect(again.error.statusCode).toBe(400);
    expect(again.error.error).toMatchObject({
      code: 'payment_intent_unexpected_state',
      message: 'The remaining amount on this PaymentIntent could not be captured because the remainder of the authorized amount has been released.',
    });
    expect(again.error.error.payment_intent?.status).toBe('succeeded');
  });

  it('a capture in another status is refused with payment_intent_unexpected_state naming requires_capture (recorded wording)', () => {
    const { store, customer, paymentMethod } = storeWithCard();
    const bare = store.applyPaymentIntent(createPaymentIntent({ amount: 4900, currency: 'usd' }, store.env));
    if (bare.kind !== 'applied') throw new Error('create refused');
    const refused = capture(store, bare.record.intent.id);
    // Recorded (exchanges 26 and 31).
    expect(refused.kind === 'refused' && refused.error.error).toMatchObject({
      code: 'payment_intent_unexpected_state',
      message:
        'This PaymentIntent could not be captured because it has a status of requires_payment_method. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.',
    });
    const paid = store.applyPaymentIntent(createPaymentIntent({ amount: 4900, currency: 'usd', customer, payment_method: paymentMethod, confirm: true }, store.env));
    if (paid.kind !== 'applied') throw new Error('payment refused');
    const capturedPaid = capture(store, paid.record.intent.id);
    expect(capturedPaid.kind === 'refused' && capturedPaid.error.error.message).toContain('it has a status of succeeded');
  });

  it('refuses an amount above the capturable one, a negative one and zero with the recorded answers, changing nothing', () => {
    const { store, customer, paymentMethod } = storeWithCard();
    const held = hold(store, customer, paymentMethod, 5000);
    const before = deepFreeze(record(store, held.record.intent.id));
    const charge = store.charges.get(before.intent.latest_charge as string);
    const attempt = (amount: number) => capturePaymentIntent(before, { amount_to_capture: amount }, store.env, {}, { charge });
    // Recorded (exchange 21).
    expect(attempt(9999)).toMatchObject({ kind: 'refused', error: { statusCode: 400, error: { code: 'amount_too_large', payment_intent: { status: 'requires_capture' } } } });
    // Recorded (exchange 23): no code, param amount_to_capture.
    const negative = attempt(-100);
    expect(negative.kind === 'refused' && negative.error.error).toMatchObject({ message: 'Invalid non-negative integer', param: 'amount_to_capture' });
    expect(negative.kind === 'refused' && negative.error.error.code).toBeUndefined();
    // Recorded (exchange 25): parameter_invalid_integer under param "amount".
    expect(attempt(0)).toMatchObject({
      kind: 'refused',
      error: { error: { code: 'parameter_invalid_integer', param: 'amount', message: 'This value must be greater than or equal to 1.' } },
    });
    expect(record(store, held.record.intent.id)).toBe(before);
  });

  it('refuses parameters of flows not modelled as unknown', () => {
    const { store, customer, paymentMethod } = storeWithCard();
    const held = hold(store, customer, paymentMethod);
    const result = capture(store, held.record.intent.id, { final_capture: false } as never);
    expect(result.kind === 'refused' && result.error.error.code).toBe('parameter_unknown');
  });
});

describe('cancel and update of a held PaymentIntent', () => {
  it('a cancel releases the authorization: nothing capturable, the Charge refunded, charge.refunded then payment_intent.canceled', () => {
    const { store, customer, paymentMethod } = storeWithCard();
    const held = hold(store, customer, paymentMethod);
    const before = record(store, held.record.intent.id);
    const charge = store.charges.get(before.intent.latest_charge as string);
    const result = store.applyPaymentIntent(cancelPaymentIntent(before, { cancellation_reason: 'requested_by_customer' }, store.env, {}, { charge }));
    if (result.kind !== 'applied') throw new Error('cancel refused');
    // https://docs.stripe.com/api/payment_intents/cancel: "the remaining amount_capturable is automatically refunded".
    expect(result.record.intent).toMatchObject({ status: 'canceled', amount_capturable: 0, amount_received: 0, cancellation_reason: 'requested_by_customer' });
    expect(store.charges.get(before.intent.latest_charge as string)).toMatchObject({ captured: false, amount_captured: 0, refunded: true, amount_refunded: 6500 });
    expect(result.events.map((event) => event.type)).toEqual(['charge.refunded', 'payment_intent.canceled']);
    const afterCancel = capture(store, held.record.intent.id);
    expect(afterCancel.kind === 'refused' && afterCancel.error.error.message).toContain('it has a status of canceled');
  });

  it('a held PaymentIntent takes metadata and description but refuses an amount with the recorded status list', () => {
    const { store, customer, paymentMethod } = storeWithCard();
    const held = hold(store, customer, paymentMethod);
    const noted = store.applyPaymentIntent(updatePaymentIntent(held.record, { metadata: { note: 'x' }, description: 'held' }, store.env));
    expect(noted.kind === 'applied' && noted.record.intent).toMatchObject({ status: 'requires_capture', description: 'held', metadata: { note: 'x' } });
    const amount = updatePaymentIntent(held.record, { amount: 9999 }, store.env);
    expect(amount.kind === 'refused' && amount.error.error).toMatchObject({
      code: 'payment_intent_unexpected_state',
      param: 'amount',
      message:
        "This PaymentIntent's amount could not be updated because it has a status of requires_capture. You may only update the amount of a PaymentIntent with one of the following statuses: requires_payment_method, requires_confirmation, requires_action.",
    });
  });

  it('a held PaymentIntent cannot be confirmed again', () => {
    const { store, customer, paymentMethod } = storeWithCard();
    const held = hold(store, customer, paymentMethod);
    const again = confirmPaymentIntent(held.record, {}, store.env);
    expect(again.kind === 'refused' && again.error.error.code).toBe('payment_intent_unexpected_state');
  });
});
