import { describe, expect, it } from 'vitest';
import { listSetupIntents } from '../../src/index.js';
import type { SetupIntent, SetupIntentList, SetupIntentListParams } from '../../src/index.js';
import { create, deepFreeze, expectError, harness } from './helpers.js';
import type { ExpectedError, Harness } from './helpers.js';

/** Creates `count` SetupIntents one second apart; returns them oldest first. */
function seed(h: Harness, count: number, customer?: string): SetupIntent[] {
  const out: SetupIntent[] = [];
  for (let i = 0; i < count; i++) {
    out.push(create(h, { payment_method_types: ['card'], ...(customer === undefined ? {} : { customer }) }).intent);
    h.advance(1);
  }
  return out;
}

function page(intents: readonly SetupIntent[], params: SetupIntentListParams = {}): SetupIntentList {
  const result = listSetupIntents(intents, params);
  if (result.kind !== 'found') throw new Error(`expected a page, got ${result.error.error.message ?? ''}`);
  return result.value;
}

function expectListError(intents: readonly SetupIntent[], params: SetupIntentListParams, expected: ExpectedError): void {
  const result = listSetupIntents(intents, params);
  if (result.kind !== 'refused') throw new Error('expected a refusal');
  expectError(result.error, expected);
}

const ids = (list: SetupIntentList): string[] => list.data.map((intent) => intent.id);

describe('list: envelope, ordering and limit', () => {
  it('an empty list', () => {
    expect(page([])).toEqual({ object: 'list', data: [], has_more: false, url: '/v1/setup_intents' });
  });

  it('returns newest first, 10 by default, with has_more', () => {
    const h = harness();
    const all = seed(h, 12);
    const first = page(h.store.intents());
    expect(ids(first)).toEqual(all.slice(2).reverse().map((i) => i.id));
    expect(first.has_more).toBe(true);
  });

  it('orders intents created in the same second later-created first', () => {
    const h = harness();
    const a = create(h).intent;
    const b = create(h).intent;
    expect(ids(page(h.store.intents()))).toEqual([b.id, a.id]);
  });

  it('limit 1..100 is honoured; has_more is false on the last page', () => {
    const h = harness();
    const all = seed(h, 3);
    expect(ids(page(h.store.intents(), { limit: 1 }))).toEqual([all[2]?.id]);
    expect(page(h.store.intents(), { limit: 3 }).has_more).toBe(false);
    expect(page(h.store.intents(), { limit: 100 }).data).toHaveLength(3);
    expect(page(h.store.intents(), { limit: '2' as unknown as number }).data).toHaveLength(2);
  });

  for (const limit of [0, 101]) {
    it(`limit ${limit} is refused`, () => {
      expectListError([], { limit }, { statusCode: 400, type: 'invalid_request_error', param: 'limit', message: 'Invalid limit: must be between 1 and 100' });
    });
  }

  it('a non-integer limit is parameter_invalid_integer', () => {
    expectListError([], { limit: 'ten' as unknown as number }, {
      statusCode: 400, type: 'invalid_request_error', code: 'parameter_invalid_integer', param: 'limit', message: 'Invalid integer: ten',
    });
  });
});

