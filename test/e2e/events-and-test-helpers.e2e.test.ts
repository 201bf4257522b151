// Events and webhooks through the official SDK: the event log (newest first, type filters, the
// causing request recorded), Stripe-side steps without a request, webhook endpoint CRUD, signed
// deliveries verified with `stripe.webhooks.constructEvent`, and retries of failed deliveries.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enabledEvents, paymentMethodTypes, startEmulator, stripeError } from './support/start-emulator.js';
import type { StartedEmulator } from './support/start-emulator.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';
import type { ReceivedWebhook, WebhookReceiver } from './support/webhook-receiver.js';

const RETURN_URL = 'https://shop.example/setup/return';
const NO_REQUEST = { id: null, idempotency_key: null };

function helper(stripe: Stripe, id: string, step: 'succeed' | 'fail' | 'expire'): Promise<Stripe.Response<Stripe.SetupIntent>> {
  return stripe.rawRequest('POST', `/v1/test_helpers/setup_intents/${id}/${step}`, {}) as Promise<Stripe.Response<Stripe.SetupIntent>>;
}

/** The events about one object, newest first, as `GET /v1/events` lists them. */
async function eventsAbout(stripe: Stripe, objectId: string, params: Stripe.EventListParams = {}): Promise<Stripe.Event[]> {
  const list = await stripe.events.list({ limit: 100, ...params });
  return list.data.filter((event) => (event.data.object as { id?: string }).id === objectId);
}

/** Verifies a delivery's signature with the SDK and returns the event. */
function verified(stripe: Stripe, request: ReceivedWebhook, secret: string): Stripe.Event {
  return stripe.webhooks.constructEvent(request.body, request.headers['stripe-signature'] as string, secret);
}

