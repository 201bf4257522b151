// Accounts chosen by key, through the official SDK on a real socket: parallel test workers that
// pick `sk_test_acct_<name>_…` / `pk_test_acct_<name>_…` keys never see each other's objects,
// events, idempotency keys, webhook endpoints or clock; a reset empties one account only; and the
// operation log keeps accounts apart across a restart.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, listen } from '../../src/emulator.js';
import type { Emulator, RunningEmulator } from '../../src/emulator.js';
import { DAHLIA_API_VERSION } from '../support/sdk-version.js';
import { enabledEvents, paymentMethodTypes, startEmulator, stripeError } from './support/start-emulator.js';
import type { StartedEmulator } from './support/start-emulator.js';

const DAY = 24 * 60 * 60;
const CARD = paymentMethodTypes('card');
const MANDATE_DATA: Stripe.SetupIntentCreateParams.MandateData = {
  customer_acceptance: { type: 'online', online: { ip_address: '203.0.113.7', user_agent: 'Mozilla/5.0 (e2e)' } },
};
const MANUAL_ACH: Stripe.SetupIntentConfirmParams.PaymentMethodData = {
  type: 'us_bank_account',
  us_bank_account: { account_number: '000123456789', routing_number: '110000000', account_holder_type: 'individual' },
  billing_details: { name: 'Jenny Rosen', email: 'jenny@example.com' },
};

/** The two keys of one account, as a test worker would choose them. */
function keysOf(name: string): { readonly secret: string; readonly publishable: string; readonly account: string } {
  return { secret: `sk_test_acct_${name}_secret`, publishable: `pk_test_acct_${name}_publishable`, account: `acct_${name}` };
}

/** Confirm parameters with the client_secret, which the SDK's confirm types leave out. */
function withSecret(secret: string | null, params: Stripe.SetupIntentConfirmParams): Stripe.SetupIntentConfirmParams {
  return { ...params, client_secret: secret ?? '' } as Stripe.SetupIntentConfirmParams;
}

interface Received {
  readonly path: string;
  readonly event: Stripe.Event;
}

/** A webhook receiver on a loopback port that acknowledges everything and keeps what it got. */
async function startReceiver(): Promise<{ readonly url: string; readonly received: Received[]; readonly close: () => Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '/', event: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Stripe.Event });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function objectIdOf(event: Stripe.Event): string {
  return (event.data.object as { readonly id: string }).id;
}