describe('list: cursors', () => {
  it('starting_after pages towards older intents', () => {
    const h = harness();
    const all = seed(h, 5).reverse();
    const first = page(h.store.intents(), { limit: 2 });
    expect(ids(first)).toEqual([all[0]?.id, all[1]?.id]);
    const second = page(h.store.intents(), { limit: 2, starting_after: all[1]?.id ?? '' });
    expect(ids(second)).toEqual([all[2]?.id, all[3]?.id]);
    expect(second.has_more).toBe(true);
    const last = page(h.store.intents(), { limit: 2, starting_after: all[3]?.id ?? '' });
    expect(ids(last)).toEqual([all[4]?.id]);
    expect(last.has_more).toBe(false);
  });

  it('ending_before pages back towards newer intents', () => {
    const h = harness();
    const all = seed(h, 5).reverse();
    const before = page(h.store.intents(), { limit: 2, ending_before: all[4]?.id ?? '' });
    expect(ids(before)).toEqual([all[2]?.id, all[3]?.id]);
    expect(before.has_more).toBe(true);
    const top = page(h.store.intents(), { limit: 2, ending_before: all[1]?.id ?? '' });
    expect(ids(top)).toEqual([all[0]?.id]);
    expect(top.has_more).toBe(false);
  });

  // Recorded live at 2026-08-26.dahlia (test/fixtures/recordings/stripe-world-09-error-envelope-400s.json): no code, no param.
  it('starting_after and ending_before are exclusive', () => {
    const h = harness();
    const [a, b] = seed(h, 2);
    expectListError(h.store.intents(), { starting_after: a?.id ?? '', ending_before: b?.id ?? '' }, {
      statusCode: 400, type: 'invalid_request_error',
      message: 'Received both starting_after and ending_before parameters. Please pass in only one.',
    });
  });

  for (const cursor of ['starting_after', 'ending_before'] as const) {
    it(`an unknown ${cursor} cursor is resource_missing (400)`, () => {
      const h = harness();
      seed(h, 2);
      expectListError(h.store.intents(), { [cursor]: 'seti_missing' }, {
        statusCode: 400, type: 'invalid_request_error', code: 'resource_missing', param: cursor, message: "No such setupintent: 'seti_missing'",
      });
    });
  }
});

describe('list: filters', () => {
  it('customer filter', () => {
    const h = harness();
    const alice = h.store.addCustomer();
    const bob = h.store.addCustomer();
    const hers = seed(h, 2, alice.id);
    seed(h, 3, bob.id);
    seed(h, 1);
    expect(ids(page(h.store.intents(), { customer: alice.id }))).toEqual(hers.reverse().map((i) => i.id));
  });

  it('created: exact value and gt/gte/lt/lte ranges', () => {
    const h = harness();
    const all = seed(h, 5);
    const t = (i: number): number => all[i]?.created ?? -1;
    const at = (params: SetupIntentListParams): (string | undefined)[] => ids(page(h.store.intents(), params));
    expect(at({ created: t(2) })).toEqual([all[2]?.id]);
    expect(at({ created: { gt: t(2) } })).toEqual([all[4]?.id, all[3]?.id]);
    expect(at({ created: { gte: t(2) } })).toEqual([all[4]?.id, all[3]?.id, all[2]?.id]);
    expect(at({ created: { lt: t(1) } })).toEqual([all[0]?.id]);
    expect(at({ created: { gte: t(1), lte: t(3) } })).toEqual([all[3]?.id, all[2]?.id, all[1]?.id]);
  });

  it('an unknown created operator is parameter_unknown', () => {
    expectListError([], { created: { eq: 1 } as unknown as number }, {
      statusCode: 400, type: 'invalid_request_error', code: 'parameter_unknown', param: 'created[eq]', message: 'Received unknown parameter: created[eq]',
    });
  });

  it('payment_method and attach_to_self filters', () => {
    const h = harness();
    const withPm = create(h, { payment_method_types: ['card'], payment_method: 'pm_card_visa' }).intent;
    const selfAttached = create(h, { payment_method_types: ['card'], attach_to_self: true }).intent;
    const plain = create(h).intent;
    expect(ids(page(h.store.intents(), { payment_method: withPm.payment_method ?? '' }))).toEqual([withPm.id]);
    expect(ids(page(h.store.intents(), { attach_to_self: true }))).toEqual([selfAttached.id]);
    expect(ids(page(h.store.intents(), { attach_to_self: false }))).toEqual([plain.id, withPm.id]);
  });

  it('does not mutate a frozen input list', () => {
    const h = harness();
    seed(h, 3);
    const intents = deepFreeze(h.store.intents());
    const before = structuredClone(intents);
    expect(() => listSetupIntents(intents, { limit: 2 })).not.toThrow();
    expect(intents).toEqual(before);
  });
});
