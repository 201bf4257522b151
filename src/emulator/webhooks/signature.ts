import { createHmac } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SECRET_LENGTH = 32;
// The largest multiple of 62 that fits in a byte: bytes at or above it are dropped so every
// character is equally likely (a plain `% 62` would favour the first characters).
const UNBIASED_LIMIT = 248;
// A source that yields no usable byte in this many rounds is broken, not unlucky.
const MAX_ROUNDS = 64;

/**
 * Builds the `Stripe-Signature` header value for a webhook payload.
 *
 * @remarks Stripe signs `${timestamp}.${payload}` with HMAC-SHA256 keyed by the whole endpoint
 * secret, `whsec_` prefix included, and sends `t=<timestamp>,v1=<hex digest>`; the official SDKs
 * verify exactly this (Stripe docs, "Check the webhook signatures").
 *
 * @param payload - The exact request body that is sent.
 * @param secret - The endpoint's signing secret (`whsec_...`).
 * @param timestamp - Unix seconds the signature is made at.
 * @example
 * signatureHeader('{"id":"evt_1"}', 'whsec_abc', 1700000000); // 't=1700000000,v1=<64 hex digits>'
 */
export function signatureHeader(payload: string, secret: string, timestamp: number): string {
  const digest = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${digest}`;
}

/**
 * Creates a new endpoint signing secret: `whsec_` followed by 32 alphanumerics.
 *
 * @param randomBytes - The source of randomness, for example `crypto.randomBytes`; injected so a
 *   run can be replayed.
 * @throws {@link RangeError} when `randomBytes` keeps returning only bytes that cannot be used.
 */
export function newWebhookSecret(randomBytes: (n: number) => Uint8Array): string {
  let out = '';
  for (let round = 0; round < MAX_ROUNDS && out.length < SECRET_LENGTH; round += 1) {
    for (const byte of randomBytes(SECRET_LENGTH)) {
      if (byte < UNBIASED_LIMIT && out.length < SECRET_LENGTH) {
        out += ALPHABET.charAt(byte % ALPHABET.length);
      }
    }
  }
  if (out.length < SECRET_LENGTH) {
    throw new RangeError('newWebhookSecret: the random source returned no usable bytes');
  }
  return `whsec_${out}`;
}