describe('the event log', () => {
  let started: StartedEmulator;
  let stripe: Stripe;

  beforeAll(async () => {
    started = await startEmulator({ seed: 606 });
    stripe = started.stripe();
  });
  afterAll(async () => {
    await started.close();
  });

  it('a 3DS setup: created, requires_action, succeeded; API events carry their request, the Stripe-side one none', async () => {
    const customer = await stripe.customers.create({ email: 'events@example.com' });
    const created = await stripe.setupIntents.create({ ...paymentMethodTypes('card'), customer: customer.id }, { idempotencyKey: 'evt-create' });
    const waiting = await stripe.setupIntents.confirm(
      created.id,
      { payment_method: 'pm_card_authenticationRequired', return_url: RETURN_URL },
      { idempotencyKey: 'evt-confirm' },
    );
    expect(waiting.status).toBe('requires_action');
    const done = await helper(stripe, created.id, 'succeed');
    expect(done.status).toBe('succeeded');

    const events = await eventsAbout(stripe, created.id, { type: 'setup_intent.*' });
    expect(events.map((event) => event.type)).toEqual(['setup_intent.succeeded', 'setup_intent.requires_action', 'setup_intent.created']);
    const [succeeded, requiresAction, createdEvent] = events as [Stripe.Event, Stripe.Event, Stripe.Event];

    expect(createdEvent.request).toEqual({ id: created.lastResponse.requestId, idempotency_key: 'evt-create' });
    expect((createdEvent.data.object as Stripe.SetupIntent).status).toBe('requires_payment_method');
    expect(requiresAction.request).toEqual({ id: waiting.lastResponse.requestId, idempotency_key: 'evt-confirm' });
    expect((requiresAction.data.object as Stripe.SetupIntent).next_action?.type).toBe('redirect_to_url');
    // The customer authenticated outside the API: no request caused it.
    expect(succeeded.request).toEqual(NO_REQUEST);
    expect((succeeded.data.object as Stripe.SetupIntent).status).toBe('succeeded');

    for (const event of events) {
      expect(event.id).toMatch(/^evt_/);
      expect(event.object).toBe('event');
      expect(event.livemode).toBe(false);
      expect(event.api_version).toBeTypeOf('string');
      expect(event.created).toBeTypeOf('number');
      expect(event.pending_webhooks).toBe(0);
      expect(await stripe.events.retrieve(event.id)).toEqual(event);
    }

    const attached = await eventsAbout(stripe, done.payment_method as string, { type: 'payment_method.attached' });
    expect(attached).toHaveLength(1);
    expect(attached[0]?.request).toEqual(NO_REQUEST);
    expect((attached[0]?.data.object as Stripe.PaymentMethod).customer).toBe(customer.id);
  });

  it('a card without authentication: payment_method.attached then setup_intent.succeeded, both from the confirm request', async () => {
    const customer = await stripe.customers.create({ email: 'events2@example.com' });
    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('card'), customer: customer.id });
    const done = await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
    const requestId = done.lastResponse.requestId;
    const recent = (await stripe.events.list({ limit: 2 })).data;
    expect(recent.map((event) => event.type)).toEqual(['setup_intent.succeeded', 'payment_method.attached']);
    for (const event of recent) {
      expect(event.request?.id).toBe(requestId);
      expect(event.request?.idempotency_key).toBe(done.lastResponse.idempotencyKey);
    }
    expect((recent[1]?.data.object as Stripe.PaymentMethod).id).toBe(done.payment_method);
  });

  it('create with confirm: true emits setup_intent.created before the outcome, both from the one request', async () => {
    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('card'), confirm: true, payment_method: 'pm_card_visa' });
    const events = await eventsAbout(stripe, intent.id);
    expect(events.map((event) => event.type)).toEqual(['setup_intent.succeeded', 'setup_intent.created']);
    expect(events.map((event) => event.request?.id)).toEqual([intent.lastResponse.requestId, intent.lastResponse.requestId]);
  });

  it('a decline emits setup_intent.setup_failed carrying the error, from the 402 request', async () => {
    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('card') });
    const error = await stripeError(stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_chargeDeclined' }));
    const [failed] = await eventsAbout(stripe, intent.id, { type: 'setup_intent.setup_failed' });
    expect(failed?.request?.id).toBe(error.requestId);
    const snapshot = failed?.data.object as Stripe.SetupIntent;
    expect(snapshot.status).toBe('requires_payment_method');
    expect(snapshot.last_setup_error?.code).toBe('card_declined');
  });

  it('updates emit nothing; cancel emits setup_intent.canceled; refusals emit nothing', async () => {
    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('card') });
    await stripe.setupIntents.update(intent.id, { description: 'changed', metadata: { a: '1' } });
    await stripeError(stripe.setupIntents.confirm(intent.id));
    expect((await eventsAbout(stripe, intent.id)).map((event) => event.type)).toEqual(['setup_intent.created']);
    const canceled = await stripe.setupIntents.cancel(intent.id, { cancellation_reason: 'abandoned' });
    const events = await eventsAbout(stripe, intent.id);
    expect(events.map((event) => event.type)).toEqual(['setup_intent.canceled', 'setup_intent.created']);
    expect(events[0]?.request?.id).toBe(canceled.lastResponse.requestId);
    expect((events[0]?.data.object as Stripe.SetupIntent).cancellation_reason).toBe('abandoned');
  });

  it('lists newest first, exactly the reverse of the log', async () => {
    const list = await stripe.events.list({ limit: 100 });
    const log = [...started.emulator.events].reverse().slice(0, 100);
    expect(list.data.map((event) => event.id)).toEqual(log.map((event) => event.id));
    for (let i = 1; i < list.data.length; i++) {
      expect(list.data[i - 1]!.created).toBeGreaterThanOrEqual(list.data[i]!.created);
    }
    const page = await stripe.events.list({ limit: 2 });
    expect(page.has_more).toBe(true);
    const next = await stripe.events.list({ limit: 2, starting_after: page.data[1]?.id as string });
    expect(next.data.map((event) => event.id)).toEqual(log.slice(2, 4).map((event) => event.id));
  });

  it('filters by type (with wildcards), by types[], and refuses both at once', async () => {
    const wildcard = await stripe.events.list({ type: 'setup_intent.*', limit: 100 });
    expect(wildcard.data.length).toBeGreaterThan(0);
    expect(wildcard.data.every((event) => event.type.startsWith('setup_intent.'))).toBe(true);
    const exact = await stripe.events.list({ type: 'setup_intent.canceled' });
    expect(exact.data.length).toBeGreaterThan(0);
    expect(exact.data.every((event) => event.type === 'setup_intent.canceled')).toBe(true);
    const types = await stripe.events.list({ types: ['setup_intent.canceled', 'payment_method.attached'], limit: 100 });
    expect(new Set(types.data.map((event) => event.type))).toEqual(new Set(['setup_intent.canceled', 'payment_method.attached']));
    const both = await stripeError(stripe.events.list({ type: 'setup_intent.created', types: ['setup_intent.canceled'] }));
    expect(both.statusCode).toBe(400);
    expect(both.rawType).toBe('invalid_request_error');
  });

  it('filters by created', async () => {
    const latest = (await stripe.events.list({ limit: 1 })).data[0] as Stripe.Event;
    const after = await stripe.events.list({ created: { gt: latest.created } });
    expect(after.data).toEqual([]);
    const from = await stripe.events.list({ created: { gte: latest.created }, limit: 100 });
    expect(from.data.map((event) => event.id)).toContain(latest.id);
  });

  it('an unknown event is 404 resource_missing', async () => {
    const error = await stripeError(stripe.events.retrieve('evt_doesnotexist'));
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('resource_missing');
  });

  it('detaching a PaymentMethod emits payment_method.detached', async () => {
    const customer = await stripe.customers.create({ email: 'detach@example.com' });
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
    await stripe.paymentMethods.attach(pm.id, { customer: customer.id });
    const detached = await stripe.paymentMethods.detach(pm.id);
    const events = await eventsAbout(stripe, pm.id);
    expect(events.map((event) => event.type)).toEqual(['payment_method.detached', 'payment_method.attached']);
    expect(events[0]?.request?.id).toBe(detached.lastResponse.requestId);
  });
});

