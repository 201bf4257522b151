import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signatureHeader } from '../../../src/emulator/webhooks/signature.js';

const stripe = new Stripe('sk_test_x');
const secret = 'whsec_fixedvectorsecret';
const payload = JSON.stringify({ id: 'evt_1', object: 'event', type: 'setup_intent.created' }, null, 2);
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

describe('signatureHeader', () => {
  it('matches a vector computed independently (openssl dgst -sha256 -hmac)', () => {
    const header = signatureHeader('{"id":"evt_1","type":"setup_intent.created"}', secret, 1700000000);
    expect(header).toBe('t=1700000000,v1=6994c545d8021349d6a2625675f59f0de759f2eeb56c146fa1c418255726d0f4');
  });

  it('keys the HMAC with the whole secret, whsec_ prefix included, over "<t>.<payload>"', () => {
    const expected = createHmac('sha256', secret).update(`1700000001.${payload}`).digest('hex');
    expect(signatureHeader(payload, secret, 1700000001)).toBe(`t=1700000001,v1=${expected}`);
  });

  it('equals the header the official SDK generates for tests', () => {
    const timestamp = 1_750_000_000;
    const fromSdk = stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
    expect(signatureHeader(payload, secret, timestamp)).toBe(fromSdk);
  });

  it('is accepted by the official SDK', () => {
    const header = signatureHeader(payload, secret, nowSeconds());
    const event = stripe.webhooks.constructEvent(payload, header, secret);
    expect(event.id).toBe('evt_1');
    expect(event.type).toBe('setup_intent.created');
  });

  it('signs non-ASCII payloads over their UTF-8 bytes, as the SDK checks them', () => {
    const text = JSON.stringify({ id: 'evt_2', object: 'event', type: 'setup_intent.created', note: 'café ☕' });
    const header = signatureHeader(text, secret, nowSeconds());
    expect(stripe.webhooks.constructEvent(Buffer.from(text, 'utf8'), header, secret).id).toBe('evt_2');
  });

  it('is rejected by the official SDK with a different secret', () => {
    const header = signatureHeader(payload, secret, nowSeconds());
    expect(() => stripe.webhooks.constructEvent(payload, header, 'whsec_another')).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });

  it('is rejected by the official SDK when the payload was changed', () => {
    const header = signatureHeader(payload, secret, nowSeconds());
    const tampered = payload.replace('setup_intent.created', 'setup_intent.succeeded');
    expect(() => stripe.webhooks.constructEvent(tampered, header, secret)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });

  it('is rejected by the official SDK once older than its 300 s tolerance', () => {
    const header = signatureHeader(payload, secret, nowSeconds() - 301);
    expect(() => stripe.webhooks.constructEvent(payload, header, secret)).toThrow(/tolerance/);
  });
});

describe('newWebhookSecret', () => {
  it('is whsec_ followed by 32 alphanumerics', () => {
    expect(newWebhookSecret(randomBytes)).toMatch(/^whsec_[0-9A-Za-z]{32}$/);
  });

  it('is a function of its random bytes alone', () => {
    const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 7) % 256);
    expect(newWebhookSecret(bytes)).toBe(newWebhookSecret(bytes));
  });

  it('skips bytes that would bias the alphabet and asks for more', () => {
    let calls = 0;
    const bytes = (n: number): Uint8Array => {
      calls += 1;
      // The first batch is all unusable (>= 248); the second maps 0,1,2,... to '0','1','2',...
      return Uint8Array.from({ length: n }, (_, i) => (calls === 1 ? 250 : i));
    };
    expect(newWebhookSecret(bytes)).toBe('whsec_0123456789ABCDEFGHIJKLMNOPQRSTUV');
    expect(calls).toBe(2);
  });

  it('refuses a random source that never yields a usable byte', () => {
    expect(() => newWebhookSecret((n) => new Uint8Array(n).fill(255))).toThrow(RangeError);
  });

  it('has the right shape for any random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (block) => {
        expect(newWebhookSecret(() => block.map((byte) => byte % 248))).toMatch(/^whsec_[0-9A-Za-z]{32}$/);
      }),
    );
  });
});
