// Every PaymentIntent and Charge the reducers produce, in the flows the library models, validates
// against the OpenAPI extract (payment_intent, charge and the error envelope), closed: a field the
// schema does not list is an error.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EPOCH,
  authenticatePaymentIntent,
  cancelPaymentIntent,
  capturePaymentIntent,
  confirmPaymentIntent,
  confirmSetupIntent,
  createMemoryStore,
  createPaymentIntent,
  createSetupIntent,
  cancelRefund,
  commitOfRefundResult,
  createRefund,
  listPaymentIntents,
  listRefunds,
  updatePaymentIntent,
  updateRefund,
} from '../../src/index.js';
import type { MemoryStore, PaymentIntentResult, RefundResult } from '../../src/index.js';
import { validateCharge, validateErrorBody, validatePaymentIntent, validatePaymentIntentList, validateRefund } from '../support/openapi.js';

function problemsOf(store: MemoryStore, result: PaymentIntentResult): string[] {
  const problems: string[] = [];
  if (result.kind !== 'refused') {
    problems.push(...validatePaymentIntent(result.record.intent).map((p) => `PaymentIntent: ${p}`));
    for (const charge of result.changes.charges) problems.push(...validateCharge(charge).map((p) => `Charge ${charge.id}: ${p}`));
    for (const event of result.events) {
      const object = event.data.object as { object: string };
      const found = object.object === 'charge' ? validateCharge(object) : validatePaymentIntent(object);
      problems.push(...found.map((p) => `${event.type}: ${p}`));
    }
  }
  if (result.kind !== 'applied') {
    problems.push(...validateErrorBody({ error: result.error.error }).map((p) => `error body: ${p}`));
  }
  store.applyPaymentIntent(result);
  return problems;
}

function savedCard(store: MemoryStore, alias: string): { customer: string; paymentMethod: string } {
  const customer = store.addCustomer({ email: 'v@example.com' });
  const created = store.apply(createSetupIntent({ customer: customer.id, payment_method_types: ['card'] }, store.env));
  if (created.kind !== 'applied') throw new Error('refused');
  const confirmed = store.apply(confirmSetupIntent(created.record, { payment_method: alias }, store.env));
  if (confirmed.kind === 'refused') throw new Error(confirmed.error.error.message);
  return { customer: customer.id, paymentMethod: confirmed.record.intent.payment_method as string };
}