describe('webhook endpoints', () => {
  let started: StartedEmulator;
  let stripe: Stripe;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    started = await startEmulator({ seed: 707 });
    stripe = started.stripe();
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await started.close();
    await receiver.close();
  });

  it('create answers the whsec_ secret once; retrieve, list, update (disable) and delete', async () => {
    const endpoint = await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: enabledEvents('setup_intent.*'), description: 'e2e' });
    expect(endpoint.id).toMatch(/^we_/);
    expect(endpoint.object).toBe('webhook_endpoint');
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect(endpoint.url).toBe(receiver.url);
    expect(endpoint.enabled_events).toEqual(['setup_intent.*']);
    expect(endpoint.status).toBe('enabled');
    expect(endpoint.livemode).toBe(false);
    expect(endpoint.description).toBe('e2e');

    const retrieved = await stripe.webhookEndpoints.retrieve(endpoint.id);
    expect(retrieved.id).toBe(endpoint.id);
    expect(retrieved.secret).toBeUndefined();
    expect(retrieved.url).toBe(receiver.url);

    const listed = await stripe.webhookEndpoints.list();
    expect(listed.data.map((e) => e.id)).toContain(endpoint.id);

    const disabled = await stripe.webhookEndpoints.update(endpoint.id, { disabled: true });
    expect(disabled.status).toBe('disabled');
    const changed = await stripe.webhookEndpoints.update(endpoint.id, { enabled_events: ['setup_intent.succeeded'], disabled: false });
    expect(changed.status).toBe('enabled');
    expect(changed.enabled_events).toEqual(['setup_intent.succeeded']);

    const deleted = await stripe.webhookEndpoints.del(endpoint.id);
    expect(deleted).toMatchObject({ id: endpoint.id, object: 'webhook_endpoint', deleted: true });
    const gone = await stripeError(stripe.webhookEndpoints.retrieve(endpoint.id));
    expect(gone.statusCode).toBe(404);
    expect(gone.code).toBe('resource_missing');
    expect(receiver.requests).toEqual([]);
  });

  it('limits the metadata an endpoint ends up with, not each update, to 50 keys', async () => {
    // Stripe: "You can specify up to 50 keys" (docs.stripe.com/metadata); the limit is on the object.
    const keys = (from: number, count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${from + i}`, 'v']));
    const endpoint = await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['*'], metadata: keys(0, 40) });
    const over = await stripeError(stripe.webhookEndpoints.update(endpoint.id, { metadata: keys(40, 11) }));
    expect(over.statusCode).toBe(400);
    expect(over.param).toBe('metadata');
    expect(over.message).toBe('Invalid metadata: metadata can have at most 50 keys.');
    expect(Object.keys((await stripe.webhookEndpoints.retrieve(endpoint.id)).metadata)).toHaveLength(40);
    // Removing keys in the same update counts: 40 - 5 + 15 = 50.
    const removing = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`k${i}`, '']));
    const updated = await stripe.webhookEndpoints.update(endpoint.id, { metadata: { ...removing, ...keys(40, 15) } });
    expect(Object.keys(updated.metadata)).toHaveLength(50);
    await stripe.webhookEndpoints.del(endpoint.id);
  });

  it('refuses a missing or invalid url and a malformed event type', async () => {
    const missing = await stripeError(stripe.webhookEndpoints.create({ enabled_events: ['*'] } as Stripe.WebhookEndpointCreateParams));
    expect(missing.statusCode).toBe(400);
    expect(missing.code).toBe('parameter_missing');
    const badUrl = await stripeError(stripe.webhookEndpoints.create({ url: 'not a url', enabled_events: ['*'] }));
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.param).toBe('url');
    const badType = await stripeError(
      stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: enabledEvents('setup_intent*') }),
    );
    expect(badType.statusCode).toBe(400);
    expect(badType.param).toBe('enabled_events[0]');
    expect((await stripe.webhookEndpoints.list()).data).toEqual([]);
  });
});

describe('webhook deliveries', () => {
  let started: StartedEmulator;
  let stripe: Stripe;
  let all: WebhookReceiver;
  let succeededOnly: WebhookReceiver;
  let disabled: WebhookReceiver;
  let release: () => void = () => undefined;
  let wideSecret = '';

  beforeAll(async () => {
    started = await startEmulator({ seed: 808 });
    stripe = started.stripe();
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Holds every delivery until the test lets it go, to show the API never waits on them.
    all = await startWebhookReceiver(async () => {
      await gate;
      return 200;
    });
    succeededOnly = await startWebhookReceiver();
    disabled = await startWebhookReceiver();
  });
  afterAll(async () => {
    release();
    await started.close();
    await Promise.all([all.close(), succeededOnly.close(), disabled.close()]);
  });

  it('a 3DS flow is delivered signed, to the endpoints that want each type, without holding up the API', async () => {
    const wide = await stripe.webhookEndpoints.create({ url: all.url, enabled_events: enabledEvents('setup_intent.*') });
    const narrow = await stripe.webhookEndpoints.create({ url: succeededOnly.url, enabled_events: ['setup_intent.succeeded'] });
    wideSecret = wide.secret as string;
    const off = await stripe.webhookEndpoints.create({ url: disabled.url, enabled_events: ['*'] });
    await stripe.webhookEndpoints.update(off.id, { disabled: true });

    const customer = await stripe.customers.create({ email: 'hooks@example.com' });
    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('card'), customer: customer.id });
    await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_authenticationRequiredOnSetup', return_url: RETURN_URL });
    await helper(stripe, intent.id, 'succeed');

    // Every API call above has answered while the wide endpoint still holds its deliveries.
    await all.received(3);
    expect(started.emulator.deliveries.filter((record) => record.endpointId === wide.id)).toEqual([]);
    const [createdEvent] = await eventsAbout(stripe, intent.id, { type: 'setup_intent.created' });
    expect(createdEvent?.pending_webhooks).toBe(1);
    release();
    await started.emulator.webhooks.idle();

    const wideEvents = all.requests.map((request) => verified(stripe, request, wide.secret as string));
    expect(wideEvents.map((event) => event.type).sort()).toEqual(['setup_intent.created', 'setup_intent.requires_action', 'setup_intent.succeeded']);
    for (const event of wideEvents) {
      expect((event.data.object as Stripe.SetupIntent).id).toBe(intent.id);
      const stored = await stripe.events.retrieve(event.id);
      expect(stored.type).toBe(event.type);
      expect(stored.data).toEqual(event.data);
      expect(stored.pending_webhooks).toBe(0);
    }
    for (const request of all.requests) {
      expect(request.method).toBe('POST');
      expect(request.headers['content-type']).toMatch(/^application\/json/);
      expect(request.headers['user-agent']).toMatch(/^Stripe\/1\.0/);
    }

    const narrowEvents = succeededOnly.requests.map((request) => verified(stripe, request, narrow.secret as string));
    expect(narrowEvents.map((event) => event.type)).toEqual(['setup_intent.succeeded']);
    expect(disabled.requests).toEqual([]);
    expect(started.emulator.deliveries.every((record) => record.ok && record.attempt === 1)).toBe(true);
  });

  it('a signature does not verify with another secret or over another body', () => {
    const request = all.requests[0] as ReceivedWebhook;
    const header = request.headers['stripe-signature'] as string;
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}/);
    expect(stripe.webhooks.constructEvent(request.body, header, wideSecret).id).toMatch(/^evt_/);
    expect(() => stripe.webhooks.constructEvent(request.body, header, 'whsec_not_the_secret')).toThrow(Stripe.errors.StripeSignatureVerificationError);
    const tampered = request.body.replace(/"livemode":\s*false/, '"livemode": true');
    expect(tampered).not.toBe(request.body);
    expect(() => stripe.webhooks.constructEvent(tampered, header, wideSecret)).toThrow(Stripe.errors.StripeSignatureVerificationError);
  });

  it('a deleted endpoint receives nothing more', async () => {
    const endpoint = (await stripe.webhookEndpoints.list()).data.find((e) => e.url === succeededOnly.url) as Stripe.WebhookEndpoint;
    await stripe.webhookEndpoints.del(endpoint.id);
    const before = succeededOnly.requests.length;
    await stripe.setupIntents.create({ ...paymentMethodTypes('card'), confirm: true, payment_method: 'pm_card_visa' });
    await started.emulator.webhooks.idle();
    expect(succeededOnly.requests.length).toBe(before);
  });
});

describe('webhook retries', () => {
  let started: StartedEmulator;
  let stripe: Stripe;
  let flaky: WebhookReceiver;
  let down: WebhookReceiver;

  beforeAll(async () => {
    started = await startEmulator({ seed: 909, webhookDelivery: { retryDelaysMs: [5, 5] } });
    stripe = started.stripe();
    flaky = await startWebhookReceiver((_request, index) => (index === 0 ? 500 : 200));
    down = await startWebhookReceiver(() => 500);
  });
  afterAll(async () => {
    await started.close();
    await Promise.all([flaky.close(), down.close()]);
  });

  it('a failed delivery is retried until acknowledged; each attempt is signed and verifies', async () => {
    const endpoint = await stripe.webhookEndpoints.create({ url: flaky.url, enabled_events: ['setup_intent.created'] });
    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('card') });
    await started.emulator.webhooks.idle();
    expect(flaky.requests).toHaveLength(2);
    const [first, second] = flaky.requests.map((request) => verified(stripe, request, endpoint.secret as string)) as [Stripe.Event, Stripe.Event];
    expect(second.id).toBe(first.id);
    expect(first.type).toBe('setup_intent.created');
    expect((first.data.object as Stripe.SetupIntent).id).toBe(intent.id);
    const records = started.emulator.deliveries.filter((record) => record.endpointId === endpoint.id);
    expect(records.map((record) => [record.attempt, record.status, record.ok])).toEqual([
      [1, 500, false],
      [2, 200, true],
    ]);
    expect((await stripe.events.retrieve(first.id)).pending_webhooks).toBe(0);
    await stripe.webhookEndpoints.del(endpoint.id);
  });

  it('an endpoint that keeps failing gets the first attempt and every retry, then the event stays pending', async () => {
    const endpoint = await stripe.webhookEndpoints.create({ url: down.url, enabled_events: ['setup_intent.canceled'] });
    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('card') });
    await stripe.setupIntents.cancel(intent.id);
    await started.emulator.webhooks.idle();
    expect(down.requests).toHaveLength(3);
    const ids = new Set(down.requests.map((request) => verified(stripe, request, endpoint.secret as string).id));
    expect(ids.size).toBe(1);
    const records = started.emulator.deliveries.filter((record) => record.endpointId === endpoint.id);
    expect(records.map((record) => record.ok)).toEqual([false, false, false]);
    expect((await stripe.events.retrieve([...ids][0] as string)).pending_webhooks).toBe(1);
  });
});
