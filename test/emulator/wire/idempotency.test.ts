import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../../src/emulator.js';

function post(path: string, body: string, key: string): Request {
  return new Request(`http://emulator.test${path}`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk_test_idem', 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': key },
    body,
  });
}

describe('idempotency keys', () => {
  it('replay within 24 hours, are forgotten after, and refuse other parameters', async () => {
    let wall = Date.UTC(2026, 10, 22);
    const emulator = await createEmulator({ seed: 4, log: () => undefined, wallClockMs: () => wall });
    const first = await emulator.fetch(post('/v1/setup_intents', 'payment_method_types[]=card', 'key-1'));
    const firstBody = (await first.json()) as { id: string };
    const replay = await emulator.fetch(post('/v1/setup_intents', 'payment_method_types[]=card', 'key-1'));
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.headers.get('original-request')).toBe(first.headers.get('request-id'));
    expect(((await replay.json()) as { id: string }).id).toBe(firstBody.id);
    const other = await emulator.fetch(post('/v1/setup_intents', 'payment_method_types[]=sepa_debit', 'key-1'));
    expect(other.status).toBe(400);
    expect(((await other.json()) as { error: { type: string } }).error.type).toBe('idempotency_error');
    const tooLong = await emulator.fetch(post('/v1/setup_intents', 'payment_method_types[]=card', 'k'.repeat(256)));
    expect(tooLong.status).toBe(400);

    wall += 25 * 60 * 60 * 1000;
    const later = await emulator.fetch(post('/v1/setup_intents', 'payment_method_types[]=card', 'key-1'));
    expect(later.headers.get('idempotent-replayed')).toBeNull();
    expect(((await later.json()) as { id: string }).id).not.toBe(firstBody.id);
    expect(emulator.store.setupIntents.size).toBe(2);
  });

  it('does not store answers to requests refused for their parameters', async () => {
    const emulator = await createEmulator({ seed: 4, log: () => undefined });
    const refused = await emulator.fetch(post('/v1/setup_intents', 'bogus=1', 'key-2'));
    expect(refused.status).toBe(400);
    const retried = await emulator.fetch(post('/v1/setup_intents', 'payment_method_types[]=card', 'key-2'));
    expect(retried.status).toBe(200);
  });
});
