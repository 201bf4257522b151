// Refunds through the official SDK against the real server: a card payment refunded in part and
// then the rest, the Charge's bookkeeping, a refund through the PaymentIntent, every refusal, the
// metadata update, the reads, the refused cancel, the lists (filters, pagination, `count`), the
// Charge-scoped and legacy paths, the events and a signed webhook, a restart with a data file, an
// account reset, and the webhook-log validator over the whole history.
//
// Sources of the facts asserted, named at each: "recorded" is live test-mode Stripe at
// 2026-08-26.dahlia in test/fixtures/recordings/stripe-world-05-refunds-disputes.json (exchange
// numbers are the 0-based indexes of its `exchanges`; replayed by test/fidelity/);
// https://docs.stripe.com/api/refunds and https://docs.stripe.com/api/events/types otherwise;
// UNCONFIRMED marks what the emulator chose where neither says.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, listen } from '../../src/emulator.js';
import type { Emulator, RunningEmulator } from '../../src/emulator.js';
import { validateEventSequence } from '../../src/index.js';
import { validateCharge, validateErrorBody, validateRefund } from '../support/openapi.js';
import { DAHLIA_API_VERSION } from '../support/sdk-version.js';
import { enabledEvents, errorBody, plain, startEmulator, stripeError } from './support/start-emulator.js';
import type { StartedEmulator } from './support/start-emulator.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';
import type { WebhookReceiver } from './support/webhook-receiver.js';

interface RecordedExchange {
  readonly request: { readonly method: string; readonly path: string };
  readonly response: { readonly status: number; readonly body: Record<string, unknown> };
}
const RECORDING = JSON.parse(
  readFileSync(new URL('../fixtures/recordings/stripe-world-05-refunds-disputes.json', import.meta.url), 'utf8'),
) as { readonly exchanges: readonly RecordedExchange[] };

/** The response body of recorded exchange `index`. */
function recorded(index: number): Record<string, unknown> {
  const exchange = RECORDING.exchanges[index];
  if (exchange === undefined) throw new Error(`no recorded exchange ${index}`);
  return exchange.response.body;
}

/** A Refund's keys, sorted. */
function keysOf(value: object): string[] {
  return Object.keys(plain(value)).sort();
}

/** Keys of an account of its own: what one test does is not seen by the others (see accounts.e2e.test.ts). */
function accountKey(name: string): string {
  return `sk_test_acct_${name}_secret`;
}

/** A Charge as the SDK types it, with the `refunds` list `expand[]=refunds` renders. */
type ChargeWithRefunds = Stripe.Charge & { refunds?: Stripe.ApiList<Stripe.Refund> & { total_count?: number } };
/** A Refund list as answered, with the `count` a `charge` filter renders. */
type CountedList = Stripe.ApiList<Stripe.Refund> & { count?: number };

let started: StartedEmulator;
let stripe: Stripe;

beforeAll(async () => {
  started = await startEmulator({ seed: 505 });
  stripe = started.stripe();
});
afterAll(async () => {
  await started.close();
});

