// Lists, expansion and idempotency through the official SDK: cursors and auto-pagination,
// SetupAttempt lists, `expand[]` on objects and lists, idempotent replays and conflicts, and
// concurrent requests against one SetupIntent.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateSetupAttempt, validateSetupIntent, validateSetupIntentList } from '../support/openapi.js';
import { paymentMethodTypes, plain, startEmulator, stripeError } from './support/start-emulator.js';
import type { StartedEmulator } from './support/start-emulator.js';

const MANDATE_DATA: Stripe.SetupIntentCreateParams.MandateData = {
  customer_acceptance: { type: 'online', online: { ip_address: '203.0.113.7', user_agent: 'Mozilla/5.0 (e2e)' } },
};

let started: StartedEmulator;
let stripe: Stripe;

beforeAll(async () => {
  started = await startEmulator({ seed: 505 });
  stripe = started.stripe();
});
afterAll(async () => {
  await started.close();
});

async function newCustomer(): Promise<string> {
  return (await stripe.customers.create({ email: 'lists@example.com' })).id;
}

/** `count` SetupIntents for a fresh customer, oldest first. */
async function intentsFor(count: number): Promise<{ customer: string; ids: string[] }> {
  const customer = await newCustomer();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push((await stripe.setupIntents.create({ ...paymentMethodTypes('card'), customer, metadata: { n: String(i) } })).id);
  }
  return { customer, ids };
}

