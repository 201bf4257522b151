// `--data FILE`: an append-only log of applied operations rebuilds every acknowledged object
// after a restart, keeps idempotency keys and the advanced clock, and survives a torn last line.
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, listen } from '../../src/emulator.js';
import type { Emulator, RunningEmulator } from '../../src/emulator.js';
import { DAHLIA_API_VERSION } from '../support/sdk-version.js';

// The SDK's types follow the newest API, where `allowed_payment_method_types` replaced
// `payment_method_types` on create; the wire parameter is still accepted.
const CARD_ONLY = { payment_method_types: ['card'] } as Record<string, unknown>;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-persistence-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function start(dataFile: string, warnings: string[] = []): Promise<{ emulator: Emulator; server: RunningEmulator; stripe: Stripe }> {
  const emulator = await createEmulator({ dataFile, log: (message) => warnings.push(message) });
  const server = await listen(emulator, { port: 0 });
  const stripe = new Stripe('sk_test_persist', { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0, apiVersion: DAHLIA_API_VERSION });
  return { emulator, server, stripe };
}

/** Everything a restart must reproduce, as JSON. */
function snapshot(emulator: Emulator): string {
  const { store, state } = emulator;
  return JSON.stringify({
    intents: [...store.setupIntents.entries()],
    paymentMethods: [...store.paymentMethods.entries()],
    customers: [...store.customers.entries()],
    attempts: [...store.setupAttempts.entries()],
    mandates: [...store.mandates.entries()],
    events: store.events.map((event) => ({ ...event, pending_webhooks: 0 })),
    endpoints: [...state.webhookEndpoints.entries()],
    secrets: [...state.webhookSecrets.entries()],
  });
}

describe('persistence across a restart', () => {
  it('reproduces every acknowledged object, idempotency key and clock move', async () => {
    const file = join(dir, 'flows.jsonl');
    const first = await start(file);
    const customer = await first.stripe.customers.create({ email: 'kept@example.com' });
    const card = await first.stripe.setupIntents.create(
      { customer: customer.id, ...CARD_ONLY, confirm: true, payment_method: 'pm_card_visa' },
      { idempotencyKey: 'create-card' },
    );
    const threeDS = await first.stripe.setupIntents.create({ ...CARD_ONLY });
    await first.stripe.setupIntents.confirm(threeDS.id, { payment_method: 'pm_card_authenticationRequiredOnSetup', return_url: 'https://example.com/back' });
    const declined = await first.stripe.setupIntents.create({ ...CARD_ONLY });
    await expect(first.stripe.setupIntents.confirm(declined.id, { payment_method: 'pm_card_chargeDeclined' })).rejects.toMatchObject({ statusCode: 402 });
    const endpoint = await first.stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/hooks', enabled_events: ['setup_intent.succeeded'] });
    await first.stripe.webhookEndpoints.update(endpoint.id, { disabled: true });
    await first.stripe.rawRequest('POST', '/v1/test_helpers/advance_clock', { seconds: 3600 });
    const before = snapshot(first.emulator);
    const offset = first.emulator.clock.offset();
    await first.server.close();

    const second = await start(file);
    try {
      expect(second.emulator.replay?.diverged).toEqual([]);
      expect(snapshot(second.emulator)).toBe(before);
      expect(second.emulator.clock.offset()).toBe(offset);
      const replayed = await second.stripe.setupIntents.create(
        { customer: customer.id, ...CARD_ONLY, confirm: true, payment_method: 'pm_card_visa' },
        { idempotencyKey: 'create-card' },
      );
      expect(replayed.id).toBe(card.id);
      expect(replayed.lastResponse.headers['idempotent-replayed']).toBe('true');
      const fresh = await second.stripe.setupIntents.create({ ...CARD_ONLY });
      expect(first.emulator.store.setupIntents.has(fresh.id)).toBe(false);
      expect((await second.stripe.setupIntents.retrieve(threeDS.id)).status).toBe('requires_action');
      expect((await second.stripe.setupIntents.retrieve(declined.id)).last_setup_error?.code).toBe('card_declined');
    } finally {
      await second.server.close();
    }
  });

  it('drops a torn last line with a warning and keeps every acknowledged change', async () => {
    const file = join(dir, 'torn.jsonl');
    const first = await start(file);
    const intent = await first.stripe.setupIntents.create({ ...CARD_ONLY });
    const before = snapshot(first.emulator);
    await first.server.close();
    await appendFile(file, '{"kind":"request","time":17');

    const warnings: string[] = [];
    const second = await start(file, warnings);
    try {
      expect(warnings.join('\n')).toMatch(/torn|dropp/i);
      expect(snapshot(second.emulator)).toBe(before);
      const confirmed = await second.stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
      expect(confirmed.status).toBe('succeeded');
    } finally {
      await second.server.close();
    }
    const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '');
    expect(lines.every((line) => JSON.parse(line) !== null)).toBe(true);
  });

  it('answers only after the entry is on disk', async () => {
    const file = join(dir, 'durable.jsonl');
    const { stripe, server } = await start(file);
    try {
      const intent = await stripe.setupIntents.create({ ...CARD_ONLY });
      const text = await readFile(file, 'utf8');
      expect(text).toContain(`"requestId":"${intent.lastResponse.requestId}"`);
    } finally {
      await server.close();
    }
  });
});