/** A Customer paying `amount` USD with `pm_card_visa`, confirmed at once; the PaymentIntent and its Charge id. */
async function paid(client: Stripe, amount: number): Promise<{ intent: Stripe.PaymentIntent; charge: string }> {
  const customer = await client.customers.create({ email: 'refunded@example.com' });
  const intent = await client.paymentIntents.create({ amount, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', confirm: true });
  expect(intent.status).toBe('succeeded');
  expect(intent.latest_charge).toMatch(/^ch_/);
  return { intent, charge: intent.latest_charge as string };
}

/** The types of the events about a Charge, its PaymentIntent or its Refunds, oldest first. */
async function eventTypesOf(client: Stripe, intent: string): Promise<string[]> {
  const types: string[] = [];
  for await (const event of client.events.list({ limit: 100 })) {
    const object = event.data.object as { id?: string; payment_intent?: string };
    if (object.id === intent || object.payment_intent === intent) types.push(event.type);
  }
  return types.reverse();
}

function expectValidError(error: InstanceType<typeof Stripe.errors.StripeError>): void {
  expect(validateErrorBody(errorBody(error))).toEqual([]);
  expect(error.type).toBe('StripeInvalidRequestError');
  expect(error.rawType).toBe('invalid_request_error');
}

describe('refunding a card payment in part, then the rest', () => {
  it('a partial refund answers the Refund with the recorded keys, pending its acquirer reference', async () => {
    const { intent, charge } = await paid(stripe, 5000);
    const refund = await stripe.refunds.create({ charge, amount: 1500, reason: 'duplicate', metadata: { p: 's05' } });
    expect(validateRefund(plain(refund))).toEqual([]);
    // Recorded (exchange 4): exactly these keys.
    expect(keysOf(refund)).toEqual(keysOf(recorded(4)));
    // Recorded (exchange 4): succeeded at once, the Charge's customer, PaymentIntent and PaymentMethod,
    // the reason and metadata given, a balance transaction, the reference still pending.
    expect(refund).toMatchObject({
      object: 'refund',
      amount: 1500,
      charge,
      currency: 'usd',
      customer: intent.customer,
      customer_account: null,
      metadata: { p: 's05' },
      payment_intent: intent.id,
      payment_method: intent.payment_method,
      reason: 'duplicate',
      receipt_number: null,
      source_transfer_reversal: null,
      status: 'succeeded',
      transfer_reversal: null,
    });
    expect(refund.id).toMatch(/^re_/);
    expect(refund.balance_transaction).toMatch(/^txn_/);
    expect(refund.created).toEqual(expect.any(Number));
    expect(plain(refund.destination_details)).toEqual({ card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' }, type: 'card' });
  });

  it('the Charge keeps count: amount_refunded grows, refunded only once all of it is back, the PaymentIntent stays succeeded', async () => {
    const { intent, charge } = await paid(stripe, 5000);
    const first = await stripe.refunds.create({ charge, amount: 1500 });

    const partly = await stripe.charges.retrieve(charge);
    expect(validateCharge(plain(partly))).toEqual([]);
    // Recorded (exchange 5): 1500 of 5000 refunded, refunded false, captured in full; no `refunds` key unexpanded.
    expect(partly).toMatchObject({ amount: 5000, amount_captured: 5000, amount_refunded: 1500, refunded: false, captured: true, status: 'succeeded' });
    expect('refunds' in plain(partly)).toBe(false);
    expect('refunds' in recorded(5)).toBe(false);

    const expanded = (await stripe.charges.retrieve(charge, { expand: ['refunds'] })) as ChargeWithRefunds;
    // Recorded (exchange 6): a list with total_count and the Charge's own refunds url.
    expect(expanded.refunds).toMatchObject({ object: 'list', has_more: false, total_count: 1, url: `/v1/charges/${charge}/refunds` });
    expect(expanded.refunds?.data.map((refund) => refund.id)).toEqual([first.id]);
    expect(Object.keys(plain(expanded.refunds ?? {})).sort()).toEqual(Object.keys(recorded(6)['refunds'] as object).sort());

    // Recorded (exchange 7): without amount, all that is left (3500); no reason, no metadata.
    const rest = await stripe.refunds.create({ charge });
    expect(rest).toMatchObject({ amount: 3500, charge, reason: null, metadata: {}, status: 'succeeded' });
    expect(rest.destination_details?.card?.reference_status).toBe('pending');

    // https://docs.stripe.com/api/charges/object#charge_object-refunded: refunded once the charge is fully refunded.
    const whole = (await stripe.charges.retrieve(charge, { expand: ['refunds'] })) as ChargeWithRefunds;
    expect(whole).toMatchObject({ amount_captured: 5000, amount_refunded: 5000, refunded: true });
    // Newest first, as every list (https://docs.stripe.com/api/refunds/list); total_count as recorded (exchange 6).
    expect(whole.refunds?.data.map((refund) => refund.id)).toEqual([rest.id, first.id]);
    expect(whole.refunds?.total_count).toBe(2);

    // The refunds change the Charge, not the PaymentIntent: it stays succeeded. UNCONFIRMED by the recording
    // (it reads no PaymentIntent after a refund); no PaymentIntent status of https://docs.stripe.com/payments/paymentintents/lifecycle
    // speaks of refunds.
    const after = await stripe.paymentIntents.retrieve(intent.id);
    expect(after).toMatchObject({ status: 'succeeded', amount_received: 5000 });

    // Recorded (exchange 8): a third refund, of anything, is refused with charge_already_refunded.
    const again = await stripeError(stripe.refunds.create({ charge, amount: 1 }));
    expectValidError(again);
    expect(again.statusCode).toBe(400);
    expect(again.code).toBe('charge_already_refunded');
    expect(again.param).toBeUndefined();
    expect(again.message).toBe(`Charge ${charge} has already been refunded.`);
    expect(again.doc_url).toBe((recorded(8)['error'] as { doc_url: string }).doc_url);
    expect((await stripe.charges.retrieve(charge)).amount_refunded).toBe(5000);
  });
});

describe('refunding through the PaymentIntent', () => {
  it('refunds its latest Charge; more than is left is refused naming both amounts, and nothing changes', async () => {
    const { intent, charge } = await paid(stripe, 3200);
    // Recorded (exchange 10): the Refund names the PaymentIntent's Charge.
    const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 700 });
    expect(refund).toMatchObject({ amount: 700, charge, payment_intent: intent.id, status: 'succeeded' });

    // Recorded (exchange 11): param amount, no code, the amounts as dollars.
    const tooMuch = await stripeError(stripe.refunds.create({ payment_intent: intent.id, amount: 3000 }));
    expectValidError(tooMuch);
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.code).toBeUndefined();
    expect(tooMuch.param).toBe('amount');
    expect(tooMuch.message).toBe('Refund amount ($30.00) is greater than unrefunded amount on charge ($25.00)');
    expect((await stripe.charges.retrieve(charge)).amount_refunded).toBe(700);
  });
});

describe('refusals', () => {
  it('neither charge nor payment_intent (recorded, exchange 12: no param, no code)', async () => {
    const error = await stripeError(stripe.refunds.create({ amount: 100 }));
    expectValidError(error);
    expect(error.statusCode).toBe(400);
    expect(error.code).toBeUndefined();
    expect(error.param).toBeUndefined();
    expect(error.message).toBe('One of the following params should be provided for this request: payment_intent or charge.');
  });

  it('an unknown Charge is 404 resource_missing with param id (recorded, exchange 13)', async () => {
    const error = await stripeError(stripe.refunds.create({ charge: 'ch_unknown0000000000000000' }));
    expectValidError(error);
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('resource_missing');
    expect(error.param).toBe('id');
    expect(error.message).toBe("No such charge: 'ch_unknown0000000000000000'");
  });

  it('the uncaptured Charge of a held PaymentIntent: cancel the PaymentIntent instead (recorded, exchange 21)', async () => {
    const customer = await stripe.customers.create({ email: 'held@example.com' });
    const held = await stripe.paymentIntents.create({ amount: 3300, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', capture_method: 'manual', confirm: true });
    expect(held.status).toBe('requires_capture');
    const message =
      `This uncaptured Charge was created by a PaymentIntent (${held.id}). You must cancel the PaymentIntent to reverse the authorization instead of refunding ` +
      'the Charge directly. For more information, see https://stripe.com/docs/payments/place-a-hold-on-a-payment-method';
    const error = await stripeError(stripe.refunds.create({ charge: held.latest_charge as string, amount: 100 }));
    expectValidError(error);
    expect(error.statusCode).toBe(400);
    expect(error.code).toBeUndefined();
    expect(error.param).toBeUndefined();
    expect(error.message).toBe(message);
    // UNCONFIRMED: the same refusal when the held PaymentIntent is named instead of its Charge.
    const byIntent = await stripeError(stripe.refunds.create({ payment_intent: held.id }));
    expect(byIntent.message).toBe(message);
    expect(await stripe.paymentIntents.retrieve(held.id)).toMatchObject({ status: 'requires_capture', amount_capturable: 3300 });
    expect(await stripe.charges.retrieve(held.latest_charge as string)).toMatchObject({ captured: false, amount_refunded: 0, refunded: false });
  });

  it('an amount below 1 is parameter_invalid_integer on amount (UNCONFIRMED)', async () => {
    const { charge } = await paid(stripe, 1000);
    for (const amount of [0, -1]) {
      const error = await stripeError(stripe.refunds.create({ charge, amount }));
      expectValidError(error);
      expect(error.statusCode).toBe(400);
      expect(error.code).toBe('parameter_invalid_integer');
      expect(error.param).toBe('amount');
      expect(error.message).toBe('This value must be greater than or equal to 1.');
    }
    expect((await stripe.charges.retrieve(charge)).amount_refunded).toBe(0);
  });

  it('a PaymentIntent without a succeeded Charge has nothing to refund (UNCONFIRMED wording and param)', async () => {
    const open = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    expect(open.status).toBe('requires_payment_method');
    const error = await stripeError(stripe.refunds.create({ payment_intent: open.id }));
    expectValidError(error);
    expect(error.statusCode).toBe(400);
    expect(error.code).toBeUndefined();
    expect(error.param).toBe('payment_intent');
    expect(error.message).toBe(`This PaymentIntent (${open.id}) does not have a successful charge to refund.`);
  });

  it('an unknown PaymentIntent is 404 resource_missing with param payment_intent (UNCONFIRMED param)', async () => {
    const error = await stripeError(stripe.refunds.create({ payment_intent: 'pi_unknown0000000000000000' }));
    expectValidError(error);
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('resource_missing');
    expect(error.param).toBe('payment_intent');
    expect(error.message).toBe("No such payment_intent: 'pi_unknown0000000000000000'");
  });

  it('a charge and a payment_intent of different payments are refused on param charge (UNCONFIRMED)', async () => {
    const one = await paid(stripe, 1000);
    const other = await paid(stripe, 2000);
    const error = await stripeError(stripe.refunds.create({ charge: one.charge, payment_intent: other.intent.id }));
    expectValidError(error);
    expect(error.statusCode).toBe(400);
    expect(error.param).toBe('charge');
    // Both named, and they agree: refunded as either would be.
    const agreed = await stripe.refunds.create({ charge: one.charge, payment_intent: one.intent.id, amount: 100 });
    expect(agreed).toMatchObject({ charge: one.charge, payment_intent: one.intent.id, amount: 100 });
    expect((await stripe.charges.retrieve(one.charge)).amount_refunded).toBe(100);
    expect((await stripe.charges.retrieve(other.charge)).amount_refunded).toBe(0);
  });
});

describe('a Refund afterwards', () => {
  it('is read with its acquirer reference available (recorded, exchanges 14, 16, 18)', async () => {
    const { charge } = await paid(stripe, 2500);
    const created = await stripe.refunds.create({ charge, amount: 500 });
    const read = await stripe.refunds.retrieve(created.id);
    expect(validateRefund(plain(read))).toEqual([]);
    expect(keysOf(read)).toEqual(keysOf(recorded(18)));
    expect(read.destination_details?.card).toMatchObject({ reference_status: 'available', reference_type: 'acquirer_reference_number', type: 'refund' });
    expect(read.destination_details?.card?.reference).toMatch(/^\d{16}$/);
    // Everything else as created.
    const { destination_details: _created, ...createdRest } = plain(created);
    const { destination_details: _read, ...readRest } = plain(read);
    expect(readRest).toEqual(createdRest);
    // An unknown Refund: 404 resource_missing in the recorded wording of exchange 19 (its param here UNCONFIRMED, not asserted).
    const missing = await stripeError(stripe.refunds.retrieve('re_unknown0000000000000000'));
    expect(missing.statusCode).toBe(404);
    expect(missing.code).toBe('resource_missing');
    expect(missing.message).toBe("No such refund: 're_unknown0000000000000000'");
  });

  it("updates its metadata, merged and '' unsetting (recorded, exchange 14), without an event", async () => {
    const client = started.stripe(accountKey('refundUpdate'));
    const { charge } = await paid(client, 2500);
    const refund = await client.refunds.create({ charge, amount: 700, metadata: { order: 'A-1' } });
    const before = (await client.events.list({ limit: 100 })).data.length;
    const updated = await client.refunds.update(refund.id, { metadata: { k: 'v' } });
    // Recorded (exchange 14): the Refund with the new metadata, its reference available.
    expect(updated).toMatchObject({ id: refund.id, amount: 700, metadata: { order: 'A-1', k: 'v' } });
    expect(updated.destination_details?.card?.reference_status).toBe('available');
    // https://docs.stripe.com/api/refunds/update: "individual keys can be unset by posting an empty value".
    const unset = await client.refunds.update(refund.id, { metadata: { order: '' } });
    expect(unset.metadata).toEqual({ k: 'v' });
    expect((await client.refunds.retrieve(refund.id)).metadata).toEqual({ k: 'v' });
    // https://docs.stripe.com/api/events/types lists no refund event for a metadata change (UNCONFIRMED that none is sent).
    expect((await client.events.list({ limit: 100 })).data.length).toBe(before);
  });

  it('a card refund cannot be canceled (recorded, exchange 15: no code, no param)', async () => {
    const { charge } = await paid(stripe, 2500);
    const refund = await stripe.refunds.create({ charge, amount: 700 });
    const error = await stripeError(stripe.refunds.cancel(refund.id));
    expectValidError(error);
    expect(error.statusCode).toBe(400);
    expect(error.code).toBeUndefined();
    expect(error.param).toBeUndefined();
    expect(error.message).toBe('Canceling this refund is unsupported.');
    expect((await stripe.refunds.retrieve(refund.id)).status).toBe('succeeded');
  });
});

describe('listing Refunds', () => {
  it('newest first; by charge with count (recorded, exchange 16), by payment_intent, by created, paginated', async () => {
    const client = started.stripe(accountKey('refundLists'));
    const one = await paid(client, 5000);
    const other = await paid(client, 3000);
    const a = await client.refunds.create({ charge: one.charge, amount: 1000 });
    // The account's clock moved by the test helper, so the created filter has seconds to tell apart.
    await client.rawRequest('POST', '/v1/test_helpers/advance_clock', { seconds: 60 });
    const b = await client.refunds.create({ charge: other.charge, amount: 500 });
    await client.rawRequest('POST', '/v1/test_helpers/advance_clock', { seconds: 60 });
    const c = await client.refunds.create({ charge: one.charge, amount: 2000 });
    expect(b.created).toBeGreaterThanOrEqual(a.created + 60);
    expect(c.created).toBeGreaterThanOrEqual(b.created + 60);

    // https://docs.stripe.com/api/refunds/list: newest first; url /v1/refunds (recorded, exchange 16).
    const all = (await client.refunds.list({ limit: 100 })) as CountedList;
    expect(all.data.map((refund) => refund.id)).toEqual([c.id, b.id, a.id]);
    expect(all).toMatchObject({ object: 'list', has_more: false, url: '/v1/refunds' });
    // Unfiltered, no count (UNCONFIRMED: the recording only lists with a charge filter).
    expect('count' in plain(all)).toBe(false);

    // Recorded (exchange 16): filtered by charge, count is the number matching, before the keys of the page.
    const byCharge = (await client.refunds.list({ charge: one.charge, limit: 100 })) as CountedList;
    expect(byCharge.data.map((refund) => refund.id)).toEqual([c.id, a.id]);
    expect(byCharge).toMatchObject({ object: 'list', count: 2, has_more: false, url: '/v1/refunds' });
    expect(Object.keys(plain(byCharge))).toEqual(Object.keys(recorded(16)));
    const firstOfCharge = (await client.refunds.list({ charge: one.charge, limit: 1 })) as CountedList;
    expect(firstOfCharge.data.map((refund) => refund.id)).toEqual([c.id]);
    expect(firstOfCharge.has_more).toBe(true);
    // count counts every match, not the page (the recording's page held all of them; UNCONFIRMED beyond).
    expect(firstOfCharge.count).toBe(2);

    const byIntent = await client.refunds.list({ payment_intent: other.intent.id });
    expect(byIntent.data.map((refund) => refund.id)).toEqual([b.id]);
    expect(byIntent.data[0]?.destination_details?.card?.reference_status).toBe('available');

    // https://docs.stripe.com/api/refunds/list#list_refunds-created: gt, gte, lt, lte, or an exact time.
    expect((await client.refunds.list({ created: { gte: b.created } })).data.map((refund) => refund.id)).toEqual([c.id, b.id]);
    expect((await client.refunds.list({ created: { lt: b.created } })).data.map((refund) => refund.id)).toEqual([a.id]);
    expect((await client.refunds.list({ created: b.created })).data.map((refund) => refund.id)).toEqual([b.id]);

    // https://docs.stripe.com/api/pagination: limit, starting_after, ending_before, has_more.
    const page1 = await client.refunds.list({ limit: 2 });
    expect(page1.data.map((refund) => refund.id)).toEqual([c.id, b.id]);
    expect(page1.has_more).toBe(true);
    const page2 = await client.refunds.list({ limit: 2, starting_after: b.id });
    expect(page2.data.map((refund) => refund.id)).toEqual([a.id]);
    expect(page2.has_more).toBe(false);
    const back = await client.refunds.list({ limit: 1, ending_before: a.id });
    expect(back.data.map((refund) => refund.id)).toEqual([b.id]);
    expect(back.has_more).toBe(true);
    const walked: string[] = [];
    for await (const refund of client.refunds.list({ limit: 1 })) walked.push(refund.id);
    expect(walked).toEqual([c.id, b.id, a.id]);

    // Recorded (stripe-world-09-error-envelope-400s.json): both cursors are refused.
    const both = await stripeError(client.refunds.list({ starting_after: a.id, ending_before: c.id }));
    expect(both.statusCode).toBe(400);
    expect(both.message).toBe('Received both starting_after and ending_before parameters. Please pass in only one.');
    // https://docs.stripe.com/api/pagination: limit "can range between 1 and 100".
    const tooMany = await stripeError(client.refunds.list({ limit: 101 }));
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.param).toBe('limit');
  });
});

describe("a Charge's own refund paths", () => {
  it('legacy POST /v1/charges/:charge/refund answers the Charge (recorded, exchange 23); POST /v1/charges/:charge/refunds the Refund (exchange 24)', async () => {
    const { intent, charge } = await paid(stripe, 4100);
    const legacy = (await stripe.rawRequest('POST', `/v1/charges/${charge}/refund`, { amount: 800 })) as unknown as Stripe.Charge;
    expect(validateCharge(plain(legacy))).toEqual([]);
    // Recorded (exchange 23): the Charge, 800 refunded, not refunded, no refunds key.
    expect(legacy).toMatchObject({ object: 'charge', id: charge, amount: 4100, amount_captured: 4100, amount_refunded: 800, refunded: false });
    expect('refunds' in plain(legacy)).toBe(false);
    expect(keysOf(legacy)).toEqual(keysOf(recorded(23)));

    const scoped = (await stripe.rawRequest('POST', `/v1/charges/${charge}/refunds`, { amount: 300 })) as unknown as Stripe.Refund;
    expect(validateRefund(plain(scoped))).toEqual([]);
    // Recorded (exchange 24): a Refund of the path's Charge, pending its reference.
    expect(keysOf(scoped)).toEqual(keysOf(recorded(24)));
    expect(scoped).toMatchObject({ object: 'refund', amount: 300, charge, payment_intent: intent.id, status: 'succeeded' });
    expect(scoped.destination_details?.card?.reference_status).toBe('pending');
    expect((await stripe.charges.retrieve(charge)).amount_refunded).toBe(1100);

    // The legacy refund made a Refund too, so both are listed, newest first (UNCONFIRMED: the recording lists no Charge
    // refunded through the legacy path); the list's shape as recorded (exchange 17: url the Charge's path, no count).
    const list = (await stripe.rawRequest('GET', `/v1/charges/${charge}/refunds`, {})) as unknown as CountedList;
    expect(list).toMatchObject({ object: 'list', has_more: false, url: `/v1/charges/${charge}/refunds` });
    expect('count' in list).toBe(false);
    expect(Object.keys(plain(list))).toEqual(Object.keys(recorded(17)));
    expect(list.data.map((refund) => refund.amount)).toEqual([300, 800]);
    expect(list.data[0]?.id).toBe(scoped.id);
    const limited = (await stripe.rawRequest('GET', `/v1/charges/${charge}/refunds?limit=1`, {})) as unknown as CountedList;
    expect(limited.data.map((refund) => refund.id)).toEqual([scoped.id]);
    expect(limited.has_more).toBe(true);

    // Recorded (exchange 18): one of the Charge's Refunds by its path.
    const one = (await stripe.rawRequest('GET', `/v1/charges/${charge}/refunds/${scoped.id}`, {})) as unknown as Stripe.Refund;
    expect(one).toMatchObject({ id: scoped.id, charge, amount: 300 });
    expect(one.destination_details?.card?.reference).toMatch(/^\d{16}$/);

    // Recorded (exchange 19): a Refund of another Charge under this Charge's path is missing, param refund.
    const elsewhere = await paid(stripe, 1000);
    const foreign = await stripeError(stripe.rawRequest('GET', `/v1/charges/${elsewhere.charge}/refunds/${scoped.id}`, {}));
    expectValidError(foreign);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.code).toBe('resource_missing');
    expect(foreign.param).toBe('refund');
    expect(foreign.message).toBe(`No such refund: '${scoped.id}'`);

    // An unknown Charge in the path: as GET /v1/charges/:id answers it (recorded param id, exchange 13; UNCONFIRMED for these paths).
    const unknown = await stripeError(stripe.rawRequest('GET', '/v1/charges/ch_unknown0000000000000000/refunds', {}));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.code).toBe('resource_missing');
    const unknownLegacy = await stripeError(stripe.rawRequest('POST', '/v1/charges/ch_unknown0000000000000000/refund', {}));
    expect(unknownLegacy.statusCode).toBe(404);

    // The rest through the Charge's path: without amount, all that is left (as exchange 7 for /v1/refunds).
    const rest = (await stripe.rawRequest('POST', `/v1/charges/${charge}/refunds`, {})) as unknown as Stripe.Refund;
    expect(rest.amount).toBe(3000);
    const done = await stripe.charges.retrieve(charge);
    expect(done).toMatchObject({ amount_refunded: 4100, refunded: true });
    // Recorded (exchange 8): nothing left, charge_already_refunded, on the legacy path too.
    const again = await stripeError(stripe.rawRequest('POST', `/v1/charges/${charge}/refund`, {}));
    expect(again.code).toBe('charge_already_refunded');
    expect(again.message).toBe(`Charge ${charge} has already been refunded.`);
  });
});

