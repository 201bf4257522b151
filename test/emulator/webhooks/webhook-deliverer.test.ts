import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveryRecord, WebhookTarget } from '../../../src/emulator/webhooks/webhook-deliverer.js';
import { createWebhookDeliverer } from '../../../src/emulator/webhooks/webhook-deliverer.js';
import { createManualTimers, runUntilIdle } from './support/manual-timers.js';
import type { ReceivedRequest, Receiver, Reply } from './support/receiver.js';
import { refusedUrl, startReceiver } from './support/receiver.js';

const stripe = new Stripe('sk_test_x');
const secret = 'whsec_0123456789abcdefghijABCDEFGHIJ';

const event = (n: number): { id: string; object: 'event'; type: string; data: { object: { id: string } } } => ({
  id: `evt_${n}`,
  object: 'event',
  type: 'setup_intent.succeeded',
  data: { object: { id: `seti_${n}` } },
});

const receivers: Receiver[] = [];
const open = async (reply: (index: number, request: ReceivedRequest) => Reply): Promise<Receiver> => {
  const receiver = await startReceiver((request, index) => reply(index, request));
  receivers.push(receiver);
  return receiver;
};
const targetOf = (receiver: Receiver, id = 'we_1', path = '/webhook'): WebhookTarget => ({
  id,
  url: `${receiver.url}${path}`,
  secret,
});
const header = (value: string | string[] | undefined): string => (typeof value === 'string' ? value : '');

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

