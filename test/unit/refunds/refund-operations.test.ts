// The Refund operations of the pure core, read like the spec: createRefund, updateRefund,
// cancelRefund and listRefunds over a memory store, with PaymentIntents paid (and held, and
// captured) through the core's own operations. Refusals change nothing, the same seed replays the
// same ids, and a property: whatever amounts are asked for, no more than was captured is refunded,
// and the Charge is `refunded` exactly when all of it is.
//
// Sources of the facts asserted, named at each: "recorded" is live test-mode Stripe at
// 2026-08-26.dahlia in test/fixtures/recordings/stripe-world-05-refunds-disputes.json (exchange
// numbers are the 0-based indexes of its `exchanges`; replayed by test/fidelity/);
// https://docs.stripe.com/api/refunds and https://docs.stripe.com/api/events/types otherwise;
// UNCONFIRMED marks what the emulator chose where neither says.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commitOfRefundResult } from '../../../src/core/commit.js';
import { DEFAULT_EPOCH } from '../../../src/core/environment.js';
import { cancelPaymentIntent } from '../../../src/operations/cancel-payment-intent.js';
import { capturePaymentIntent } from '../../../src/operations/capture-payment-intent.js';
import { createPaymentIntent } from '../../../src/operations/create-payment-intent.js';
import { createRefund } from '../../../src/operations/create-refund.js';
import type { RefundLookups, RefundPath } from '../../../src/operations/create-refund.js';
import { listRefunds } from '../../../src/operations/list-refunds.js';
import type { RefundListScope } from '../../../src/operations/list-refunds.js';
import type { RefundResult } from '../../../src/operations/refund-result.js';
import { cancelRefund } from '../../../src/operations/cancel-refund.js';
import { retrieveRefund } from '../../../src/operations/retrieve-refund.js';
import { updateRefund } from '../../../src/operations/update-refund.js';
import type { RefundCreateParams, RefundListParams, RefundUpdateParams } from '../../../src/params/refund-param-specs.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import type { MemoryStore } from '../../../src/store/memory-store.js';
import type { Charge } from '../../../src/types/charge.js';
import type { PaymentIntent } from '../../../src/types/payment-intent.js';
import type { Refund, RefundList } from '../../../src/types/refund.js';
import type { StripeRequestError } from '../../../src/types/stripe-error.js';
import { deepFreeze } from '../../support/deep-freeze.js';
import { expectError } from '../helpers.js';

/** A memory store whose clock the test moves, and the lookups the refund operations read it with. */
interface World {
  readonly store: MemoryStore;
  readonly lookups: RefundLookups;
  readonly advance: (seconds: number) => void;
}

function world(seed = 1): World {
  let now = DEFAULT_EPOCH;
  const store = createMemoryStore({ now: () => now, seed });
  return {
    store,
    lookups: { charge: (id) => store.charges.get(id), paymentIntent: (id) => store.paymentIntents.get(id)?.intent },
    advance: (seconds) => {
      now += seconds;
    },
  };
}