describe('listing SetupIntents', () => {
  it('pages newest first with limit, starting_after, ending_before and has_more', async () => {
    const { customer, ids } = await intentsFor(7);
    const newest = [...ids].reverse();

    const first = await stripe.setupIntents.list({ customer, limit: 3 });
    expect(validateSetupIntentList(plain(first))).toEqual([]);
    expect(first.object).toBe('list');
    expect(first.url).toBe('/v1/setup_intents');
    expect(first.data.map((si) => si.id)).toEqual(newest.slice(0, 3));
    expect(first.has_more).toBe(true);

    const second = await stripe.setupIntents.list({ customer, limit: 3, starting_after: newest[2] as string });
    expect(second.data.map((si) => si.id)).toEqual(newest.slice(3, 6));
    expect(second.has_more).toBe(true);

    const third = await stripe.setupIntents.list({ customer, limit: 3, starting_after: newest[5] as string });
    expect(third.data.map((si) => si.id)).toEqual(newest.slice(6));
    expect(third.has_more).toBe(false);

    const back = await stripe.setupIntents.list({ customer, limit: 3, ending_before: newest[3] as string });
    expect(back.data.map((si) => si.id)).toEqual(newest.slice(0, 3));
    expect(back.has_more).toBe(false);

    const backPartial = await stripe.setupIntents.list({ customer, limit: 2, ending_before: newest[3] as string });
    expect(backPartial.data.map((si) => si.id)).toEqual(newest.slice(1, 3));
    expect(backPartial.has_more).toBe(true);

    const all = await stripe.setupIntents.list({ customer });
    expect(all.data).toHaveLength(7);
    expect(all.has_more).toBe(false);
  });

  it('SDK auto-pagination visits every SetupIntent exactly once, newest first', async () => {
    await intentsFor(5);
    const seen: string[] = [];
    for await (const si of stripe.setupIntents.list({ limit: 3 })) {
      seen.push(si.id);
    }
    const stored = [...started.emulator.store.setupIntents.keys()].reverse();
    expect(stored.length).toBeGreaterThan(3);
    expect(seen).toEqual(stored);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('filters by payment_method and created', async () => {
    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('card'), confirm: true, payment_method: 'pm_card_visa' });
    const byPm = await stripe.setupIntents.list({ payment_method: intent.payment_method as string });
    expect(byPm.data.map((si) => si.id)).toEqual([intent.id]);
    const future = await stripe.setupIntents.list({ created: { gt: intent.created + 3600 } });
    expect(future.data).toEqual([]);
    const recent = await stripe.setupIntents.list({ created: { gte: intent.created }, limit: 100 });
    expect(recent.data.map((si) => si.id)).toContain(intent.id);
  });

  it('refuses a limit outside 1..100, both cursors at once, and an unknown cursor', async () => {
    for (const limit of [0, 101]) {
      const error = await stripeError(stripe.setupIntents.list({ limit }));
      expect(error.statusCode).toBe(400);
      expect(error.param).toBe('limit');
    }
    const { ids } = await intentsFor(2);
    const both = await stripeError(stripe.setupIntents.list({ starting_after: ids[0] as string, ending_before: ids[1] as string }));
    expect(both.statusCode).toBe(400);
    // Recorded live at 2026-08-26.dahlia (test/fixtures/recordings/stripe-world-09-error-envelope-400s.json): no code.
    expect(both.code).toBeUndefined();
    expect(both.message).toBe('Received both starting_after and ending_before parameters. Please pass in only one.');
    const unknown = await stripeError(stripe.setupIntents.list({ starting_after: 'seti_doesnotexist' }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.code).toBe('resource_missing');
    expect(unknown.param).toBe('starting_after');
  });
});

describe('listing SetupAttempts', () => {
  it('lists the attempts of one SetupIntent, newest first, and pages them', async () => {
    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('card') });
    await stripeError(stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_chargeDeclined' }));
    await stripeError(stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_visa_chargeDeclinedLostCard' }));
    const done = await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });

    const attempts = await stripe.setupAttempts.list({ setup_intent: intent.id });
    expect(attempts.object).toBe('list');
    expect(attempts.url).toBe('/v1/setup_attempts');
    expect(attempts.data.map((a) => a.status)).toEqual(['succeeded', 'failed', 'failed']);
    expect(attempts.data[0]?.id).toBe(done.latest_attempt);
    for (const attempt of attempts.data) {
      expect(attempt.object).toBe('setup_attempt');
      expect(attempt.id).toMatch(/^setatt_/);
      expect(attempt.setup_intent).toBe(intent.id);
      expect(attempt.payment_method).toMatch(/^pm_/);
      expect(validateSetupAttempt(plain(attempt))).toEqual([]);
    }
    const page = await stripe.setupAttempts.list({ setup_intent: intent.id, limit: 2 });
    expect(page.has_more).toBe(true);
    const rest = await stripe.setupAttempts.list({ setup_intent: intent.id, limit: 2, starting_after: page.data[1]?.id as string });
    expect(rest.data.map((a) => a.id)).toEqual([attempts.data[2]?.id]);
    expect(rest.has_more).toBe(false);
  });

  it('requires setup_intent', async () => {
    const error = await stripeError(stripe.setupAttempts.list({} as Stripe.SetupAttemptListParams));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('parameter_missing');
    expect(error.param).toBe('setup_intent');
  });

  it('an unknown setup_intent is resource_missing', async () => {
    const error = await stripeError(stripe.setupAttempts.list({ setup_intent: 'seti_doesnotexist' }));
    expect(error.code).toBe('resource_missing');
    expect(error.param).toBe('setup_intent');
  });
});

