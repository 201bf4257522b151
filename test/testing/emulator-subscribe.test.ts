// Emulator.subscribe: listeners hear each committed batch of events, with their account, after
// webhook fan-out, until they unsubscribe; a listener that throws is logged and harms no request.
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/create-emulator.js';
import type { StripeEvent } from '../../src/events/stripe-event.js';

function post(path: string, key: string, body: string): Request {
  return new Request(`http://127.0.0.1${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
}

describe('Emulator.subscribe', () => {
  it('tells each listener of every committed batch, oldest first, with the account, until it unsubscribes', async () => {
    const emulator = await createEmulator({ seed: 31, log: () => undefined });
    const heard: { types: string[]; account: string }[] = [];
    const unsubscribe = emulator.subscribe((events, account) => heard.push({ types: events.map((event) => event.type), account }));
    await emulator.fetch(post('/v1/setup_intents', 'sk_test_a', 'confirm=true&payment_method=pm_card_visa&allowed_payment_method_types[]=card'));
    await emulator.fetch(post('/v1/setup_intents', 'sk_test_acct_s2_key', 'allowed_payment_method_types[]=card'));
    await emulator.fetch(post('/v1/setup_intents/seti_missing', 'sk_test_a', 'metadata[a]=b'));
    unsubscribe();
    await emulator.fetch(post('/v1/setup_intents', 'sk_test_a', 'allowed_payment_method_types[]=card'));
    expect(heard).toEqual([
      { types: ['setup_intent.created', 'setup_intent.succeeded'], account: 'acct_default' },
      { types: ['setup_intent.created'], account: 'acct_s2' },
    ]);
    await emulator.close();
  });

  it('hands over the events as stored after fan-out, pending_webhooks included', async () => {
    const emulator = await createEmulator({
      seed: 32,
      log: () => undefined,
      webhooks: [{ url: 'http://127.0.0.1:9/unreachable', secret: 'whsec_x' }],
      webhookDelivery: { fetch: async () => new Response(null, { status: 500 }), retryDelaysMs: [] },
    });
    let heard: readonly StripeEvent[] = [];
    emulator.subscribe((events) => (heard = events));
    await emulator.fetch(post('/v1/setup_intents', 'sk_test_a', 'allowed_payment_method_types[]=card'));
    expect(heard.map((event) => event.pending_webhooks)).toEqual([1]);
    expect(heard[0]).toBe(emulator.events[0]);
    await emulator.close();
  });

  it('logs a listener that throws, answers the request and still tells the other listeners', async () => {
    const logged: string[] = [];
    const emulator = await createEmulator({ seed: 33, log: (message) => logged.push(message) });
    let told = 0;
    emulator.subscribe(() => {
      throw new Error('listener broke');
    });
    emulator.subscribe(() => (told += 1));
    const response = await emulator.fetch(post('/v1/setup_intents', 'sk_test_a', 'allowed_payment_method_types[]=card'));
    expect(response.status).toBe(200);
    expect(told).toBe(1);
    expect(logged).toEqual(['An event listener failed: listener broke']);
    await emulator.close();
  });
});
