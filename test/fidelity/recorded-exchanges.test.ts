// Fidelity to live Stripe: every fixture under test/fixtures/recordings/ (responses recorded from
// live test-mode Stripe, see its README.md) is replayed against a fresh emulator, and each answer is
// compared with the recorded one. Set FIDELITY_DIFFERENCES_FILE to also write every difference found
// as JSON.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compareBodies, formatDifference, mapIdsInText } from './compare-recorded.js';
import type { ExchangeDifference, RecordedFixture } from './replay-recorded.js';
import { encodeForm, replayFixture } from './replay-recorded.js';

const RECORDINGS = fileURLToPath(new URL('../fixtures/recordings/', import.meta.url));
const FIXTURES = readdirSync(RECORDINGS)
  .filter((name) => name.endsWith('.json'))
  .sort();

describe('the comparator of recorded and emulated bodies', () => {
  it('finds nothing between a body and itself, and learns the ids it meets', () => {
    const ids = new Map<string, string>();
    const recorded = { id: 'seti_1A', object: 'setup_intent', status: 'succeeded', created: 1, customer: 'cus_X' };
    const emulated = { id: 'seti_9Z', object: 'setup_intent', status: 'succeeded', created: 2, customer: 'cus_Y' };
    expect(compareBodies(recorded, emulated, ids)).toEqual([]);
    expect(ids.get('seti_1A')).toBe('seti_9Z');
    expect(ids.get('cus_X')).toBe('cus_Y');
  });

  it('reports missing and extra keys, types, enum values, lengths and wrong references with their paths', () => {
    const ids = new Map([['pm_REC', 'pm_EMU']]);
    const recorded = {
      status: 'requires_payment_method',
      next_action: null,
      payment_method_types: ['card'],
      last_setup_error: { code: 'card_declined', advice_code: 'try_again_later', payment_method: 'pm_REC' },
      metadata: { a: '1' },
    };
    const emulated = {
      status: 'requires_confirmation',
      next_action: { type: 'use_stripe_sdk' },
      payment_method_types: ['card', 'link'],
      last_setup_error: { code: 'card_declined', payment_method: 'pm_OTHER', extra: true },
      metadata: { a: '2' },
    };
    const found = compareBodies(recorded, emulated, ids).map((d) => `${d.path} ${d.kind}`);
    expect(found).toEqual([
      '$.status value',
      '$.next_action type',
      '$.payment_method_types length',
      '$.last_setup_error.advice_code missing-key',
      '$.last_setup_error.payment_method reference',
      '$.last_setup_error.extra extra-key',
      '$.metadata value',
    ]);
  });

  it('compares messages after substituting the mapped ids, and ignores volatile values', () => {
    const ids = new Map([['cus_REC', 'cus_EMU']]);
    const recorded = { error: { message: "No such customer: 'cus_REC'", request_log_url: 'https://x', type: 'invalid_request_error' } };
    expect(compareBodies(recorded, { error: { message: "No such customer: 'cus_EMU'", request_log_url: 'https://y', type: 'invalid_request_error' } }, ids)).toEqual([]);
    const wrong = compareBodies(recorded, { error: { message: 'No such customer', request_log_url: 'y', type: 'invalid_request_error' } }, ids);
    expect(wrong.map(formatDifference)).toEqual([`$.error.message value: recorded "No such customer: 'cus_REC'", emulator "No such customer"`]);
    expect(mapIdsInText('The PaymentMethod pm_A belongs to cus_REC', ids)).toBe('The PaymentMethod pm_A belongs to cus_EMU');
  });

  it('lets keys rolled out after a recording through only where the fixture names them', () => {
    const recorded = { object: 'customer', email: null };
    const emulated = { object: 'customer', email: null, customer_account: null };
    expect(compareBodies(recorded, emulated, new Map()).map((d) => `${d.path} ${d.kind}`)).toEqual(['$.customer_account extra-key']);
    expect(compareBodies(recorded, emulated, new Map(), { laterKeys: new Set(['customer_account']) })).toEqual([]);
    // A key live Stripe sends is still demanded.
    expect(compareBodies(emulated, recorded, new Map(), { laterKeys: new Set(['customer_account']) }).map((d) => d.kind)).toEqual(['missing-key']);
  });

  it('encodes parameters as Stripe clients do', () => {
    expect(decodeURIComponent(encodeForm({ card: { token: 'tok_visa' }, amounts: [32, 45], confirm: true }))).toBe(
      'card[token]=tok_visa&amounts[0]=32&amounts[1]=45&confirm=true',
    );
  });
});

describe('recorded live Stripe exchanges replayed against the emulator', () => {
  const all: Record<string, ExchangeDifference[]> = {};

  afterAll(() => {
    const out = process.env['FIDELITY_DIFFERENCES_FILE'];
    if (out !== undefined && out !== '') writeFileSync(out, `${JSON.stringify(all, null, 1)}\n`);
  });

  for (const name of FIXTURES) {
    it(`answers as recorded in ${name}`, async () => {
      const fixture = JSON.parse(readFileSync(join(RECORDINGS, name), 'utf8')) as RecordedFixture;
      const differences = await replayFixture(fixture);
      all[name] = differences;
      expect(differences.map((d) => `#${d.exchange} ${d.request}: ${formatDifference(d)}`)).toEqual([]);
    });
  }
});
