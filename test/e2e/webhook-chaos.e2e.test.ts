// Chaos mode: deliveries arrive out of order and some twice, every one still signed, and the
// same seed gives the same schedule.
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { createEmulator, listen } from '../../src/emulator.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';
import { DAHLIA_API_VERSION } from '../support/sdk-version.js';

const CARD_ONLY = { payment_method_types: ['card'] } as Record<string, unknown>;

async function chaoticRun(seed: number): Promise<{ ids: string[]; created: string[] }> {
  const receiver = await startWebhookReceiver();
  const emulator = await createEmulator({
    seed: 11,
    log: () => undefined,
    webhooks: [{ url: receiver.url, secret: 'whsec_chaos_test_secret' }],
    webhookDelivery: { chaos: { seed, duplicateProbability: 0.5, maxDelayMs: 40 } },
  });
  const server = await listen(emulator, { port: 0 });
  try {
    const stripe = new Stripe('sk_test_chaos', { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0, apiVersion: DAHLIA_API_VERSION });
    for (let i = 0; i < 8; i++) {
      await stripe.setupIntents.create({ ...CARD_ONLY, confirm: true, payment_method: 'pm_card_visa' });
    }
    await emulator.webhooks.idle();
    for (const request of receiver.requests) {
      const event = stripe.webhooks.constructEvent(request.body, String(request.headers['stripe-signature']), 'whsec_chaos_test_secret');
      expect(emulator.state.eventsById.has(event.id)).toBe(true);
    }
    return {
      ids: receiver.requests.map((request) => (JSON.parse(request.body) as { id: string }).id),
      created: emulator.events.map((event) => event.id),
    };
  } finally {
    await server.close();
    await receiver.close();
  }
}

describe('chaos mode', () => {
  it('delivers every event, out of order and with duplicates, all signed', async () => {
    const { ids, created } = await chaoticRun(20261122);
    expect(new Set(ids)).toEqual(new Set(created));
    expect(ids.length).toBeGreaterThan(created.length);
    const firstArrivals = ids.filter((id, index) => ids.indexOf(id) === index);
    expect(firstArrivals).not.toEqual(created);
  });
});
