import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, listen } from '../../src/emulator.js';
import type { RunningEmulator } from '../../src/emulator.js';
import { DAHLIA_API_VERSION } from '../support/sdk-version.js';

const CARD_ONLY = { payment_method_types: ['card'] } as Record<string, unknown>;

let server: RunningEmulator;
let stripe: Stripe;

beforeAll(async () => {
  const emulator = await createEmulator({ seed: 7, log: () => undefined });
  server = await listen(emulator, { port: 0 });
  stripe = new Stripe('sk_test_smoke', { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0, apiVersion: DAHLIA_API_VERSION });
});
afterAll(async () => {
  await server.close();
});

describe('the official SDK against the emulator', () => {
  it('creates and confirms a card SetupIntent', async () => {
    const customer = await stripe.customers.create({ email: 'a@example.com' });
    const intent = await stripe.setupIntents.create({ customer: customer.id, ...CARD_ONLY });
    expect(intent.status).toBe('requires_payment_method');
    const confirmed = await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_visa', expand: ['latest_attempt'] });
    expect(confirmed.status).toBe('succeeded');
    expect(typeof confirmed.latest_attempt).toBe('object');
  });
  it('answers a decline with a 402 card error', async () => {
    const intent = await stripe.setupIntents.create({ ...CARD_ONLY });
    await expect(stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_chargeDeclined' })).rejects.toMatchObject({ type: 'StripeCardError', statusCode: 402, code: 'card_declined' });
    const after = await stripe.setupIntents.retrieve(intent.id);
    expect(after.status).toBe('requires_payment_method');
  });
});
