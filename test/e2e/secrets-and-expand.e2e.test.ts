// Secrets that one id does not give away, kept exact across a restart; and what a publishable key
// may expand. Through the official SDK on real sockets.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeededIdGeneratorState } from '../../src/core/ids.js';
import { resumeSeededIdGenerator } from '../../src/core/ids.js';
import { errorBody, paymentMethodTypes, PUBLISHABLE_KEY, startEmulator, stripeError } from './support/start-emulator.js';
import type { StartedEmulator } from './support/start-emulator.js';

const CARD = paymentMethodTypes('card');

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-secrets-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Made {
  readonly customer: string;
  readonly intent: string;
  readonly clientSecret: string;
  readonly endpoint: string;
  readonly whsec: string;
}

/** One customer, one SetupIntent and one webhook endpoint, made through the SDK. */
async function make(started: StartedEmulator): Promise<Made> {
  const stripe = started.stripe();
  const customer = await stripe.customers.create({ email: 'ada@example.com' });
  const intent = await stripe.setupIntents.create({ ...CARD, customer: customer.id });
  const endpoint = await stripe.webhookEndpoints.create({ url: 'https://example.com/hook', enabled_events: ['setup_intent.succeeded'] });
  return { customer: customer.id, intent: intent.id, clientSecret: intent.client_secret ?? '', endpoint: endpoint.id, whsec: endpoint.secret ?? '' };
}

async function withEmulator<T>(options: Parameters<typeof startEmulator>[0], run: (started: StartedEmulator) => Promise<T>): Promise<T> {
  const started = await startEmulator(options);
  try {
    return await run(started);
  } finally {
    await started.close();
  }
}

describe('secrets do not follow from the seed', () => {
  it('two emulators with the same seed give the same ids but different client and webhook secrets', async () => {
    const a = await withEmulator({ seed: 7 }, make);
    const b = await withEmulator({ seed: 7 }, make);
    expect([b.customer, b.intent, b.endpoint]).toEqual([a.customer, a.intent, a.endpoint]);
    expect(a.clientSecret).toMatch(new RegExp(`^${a.intent}_secret_[0-9A-Za-z]{25}$`));
    expect(a.whsec).toMatch(/^whsec_[0-9A-Za-z]{32}$/);
    expect(b.clientSecret).not.toBe(a.clientSecret);
    expect(b.whsec).not.toBe(a.whsec);
  });

  it('a restart with the same data file reproduces the same secrets, from the key in its header', async () => {
    const file = join(dir, 'keyed.jsonl');
    const made = await withEmulator({ dataFile: file }, make);
    const header = JSON.parse((await readFile(file, 'utf8')).split('\n')[0] ?? '{}') as Record<string, unknown>;
    expect(header['secret_key']).toMatch(/^[0-9a-f]{64}$/);
    await withEmulator({ dataFile: file }, async ({ emulator, logs }) => {
      expect(emulator.store.setupIntents.get(made.intent)?.intent.client_secret).toBe(made.clientSecret);
      expect(emulator.state.webhookSecrets.get(made.endpoint)).toBe(made.whsec);
      expect(logs).toEqual([]);
    });
  });

  it('refuses a data file whose secret_key is malformed', async () => {
    const file = join(dir, 'bad-key.jsonl');
    await withEmulator({ dataFile: file }, make);
    const lines = (await readFile(file, 'utf8')).split('\n');
    const header = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    await writeFile(file, [JSON.stringify({ ...header, secret_key: 'abc' }), ...lines.slice(1)].join('\n'));
    await expect(startEmulator({ dataFile: file })).rejects.toThrow(/secret_key/);
  });

  it('replays a data file written without a key with the seed-derived secrets, and says so', async () => {
    const file = join(dir, 'old.jsonl');
    await withEmulator({ dataFile: file }, make);
    const lines = (await readFile(file, 'utf8')).split('\n');
    const { secret_key: _key, ...header } = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    await writeFile(file, [JSON.stringify(header), ...lines.slice(1)].join('\n'));
    const create = lines
      .slice(1)
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { path?: string; method?: string; ids?: SeededIdGeneratorState })
      .find((entry) => entry.method === 'POST' && entry.path === '/v1/setup_intents');
    // What the old derivation gives: the token drawn right after the intent's id, from the seed alone.
    const seeded = resumeSeededIdGenerator(create?.ids ?? { seed: 0, state: 0, sequence: 0 });
    const id = seeded.id('seti');
    const expected = `${id}_secret_${seeded.token(25)}`;
    const replayed = await withEmulator({ dataFile: file }, async ({ emulator, logs }) => {
      expect(logs.some((message) => message.includes('predictable'))).toBe(true);
      expect(emulator.replay?.diverged).toEqual([]);
      return emulator.store.setupIntents.get(id)?.intent.client_secret;
    });
    expect(replayed).toBe(expected);
    const again = await withEmulator({ dataFile: file }, async ({ emulator }) => emulator.store.setupIntents.get(id)?.intent.client_secret);
    expect(again).toBe(expected);
  });
});