describe('expand[]', () => {
  let sepa: Stripe.SetupIntent;
  let customer: string;

  beforeAll(async () => {
    customer = await newCustomer();
    sepa = await stripe.setupIntents.create({
      ...paymentMethodTypes('sepa_debit'),
      customer,
      confirm: true,
      payment_method: 'pm_success_de',
      mandate_data: MANDATE_DATA,
    });
    expect(sepa.status).toBe('succeeded');
  });

  it('latest_attempt, payment_method, customer and mandate become objects', async () => {
    const expanded = await stripe.setupIntents.retrieve(sepa.id, { expand: ['latest_attempt', 'payment_method', 'customer', 'mandate'] });
    expect(validateSetupIntent(plain(expanded))).toEqual([]);
    const attempt = expanded.latest_attempt as Stripe.SetupAttempt;
    expect(attempt.object).toBe('setup_attempt');
    expect(attempt.id).toBe(sepa.latest_attempt);
    expect(attempt.payment_method).toBe(sepa.payment_method);
    const pm = expanded.payment_method as Stripe.PaymentMethod;
    expect(pm.object).toBe('payment_method');
    expect(pm.id).toBe(sepa.payment_method);
    expect(pm.type).toBe('sepa_debit');
    const owner = expanded.customer as Stripe.Customer;
    expect(owner.object).toBe('customer');
    expect(owner.id).toBe(customer);
    const mandate = expanded.mandate as Stripe.Mandate;
    expect(mandate.object).toBe('mandate');
    expect(mandate.id).toBe(sepa.mandate);
    // Fields not asked for stay ids.
    expect(expanded.single_use_mandate).toBeNull();
    const unexpanded = await stripe.setupIntents.retrieve(sepa.id);
    expect(unexpanded.latest_attempt).toBe(sepa.latest_attempt);
  });

  it('latest_attempt.payment_method expands one level further', async () => {
    const expanded = await stripe.setupIntents.retrieve(sepa.id, { expand: ['latest_attempt.payment_method'] });
    const attempt = expanded.latest_attempt as Stripe.SetupAttempt;
    expect(attempt.object).toBe('setup_attempt');
    expect((attempt.payment_method as Stripe.PaymentMethod).object).toBe('payment_method');
    expect((attempt.payment_method as Stripe.PaymentMethod).id).toBe(sepa.payment_method);
    expect(expanded.payment_method).toBe(sepa.payment_method);
  });

  it('mandate.payment_method expands through the mandate', async () => {
    const expanded = await stripe.setupIntents.retrieve(sepa.id, { expand: ['mandate.payment_method'] });
    const mandate = expanded.mandate as Stripe.Mandate;
    expect((mandate.payment_method as Stripe.PaymentMethod).id).toBe(sepa.payment_method);
  });

  it('expansion applies to the answers of create and confirm too', async () => {
    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('card'), customer, expand: ['customer'] });
    expect((intent.customer as Stripe.Customer).id).toBe(customer);
    const confirmed = await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_visa', expand: ['latest_attempt', 'payment_method'] });
    expect((confirmed.latest_attempt as Stripe.SetupAttempt).status).toBe('succeeded');
    expect((confirmed.payment_method as Stripe.PaymentMethod).card?.last4).toBe('4242');
  });

  it('a null field stays null when expanded', async () => {
    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('card'), expand: ['latest_attempt', 'payment_method', 'customer', 'mandate'] });
    expect(intent.latest_attempt).toBeNull();
    expect(intent.payment_method).toBeNull();
    expect(intent.customer).toBeNull();
    expect(intent.mandate).toBeNull();
  });

  it('data.payment_method expands every item of a list', async () => {
    await stripe.setupIntents.create({ ...paymentMethodTypes('card'), customer, confirm: true, payment_method: 'pm_card_mastercard' });
    await stripe.setupIntents.create({ ...paymentMethodTypes('card'), customer });
    const list = await stripe.setupIntents.list({ customer, expand: ['data.payment_method', 'data.latest_attempt'] });
    expect(validateSetupIntentList(plain(list))).toEqual([]);
    expect(list.data.length).toBeGreaterThanOrEqual(3);
    for (const si of list.data) {
      if (si.payment_method === null) {
        expect(si.latest_attempt).toBeNull();
        continue;
      }
      expect((si.payment_method as Stripe.PaymentMethod).object).toBe('payment_method');
      expect((si.latest_attempt as Stripe.SetupAttempt).object).toBe('setup_attempt');
    }
    const attempts = await stripe.setupAttempts.list({ setup_intent: sepa.id, expand: ['data.payment_method'] });
    expect((attempts.data[0]?.payment_method as Stripe.PaymentMethod).id).toBe(sepa.payment_method);
  });

  it('an unknown or non-expandable field is 400', async () => {
    for (const expand of [['nothing_here'], ['metadata'], ['payment_method.nothing']]) {
      const error = await stripeError(stripe.setupIntents.retrieve(sepa.id, { expand }));
      expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(error.statusCode).toBe(400);
      expect(error.rawType).toBe('invalid_request_error');
      expect(error.param).toBe('expand[0]');
    }
    const list = await stripeError(stripe.setupIntents.list({ expand: ['payment_method'] }));
    expect(list.statusCode).toBe(400);
    const deep = await stripeError(stripe.setupIntents.retrieve(sepa.id, { expand: ['latest_attempt.setup_intent.latest_attempt.setup_intent.customer'] }));
    expect(deep.statusCode).toBe(400);
  });
});

