// The Stripe-Version header through the official SDK and on the wire: the SDK's own pin
// (2026-10-28.endive), an older pin (before 2023-08-16), the account default, and bad values.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateSetupIntent } from '../support/openapi.js';
import { plain, startEmulator, stripeError } from './support/start-emulator.js';
import type { StartedEmulator } from './support/start-emulator.js';

const BEFORE_APM = '2020-08-27';

let started: StartedEmulator;

beforeAll(async () => {
  started = await startEmulator({ seed: 303 });
});
afterAll(async () => {
  await started.close();
});

describe("the SDK's own pin", () => {
  it('is 2026-10-28.endive, and the emulator answers with it', async () => {
    expect(Stripe.API_VERSION).toBe('2026-10-28.endive');
    const stripe = started.stripe(undefined, null);
    const intent = await stripe.setupIntents.create({});
    expect(intent.lastResponse.headers['stripe-version']).toBe('2026-10-28.endive');
    expect(intent.automatic_payment_methods).toEqual({ allow_redirects: 'always', enabled: true });
    expect(validateSetupIntent(plain(intent))).toEqual([]);
  });

  // https://docs.stripe.com/changelog/endive/2026-09-30/removes-the-payment-method-types-parameter-from-payment-intents-and-setup-intents
  it('refuses payment_method_types on create and update with payment_method_types_no_longer_supported', async () => {
    const stripe = started.stripe(undefined, null);
    const legacy = { payment_method_types: ['card'] } as Stripe.SetupIntentCreateParams;
    const refused = await stripeError(stripe.setupIntents.create(legacy));
    expect(refused).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(refused.statusCode).toBe(400);
    expect(refused.code).toBe('payment_method_types_no_longer_supported');
    expect(refused.param).toBe('payment_method_types');
    const intent = await stripe.setupIntents.create({});
    const onUpdate = await stripeError(stripe.setupIntents.update(intent.id, legacy as Stripe.SetupIntentUpdateParams));
    expect(onUpdate.code).toBe('payment_method_types_no_longer_supported');
    expect((await stripe.setupIntents.retrieve(intent.id)).payment_method_types).toEqual(intent.payment_method_types);
  });

  // https://docs.stripe.com/changelog/dahlia/2026-07-29/allowed-payment-method-types-parameter
  it('takes allowed_payment_method_types as SDK 23 sends it, and a card setup completes', async () => {
    const stripe = started.stripe(undefined, null);
    const intent = await stripe.setupIntents.create({ allowed_payment_method_types: ['card'] });
    expect(intent.allowed_payment_method_types).toEqual(['card']);
    expect(intent.payment_method_types).toEqual(['card']);
    expect(intent.automatic_payment_methods).toBeNull();
    const confirmed = await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
    expect(confirmed.status).toBe('succeeded');
  });
});

// https://docs.stripe.com/changelog/2023-08-16/automatic-payment-methods
describe('a client pinned before 2023-08-16', () => {
  it('gets ["card"] from a bare create, and confirms server-side without a return_url', async () => {
    const stripe = started.stripe(undefined, BEFORE_APM);
    const intent = await stripe.setupIntents.create({});
    expect(intent.lastResponse.headers['stripe-version']).toBe(BEFORE_APM);
    expect(intent.payment_method_types).toEqual(['card']);
    expect(intent.automatic_payment_methods).toBeNull();
    expect(intent.payment_method_configuration_details).toBeNull();
    // Added at 2026-07-29.dahlia, so not rendered at 2020-08-27 (docs/fidelity.md).
    expect(intent).not.toHaveProperty('allowed_payment_method_types');
    const confirmed = await stripe.setupIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
    expect(confirmed.status).toBe('succeeded');
    expect(confirmed).toHaveProperty('managed_payments', { enabled: false });
  });
});

describe('the account default and the header on the wire', () => {
  it('a request without Stripe-Version is answered at the account version', async () => {
    const answer = await started.raw('POST', '/v1/setup_intents');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('stripe-version')).toBe('2026-07-29.dahlia');
    expect(answer.body.automatic_payment_methods).toEqual({ allow_redirects: 'always', enabled: true });
  });

  it('an emulator with an older account version answers unpinned requests with it', async () => {
    const old = await startEmulator({ seed: 304, apiVersion: '2022-11-15' });
    try {
      const answer = await old.raw('POST', '/v1/setup_intents');
      expect(answer.headers.get('stripe-version')).toBe('2022-11-15');
      expect(answer.body.payment_method_types).toEqual(['card']);
      expect(answer.body.automatic_payment_methods).toBeNull();
      // Events carry the account's version (spec §8: webhook payloads render at the account's version).
      const events = await old.raw('GET', '/v1/events');
      expect(events.body.data[0].api_version).toBe('2022-11-15');
    } finally {
      await old.close();
    }
  });

  it('refuses a malformed version with 400 "Invalid Stripe API version" and changes nothing', async () => {
    const before = started.emulator.store.setupIntents.size;
    // Message and status as clients of live Stripe report them (stripe-java#682, stripity-stripe#606).
    for (const version of ['2019-2-19', '2019-12-03, 2019-12-03', 'latest']) {
      const answer = await started.raw('POST', '/v1/setup_intents', { headers: { 'stripe-version': version } });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ error: { type: 'invalid_request_error', message: `Invalid Stripe API version: ${version}` } });
    }
    expect(started.emulator.store.setupIntents.size).toBe(before);
  });

  it('a data file replays each request at the version it was answered with', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sim-versions-'));
    try {
      const dataFile = join(folder, 'data.log');
      const first = await startEmulator({ seed: 305, dataFile });
      const old = await first.stripe(undefined, BEFORE_APM).setupIntents.create({});
      const current = await first.stripe(undefined, null).setupIntents.create({});
      await first.close();
      const second = await startEmulator({ dataFile });
      try {
        expect(second.emulator.replay?.diverged).toEqual([]);
        expect(second.emulator.store.setupIntents.get(old.id)?.intent.payment_method_types).toEqual(['card']);
        expect(second.emulator.store.setupIntents.get(current.id)?.intent.automatic_payment_methods).toEqual({ allow_redirects: 'always', enabled: true });
      } finally {
        await second.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
