import { describe, expect, it } from 'vitest';
import { createWebhookDeliverer } from '../../../src/emulator/webhooks/webhook-deliverer.js';

const target = { id: 'we_1', url: 'http://127.0.0.1:9/webhook', secret: 'whsec_x' };
const event = (n: number): { id: string; type: string } => ({ id: `evt_${n}`, type: 'setup_intent.created' });

/** A fetch whose answers the test releases one by one. */
function heldFetch(): { fetch: typeof fetch; calls: () => number; release: () => void } {
  const waiting: (() => void)[] = [];
  let calls = 0;
  const held: typeof fetch = () => {
    calls += 1;
    return new Promise((resolve) => waiting.push(() => resolve(new Response(null, { status: 200 }))));
  };
  return { fetch: held, calls: () => calls, release: () => waiting.shift()?.() };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('createWebhookDeliverer under load and misuse', () => {
  it('keeps at most 16 requests in flight and queues the rest', async () => {
    const held = heldFetch();
    const deliverer = createWebhookDeliverer({ fetch: held.fetch });
    for (let n = 0; n < 40; n += 1) deliverer.deliver(event(n), [target]);
    await flush();
    expect(held.calls()).toBe(16);

    held.release();
    await flush();
    expect(held.calls()).toBe(17);

    let released = 1;
    while (released < 40) {
      held.release();
      released += 1;
      await flush();
      expect(held.calls() - released).toBeLessThanOrEqual(16);
    }
    await deliverer.idle();
    expect(deliverer.records.filter((record) => record.ok)).toHaveLength(40);
  });

  it('honours a smaller maxConcurrentRequests', async () => {
    const held = heldFetch();
    const deliverer = createWebhookDeliverer({ fetch: held.fetch, maxConcurrentRequests: 2 });
    for (let n = 0; n < 5; n += 1) deliverer.deliver(event(n), [target]);
    await flush();
    expect(held.calls()).toBe(2);
    await deliverer.close();
    expect(deliverer.records.map((record) => record.error)).toEqual([
      'canceled: the deliverer was closed',
      'canceled: the deliverer was closed',
    ]);
  });

  it('turns a throwing fetch, a throwing observer and a broken event into records, never into throws', async () => {
    const deliverer = createWebhookDeliverer({
      retryDelaysMs: [],
      fetch: () => {
        throw new Error('boom');
      },
      onRecord: () => {
        throw new Error('observer bug');
      },
    });
    const cyclic: { id: string; type: string; self?: unknown } = event(2);
    cyclic.self = cyclic;
    expect(() => deliverer.deliver(event(1), [target])).not.toThrow();
    expect(() => deliverer.deliver(cyclic, [target])).not.toThrow();
    await deliverer.idle();

    expect(deliverer.records.map((record) => [record.eventId, record.status, record.ok])).toEqual([
      ['evt_2', null, false],
      ['evt_1', null, false],
    ]);
    expect(deliverer.records[0]?.error).toMatch(/^event is not serialisable/);
    expect(deliverer.records[1]?.error).toBe('boom');
  });

  it('times out a fetch that ignores its abort signal', async () => {
    const deliverer = createWebhookDeliverer({ retryDelaysMs: [], requestTimeoutMs: 5, fetch: () => new Promise(() => undefined) });
    deliverer.deliver(event(1), [target]);
    await deliverer.idle();
    expect(deliverer.records[0]?.error).toBe('timed out after 5 ms');
  });

  it('works with a fake setTimeout that calls back synchronously', async () => {
    let answers = 0;
    const deliverer = createWebhookDeliverer({
      setTimeout: (fn) => fn(),
      retryDelaysMs: [60_000, 60_000],
      fetch: () => Promise.resolve(new Response(null, { status: (answers += 1) < 3 ? 500 : 200 })),
    });
    deliverer.deliver(event(1), [target]);
    await deliverer.idle();
    expect(deliverer.records.map((record) => [record.attempt, record.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
  });

  it('refuses out-of-range options when created', () => {
    expect(() => createWebhookDeliverer({ retryDelaysMs: [-1] })).toThrow(RangeError);
    expect(() => createWebhookDeliverer({ retryDelaysMs: [2 ** 31] })).toThrow(RangeError);
    expect(() => createWebhookDeliverer({ requestTimeoutMs: 0 })).toThrow(RangeError);
    expect(() => createWebhookDeliverer({ maxConcurrentRequests: 1.5 })).toThrow(RangeError);
    expect(() => createWebhookDeliverer({ chaos: { seed: 1, duplicateProbability: 2 } })).toThrow(RangeError);
    expect(() => createWebhookDeliverer({ chaos: { seed: 1, maxDelayMs: Number.NaN } })).toThrow(RangeError);
  });
});
