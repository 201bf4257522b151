// What webhook delivery remembers stays bounded: the deliverer's records, and the state's record
// of which endpoints acknowledged an event.
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../../src/emulator.js';
import type { Emulator } from '../../../src/emulator.js';
import { createWebhookDeliverer } from '../../../src/emulator/webhooks/webhook-deliverer.js';

const secret = 'whsec_0123456789abcdefghijABCDEFGHIJ';
const DAY = 24 * 60 * 60;
const WALL_MS = 1_767_225_600_000;

/** Answers 200 for URLs ending in `/ok` and 500 for the rest, without any network. */
const stubFetch = (async (input: string | URL | Request) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  return new Response('', { status: url.endsWith('/ok') ? 200 : 500 });
}) as typeof fetch;

async function post(emulator: Emulator, path: string, params: Record<string, string>): Promise<number> {
  const response = await emulator.fetch(
    new Request(`http://127.0.0.1:12111${path}`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_bookkeeping', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    }),
  );
  await response.body?.cancel();
  return response.status;
}

describe('delivery records', () => {
  it('keeps only the latest maxRecords records, in the same live array', async () => {
    const deliverer = createWebhookDeliverer({ fetch: stubFetch, maxRecords: 3 });
    const view = deliverer.records;
    for (let n = 1; n <= 5; n++) {
      deliverer.deliver({ id: `evt_${n}`, type: 'setup_intent.created' }, [{ id: 'we_1', url: 'http://127.0.0.1:9/ok', secret }]);
      await deliverer.idle();
    }
    expect(deliverer.records).toBe(view);
    expect(view.map((record) => record.eventId)).toEqual(['evt_3', 'evt_4', 'evt_5']);
    await deliverer.close();
  });

  it('refuses a bound that is not a count', () => {
    expect(() => createWebhookDeliverer({ maxRecords: -1 })).toThrow(RangeError);
    expect(() => createWebhookDeliverer({ maxRecords: 1.5 })).toThrow(RangeError);
    expect(() => createWebhookDeliverer({ maxRecords: Number.POSITIVE_INFINITY })).not.toThrow();
  });

  it('forgets which endpoints acknowledged an event once all did, or once the event aged out', async () => {
    const emulator = await createEmulator({
      seed: 9,
      wallClockMs: () => WALL_MS,
      webhooks: [
        { url: 'http://127.0.0.1:9/ok', secret },
        { url: 'http://127.0.0.1:9/also-ok', secret: `${secret}x` },
      ],
      webhookDelivery: { fetch: stubFetch, retryDelaysMs: [] },
      log: () => undefined,
    });
    try {
      expect(await post(emulator, '/v1/setup_intents', { 'payment_method_types[0]': 'card' })).toBe(200);
      await emulator.webhooks.idle();
      // One endpoint of two answered 200: the event still awaits the other.
      const events = emulator.events;
      expect(events.length).toBeGreaterThan(0);
      expect(events.every((event) => event.pending_webhooks === 1)).toBe(true);
      expect([...emulator.state.awaitingAcknowledgement.keys()]).toEqual(events.map((event) => event.id));
      expect(await post(emulator, '/v1/test_helpers/advance_clock', { seconds: String(31 * DAY) })).toBe(200);
      expect(emulator.state.awaitingAcknowledgement.size).toBe(0);
    } finally {
      await emulator.close();
    }
  });

  it('keeps nothing once every endpoint acknowledged', async () => {
    const emulator = await createEmulator({
      seed: 9,
      wallClockMs: () => WALL_MS,
      webhooks: [
        { url: 'http://127.0.0.1:9/a/ok', secret },
        { url: 'http://127.0.0.1:9/b/ok', secret: `${secret}x` },
      ],
      webhookDelivery: { fetch: stubFetch, chaos: { seed: 3, duplicateProbability: 1, maxDelayMs: 0 } },
      log: () => undefined,
    });
    try {
      expect(await post(emulator, '/v1/setup_intents', { 'payment_method_types[0]': 'card' })).toBe(200);
      await emulator.webhooks.idle();
      expect(emulator.events.every((event) => event.pending_webhooks === 0)).toBe(true);
      expect(emulator.state.awaitingAcknowledgement.size).toBe(0);
    } finally {
      await emulator.close();
    }
  });
});
