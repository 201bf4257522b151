import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEnvironment } from '../../src/core/environment.js';
import type { SecretBytes } from '../../src/core/ids.js';
import { createSeededIdGenerator, resumeSeededIdGenerator } from '../../src/core/ids.js';
import { createSetupIntent } from '../../src/operations/create-setup-intent.js';

/** HMAC-SHA256 under a fixed test key (what the emulator does with a random one). */
function keyed(key: string): SecretBytes {
  return (message) => createHmac('sha256', key).update(message).digest();
}

function clientSecretOf(env: ReturnType<typeof createEnvironment>): { id: string; secret: string } {
  const created = createSetupIntent({ payment_method_types: ['card'] }, env);
  if (created.kind === 'refused') throw new Error('refused');
  return { id: created.record.intent.id, secret: created.record.intent.client_secret ?? '' };
}

describe('secrets of a seeded id generator', () => {
  it('without a secret source, tokens derive from the seed: the same seed predicts them (embedders, tests)', () => {
    const a = createSeededIdGenerator(42);
    const b = createSeededIdGenerator(42);
    expect([a.id('cus'), a.token(25), a.token(32)]).toEqual([b.id('cus'), b.token(25), b.token(32)]);
    expect(clientSecretOf(createEnvironment({ seed: 3 }))).toEqual(clientSecretOf(createEnvironment({ seed: 3 })));
  });

  it('with a keyed source, the same seed gives the same ids but other tokens under another key', () => {
    const plain = createSeededIdGenerator(42);
    const a = createSeededIdGenerator(42, { secretBytes: keyed('key-a') });
    const b = createSeededIdGenerator(42, { secretBytes: keyed('key-b') });
    const drawn = (g: typeof a): string[] => [g.id('cus'), g.token(25), g.id('seti'), g.token(32), g.token(16)];
    const [fromPlain, fromA, fromB] = [drawn(plain), drawn(a), drawn(b)];
    expect([fromA[0], fromA[2]]).toEqual([fromPlain[0], fromPlain[2]]);
    expect([fromB[0], fromB[2]]).toEqual([fromPlain[0], fromPlain[2]]);
    for (const index of [1, 3, 4]) {
      expect(fromA[index]).not.toBe(fromPlain[index]);
      expect(fromA[index]).not.toBe(fromB[index]);
    }
    expect(fromA[1]).toMatch(/^[0-9A-Za-z]{25}$/);
    expect(fromA[3]).toMatch(/^[0-9A-Za-z]{32}$/);
    expect(fromA[4]).toMatch(/^[0-9A-Za-z]{16}$/);
  });

  it('a client secret is not predicted from the seed once the environment has a secret source', () => {
    const predicted = clientSecretOf(createEnvironment({ seed: 9 }));
    const actual = clientSecretOf(createEnvironment({ seed: 9, secretBytes: keyed('not-known-to-the-attacker') }));
    expect(actual.id).toBe(predicted.id);
    expect(actual.secret.startsWith(`${actual.id}_secret_`)).toBe(true);
    expect(actual.secret).not.toBe(predicted.secret);
  });

  it('replays keyed tokens exactly from a checkpoint under the same key', () => {
    const first = createSeededIdGenerator(7, { secretBytes: keyed('k') });
    first.id('pm');
    const mark = first.checkpoint();
    const expected = [first.token(25), first.id('we'), first.token(32)];
    const resumed = resumeSeededIdGenerator(mark, false, { secretBytes: keyed('k') });
    expect([resumed.token(25), resumed.id('we'), resumed.token(32)]).toEqual(expected);
    first.restore(mark);
    expect([first.token(25), first.id('we'), first.token(32)]).toEqual(expected);
  });

  it('never repeats a token of one length across many draws', () => {
    const g = createSeededIdGenerator(1, { secretBytes: keyed('k') });
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(g.token(8));
    expect(seen.size).toBe(2000);
  });

  it('throws when the secret source yields no usable byte', () => {
    const g = createSeededIdGenerator(1, { secretBytes: () => new Uint8Array(32).fill(255) });
    expect(() => g.token(4)).toThrow(RangeError);
  });
});