describe('accounts chosen by key', () => {
  let started: StartedEmulator;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver();
    started = await startEmulator({
      seed: 77,
      webhooks: [{ url: `${receiver.url}/static`, secret: 'whsec_static' }],
      webhookDelivery: { retryDelaysMs: [] },
    });
  });
  afterAll(async () => {
    await started.close();
    await receiver.close();
  });

  it('keep SetupIntents, Customers and events apart, even when used in parallel', async () => {
    const [a, b] = [keysOf('alpha'), keysOf('beta')];
    const work = async (secret: string, email: string): Promise<{ customer: Stripe.Customer; intent: Stripe.SetupIntent }> => {
      const stripe = started.stripe(secret);
      const customer = await stripe.customers.create({ email });
      const intent = await stripe.setupIntents.create({ ...CARD, customer: customer.id, confirm: true, payment_method: 'pm_card_visa' });
      return { customer, intent };
    };
    const [inA, inB] = await Promise.all([work(a.secret, 'a@example.com'), work(b.secret, 'b@example.com')]);
    const alpha = started.stripe(a.secret);
    const beta = started.stripe(b.secret);

    expect((await alpha.setupIntents.list({ limit: 100 })).data.map((intent) => intent.id)).toEqual([inA.intent.id]);
    expect((await beta.setupIntents.list({ limit: 100 })).data.map((intent) => intent.id)).toEqual([inB.intent.id]);
    const missing = await stripeError(alpha.setupIntents.retrieve(inB.intent.id));
    expect(missing.statusCode).toBe(404);
    expect(missing.code).toBe('resource_missing');

    expect((await alpha.customers.list()).data.map((customer) => customer.email)).toEqual(['a@example.com']);
    expect((await stripeError(alpha.customers.retrieve(inB.customer.id))).code).toBe('resource_missing');
    expect((await alpha.customers.search({ query: "email:'b@example.com'" })).data).toEqual([]);
    const foreignCustomer = await stripeError(alpha.setupIntents.create({ ...CARD, customer: inB.customer.id }));
    expect(foreignCustomer.code).toBe('resource_missing');
    expect(foreignCustomer.param).toBe('customer');

    const eventsOfA = (await alpha.events.list({ limit: 100 })).data;
    expect(eventsOfA.length).toBeGreaterThan(0);
    const objectsOfA = [inA.intent.id, inA.customer.id, inA.intent.payment_method];
    expect(eventsOfA.filter((event) => !objectsOfA.includes(objectIdOf(event)))).toEqual([]);
    const eventOfB = (await beta.events.list({ limit: 1 })).data[0];
    expect(eventOfB).toBeDefined();
    expect((await stripeError(alpha.events.retrieve(eventOfB?.id ?? ''))).code).toBe('resource_missing');
    expect((await stripeError(alpha.setupAttempts.list({ setup_intent: inB.intent.id }))).code).toBe('resource_missing');
    expect((await stripeError(alpha.paymentMethods.attach(inB.intent.payment_method as string, { customer: inA.customer.id }))).code).toBe('resource_missing');

    // Keys that name no account keep sharing the default one, which sees none of this.
    const defaultIntent = await started.stripe('sk_test_e2e_secret').setupIntents.create({ ...CARD });
    expect((await started.stripe('sk_test_x').setupIntents.retrieve(defaultIntent.id)).id).toBe(defaultIntent.id);
    expect((await started.stripe('sk_test_x').setupIntents.list({ limit: 100 })).data.map((intent) => intent.id)).not.toContain(inA.intent.id);
    expect((await stripeError(alpha.setupIntents.retrieve(defaultIntent.id))).code).toBe('resource_missing');

    // The embedding API: `store` is the default account's, `account()` shows any other.
    const emulator = started.emulator;
    expect(emulator.store.setupIntents.has(defaultIntent.id)).toBe(true);
    expect(emulator.store.setupIntents.has(inA.intent.id)).toBe(false);
    expect(emulator.account(a.account).store.setupIntents.has(inA.intent.id)).toBe(true);
    expect(emulator.account(a.publishable).store).toBe(emulator.account(a.account).store);
    expect(emulator.account('acct_default').store).toBe(emulator.store);
    expect(emulator.accounts()).toEqual(expect.arrayContaining(['acct_default', a.account, b.account]));
    expect(emulator.accounts()[0]).toBe('acct_default');
  });

  it('keep idempotency keys apart', async () => {
    const [a, b] = [keysOf('idemA'), keysOf('idemB')];
    const alpha = started.stripe(a.secret);
    const beta = started.stripe(b.secret);
    const [first, other] = await Promise.all([
      alpha.setupIntents.create({ ...CARD, metadata: { side: 'a' } }, { idempotencyKey: 'shared-key' }),
      beta.setupIntents.create({ ...CARD, metadata: { side: 'b' } }, { idempotencyKey: 'shared-key' }),
    ]);
    expect(first.id).not.toBe(other.id);
    expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    expect(other.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    expect(other.metadata).toEqual({ side: 'b' });
    const again = await alpha.setupIntents.create({ ...CARD, metadata: { side: 'a' } }, { idempotencyKey: 'shared-key' });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
  });

  it("let an account's publishable key confirm that account's SetupIntent with its client_secret, and no other", async () => {
    const [a, b] = [keysOf('pkA'), keysOf('pkB')];
    const own = await started.stripe(a.secret).setupIntents.create({ ...CARD });
    const confirmed = await started.stripe(a.publishable).setupIntents.confirm(own.id, withSecret(own.client_secret, { payment_method: 'pm_card_visa' }));
    expect(confirmed.status).toBe('succeeded');

    const foreign = await started.stripe(b.secret).setupIntents.create({ ...CARD });
    const refused = await stripeError(started.stripe(a.publishable).setupIntents.confirm(foreign.id, withSecret(foreign.client_secret, { payment_method: 'pm_card_visa' })));
    expect(refused.statusCode).toBe(404);
    expect(refused.code).toBe('resource_missing');
    const unseen = await stripeError(started.stripe(a.publishable).setupIntents.retrieve(foreign.id, { client_secret: foreign.client_secret ?? '' }));
    expect(unseen.code).toBe('resource_missing');
    expect((await started.stripe(b.secret).setupIntents.retrieve(foreign.id)).status).toBe('requires_payment_method');
    const seen = await started.stripe(b.publishable).setupIntents.retrieve(foreign.id, { client_secret: foreign.client_secret ?? '' });
    expect(seen.id).toBe(foreign.id);
  });

  it("send an account's events to its own webhook endpoints only, and every account's to --webhook-url", async () => {
    const [a, b] = [keysOf('hookA'), keysOf('hookB')];
    const alpha = started.stripe(a.secret);
    const beta = started.stripe(b.secret);
    const endpointA = await alpha.webhookEndpoints.create({ url: `${receiver.url}/a`, enabled_events: enabledEvents('setup_intent.*') });
    const endpointB = await beta.webhookEndpoints.create({ url: `${receiver.url}/b`, enabled_events: enabledEvents('setup_intent.*') });
    expect((await alpha.webhookEndpoints.list()).data.map((endpoint) => endpoint.id)).toEqual([endpointA.id]);
    expect((await stripeError(alpha.webhookEndpoints.retrieve(endpointB.id))).code).toBe('resource_missing');
    expect((await stripeError(alpha.webhookEndpoints.del(endpointB.id))).code).toBe('resource_missing');

    const [intentA, intentB] = await Promise.all([alpha.setupIntents.create({ ...CARD }), beta.setupIntents.create({ ...CARD })]);
    await started.emulator.webhooks.idle();
    const at = (path: string): string[] => receiver.received.filter((entry) => entry.path === path).map((entry) => objectIdOf(entry.event));
    expect(at('/a')).toEqual([intentA.id]);
    expect(at('/b')).toEqual([intentB.id]);
    expect(at('/static')).toEqual(expect.arrayContaining([intentA.id, intentB.id]));
  });

  it('let a hosted page act in the account that holds its SetupIntent', async () => {
    const a = keysOf('pages');
    const alpha = started.stripe(a.secret);
    const intent = await alpha.setupIntents.create({ ...CARD });
    const waiting = await alpha.setupIntents.confirm(intent.id, { payment_method: 'pm_card_authenticationRequiredOnSetup', return_url: 'https://example.com/back' });
    const page = new URL(waiting.next_action?.redirect_to_url?.url ?? '');
    expect((await fetch(page)).status).toBe(200);
    const submitted = await fetch(`${started.server.url}${page.pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ attempt: page.searchParams.get('attempt') ?? '', outcome: 'succeeded' }).toString(),
      redirect: 'manual',
    });
    expect(submitted.status).toBe(303);
    expect((await alpha.setupIntents.retrieve(intent.id)).status).toBe('succeeded');
    expect(started.emulator.store.setupIntents.has(intent.id)).toBe(false);
  });

  it("keep due steps per account: advance_clock moves only the caller's clock", async () => {
    const [a, b] = [keysOf('clockA'), keysOf('clockB')];
    const waitingIn = async (secret: string): Promise<Stripe.SetupIntent> => {
      const stripe = started.stripe(secret);
      const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('us_bank_account') });
      return stripe.setupIntents.confirm(intent.id, { payment_method_data: MANUAL_ACH, mandate_data: MANDATE_DATA });
    };
    const [inA, inB] = await Promise.all([waitingIn(a.secret), waitingIn(b.secret)]);
    expect([inA.status, inB.status]).toEqual(['requires_action', 'requires_action']);

    const advanced = (await started.stripe(a.secret).rawRequest('POST', '/v1/test_helpers/advance_clock', { seconds: 10 * DAY + 60 })) as unknown as {
      offset: number;
      setup_intents_changed: string[];
    };
    expect(advanced.setup_intents_changed).toEqual([inA.id]);
    expect(advanced.offset).toBe(10 * DAY + 60);
    const timedOut = await started.stripe(a.secret).setupIntents.retrieve(inA.id);
    expect(timedOut.status).toBe('requires_payment_method');
    expect(timedOut.last_setup_error?.code).toBe('payment_method_microdeposit_verification_timeout');

    expect((await started.stripe(b.secret).setupIntents.retrieve(inB.id)).status).toBe('requires_action');
    expect(started.emulator.account(b.account).clock.offset()).toBe(0);
    expect(started.emulator.clock.offset()).toBe(0);
    // Real time passing (the serving loop's tick) does not fire B's 10-day deadline either.
    await started.emulator.tick();
    expect((await started.stripe(b.secret).setupIntents.retrieve(inB.id)).status).toBe('requires_action');
    await started.stripe(b.secret).rawRequest('POST', '/v1/test_helpers/advance_clock', { seconds: 10 * DAY + 60 });
    expect((await started.stripe(b.secret).setupIntents.retrieve(inB.id)).status).toBe('requires_payment_method');
  });

  it("reset empties the caller's account only, and answers what it removed", async () => {
    const [a, b] = [keysOf('resetA'), keysOf('resetB')];
    const alpha = started.stripe(a.secret);
    const beta = started.stripe(b.secret);
    const fill = async (stripe: Stripe): Promise<Stripe.SetupIntent> => {
      const customer = await stripe.customers.create({ email: 'r@example.com' });
      await stripe.webhookEndpoints.create({ url: `${receiver.url}/reset`, enabled_events: enabledEvents('customer.*') });
      return stripe.setupIntents.create({ ...CARD, customer: customer.id, confirm: true, payment_method: 'pm_card_visa' }, { idempotencyKey: 'reset-key' });
    };
    const [intentA, intentB] = await Promise.all([fill(alpha), fill(beta)]);
    await alpha.rawRequest('POST', '/v1/test_helpers/advance_clock', { seconds: 3600 });
    await started.emulator.webhooks.idle();

    const reset = (await alpha.rawRequest('POST', '/v1/test_helpers/reset', {})) as unknown as Record<string, unknown>;
    expect(reset).toMatchObject({
      object: 'test_helpers.reset',
      account: a.account,
      deleted: {
        customers: 1,
        events: (await beta.events.list({ limit: 100 })).data.length,
        // The SDK sends a key with every POST: the four before the reset (its own is not counted).
        idempotency_keys: 4,
        mandates: 0,
        payment_methods: 1,
        setup_attempts: 1,
        setup_intents: 1,
        webhook_endpoints: 1,
      },
    });

    expect((await alpha.setupIntents.list()).data).toEqual([]);
    expect((await alpha.customers.list()).data).toEqual([]);
    expect((await alpha.events.list()).data).toEqual([]);
    expect((await alpha.webhookEndpoints.list()).data).toEqual([]);
    expect((await stripeError(alpha.setupIntents.retrieve(intentA.id))).code).toBe('resource_missing');
    expect(started.emulator.account(a.account).clock.offset()).toBe(0);
    const fresh = await alpha.setupIntents.create({ ...CARD, metadata: { after: 'reset' } }, { idempotencyKey: 'reset-key' });
    expect(fresh.id).not.toBe(intentA.id);
    expect(fresh.lastResponse.headers['idempotent-replayed']).toBeUndefined();

    // The other account still has everything, its idempotency key included.
    expect((await beta.setupIntents.retrieve(intentB.id)).status).toBe('succeeded');
    expect((await beta.customers.list()).data).toHaveLength(1);
    expect((await beta.webhookEndpoints.list()).data).toHaveLength(1);
    const replayed = await beta.setupIntents.create({ ...CARD, customer: intentB.customer as string, confirm: true, payment_method: 'pm_card_visa' }, { idempotencyKey: 'reset-key' });
    expect(replayed.lastResponse.headers['idempotent-replayed']).toBe('true');
  });

  it('reset needs a secret key and takes no parameters', async () => {
    const a = keysOf('resetRules');
    const withPublishable = await stripeError(started.stripe(a.publishable).rawRequest('POST', '/v1/test_helpers/reset', {}));
    expect(withPublishable.statusCode).toBe(401);
    expect(withPublishable.code).toBe('secret_key_required');
    const withParameter = await stripeError(started.stripe(a.secret).rawRequest('POST', '/v1/test_helpers/reset', { everything: 'true' }));
    expect(withParameter.statusCode).toBe(400);
    expect(withParameter.code).toBe('parameter_unknown');
  });
});

describe('accounts across a restart with --data', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sim-accounts-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function start(dataFile: string, logs: string[] = []): Promise<{ emulator: Emulator; server: RunningEmulator; stripe: (key: string) => Stripe }> {
    const emulator = await createEmulator({ dataFile, log: (message) => logs.push(message) });
    const server = await listen(emulator, { port: 0 });
    const clients = new Map<string, Stripe>();
    const stripe = (key: string): Stripe => {
      let client = clients.get(key);
      if (client === undefined) {
        client = new Stripe(key, { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0, apiVersion: DAHLIA_API_VERSION });
        clients.set(key, client);
      }
      return client;
    };
    return { emulator, server, stripe };
  }

  it('replays every entry into its account, the reset included', async () => {
    const file = join(dir, 'accounts.jsonl');
    const [a, b] = [keysOf('keepA'), keysOf('keepB')];
    const first = await start(file);
    let kept: Stripe.SetupIntent;
    let waiting: Stripe.SetupIntent;
    let beforeReset: Stripe.SetupIntent;
    let afterReset: Stripe.SetupIntent;
    try {
      kept = await first.stripe(a.secret).setupIntents.create({ ...CARD, confirm: true, payment_method: 'pm_card_visa' });
      const intent = await first.stripe(a.secret).setupIntents.create({ ...paymentMethodTypes('us_bank_account') });
      waiting = await first.stripe(a.secret).setupIntents.confirm(intent.id, { payment_method_data: MANUAL_ACH, mandate_data: MANDATE_DATA });
      beforeReset = await first.stripe(b.secret).setupIntents.create({ ...CARD });
      await first.stripe(b.secret).rawRequest('POST', '/v1/test_helpers/advance_clock', { seconds: 600 });
      await first.stripe(b.secret).rawRequest('POST', '/v1/test_helpers/reset', {});
      afterReset = await first.stripe(b.secret).setupIntents.create({ ...CARD, metadata: { after: 'reset' } }, { idempotencyKey: 'kept-key' });
      await first.stripe(a.secret).rawRequest('POST', '/v1/test_helpers/advance_clock', { seconds: 10 * DAY + 60 });
    } finally {
      await first.server.close();
    }

    const lines = (await readFile(file, 'utf8')).trim().split('\n').slice(1).map((line) => JSON.parse(line) as { account?: string; path?: string });
    expect(lines.every((line) => line.account === a.account || line.account === b.account)).toBe(true);
    expect(lines.filter((line) => line.path === '/v1/test_helpers/reset').map((line) => line.account)).toEqual([b.account]);

    const logs: string[] = [];
    const second = await start(file, logs);
    try {
      expect(second.emulator.replay?.diverged).toEqual([]);
      expect(logs).toEqual([]);
      const alpha = second.stripe(a.secret);
      const beta = second.stripe(b.secret);
      expect((await alpha.setupIntents.list({ limit: 100 })).data.map((intent) => intent.id).sort()).toEqual([kept.id, waiting.id].sort());
      expect((await alpha.setupIntents.retrieve(waiting.id)).last_setup_error?.code).toBe('payment_method_microdeposit_verification_timeout');
      expect((await beta.setupIntents.list({ limit: 100 })).data.map((intent) => intent.id)).toEqual([afterReset.id]);
      expect((await stripeError(beta.setupIntents.retrieve(beforeReset.id))).code).toBe('resource_missing');
      expect((await stripeError(beta.setupIntents.retrieve(kept.id))).code).toBe('resource_missing');
      expect(second.emulator.store.setupIntents.size).toBe(0);
      expect(second.emulator.account(a.account).clock.offset()).toBe(10 * DAY + 60);
      expect(second.emulator.account(b.account).clock.offset()).toBe(0);

      const replayed = await beta.setupIntents.create({ ...CARD, metadata: { after: 'reset' } }, { idempotencyKey: 'kept-key' });
      expect(replayed.id).toBe(afterReset.id);
      expect(replayed.lastResponse.headers['idempotent-replayed']).toBe('true');
      const elsewhere = await second.stripe(keysOf('keepC').secret).setupIntents.create({ ...CARD, metadata: { after: 'reset' } }, { idempotencyKey: 'kept-key' });
      expect(elsewhere.id).not.toBe(afterReset.id);
    } finally {
      await second.server.close();
    }
  });

  it('replays a log written before accounts existed into the default account', async () => {
    const file = join(dir, 'old.jsonl');
    const first = await start(file);
    let intent: Stripe.SetupIntent;
    try {
      intent = await first.stripe('sk_test_old_log').setupIntents.create({ ...CARD, confirm: true, payment_method: 'pm_card_visa' });
      await first.stripe('sk_test_old_log').rawRequest('POST', '/v1/test_helpers/advance_clock', { seconds: 3600 });
    } finally {
      await first.server.close();
    }
    // Logs from before accounts are version 1 files, whose entries carry no account and no checksum.
    const [header = '{}', ...entries] = (await readFile(file, 'utf8')).trim().split('\n');
    const withoutAccounts = entries.map((line) => {
      const { account, sum: _sum, ...rest } = JSON.parse(line) as Record<string, unknown>;
      expect(account).toBe('acct_default');
      return JSON.stringify(rest);
    });
    const versionOne = JSON.stringify({ ...(JSON.parse(header) as object), version: 1 });
    await writeFile(file, `${[versionOne, ...withoutAccounts].join('\n')}\n`);

    const second = await start(file);
    try {
      expect(second.emulator.replay?.diverged).toEqual([]);
      expect(second.emulator.store.setupIntents.get(intent.id)?.intent.status).toBe('succeeded');
      expect(second.emulator.clock.offset()).toBe(3600);
      expect(second.emulator.accounts()).toEqual(['acct_default']);
    } finally {
      await second.server.close();
    }
  });
});