describe('expand with a publishable key', () => {
  let started: StartedEmulator;
  let intent: Stripe.SetupIntent;
  beforeAll(async () => {
    started = await startEmulator();
    const stripe = started.stripe();
    const customer = await stripe.customers.create({ email: 'ada@example.com', name: 'Ada', metadata: { tier: 'gold' } });
    intent = await stripe.setupIntents.create({ ...CARD, customer: customer.id, confirm: true, payment_method: 'pm_card_visa' });
    expect(intent.status).toBe('succeeded');
  });
  afterAll(async () => {
    await started.close();
  });

  const retrieve = (expand: string[]): Promise<Stripe.SetupIntent> =>
    started.stripe(PUBLISHABLE_KEY).setupIntents.retrieve(intent.id, { client_secret: intent.client_secret ?? '', expand });

  it('may expand payment_method on a SetupIntent retrieved with its client secret', async () => {
    const seen = await retrieve(['payment_method']);
    const method = seen.payment_method as Stripe.PaymentMethod;
    expect(method.object).toBe('payment_method');
    expect(method.id).toBe(intent.payment_method);
    expect(typeof method.customer).toBe('string');
  });

  it.each(['payment_method.customer', 'customer', 'latest_attempt', 'mandate', 'latest_attempt.payment_method'])(
    'may not expand %s, which reaches objects only a secret key reads',
    async (path) => {
      const error = await stripeError(retrieve([path]));
      expect(error.statusCode).toBe(400);
      expect(errorBody(error).error).toMatchObject({ type: 'invalid_request_error', message: `This property cannot be expanded (${path}).`, param: 'expand[0]' });
    },
  );

  it('refuses the whole request when one of its expansions is not allowed', async () => {
    const error = await stripeError(retrieve(['payment_method', 'payment_method.customer']));
    expect(errorBody(error).error['param']).toBe('expand[1]');
  });

  it('may not expand on a confirm either, and the confirm is not applied', async () => {
    const stripe = started.stripe();
    const pending = await stripe.setupIntents.create({ ...CARD });
    const error = await stripeError(
      started.stripe(PUBLISHABLE_KEY).setupIntents.confirm(pending.id, {
        client_secret: pending.client_secret ?? '',
        payment_method: 'pm_card_visa',
        expand: ['payment_method.customer'],
      } as Stripe.SetupIntentConfirmParams),
    );
    expect(error.statusCode).toBe(400);
    expect((await stripe.setupIntents.retrieve(pending.id)).status).toBe('requires_payment_method');
  });

  it('a secret key still expands payment_method.customer', async () => {
    const seen = await started.stripe().setupIntents.retrieve(intent.id, { expand: ['payment_method.customer'] });
    const customer = (seen.payment_method as Stripe.PaymentMethod).customer as Stripe.Customer;
    expect(customer.email).toBe('ada@example.com');
    expect(customer.metadata).toEqual({ tier: 'gold' });
  });
});