describe('idempotency', () => {
  it('the same key and parameters replay the first answer: same body, Idempotent-Replayed, no second object', async () => {
    const customer = await newCustomer();
    const params: Stripe.SetupIntentCreateParams = { ...paymentMethodTypes('card'), customer, metadata: { order: '7' } };
    const first = await stripe.setupIntents.create(params, { idempotencyKey: 'create-once' });
    const second = await stripe.setupIntents.create(params, { idempotencyKey: 'create-once' });
    expect(plain(second)).toEqual(plain(first));
    expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(second.lastResponse.headers['original-request']).toBe(first.lastResponse.requestId);
    expect(second.lastResponse.idempotencyKey).toBe('create-once');
    expect((await stripe.setupIntents.list({ customer })).data.map((si) => si.id)).toEqual([first.id]);
    const created = (await stripe.events.list({ type: 'setup_intent.created', limit: 100 })).data.filter(
      (event) => (event.data.object as Stripe.SetupIntent).id === first.id,
    );
    expect(created).toHaveLength(1);
  });

  it('the same key with other parameters is StripeIdempotencyError (400)', async () => {
    await stripe.setupIntents.create({ ...paymentMethodTypes('card'), description: 'a' }, { idempotencyKey: 'mismatch' });
    const error = await stripeError(stripe.setupIntents.create({ ...paymentMethodTypes('card'), description: 'b' }, { idempotencyKey: 'mismatch' }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(error.type).toBe('StripeIdempotencyError');
    expect(error.rawType).toBe('idempotency_error');
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(/^Keys for idempotent requests can only be used with the same parameters they were first used with/);
  });

  it('the same key on another endpoint is an idempotency error as well', async () => {
    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('card') }, { idempotencyKey: 'endpoint' });
    const error = await stripeError(stripe.setupIntents.cancel(intent.id, {}, { idempotencyKey: 'endpoint' }));
    expect(error.rawType).toBe('idempotency_error');
    expect((await stripe.setupIntents.retrieve(intent.id)).status).toBe('requires_payment_method');
  });

  it('a declined confirm is replayed as the same 402, without a second attempt', async () => {
    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('card') });
    const first = await stripeError(stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_chargeDeclined' }, { idempotencyKey: 'decline' }));
    const second = await stripeError(stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_chargeDeclined' }, { idempotencyKey: 'decline' }));
    expect(second.statusCode).toBe(402);
    expect(second.headers?.['idempotent-replayed']).toBe('true');
    expect(second.raw).toMatchObject({ code: first.code, decline_code: first.decline_code, message: first.message });
    expect(second.setup_intent).toEqual(first.setup_intent);
    expect((await stripe.setupAttempts.list({ setup_intent: intent.id })).data).toHaveLength(1);
  });

  it('a request refused for its parameters is not stored: the key can be used again', async () => {
    const bad = await stripeError(
      stripe.setupIntents.create({ ...paymentMethodTypes('card'), colour: 'red' } as Stripe.SetupIntentCreateParams, { idempotencyKey: 'retry-after-fix' }),
    );
    expect(bad.code).toBe('parameter_unknown');
    const good = await stripe.setupIntents.create({ ...paymentMethodTypes('card') }, { idempotencyKey: 'retry-after-fix' });
    expect(good.status).toBe('requires_payment_method');
    expect(good.lastResponse.headers['idempotent-replayed']).toBeUndefined();
  });

  it('an Idempotency-Key on a GET is ignored', async () => {
    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('card') });
    const first = await started.raw('GET', `/v1/setup_intents/${intent.id}`, { headers: { 'idempotency-key': 'get-key' } });
    const second = await started.raw('GET', `/v1/setup_intents/${intent.id}`, { headers: { 'idempotency-key': 'get-key' } });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBeNull();
    const post = await stripe.setupIntents.update(intent.id, { description: 'after GETs' }, { idempotencyKey: 'get-key' });
    expect(post.description).toBe('after GETs');
    expect(post.lastResponse.headers['idempotent-replayed']).toBeUndefined();
  });

  it('a key longer than 255 characters is refused', async () => {
    const error = await stripeError(stripe.setupIntents.create({ ...paymentMethodTypes('card') }, { idempotencyKey: 'k'.repeat(256) }));
    expect(error.statusCode).toBe(400);
    expect(error.rawType).toBe('invalid_request_error');
  });

  it('20 parallel confirms of one SetupIntent: exactly one succeeds, one SetupAttempt, the rest setup_intent_unexpected_state', async () => {
    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('card'), payment_method: 'pm_card_visa' });
    expect(intent.status).toBe('requires_confirmation');
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => stripe.setupIntents.confirm(intent.id)));
    const fulfilled = results.filter((r): r is PromiseFulfilledResult<Stripe.Response<Stripe.SetupIntent>> => r.status === 'fulfilled');
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(fulfilled[0]?.value.status).toBe('succeeded');
    expect(rejected).toHaveLength(19);
    for (const { reason } of rejected) {
      expect(reason).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect((reason as InstanceType<typeof Stripe.errors.StripeError>).statusCode).toBe(400);
      expect((reason as InstanceType<typeof Stripe.errors.StripeError>).code).toBe('setup_intent_unexpected_state');
    }
    expect((await stripe.setupAttempts.list({ setup_intent: intent.id })).data).toHaveLength(1);
    const succeeded = (await stripe.events.list({ type: 'setup_intent.succeeded', limit: 100 })).data.filter(
      (event) => (event.data.object as Stripe.SetupIntent).id === intent.id,
    );
    expect(succeeded).toHaveLength(1);
  });

  it('20 parallel creates with one idempotency key make one SetupIntent (replays or 409 idempotency_key_in_use)', async () => {
    const customer = await newCustomer();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => stripe.setupIntents.create({ ...paymentMethodTypes('card'), customer }, { idempotencyKey: 'parallel-create' })),
    );
    const ids = new Set<string>();
    for (const result of results) {
      if (result.status === 'fulfilled') {
        ids.add(result.value.id);
      } else {
        const reason = result.reason as InstanceType<typeof Stripe.errors.StripeError>;
        expect(reason.statusCode).toBe(409);
        expect(reason.code).toBe('idempotency_key_in_use');
      }
    }
    expect(ids.size).toBe(1);
    expect((await stripe.setupIntents.list({ customer })).data.map((si) => si.id)).toEqual([...ids]);
  });

  it('20 parallel creates without a shared key make 20 SetupIntents', async () => {
    const customer = await newCustomer();
    const created = await Promise.all(Array.from({ length: 20 }, () => stripe.setupIntents.create({ ...paymentMethodTypes('card'), customer })));
    expect(new Set(created.map((si) => si.id)).size).toBe(20);
    expect((await stripe.setupIntents.list({ customer, limit: 100 })).data).toHaveLength(20);
  });
});
