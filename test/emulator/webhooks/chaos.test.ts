import fc from 'fast-check';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { createChaosPlanner } from '../../../src/emulator/webhooks/chaos.js';
import { createSeededRandom } from '../../../src/emulator/webhooks/seeded-random.js';
import { createWebhookDeliverer } from '../../../src/emulator/webhooks/webhook-deliverer.js';
import { createManualTimers, runUntilIdle } from './support/manual-timers.js';
import type { Receiver } from './support/receiver.js';
import { startReceiver } from './support/receiver.js';

const secret = 'whsec_chaoschaoschaoschaoschaoschao';
const target = { id: 'we_1', url: 'http://127.0.0.1:9/webhook', secret };
const events = Array.from({ length: 30 }, (_, n) => ({ id: `evt_${String(n).padStart(2, '0')}`, type: 'setup_intent.created' }));

interface Sent {
  readonly id: string;
  readonly body: string;
  readonly signature: string;
}

/** Runs the 30 events through a chaotic deliverer on a virtual clock and returns what was sent, in order. */
async function chaoticRun(seed: number): Promise<readonly Sent[]> {
  const timers = createManualTimers(1_767_225_600_000);
  const sent: Sent[] = [];
  const deliverer = createWebhookDeliverer({
    ...timers,
    chaos: { seed },
    fetch: (_, init) => {
      const body = String(init?.body);
      const headers = new Headers(init?.headers);
      sent.push({ id: (JSON.parse(body) as { id: string }).id, body, signature: headers.get('stripe-signature') ?? '' });
      return Promise.resolve(new Response(null, { status: 200 }));
    },
  });
  for (const event of events) deliverer.deliver(event, [target]);
  await runUntilIdle(deliverer, timers);
  return sent;
}

const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

describe('chaotic delivery', () => {
  it('shuffles the order and sends some events twice, with identical bodies', async () => {
    const sent = await chaoticRun(42);
    const ids = sent.map((entry) => entry.id);

    expect(new Set(ids)).toEqual(new Set(events.map((event) => event.id)));
    expect(ids).not.toEqual([...ids].sort());
    const duplicated = ids.filter((id, index) => ids.indexOf(id) !== index);
    expect(duplicated.length).toBeGreaterThan(0);
    for (const id of duplicated) {
      const bodies = new Set(sent.filter((entry) => entry.id === id).map((entry) => entry.body));
      expect(bodies.size).toBe(1);
    }
  });

  it('replays exactly for the same seed and differs for another', async () => {
    const first = await chaoticRun(7);
    expect(await chaoticRun(7)).toEqual(first);
    expect((await chaoticRun(8)).map((entry) => entry.id)).not.toEqual(first.map((entry) => entry.id));
  });

  it('sends nothing out of order or twice without chaos', async () => {
    const timers = createManualTimers(0);
    const ids: string[] = [];
    const deliverer = createWebhookDeliverer({
      ...timers,
      fetch: (_, init) => {
        ids.push((JSON.parse(String(init?.body)) as { id: string }).id);
        return Promise.resolve(new Response(null, { status: 200 }));
      },
    });
    for (const event of events) deliverer.deliver(event, [target]);
    await runUntilIdle(deliverer, timers);
    expect(ids).toEqual(events.map((event) => event.id));
  });

  it('delivers every chaotic copy, correctly signed, to a real endpoint', async () => {
    const receiver = await startReceiver(() => 200);
    receivers.push(receiver);
    const deliverer = createWebhookDeliverer({ chaos: { seed: 3, maxDelayMs: 20, duplicateProbability: 0.5 } });
    for (const event of events.slice(0, 10)) deliverer.deliver(event, [{ ...target, url: receiver.url }]);
    await deliverer.idle();

    const stripe = new Stripe('sk_test_x');
    const ids = receiver.requests.map((request) => {
      const signature = String(request.headers['stripe-signature']);
      return stripe.webhooks.constructEvent(request.body, signature, secret).id;
    });
    expect(new Set(ids)).toEqual(new Set(events.slice(0, 10).map((event) => event.id)));
    expect(deliverer.records).toHaveLength(receiver.requests.length);
  });
});

describe('createChaosPlanner', () => {
  it('plans one or two copies, each delayed within [0, maxDelayMs)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 10_000 }), (seed, p, max) => {
        const plan = createChaosPlanner({ seed, duplicateProbability: p, maxDelayMs: max });
        for (let i = 0; i < 20; i += 1) {
          const delays = plan();
          expect(delays.length === 1 || delays.length === 2).toBe(true);
          for (const delay of delays) {
            expect(Number.isInteger(delay) && delay >= 0 && delay < max).toBe(true);
          }
        }
      }),
    );
  });

  it('never duplicates at probability 0 and always does at probability 1', () => {
    const never = createChaosPlanner({ seed: 1, duplicateProbability: 0 });
    const always = createChaosPlanner({ seed: 1, duplicateProbability: 1 });
    for (let i = 0; i < 50; i += 1) {
      expect(never()).toHaveLength(1);
      expect(always()).toHaveLength(2);
    }
  });
});

describe('createSeededRandom', () => {
  it('gives the same sequence for the same seed, within [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const a = createSeededRandom(seed);
        const b = createSeededRandom(seed);
        for (let i = 0; i < 10; i += 1) {
          const value = a();
          expect(value).toBe(b());
          expect(value >= 0 && value < 1).toBe(true);
        }
      }),
    );
  });
});
