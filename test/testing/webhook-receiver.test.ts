// The receiver's signature check: Stripe's scheme (HMAC-SHA256 of `t.payload` with the whole
// secret), any one of several v1 digests, and nothing else.
import { describe, expect, it } from 'vitest';
import { signatureHeader } from '../../src/emulator/webhooks/signature.js';
import { verifiesSignature } from '../../src/testing/webhook-receiver.js';

const SECRET = 'whsec_receiver_test';
const PAYLOAD = '{"id":"evt_1","type":"setup_intent.created"}';

describe('verifiesSignature', () => {
  it('accepts the header the emulator signs a payload with', () => {
    expect(verifiesSignature(signatureHeader(PAYLOAD, SECRET, 1_700_000_000), PAYLOAD, SECRET)).toBe(true);
  });

  it('accepts a header with several v1 digests when one of them verifies (a secret being rolled)', () => {
    const good = signatureHeader(PAYLOAD, SECRET, 1_700_000_000);
    const other = signatureHeader(PAYLOAD, 'whsec_old', 1_700_000_000).split(',')[1] ?? '';
    expect(verifiesSignature(`${good.split(',')[0] ?? ''},${other},${good.split(',')[1] ?? ''}`, PAYLOAD, SECRET)).toBe(true);
  });

  it('refuses a changed payload, another secret, another timestamp, a missing or malformed header', () => {
    const header = signatureHeader(PAYLOAD, SECRET, 1_700_000_000);
    expect(verifiesSignature(header, PAYLOAD.replace('evt_1', 'evt_2'), SECRET)).toBe(false);
    expect(verifiesSignature(header, PAYLOAD, 'whsec_other')).toBe(false);
    expect(verifiesSignature(header.replace('t=1700000000', 't=1700000001'), PAYLOAD, SECRET)).toBe(false);
    expect(verifiesSignature(undefined, PAYLOAD, SECRET)).toBe(false);
    expect(verifiesSignature('v1=abc', PAYLOAD, SECRET)).toBe(false);
    expect(verifiesSignature('t=1700000000,v1=', PAYLOAD, SECRET)).toBe(false);
  });
});
