// A PaymentIntent flow survives a restart with a data file: the log of applied requests replays
// every PaymentIntent, Charge and event, the on-session recovery through the hosted 3D Secure page
// included, and a PaymentIntent left waiting on authentication can be completed after the restart.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, listen } from '../../src/emulator.js';
import type { Emulator, RunningEmulator } from '../../src/emulator.js';
import { DAHLIA_API_VERSION } from '../support/sdk-version.js';

const CARD_ONLY = { payment_method_types: ['card'] } as Record<string, unknown>;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-pi-persistence-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function start(dataFile: string): Promise<{ emulator: Emulator; server: RunningEmulator; stripe: Stripe }> {
  const emulator = await createEmulator({ dataFile, log: () => undefined });
  const server = await listen(emulator, { port: 0 });
  const stripe = new Stripe('sk_test_persist', { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0, apiVersion: DAHLIA_API_VERSION });
  return { emulator, server, stripe };
}

/** Everything of the payment flow a restart must reproduce, as JSON. */
function snapshot(emulator: Emulator): string {
  const { store } = emulator;
  return JSON.stringify({
    paymentIntents: [...store.paymentIntents.entries()],
    charges: [...store.charges.entries()],
    setupIntents: [...store.setupIntents.entries()],
    paymentMethods: [...store.paymentMethods.entries()],
    events: store.events.map((event) => ({ ...event, pending_webhooks: 0 })),
  });
}

async function saveCard(stripe: Stripe, card: string): Promise<{ customer: string; paymentMethod: string }> {
  const customer = await stripe.customers.create({ email: 'kept@example.com' });
  let setup: Stripe.SetupIntent = await stripe.setupIntents.create({ customer: customer.id, ...CARD_ONLY, payment_method: card, confirm: true });
  if (setup.status === 'requires_action') {
    setup = (await stripe.rawRequest('POST', `/v1/test_helpers/setup_intents/${setup.id}/succeed`, {})) as unknown as Stripe.SetupIntent;
  }
  return { customer: customer.id, paymentMethod: setup.payment_method as string };
}

describe('PaymentIntents across a restart', () => {
  it('replays paid, declined and authenticated payments, and completes a pending one after the restart', async () => {
    const file = join(dir, 'payments.jsonl');
    const first = await start(file);
    const visa = await saveCard(first.stripe, 'pm_card_visa');
    const paid = await first.stripe.paymentIntents.create(
      { amount: 1099, currency: 'usd', customer: visa.customer, payment_method: visa.paymentMethod, off_session: true, confirm: true },
      { idempotencyKey: 'pay-visa' },
    );
    const always = await saveCard(first.stripe, 'pm_card_authenticationRequired');
    const declined = await first.stripe.paymentIntents
      .create({ amount: 2000, currency: 'usd', customer: always.customer, payment_method: always.paymentMethod, off_session: true, confirm: true })
      .then(
        () => expect.fail('expected authentication_required'),
        (error: InstanceType<typeof Stripe.errors.StripeError>) => error.payment_intent as Stripe.PaymentIntent,
      );
    const waiting = await first.stripe.paymentIntents.confirm(declined.id, { payment_method: always.paymentMethod, return_url: 'https://shop.example/back' });
    const url = new URL(waiting.next_action?.redirect_to_url?.url as string);
    const posted = await fetch(url.origin + url.pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ attempt: url.searchParams.get('attempt') as string, outcome: 'succeeded' }).toString(),
      redirect: 'manual',
    });
    expect(posted.status).toBe(303);
    const pending = await first.stripe.paymentIntents.create({ amount: 300, currency: 'usd', customer: always.customer, payment_method: always.paymentMethod, confirm: true });
    expect(pending.status).toBe('requires_action');
    const before = snapshot(first.emulator);
    await first.server.close();

    const second = await start(file);
    try {
      expect(second.emulator.replay?.diverged).toEqual([]);
      expect(snapshot(second.emulator)).toBe(before);
      expect((await second.stripe.paymentIntents.retrieve(paid.id)).status).toBe('succeeded');
      expect((await second.stripe.charges.retrieve(paid.latest_charge as string)).paid).toBe(true);
      expect((await second.stripe.paymentIntents.retrieve(declined.id)).status).toBe('succeeded');
      const replayed = await second.stripe.paymentIntents.create(
        { amount: 1099, currency: 'usd', customer: visa.customer, payment_method: visa.paymentMethod, off_session: true, confirm: true },
        { idempotencyKey: 'pay-visa' },
      );
      expect(replayed.id).toBe(paid.id);
      expect(replayed.lastResponse.headers['idempotent-replayed']).toBe('true');
      const completed = (await second.stripe.rawRequest('POST', `/v1/test_helpers/payment_intents/${pending.id}/succeed`, {})) as unknown as Stripe.PaymentIntent;
      expect(completed.status).toBe('succeeded');
    } finally {
      await second.server.close();
    }
  });
});