describe('PaymentIntents and Charges validate against the OpenAPI extract', () => {
  it('in every modelled flow', () => {
    let now = DEFAULT_EPOCH;
    const store = createMemoryStore({ now: () => (now += 1) });
    const problems: string[] = [];
    let checked = 0;
    const run = (result: PaymentIntentResult): PaymentIntentResult => {
      problems.push(...problemsOf(store, result));
      checked += 1;
      return result;
    };
    const visa = savedCard(store, 'pm_card_visa');
    run(createPaymentIntent({ amount: 1000, currency: 'usd', metadata: { order: '7' }, description: 'd', receipt_email: 'r@example.com' }, store.env));
    const paid = run(createPaymentIntent({ amount: 1099, currency: 'eur', customer: visa.customer, payment_method: visa.paymentMethod, off_session: true, confirm: true }, store.env));
    if (paid.kind !== 'applied') throw new Error('expected a payment');
    run(updatePaymentIntent(paid.record, { metadata: { a: 'b' } }, store.env));
    run(confirmPaymentIntent(paid.record, {}, store.env));
    run(cancelPaymentIntent(paid.record, {}, store.env));
    const declined = savedCard(store, 'pm_card_chargeCustomerFail');
    run(createPaymentIntent({ amount: 500, currency: 'usd', customer: declined.customer, payment_method: declined.paymentMethod, off_session: true, confirm: true }, store.env));
    const always = savedCard(store, 'pm_card_visa');
    const auth = run(createPaymentIntent({ amount: 700, currency: 'usd', customer: always.customer, payment_method: 'pm_card_authenticationRequired', off_session: true, confirm: true }, store.env));
    if (auth.kind !== 'failed') throw new Error('expected authentication_required');
    const waiting = run(confirmPaymentIntent(auth.record, { payment_method: auth.error.error.payment_intent?.last_payment_error?.payment_method?.id as string, return_url: 'https://shop.example/r' }, store.env));
    if (waiting.kind !== 'applied') throw new Error('expected requires_action');
    run(authenticatePaymentIntent(waiting.record, waiting.record.pending?.attempt, 'succeeded', store.env));
    const again = run(createPaymentIntent({ amount: 700, currency: 'usd', payment_method: 'pm_card_authenticationRequired', confirm: true }, store.env));
    if (again.kind !== 'applied') throw new Error('expected requires_action');
    run(authenticatePaymentIntent(again.record, again.record.pending?.attempt, 'failed', store.env));
    const canceled = run(createPaymentIntent({ amount: 100, currency: 'usd' }, store.env));
    if (canceled.kind === 'applied') run(cancelPaymentIntent(canceled.record, { cancellation_reason: 'duplicate' }, store.env));
    run(createPaymentIntent({ amount: 100, currency: 'usd', bogus: 1 } as never, store.env));

    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(10);
    const page = listPaymentIntents(store.paymentIntentsNewestFirst(), { limit: 3 });
    expect(page.kind === 'found' && validatePaymentIntentList(page.value)).toEqual([]);
  });

  it('in the manual-capture flow: a hold, a partial and a full capture, a released hold, and the refusals', () => {
    let now = DEFAULT_EPOCH;
    const store = createMemoryStore({ now: () => (now += 1) });
    const problems: string[] = [];
    const run = (result: PaymentIntentResult): PaymentIntentResult => {
      problems.push(...problemsOf(store, result));
      return result;
    };
    const chargeOf = (result: PaymentIntentResult) => (result.kind === 'refused' ? undefined : store.charges.get(result.record.intent.latest_charge ?? ''));
    const visa = savedCard(store, 'pm_card_visa');
    const hold = (amount: number) =>
      run(createPaymentIntent({ amount, currency: 'usd', customer: visa.customer, payment_method: visa.paymentMethod, off_session: true, confirm: true, capture_method: 'manual' }, store.env));
    const partial = hold(6500);
    if (partial.kind !== 'applied') throw new Error('expected a hold');
    const captured = run(capturePaymentIntent(partial.record, { amount_to_capture: 5000, metadata: { o: '1' } }, store.env, {}, { charge: chargeOf(partial) }));
    if (captured.kind !== 'applied') throw new Error('expected a capture');
    run(capturePaymentIntent(captured.record, {}, store.env, {}, { charge: chargeOf(captured) }));
    const full = hold(2500);
    if (full.kind !== 'applied') throw new Error('expected a hold');
    run(capturePaymentIntent(full.record, { amount_to_capture: 9999 }, store.env, {}, { charge: chargeOf(full) }));
    run(capturePaymentIntent(full.record, { amount_to_capture: -1 }, store.env, {}, { charge: chargeOf(full) }));
    run(capturePaymentIntent(full.record, { amount_to_capture: 0 }, store.env, {}, { charge: chargeOf(full) }));
    run(capturePaymentIntent(full.record, {}, store.env, {}, { charge: chargeOf(full) }));
    const released = hold(1200);
    if (released.kind !== 'applied') throw new Error('expected a hold');
    run(updatePaymentIntent(released.record, { amount: 1 }, store.env));
    run(cancelPaymentIntent(released.record, { cancellation_reason: 'abandoned' }, store.env, {}, { charge: chargeOf(released) }));
    for (const charge of store.charges.values()) problems.push(...validateCharge(charge).map((p) => `stored Charge ${charge.id}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('in the refund flow: partial and full refunds, the stored and answered Refunds, their events, a list, and the refusals', () => {
    let now = DEFAULT_EPOCH;
    const store = createMemoryStore({ now: () => (now += 1) });
    const problems: string[] = [];
    const lookups = { charge: (id: string) => store.charges.get(id), paymentIntent: (id: string) => store.paymentIntents.get(id)?.intent };
    const run = (result: RefundResult): RefundResult => {
      if (result.kind === 'applied') {
        problems.push(...validateRefund(result.refund).map((p) => `stored Refund: ${p}`));
        const answer = result.response as { object: string };
        problems.push(...(answer.object === 'charge' ? validateCharge(answer) : validateRefund(answer)).map((p) => `answer: ${p}`));
        for (const event of result.events) {
          const object = event.data.object as { object: string };
          problems.push(...(object.object === 'charge' ? validateCharge(object) : validateRefund(object)).map((p) => `${event.type}: ${p}`));
        }
      } else {
        problems.push(...validateErrorBody({ error: result.error.error }).map((p) => `error body: ${p}`));
      }
      store.commit(commitOfRefundResult(result));
      return result;
    };
    const visa = savedCard(store, 'pm_card_visa');
    const paid = createPaymentIntent({ amount: 5000, currency: 'usd', customer: visa.customer, payment_method: visa.paymentMethod, off_session: true, confirm: true }, store.env);
    problems.push(...problemsOf(store, paid));
    if (paid.kind !== 'applied') throw new Error('expected a payment');
    const charge = paid.record.intent.latest_charge as string;
    const partial = run(createRefund({ charge, amount: 1500, reason: 'duplicate', metadata: { p: '1' } }, store.env, {}, lookups));
    run(createRefund({ payment_intent: paid.record.intent.id, amount: 9999 }, store.env, {}, lookups));
    run(createRefund({ amount: 100 }, store.env, {}, lookups));
    run(createRefund({ amount: 100 }, store.env, {}, lookups, { kind: 'charge_refund_legacy', charge }));
    run(createRefund({}, store.env, {}, lookups, { kind: 'charge_refunds', charge }));
    run(createRefund({ charge }, store.env, {}, lookups));
    if (partial.kind !== 'applied') throw new Error('expected a refund');
    run(updateRefund(partial.refund, { metadata: { p: '' } }));
    run(cancelRefund(partial.refund));
    const page = listRefunds(() => store.refundsNewestFirst(), { charge, limit: 2 });
    if (page.kind !== 'found') throw new Error('expected a list');
    expect(page.value.data).toHaveLength(2);
    for (const refund of page.value.data) problems.push(...validateRefund(refund).map((p) => `listed Refund: ${p}`));
    problems.push(...validateCharge(store.charges.get(charge)).map((p) => `stored Charge: ${p}`));
    expect(store.charges.get(charge)).toMatchObject({ amount_refunded: 5000, refunded: true });
    expect(problems).toEqual([]);
  });

  it('the extract is closed: an invented field is caught', () => {
    const store = createMemoryStore();
    const created = createPaymentIntent({ amount: 100, currency: 'usd' }, store.env);
    if (created.kind !== 'applied') throw new Error('refused');
    expect(validatePaymentIntent({ ...created.record.intent, invented: true })).not.toEqual([]);
  });
});