describe('events and webhooks', () => {
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });

  it('each refund sends charge.refunded (the Charge after it) then refund.created (the Refund as answered)', async () => {
    const client = started.stripe(accountKey('refundEvents'));
    const { intent, charge } = await paid(client, 5000);
    const partial = await client.refunds.create({ charge, amount: 1500 });
    const rest = await client.refunds.create({ payment_intent: intent.id });
    // https://docs.stripe.com/api/events/types: charge.refunded ("including partial refunds") and refund.created;
    // their order UNCONFIRMED.
    expect(await eventTypesOf(client, intent.id)).toEqual([
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.succeeded',
      'charge.refunded',
      'refund.created',
      'charge.refunded',
      'refund.created',
    ]);
    const refundEvents = (await client.events.list({ type: 'refund.created' })).data;
    expect(refundEvents.map((event) => (event.data.object as Stripe.Refund).id)).toEqual([rest.id, partial.id]);
    // The Refund as the create answered it: the reference still pending.
    expect(plain(refundEvents[1]?.data.object)).toEqual(plain(partial));
    const chargeEvents = (await client.events.list({ type: 'charge.refunded' })).data;
    expect(chargeEvents.map((event) => (event.data.object as Stripe.Charge).amount_refunded)).toEqual([5000, 1500]);
    expect(chargeEvents.map((event) => (event.data.object as Stripe.Charge).refunded)).toEqual([true, false]);
  });

  it('refund.created arrives signed, verified by stripe.webhooks.constructEvent', async () => {
    const client = started.stripe(accountKey('refundHooks'));
    const endpoint = await client.webhookEndpoints.create({ url: receiver.url, enabled_events: enabledEvents('refund.created') });
    const secret = endpoint.secret as string;
    const { charge } = await paid(client, 2000);
    const refund = await client.refunds.create({ charge, amount: 250, metadata: { order: 'W-1' } });
    await receiver.received(1);
    await started.emulator.webhooks.idle();
    expect(receiver.requests).toHaveLength(1);
    const request = receiver.requests[0];
    if (request === undefined) throw new Error('no delivery');
    // https://docs.stripe.com/webhooks#verify-events: signed with the endpoint's secret, as for every other event.
    const event = client.webhooks.constructEvent(request.body, request.headers['stripe-signature'] as string, secret);
    expect(event.type).toBe('refund.created');
    expect(plain(event.data.object)).toEqual(plain(refund));
    const listed = (await client.events.list({ type: 'refund.created' })).data[0];
    expect(event.id).toBe(listed?.id);
    // A wrong secret fails verification.
    expect(() => client.webhooks.constructEvent(request.body, request.headers['stripe-signature'] as string, 'whsec_wrong')).toThrow(Stripe.errors.StripeSignatureVerificationError);
  });

  it('the webhook-log validator accepts a history of partial and full refunds', async () => {
    const client = started.stripe(accountKey('refundValidator'));
    const first = await paid(client, 5000);
    await client.refunds.create({ charge: first.charge, amount: 1500 });
    await client.refunds.create({ charge: first.charge, amount: 1000 });
    await client.refunds.create({ charge: first.charge });
    const second = await paid(client, 4100);
    await client.rawRequest('POST', `/v1/charges/${second.charge}/refund`, { amount: 800 });
    await client.rawRequest('POST', `/v1/charges/${second.charge}/refunds`, { amount: 300 });
    await client.refunds.create({ payment_intent: second.intent.id, amount: 1 });
    const all: Stripe.Event[] = [];
    for await (const event of client.events.list({ limit: 100 })) all.push(event);
    const types = all.map((event) => event.type);
    expect(types.filter((type) => type === 'refund.created')).toHaveLength(6);
    // Partial refunds are in the history: charge.refunded with refunded false and something refunded.
    expect(all.some((event) => event.type === 'charge.refunded' && !(event.data.object as Stripe.Charge).refunded && (event.data.object as Stripe.Charge).amount_refunded > 0)).toBe(true);
    const report = validateEventSequence(all.reverse());
    expect(report.issues).toEqual([]);
  });
});