/** A Customer paying `amount` USD with `pm_card_visa`, confirmed at once (held instead with `manual`). */
function pay(w: World, amount: number, captureMethod: 'automatic' | 'manual' = 'automatic'): PaymentIntent {
  const customer = w.store.addCustomer({ email: 'refunded@example.com' });
  const result = w.store.applyPaymentIntent(
    createPaymentIntent(
      { amount, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', confirm: true, ...(captureMethod === 'manual' ? { capture_method: 'manual' } : {}) },
      w.store.env,
    ),
  );
  if (result.kind !== 'applied') throw new Error(`payment refused: ${result.error.error.message}`);
  return result.record.intent;
}

/** Captures `amount` of a held PaymentIntent (all of it without). */
function capture(w: World, intent: PaymentIntent, amount?: number): PaymentIntent {
  const record = w.store.paymentIntents.get(intent.id);
  if (record === undefined) throw new Error(`no ${intent.id}`);
  const charge = w.store.charges.get(record.intent.latest_charge as string);
  const result = w.store.applyPaymentIntent(capturePaymentIntent(record, amount === undefined ? {} : { amount_to_capture: amount }, w.store.env, undefined, { charge }));
  if (result.kind !== 'applied') throw new Error(`capture refused: ${result.error.error.message}`);
  return result.record.intent;
}

function chargeOf(w: World, intent: PaymentIntent): Charge {
  const charge = w.store.charges.get(intent.latest_charge as string);
  if (charge === undefined) throw new Error(`no charge of ${intent.id}`);
  return charge;
}

/** Creates a Refund and stores what it produced (nothing for a refusal). */
function refund(w: World, params: RefundCreateParams, path?: RefundPath): RefundResult {
  const result = createRefund(params, w.store.env, undefined, w.lookups, path);
  w.store.commit(commitOfRefundResult(result));
  return result;
}

function applied(result: RefundResult): Extract<RefundResult, { kind: 'applied' }> {
  if (result.kind !== 'applied') throw new Error(`expected an applied refund, got ${JSON.stringify(result.error.error.message)}`);
  return result;
}

function refusedWith(result: RefundResult): StripeRequestError {
  if (result.kind !== 'refused') throw new Error(`expected a refusal, got ${result.kind}`);
  return result.error;
}

function stored(w: World, id: string): Refund {
  const found = w.store.refunds.get(id);
  if (found === undefined) throw new Error(`no ${id}`);
  return found;
}

/** Everything a refund could change, as JSON. */
function snapshot(w: World): string {
  const { store } = w;
  return JSON.stringify({ charges: [...store.charges.entries()], refunds: [...store.refunds.entries()], paymentIntents: [...store.paymentIntents.entries()], events: store.events });
}

function list(w: World, params: RefundListParams = {}, scope?: RefundListScope): RefundList {
  const result = listRefunds(() => w.store.refundsNewestFirst(), params, scope);
  if (result.kind !== 'found') throw new Error(`list refused: ${result.error.error.message}`);
  return result.value;
}

function listError(w: World, params: RefundListParams): StripeRequestError {
  const result = listRefunds(() => w.store.refundsNewestFirst(), params);
  if (result.kind !== 'refused') throw new Error('expected a refused list');
  return result.error;
}

const ids = (refunds: readonly Refund[]): string[] => refunds.map((item) => item.id);

describe('createRefund', () => {
  it('a partial refund: the recorded Refund, pending its reference; stored with it available; the Charge counts it', () => {
    const w = world();
    const intent = pay(w, 5000);
    const charge = chargeOf(w, intent);
    const result = applied(refund(w, { charge: charge.id, amount: 1500, reason: 'duplicate', metadata: { p: 's05' } }));
    // Recorded (exchange 4): these fields, succeeded at once, the reference pending in the answer.
    expect(result.response).toEqual({
      id: expect.stringMatching(/^re_/),
      object: 'refund',
      amount: 1500,
      balance_transaction: expect.stringMatching(/^txn_/),
      charge: charge.id,
      created: DEFAULT_EPOCH,
      currency: 'usd',
      customer: intent.customer,
      customer_account: null,
      destination_details: { card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' }, type: 'card' },
      metadata: { p: 's05' },
      payment_intent: intent.id,
      payment_method: intent.payment_method,
      reason: 'duplicate',
      receipt_number: null,
      source_transfer_reversal: null,
      status: 'succeeded',
      transfer_reversal: null,
    });
    // Recorded (exchanges 14, 16, 18): read later, the reference is available, 16 digits; nothing else differs.
    const kept = stored(w, result.refund.id);
    expect(kept.destination_details.card).toEqual({ reference: expect.stringMatching(/^\d{16}$/), reference_status: 'available', reference_type: 'acquirer_reference_number', type: 'refund' });
    expect({ ...kept, destination_details: null }).toEqual({ ...(result.response as Refund), destination_details: null });
    // Recorded (exchange 5): 1500 of 5000 leaves refunded false.
    expect(chargeOf(w, intent)).toMatchObject({ amount: 5000, amount_captured: 5000, amount_refunded: 1500, refunded: false });
    expect(result.charge).toEqual(chargeOf(w, intent));
    // The PaymentIntent is not touched (UNCONFIRMED by the recording, which reads none after a refund).
    expect(w.store.paymentIntents.get(intent.id)?.intent).toEqual(intent);
    // https://docs.stripe.com/api/events/types: charge.refunded (the Charge after), then refund.created (the Refund as answered); order UNCONFIRMED.
    expect(result.events.map((event) => event.type)).toEqual(['charge.refunded', 'refund.created']);
    expect(result.events[0]?.data.object).toEqual(result.charge);
    expect(result.events[1]?.data.object).toEqual(result.response);
    expect(w.store.events.slice(-2)).toEqual(result.events);
  });

  it('without amount, all that is left (recorded, exchange 7); refunded then; a third refused charge_already_refunded (exchange 8)', () => {
    const w = world();
    const intent = pay(w, 5000);
    const charge = chargeOf(w, intent).id;
    applied(refund(w, { charge, amount: 1500 }));
    const rest = applied(refund(w, { charge }));
    expect(rest.response).toMatchObject({ amount: 3500, reason: null, metadata: {} });
    // https://docs.stripe.com/api/charges/object#charge_object-refunded: true once fully refunded.
    expect(chargeOf(w, intent)).toMatchObject({ amount_refunded: 5000, refunded: true });
    expect(rest.events[0]?.data.object).toMatchObject({ amount_refunded: 5000, refunded: true });
    const before = snapshot(w);
    expectError(refusedWith(refund(w, { charge, amount: 1 })), {
      statusCode: 400,
      type: 'invalid_request_error',
      code: 'charge_already_refunded',
      message: `Charge ${charge} has already been refunded.`,
    });
    expectError(refusedWith(refund(w, { charge })), { statusCode: 400, type: 'invalid_request_error', code: 'charge_already_refunded', message: `Charge ${charge} has already been refunded.` });
    expect(snapshot(w)).toBe(before);
  });

  it('through the PaymentIntent: its latest Charge (recorded, exchange 10); more than is left names both amounts (exchange 11)', () => {
    const w = world();
    const intent = pay(w, 3200);
    const result = applied(refund(w, { payment_intent: intent.id, amount: 700 }));
    expect(result.refund).toMatchObject({ amount: 700, charge: intent.latest_charge, payment_intent: intent.id });
    const before = snapshot(w);
    expectError(refusedWith(refund(w, { payment_intent: intent.id, amount: 3000 })), {
      statusCode: 400,
      type: 'invalid_request_error',
      param: 'amount',
      message: 'Refund amount ($30.00) is greater than unrefunded amount on charge ($25.00)',
    });
    expect(snapshot(w)).toBe(before);
  });

  it('the recorded refusals: no target (exchange 12), an unknown Charge (exchange 13), an uncaptured Charge (exchange 21)', () => {
    const w = world();
    expectError(refusedWith(refund(w, { amount: 100 })), {
      statusCode: 400,
      type: 'invalid_request_error',
      message: 'One of the following params should be provided for this request: payment_intent or charge.',
    });
    expectError(refusedWith(refund(w, { charge: 'ch_unknown0000000000000000' })), {
      statusCode: 404,
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'id',
      message: "No such charge: 'ch_unknown0000000000000000'",
    });
    const held = pay(w, 3300, 'manual');
    expect(held.status).toBe('requires_capture');
    const uncaptured = {
      statusCode: 400,
      type: 'invalid_request_error',
      message:
        `This uncaptured Charge was created by a PaymentIntent (${held.id}). You must cancel the PaymentIntent to reverse the authorization instead of refunding ` +
        'the Charge directly. For more information, see https://stripe.com/docs/payments/place-a-hold-on-a-payment-method',
    } as const;
    const before = snapshot(w);
    expectError(refusedWith(refund(w, { charge: held.latest_charge as string, amount: 100 })), uncaptured);
    // UNCONFIRMED: the same when the held PaymentIntent is named.
    expectError(refusedWith(refund(w, { payment_intent: held.id })), uncaptured);
    expect(snapshot(w)).toBe(before);
    expect(w.store.refunds.size).toBe(0);
  });

  it('a hold released by canceling its PaymentIntent has nothing to refund (UNCONFIRMED: the wording public integrations match on)', () => {
    const w = world();
    const held = pay(w, 3000, 'manual');
    const record = w.store.paymentIntents.get(held.id);
    if (record === undefined) throw new Error('no held PaymentIntent');
    const canceled = w.store.applyPaymentIntent(cancelPaymentIntent(record, {}, w.store.env, undefined, { charge: chargeOf(w, held) }));
    expect(canceled.kind).toBe('applied');
    const released = chargeOf(w, held);
    expect(released).toMatchObject({ captured: false, refunded: true });
    const before = snapshot(w);
    const error = refusedWith(refund(w, { charge: released.id }));
    expectError(error, {
      statusCode: 400,
      type: 'invalid_request_error',
      message: `This PaymentIntent (${held.id}) does not have a successful charge to refund.`,
    });
    expect(error.error.param).toBeUndefined();
    expect(error.error.code).toBeUndefined();
    expect(snapshot(w)).toBe(before);
  });

  it('the UNCONFIRMED refusals: amount below 1, no succeeded Charge, an unknown PaymentIntent, a Charge of another PaymentIntent', () => {
    const w = world();
    const intent = pay(w, 1000);
    const other = pay(w, 2000);
    const charge = chargeOf(w, intent).id;
    const before = snapshot(w);
    for (const amount of [0, -1, -5000]) {
      expectError(refusedWith(refund(w, { charge, amount })), {
        statusCode: 400,
        type: 'invalid_request_error',
        code: 'parameter_invalid_integer',
        param: 'amount',
        message: 'This value must be greater than or equal to 1.',
      });
    }
    const open = w.store.applyPaymentIntent(createPaymentIntent({ amount: 1000, currency: 'usd' }, w.store.env));
    if (open.kind !== 'applied') throw new Error('create refused');
    const afterOpen = snapshot(w);
    expectError(refusedWith(refund(w, { payment_intent: open.record.intent.id })), {
      statusCode: 400,
      type: 'invalid_request_error',
      param: 'payment_intent',
      message: `This PaymentIntent (${open.record.intent.id}) does not have a successful charge to refund.`,
    });
    expectError(refusedWith(refund(w, { payment_intent: 'pi_unknown' })), {
      statusCode: 404,
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'payment_intent',
      message: "No such payment_intent: 'pi_unknown'",
    });
    const disagree = refusedWith(refund(w, { charge, payment_intent: other.id }));
    expect(disagree.statusCode).toBe(400);
    expect(disagree.error).toMatchObject({ type: 'invalid_request_error', param: 'charge' });
    expect(disagree.error.code).toBeUndefined();
    expect(snapshot(w)).toBe(afterOpen);
    expect(JSON.parse(afterOpen).refunds).toEqual(JSON.parse(before).refunds);
    // Both named and agreeing: refunded.
    expect(applied(refund(w, { charge, payment_intent: intent.id, amount: 10 })).refund.amount).toBe(10);
  });

  it('parameters are checked as Stripe checks them: unknown ones and a bad reason refused (https://docs.stripe.com/api/refunds/create)', () => {
    const w = world();
    const charge = chargeOf(w, pay(w, 1000)).id;
    const before = snapshot(w);
    const unknown = refusedWith(refund(w, { charge, instructions_email: 'a@example.com' } as unknown as RefundCreateParams));
    expect(unknown.error).toMatchObject({ code: 'parameter_unknown', param: 'instructions_email' });
    const reason = refusedWith(refund(w, { charge, reason: 'changed_mind' } as unknown as RefundCreateParams));
    expect(reason.error.param).toBe('reason');
    // On a Charge's own path the Charge comes from the path, so `charge` is not a parameter there.
    const onPath = refusedWith(refund(w, { charge } as RefundCreateParams, { kind: 'charge_refunds', charge }));
    expect(onPath.error).toMatchObject({ code: 'parameter_unknown', param: 'charge' });
    expect(snapshot(w)).toBe(before);
  });

  it("a Charge's path refunds the path's Charge; the legacy path answers the Charge (recorded, exchanges 23 and 24)", () => {
    const w = world();
    const intent = pay(w, 4100);
    const charge = chargeOf(w, intent).id;
    const legacy = applied(refund(w, { amount: 800 }, { kind: 'charge_refund_legacy', charge }));
    expect(legacy.response).toMatchObject({ object: 'charge', id: charge, amount_refunded: 800, refunded: false });
    expect(legacy.refund).toMatchObject({ object: 'refund', amount: 800, charge });
    expect(w.store.refunds.has(legacy.refund.id)).toBe(true);
    const scoped = applied(refund(w, { amount: 300 }, { kind: 'charge_refunds', charge }));
    expect(scoped.response).toMatchObject({ object: 'refund', amount: 300, charge, payment_intent: intent.id });
    expect((scoped.response as Refund).destination_details.card?.reference_status).toBe('pending');
    expect(chargeOf(w, intent).amount_refunded).toBe(1100);
    expect(legacy.events.map((event) => event.type)).toEqual(['charge.refunded', 'refund.created']);
  });

  it('partly captured: only what was captured can be refunded, and refunded once all of that is back', () => {
    const w = world();
    const held = pay(w, 6500, 'manual');
    capture(w, held, 5000);
    const charge = chargeOf(w, held);
    // Recorded in stripe-world-04-money-path.json (exchange 19): captured 5000 of 6500, nothing refunded.
    expect(charge).toMatchObject({ amount: 6500, amount_captured: 5000, amount_refunded: 0, refunded: false });
    expectError(refusedWith(refund(w, { charge: charge.id, amount: 5001 })), {
      statusCode: 400,
      type: 'invalid_request_error',
      param: 'amount',
      message: 'Refund amount ($50.01) is greater than unrefunded amount on charge ($50.00)',
    });
    expect(applied(refund(w, { charge: charge.id })).refund.amount).toBe(5000);
    expect(chargeOf(w, held)).toMatchObject({ amount_captured: 5000, amount_refunded: 5000, refunded: true });
  });

  it('never writes to its inputs or the objects it looks up', () => {
    const w = world();
    const intent = pay(w, 5000);
    const charge = chargeOf(w, intent);
    deepFreeze(charge);
    deepFreeze(w.store.paymentIntents.get(intent.id));
    const params = deepFreeze({ payment_intent: intent.id, amount: 100, metadata: { a: 'b' } });
    const result = applied(refund(w, params));
    expect(result.charge).not.toBe(charge);
    expect(charge.amount_refunded).toBe(0);
    expect(applied(refund(w, deepFreeze({ charge: charge.id, amount: 200 }))).charge?.amount_refunded).toBe(300);
  });
});

describe('the same seed replays the same Refunds', () => {
  function run(seed: number, withRefusals: boolean): unknown {
    const w = world(seed);
    const intent = pay(w, 5000);
    const charge = chargeOf(w, intent).id;
    const results: RefundResult[] = [];
    if (withRefusals) {
      // Refused calls draw no ids: what follows is as if they were never made.
      refund(w, { charge, amount: 0 });
      refund(w, { charge, amount: 99999 });
      refund(w, { charge: 'ch_missing' });
    }
    results.push(refund(w, { charge, amount: 1500, metadata: { n: '1' } }));
    w.advance(5);
    results.push(refund(w, { payment_intent: intent.id }, undefined));
    if (withRefusals) refund(w, { charge });
    return { results, refunds: [...w.store.refunds.values()], events: w.store.events };
  }

  it('ids, balance transactions, references and events are equal run to run, and refusals in between change nothing', () => {
    const first = run(7, false);
    expect(run(7, false)).toEqual(first);
    expect(run(7, true)).toEqual(first);
    expect(JSON.stringify(run(8, false))).not.toBe(JSON.stringify(first));
  });
});

describe('updateRefund, retrieveRefund, cancelRefund', () => {
  it("metadata is merged, '' unsets a key and '' unsets all (recorded, exchange 14; https://docs.stripe.com/api/refunds/update); no event", () => {
    const w = world();
    const charge = chargeOf(w, pay(w, 2500)).id;
    const created = applied(refund(w, { charge, amount: 700, metadata: { order: 'A-1' } }));
    const kept = deepFreeze(stored(w, created.refund.id));
    const update = (params: RefundUpdateParams): Refund => {
      const result = applied(updateRefund(stored(w, kept.id), params));
      expect(result.events).toEqual([]);
      expect(result.charge).toBeNull();
      expect(result.response).toEqual(result.refund);
      w.store.commit(commitOfRefundResult(result));
      return result.refund;
    };
    const events = w.store.events.length;
    expect(update({ metadata: { k: 'v' } })).toEqual({ ...kept, metadata: { order: 'A-1', k: 'v' } });
    expect(update({ metadata: { order: '' } }).metadata).toEqual({ k: 'v' });
    expect(update({}).metadata).toEqual({ k: 'v' });
    expect(update({ metadata: '' }).metadata).toEqual({});
    expect(w.store.events.length).toBe(events);
    // The reference stays as it was read.
    expect(stored(w, kept.id).destination_details).toEqual(kept.destination_details);
  });

  it('at most 50 metadata keys after the merge (https://docs.stripe.com/metadata); unknown parameters refused', () => {
    const w = world();
    const charge = chargeOf(w, pay(w, 2500)).id;
    const created = applied(refund(w, { charge, amount: 700, metadata: { first: '1' } }));
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    const tooMany = refusedWith(updateRefund(stored(w, created.refund.id), { metadata: fifty }));
    expect(tooMany).toMatchObject({ statusCode: 400, error: { type: 'invalid_request_error', param: 'metadata' } });
    const unknown = refusedWith(updateRefund(stored(w, created.refund.id), { amount: 5 } as unknown as RefundUpdateParams));
    expect(unknown.error).toMatchObject({ code: 'parameter_unknown', param: 'amount' });
    expect(stored(w, created.refund.id).metadata).toEqual({ first: '1' });
  });

  it('retrieve answers the stored Refund; cancel is always refused for a card refund (recorded, exchange 15)', () => {
    const w = world();
    const charge = chargeOf(w, pay(w, 2500)).id;
    const created = applied(refund(w, { charge, amount: 700 }));
    const kept = stored(w, created.refund.id);
    expect(retrieveRefund(kept)).toEqual({ kind: 'found', value: kept });
    const before = snapshot(w);
    const canceled = cancelRefund(kept);
    w.store.commit(commitOfRefundResult(canceled));
    expectError(refusedWith(canceled), { statusCode: 400, type: 'invalid_request_error', message: 'Canceling this refund is unsupported.' });
    expect(refusedWith(cancelRefund(kept, { bogus: 1 } as unknown as { expand?: string[] })).error).toMatchObject({ code: 'parameter_unknown', param: 'bogus' });
    expect(snapshot(w)).toBe(before);
    expect(stored(w, kept.id).status).toBe('succeeded');
  });
});

describe('listRefunds', () => {
  /** Three Refunds a minute apart: a and c of one Charge, b of another. */
  function three(): { w: World; one: PaymentIntent; other: PaymentIntent; a: Refund; b: Refund; c: Refund } {
    const w = world();
    const one = pay(w, 5000);
    const other = pay(w, 3000);
    const a = applied(refund(w, { charge: one.latest_charge as string, amount: 1000 })).refund;
    w.advance(60);
    const b = applied(refund(w, { charge: other.latest_charge as string, amount: 500 })).refund;
    w.advance(60);
    const c = applied(refund(w, { charge: one.latest_charge as string, amount: 2000 })).refund;
    return { w, one, other, a, b, c };
  }

  it('newest first, url /v1/refunds, count only when filtered by charge (recorded, exchange 16)', () => {
    const { w, one, a, b, c } = three();
    const all = list(w);
    expect(ids(all.data)).toEqual([c.id, b.id, a.id]);
    expect(all).toMatchObject({ object: 'list', has_more: false, url: '/v1/refunds' });
    // UNCONFIRMED: no count without a charge filter (the recording lists only with one).
    expect('count' in all).toBe(false);
    const byCharge = list(w, { charge: one.latest_charge as string, limit: 100 });
    expect(Object.keys(byCharge)).toEqual(['object', 'count', 'data', 'has_more', 'url']);
    expect(byCharge).toMatchObject({ count: 2, has_more: false, url: '/v1/refunds' });
    expect(ids(byCharge.data)).toEqual([c.id, a.id]);
    // count is every match, not the page (UNCONFIRMED beyond the recorded single page).
    expect(list(w, { charge: one.latest_charge as string, limit: 1 })).toMatchObject({ count: 2, has_more: true });
    expect(list(w, { charge: 'ch_none' })).toMatchObject({ count: 0, data: [] });
    // The stored Refunds, references available (recorded, exchange 16).
    expect(byCharge.data.every((item) => item.destination_details.card?.reference_status === 'available')).toBe(true);
  });

  it('filters by payment_intent and created (https://docs.stripe.com/api/refunds/list)', () => {
    const { w, other, a, b, c } = three();
    expect(ids(list(w, { payment_intent: other.id }).data)).toEqual([b.id]);
    expect(ids(list(w, { created: { gte: b.created } }).data)).toEqual([c.id, b.id]);
    expect(ids(list(w, { created: { gt: b.created } }).data)).toEqual([c.id]);
    expect(ids(list(w, { created: { lt: b.created } }).data)).toEqual([a.id]);
    expect(ids(list(w, { created: { lte: b.created } }).data)).toEqual([b.id, a.id]);
    expect(ids(list(w, { created: b.created }).data)).toEqual([b.id]);
    expect(ids(list(w, { payment_intent: other.id, created: { gt: b.created } }).data)).toEqual([]);
  });

  it('paginates with limit, starting_after and ending_before (https://docs.stripe.com/api/pagination)', () => {
    const { w, a, b, c } = three();
    const first = list(w, { limit: 2 });
    expect(ids(first.data)).toEqual([c.id, b.id]);
    expect(first.has_more).toBe(true);
    const second = list(w, { limit: 2, starting_after: b.id });
    expect(ids(second.data)).toEqual([a.id]);
    expect(second.has_more).toBe(false);
    const back = list(w, { limit: 1, ending_before: a.id });
    expect(ids(back.data)).toEqual([b.id]);
    expect(back.has_more).toBe(true);
    expect(ids(list(w, { ending_before: b.id }).data)).toEqual([c.id]);
  });

  it('refuses a limit outside 1..100, both cursors, and an unknown cursor', () => {
    const { w, a, c } = three();
    for (const limit of [0, 101]) {
      // https://docs.stripe.com/api/pagination: "limit can range between 1 and 100"; the wording is the other lists' (UNCONFIRMED here).
      expectError(listError(w, { limit }), { statusCode: 400, type: 'invalid_request_error', param: 'limit', message: 'Invalid limit: must be between 1 and 100' });
    }
    // Recorded for other lists (stripe-world-09-error-envelope-400s.json): no code, no param.
    expectError(listError(w, { starting_after: a.id, ending_before: c.id }), {
      statusCode: 400,
      type: 'invalid_request_error',
      message: 'Received both starting_after and ending_before parameters. Please pass in only one.',
    });
    // UNCONFIRMED: an unknown cursor is resource_missing on the cursor's param, 400.
    expectError(listError(w, { starting_after: 're_missing' }), { statusCode: 400, type: 'invalid_request_error', code: 'resource_missing', param: 'starting_after', message: "No such refund: 're_missing'" });
    expect(listError(w, { payment: 'x' } as unknown as RefundListParams).error).toMatchObject({ code: 'parameter_unknown', param: 'payment' });
  });

  it("a Charge's own list: its path as url, no count (recorded, exchange 17), and no charge filter of its own", () => {
    const { w, one, a, c } = three();
    const charge = one.latest_charge as string;
    const own = listRefunds(() => w.store.refundsOfCharge(charge), {}, { kind: 'charge', charge });
    if (own.kind !== 'found') throw new Error('refused');
    expect(own.value).toEqual({ object: 'list', data: [stored(w, c.id), stored(w, a.id)], has_more: false, url: `/v1/charges/${charge}/refunds` });
    // Even handed every Refund, the scope keeps the Charge's.
    const scoped = list(w, { limit: 1 }, { kind: 'charge', charge });
    expect(ids(scoped.data)).toEqual([c.id]);
    expect(scoped.has_more).toBe(true);
    const filtered = listRefunds(() => w.store.refundsNewestFirst(), { charge } as RefundListParams, { kind: 'charge', charge });
    expect(filtered.kind === 'refused' && filtered.error.error).toMatchObject({ code: 'parameter_unknown', param: 'charge' });
  });
});

describe('property: refunds never give back more than was captured', () => {
  it('any sequence of amounts: amount_refunded is the sum of the Refunds, at most amount_captured; refunded exactly when equal; refusals change nothing', () => {
    // The run count is FC_NUM_RUNS (test/support/fast-check-setup.ts), replayable with FC_SEED.
    const amountArb = fc.oneof(
      fc.constant(undefined),
      fc.integer({ min: -100, max: 0 }),
      fc.integer({ min: 1, max: 200 }),
      fc.integer({ min: 1, max: 12_000 }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 50, max: 10_000 }),
        fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
        fc.array(fc.record({ amount: amountArb, byIntent: fc.boolean() }), { maxLength: 12 }),
        (amount, capturedPercent, steps) => {
          const w = world();
          let intent = pay(w, amount, capturedPercent === undefined ? 'automatic' : 'manual');
          if (capturedPercent !== undefined) intent = capture(w, intent, Math.max(1, Math.floor((amount * capturedPercent) / 100)));
          const captured = chargeOf(w, intent).amount_captured;
          expect(captured).toBeGreaterThan(0);
          let sum = 0;
          for (const step of steps) {
            const before = snapshot(w);
            const left = captured - chargeOf(w, intent).amount_refunded;
            const target = step.byIntent ? { payment_intent: intent.id } : { charge: intent.latest_charge as string };
            const result = refund(w, { ...target, ...(step.amount === undefined ? {} : { amount: step.amount }) });
            const charge = chargeOf(w, intent);
            if (result.kind === 'applied') {
              expect(result.refund.amount).toBe(step.amount ?? left);
              expect(result.refund.amount).toBeGreaterThanOrEqual(1);
              expect(result.refund.amount).toBeLessThanOrEqual(left);
              sum += result.refund.amount;
            } else {
              expect(snapshot(w)).toBe(before);
              const { code, param } = result.error.error;
              // Why it was refused follows from the request and what is left.
              if (step.amount !== undefined && step.amount < 1) expect(code).toBe('parameter_invalid_integer');
              else if (left === 0) expect(code).toBe('charge_already_refunded');
              else expect(param).toBe('amount');
            }
            expect(charge.amount_refunded).toBe(sum);
            expect(charge.amount_refunded).toBeLessThanOrEqual(charge.amount_captured);
            expect(charge.refunded).toBe(charge.amount_refunded === charge.amount_captured);
            expect(w.store.paymentIntents.get(intent.id)?.intent.status).toBe('succeeded');
          }
          const all = [...w.store.refunds.values()];
          expect(all.reduce((total, item) => total + item.amount, 0)).toBe(sum);
          expect(w.store.events.filter((event) => event.type === 'refund.created')).toHaveLength(all.length);
          const counted = list(w, { charge: intent.latest_charge as string, limit: 100 });
          expect(counted.count).toBe(all.length);
        },
      ),
    );
  });
});