describe('createWebhookDeliverer against a real endpoint', () => {
  it('POSTs the pretty-printed event, signed so the official SDK accepts it', async () => {
    const receiver = await open(() => 200);
    const deliverer = createWebhookDeliverer();
    deliverer.deliver(event(1), [targetOf(receiver)]);
    await deliverer.idle();

    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/webhook');
    expect(request?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request?.headers['user-agent']).toBe('Stripe/1.0 (+https://stripe.com/docs/webhooks)');
    expect(request?.body).toBe(JSON.stringify(event(1), null, 2));
    const verified = stripe.webhooks.constructEvent(request?.body ?? '', header(request?.headers['stripe-signature']), secret);
    expect(verified).toEqual(event(1));
    expect(deliverer.records).toEqual([
      { eventId: 'evt_1', endpointId: 'we_1', attempt: 1, status: 200, ok: true, at: expect.any(Number), lastAttempt: true },
    ]);
    expect(deliverer.records[0]).not.toHaveProperty('error');
  });

  it("signs each target's copy with that target's secret", async () => {
    const receiver = await open(() => 204);
    const other = { id: 'we_2', url: `${receiver.url}/other`, secret: 'whsec_other' };
    const deliverer = createWebhookDeliverer();
    deliverer.deliver(event(1), [targetOf(receiver), other]);
    await deliverer.idle();

    const byPath = new Map(receiver.requests.map((request) => [request.path, request]));
    const first = byPath.get('/webhook');
    const second = byPath.get('/other');
    expect(() => stripe.webhooks.constructEvent(first?.body ?? '', header(first?.headers['stripe-signature']), secret)).not.toThrow();
    expect(() => stripe.webhooks.constructEvent(second?.body ?? '', header(second?.headers['stripe-signature']), 'whsec_other')).not.toThrow();
    expect(() => stripe.webhooks.constructEvent(second?.body ?? '', header(second?.headers['stripe-signature']), secret)).toThrow();
    expect(deliverer.records.map((record) => [record.endpointId, record.status]).sort()).toEqual([
      ['we_1', 204],
      ['we_2', 204],
    ]);
  });

  it('retries a 500 on the retry schedule, re-signing each attempt, until the endpoint answers 2xx', async () => {
    const receiver = await open((index) => (index < 2 ? 500 : 200));
    const timers = createManualTimers(Date.now());
    const deliverer = createWebhookDeliverer({ ...timers });
    deliverer.deliver(event(1), [targetOf(receiver)]);
    await runUntilIdle(deliverer, timers);

    const records = deliverer.records;
    expect(records.map((record) => [record.attempt, record.status, record.ok, record.lastAttempt])).toEqual([
      [1, 500, false, false],
      [2, 500, false, false],
      [3, 200, true, true],
    ]);
    expect(records[0]?.error).toBe('HTTP 500');
    const at = records.map((record) => record.at);
    expect([(at[1] ?? 0) - (at[0] ?? 0), (at[2] ?? 0) - (at[1] ?? 0)]).toEqual([60_000, 600_000]);
    receiver.requests.forEach((request, index) => {
      const signature = header(request.headers['stripe-signature']);
      expect(signature.startsWith(`t=${Math.floor((at[index] ?? 0) / 1000)},`)).toBe(true);
      expect(stripe.webhooks.constructEvent(request.body, signature, secret, 300, undefined, at[index]).id).toBe('evt_1');
    });
  });

  it('stops after the last retry when the endpoint never succeeds', async () => {
    const receiver = await open(() => 503);
    const deliverer = createWebhookDeliverer({ retryDelaysMs: [1, 1, 1] });
    deliverer.deliver(event(1), [targetOf(receiver)]);
    await deliverer.idle();

    expect(deliverer.records.map((record) => [record.attempt, record.status, record.error])).toEqual([
      [1, 503, 'HTTP 503'],
      [2, 503, 'HTTP 503'],
      [3, 503, 'HTTP 503'],
      [4, 503, 'HTTP 503'],
    ]);
    expect(receiver.requests).toHaveLength(4);
  });

  it('counts a redirect as a failed attempt and does not follow it', async () => {
    const receiver = await open(() => 302);
    const deliverer = createWebhookDeliverer({ retryDelaysMs: [] });
    deliverer.deliver(event(1), [targetOf(receiver)]);
    await deliverer.idle();

    expect(deliverer.records.map((record) => [record.status, record.ok])).toEqual([[302, false]]);
    expect(receiver.requests.map((request) => request.path)).toEqual(['/webhook']);
  });

  it('records a refused connection as a failure with status null, then retries it', async () => {
    const url = await refusedUrl();
    const deliverer = createWebhookDeliverer({ retryDelaysMs: [1] });
    deliverer.deliver(event(1), [{ id: 'we_1', url, secret }]);
    await deliverer.idle();

    // The second attempt is the last one of a one-retry schedule: delivery gives up.
    expect(deliverer.records.map((record) => [record.attempt, record.status, record.ok, record.lastAttempt])).toEqual([
      [1, null, false, false],
      [2, null, false, true],
    ]);
    expect(deliverer.records[0]?.error).toMatch(/ECONNREFUSED/);
  });

  it('times out an endpoint that never answers', async () => {
    const receiver = await open(() => 'hang');
    const deliverer = createWebhookDeliverer({ requestTimeoutMs: 50, retryDelaysMs: [] });
    deliverer.deliver(event(1), [targetOf(receiver)]);
    await deliverer.idle();

    expect(deliverer.records).toEqual([
      { eventId: 'evt_1', endpointId: 'we_1', attempt: 1, status: null, ok: false, error: 'timed out after 50 ms', at: expect.any(Number), lastAttempt: true },
    ]);
  });

  it('idle() resolves at once with nothing to do, and only after every delivery settles', async () => {
    const failedOnce = new Set<string>();
    // evt_1 to evt_3 fail their first attempt, so settling means waiting for retries too.
    const receiver = await open((_, request) => {
      const id = (JSON.parse(request.body) as { id: string }).id;
      if (['evt_1', 'evt_2', 'evt_3'].includes(id) && !failedOnce.has(id)) {
        failedOnce.add(id);
        return 500;
      }
      return 200;
    });
    const deliverer = createWebhookDeliverer({ retryDelaysMs: [1, 1] });
    await deliverer.idle();
    for (let n = 1; n <= 6; n += 1) deliverer.deliver(event(n), [targetOf(receiver)]);
    let settled = false;
    const idle = deliverer.idle().then(() => {
      settled = true;
    });
    await receiver.received(1);
    expect(settled).toBe(false);
    await idle;

    const delivered = deliverer.records.filter((record) => record.ok).map((record) => record.eventId);
    expect(delivered.sort()).toEqual(['evt_1', 'evt_2', 'evt_3', 'evt_4', 'evt_5', 'evt_6']);
    expect(deliverer.records).toHaveLength(9);
  });

  it('close() cancels a pending retry and ignores later deliveries', async () => {
    const receiver = await open(() => 500);
    let firstRecord: (record: DeliveryRecord) => void = () => undefined;
    const recorded = new Promise<DeliveryRecord>((resolve) => {
      firstRecord = resolve;
    });
    let sent = 0;
    const deliverer = createWebhookDeliverer({
      onRecord: (record) => firstRecord(record),
      fetch: (input, init) => {
        sent += 1;
        return fetch(input, init);
      },
    });
    deliverer.deliver(event(1), [targetOf(receiver)]);
    expect((await recorded).status).toBe(500);

    await deliverer.close();
    deliverer.deliver(event(2), [targetOf(receiver)]);
    await deliverer.idle();
    expect(deliverer.records).toHaveLength(1);
    expect(sent).toBe(1);
  });

  it('close() aborts a request in flight', async () => {
    const receiver = await open(() => 'hang');
    const deliverer = createWebhookDeliverer();
    deliverer.deliver(event(1), [targetOf(receiver)]);
    await receiver.received(1);
    await deliverer.close();

    expect(deliverer.records.map((record) => [record.status, record.error])).toEqual([
      [null, 'canceled: the deliverer was closed'],
    ]);
  });
});