describe('at the SDK’s own API version', () => {
  it('a refund answers the same Refund', async () => {
    const client = started.stripe(accountKey('refundEndive'), null);
    const { charge } = await paid(client, 1200);
    const refund = await client.refunds.create({ charge, amount: 200 });
    // The keys recorded at dahlia (exchange 4); that the SDK's pinned version renders the same is UNCONFIRMED.
    expect(keysOf(refund)).toEqual(keysOf(recorded(4)));
    expect(refund).toMatchObject({ amount: 200, charge, status: 'succeeded' });
    expect((await client.charges.retrieve(charge)).amount_refunded).toBe(200);
  });
});

describe('a restart with a data file, and a reset', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sim-refunds-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function start(dataFile: string): Promise<{ emulator: Emulator; server: RunningEmulator; stripe: Stripe }> {
    const emulator = await createEmulator({ dataFile, log: () => undefined });
    const server = await listen(emulator, { port: 0 });
    const client = new Stripe('sk_test_refunds_persist', { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0, apiVersion: DAHLIA_API_VERSION });
    return { emulator, server, stripe: client };
  }

  function snapshot(emulator: Emulator): string {
    const { store } = emulator;
    return JSON.stringify({
      refunds: [...store.refunds.entries()],
      charges: [...store.charges.entries()],
      paymentIntents: [...store.paymentIntents.entries()],
      events: store.events.map((event) => ({ ...event, pending_webhooks: 0 })),
    });
  }

  it('replays the Refunds and the Charge, which can be refunded further; a reset counts and removes them', async () => {
    const file = join(dir, 'refunds.jsonl');
    const first = await start(file);
    let kept: Stripe.Refund;
    let charge: string;
    let before: string;
    try {
      const payment = await paid(first.stripe, 5000);
      charge = payment.charge;
      const partial = await first.stripe.refunds.create({ charge, amount: 1500, reason: 'requested_by_customer' }, { idempotencyKey: 'refund-once' });
      await first.stripe.refunds.update(partial.id, { metadata: { kept: 'yes' } });
      kept = await first.stripe.refunds.retrieve(partial.id);
      before = snapshot(first.emulator);
    } finally {
      await first.server.close();
    }

    const second = await start(file);
    try {
      expect(second.emulator.replay?.diverged).toEqual([]);
      expect(snapshot(second.emulator)).toBe(before);
      // The same Refund, its reference included.
      expect(plain(await second.stripe.refunds.retrieve(kept.id))).toEqual(plain(kept));
      expect(await second.stripe.charges.retrieve(charge)).toMatchObject({ amount_refunded: 1500, refunded: false });
      const listed = (await second.stripe.refunds.list({ charge })) as CountedList;
      expect(listed.count).toBe(1);
      // The idempotency key still answers the first Refund (https://docs.stripe.com/api/idempotent_requests).
      const replayed = await second.stripe.refunds.create({ charge, amount: 1500, reason: 'requested_by_customer' }, { idempotencyKey: 'refund-once' });
      expect(replayed.id).toBe(kept.id);
      expect(replayed.lastResponse.headers['idempotent-replayed']).toBe('true');
      const rest = await second.stripe.refunds.create({ charge });
      expect(rest.amount).toBe(3500);
      expect(await second.stripe.charges.retrieve(charge)).toMatchObject({ amount_refunded: 5000, refunded: true });

      // The reset answers what it removed, the Refunds among them (see accounts.e2e.test.ts).
      const reset = (await second.stripe.rawRequest('POST', '/v1/test_helpers/reset', {})) as unknown as { object: string; deleted: Record<string, number> };
      expect(reset.object).toBe('test_helpers.reset');
      expect(reset.deleted).toMatchObject({ refunds: 2, charges: 1, payment_intents: 1, customers: 1 });
      expect((await stripeError(second.stripe.refunds.retrieve(kept.id))).code).toBe('resource_missing');
      expect((await second.stripe.refunds.list()).data).toEqual([]);
      expect((await stripeError(second.stripe.charges.retrieve(charge))).code).toBe('resource_missing');
      // Refunds after the reset start afresh.
      const fresh = await paid(second.stripe, 900);
      const after = await second.stripe.refunds.create({ charge: fresh.charge });
      expect((await second.stripe.refunds.list()).data.map((refund) => refund.id)).toEqual([after.id]);
      expect(((await second.stripe.refunds.list({ charge: fresh.charge })) as CountedList).count).toBe(1);
      before = snapshot(second.emulator);
    } finally {
      await second.server.close();
    }

    // The reset is replayed too: only what came after it is back.
    const third = await start(file);
    try {
      expect(third.emulator.replay?.diverged).toEqual([]);
      expect(snapshot(third.emulator)).toBe(before);
      expect(third.emulator.store.refunds.size).toBe(1);
      expect((await stripeError(third.stripe.refunds.retrieve(kept.id))).code).toBe('resource_missing');
    } finally {
      await third.server.close();
    }
  });
});
