// Lists walk a maintained index newest first and stop once the page is full, with the answers a
// full sort of every object gives.
import { describe, expect, it } from 'vitest';
import { listSetupIntents } from '../../src/index.js';
import type { SetupIntent, SetupIntentListParams } from '../../src/index.js';
import { listSetupIntentsNewestFirst, pageNewestFirst } from '../../src/operations/list-setup-intents.js';
import { paginate } from '../../src/emulator/pagination.js';
import { create, harness } from './helpers.js';
import type { Harness } from './helpers.js';

/** Wraps an iterable, counting the items taken from it. */
function counted<T>(items: Iterable<T>): { readonly items: Iterable<T>; readonly visited: () => number } {
  let visited = 0;
  return {
    items: {
      *[Symbol.iterator]() {
        for (const item of items) {
          visited += 1;
          yield item;
        }
      },
    },
    visited: () => visited,
  };
}

/** `count` SetupIntents, three per second of `created`, so equal times are common. */
function seeded(count: number): Harness {
  const h = harness();
  const customer = h.store.addCustomer({ name: 'Every fifth' }).id;
  for (let i = 0; i < count; i++) {
    create(h, { payment_method_types: ['card'], ...(i % 5 === 0 ? { customer } : {}) });
    if (i % 3 === 2) h.advance(1);
  }
  return h;
}

const found = (result: ReturnType<typeof listSetupIntents>): unknown => (result.kind === 'found' ? result.value : result.error);

describe('pageNewestFirst', () => {
  const items = Array.from({ length: 10_000 }, (_, i) => ({ id: `obj_${9_999 - i}`, even: i % 2 === 0 }));

  it('reads limit + 1 items for a first page of 10 000', () => {
    const walk = counted(items);
    const page = pageNewestFirst(walk.items, () => true, { limit: 10 });
    expect(page).toEqual({ ok: true, data: items.slice(0, 10), hasMore: true });
    expect(walk.visited()).toBe(11);
  });

  it('reads only up to the page after starting_after, and up to the cursor for ending_before', () => {
    const after = counted(items);
    expect(pageNewestFirst(after.items, () => true, { limit: 5, starting_after: 'obj_9979' })).toEqual({ ok: true, data: items.slice(21, 26), hasMore: true });
    expect(after.visited()).toBe(27);
    const before = counted(items);
    expect(pageNewestFirst(before.items, () => true, { limit: 5, ending_before: 'obj_9979' })).toEqual({ ok: true, data: items.slice(15, 20), hasMore: true });
    expect(before.visited()).toBe(21);
  });

  it('answers what paginate answers over the whole filtered list', () => {
    const small = items.slice(0, 40);
    const even = (item: { readonly even: boolean }): boolean => item.even;
    const filtered = small.filter(even);
    const cursors = [undefined, 'obj_9999', 'obj_9998', 'obj_9981', 'obj_9960', 'obj_missing'];
    for (const limit of [1, 3, 10, 20, 25]) {
      for (const cursor of cursors) {
        for (const side of ['starting_after', 'ending_before'] as const) {
          const params = { limit, ...(cursor === undefined ? {} : { [side]: cursor }) };
          const expected = paginate(filtered, params, '/x', 'thing');
          const actual = pageNewestFirst(small, even, params);
          if (expected.ok) {
            expect(actual).toEqual({ ok: true, data: expected.list.data, hasMore: expected.list.has_more });
          } else {
            expect(actual).toEqual({ ok: false, cursor: side, id: cursor });
          }
        }
      }
    }
  });
});

describe('the memory store\'s SetupIntent index', () => {
  it('answers the first page of 10 000 SetupIntents having visited 11 of them', () => {
    const h = seeded(10_000);
    const walk = counted(h.store.intentsNewestFirst());
    const result = listSetupIntentsNewestFirst(walk.items, { limit: 10 });
    expect(found(result)).toEqual(found(listSetupIntents(h.store.intents(), { limit: 10 })));
    expect(walk.visited()).toBe(11);
  });

  it('stops at the lower bound of a created filter', () => {
    const h = seeded(300);
    const newest = h.store.intents()[299] as SetupIntent;
    const walk = counted(h.store.intentsNewestFirst());
    const result = listSetupIntentsNewestFirst(walk.items, { created: { gte: newest.created - 1 }, limit: 100 });
    // Three per second, the newest second holding the last three of 300: 3 + 3 match, and the walk
    // stops at the first one below the bound.
    expect(result.kind === 'found' ? result.value.data.length : -1).toBe(6);
    expect(walk.visited()).toBe(7);
  });

  it('gives the answers of a full sort, equal created times included', () => {
    const h = seeded(60);
    const all = h.store.intents();
    const customer = String(all[0]?.customer);
    const first = all[0] as SetupIntent;
    const middle = all[31] as SetupIntent;
    const cases: SetupIntentListParams[] = [
      {},
      { limit: 100 },
      { limit: 7, starting_after: middle.id },
      { limit: 7, ending_before: middle.id },
      { limit: 3, ending_before: first.id },
      { customer, limit: 4, starting_after: (all[25] as SetupIntent).id },
      { customer, starting_after: middle.id },
      { created: middle.created },
      { created: { gt: middle.created, lte: middle.created + 4 }, limit: 5 },
      { created: { gte: middle.created, gt: middle.created - 3 } },
      { created: { lt: middle.created }, limit: 2, ending_before: first.id },
      { limit: 0 },
      { starting_after: 'seti_missing' },
      { starting_after: middle.id, ending_before: first.id },
    ];
    for (const params of cases) {
      expect(found(listSetupIntentsNewestFirst(h.store.intentsNewestFirst(), params))).toEqual(found(listSetupIntents(all, params)));
    }
  });

  it('keeps list order when a SetupIntent is created at an earlier time than the last one', () => {
    const h = seeded(9);
    h.advance(-5);
    create(h);
    create(h);
    h.advance(10);
    create(h);
    const all = h.store.intents();
    for (const params of [{ limit: 100 }, { limit: 4, starting_after: (all[9] as SetupIntent).id }]) {
      expect(found(listSetupIntentsNewestFirst(h.store.intentsNewestFirst(), params))).toEqual(found(listSetupIntents(all, params)));
    }
  });

  it('notices SetupIntents set on the map directly, and ones removed from it', () => {
    const h = seeded(6);
    const [first, second] = h.store.intents() as [SetupIntent, SetupIntent];
    const record = h.store.record(first.id);
    if (record === undefined) throw new Error('expected the record');
    h.store.setupIntents.delete(second.id);
    h.store.setupIntents.set('seti_direct1', { ...record, intent: { ...record.intent, id: 'seti_direct1', created: h.now() } });
    h.store.setupIntents.set('seti_direct2', { ...record, intent: { ...record.intent, id: 'seti_direct2', created: h.now() } });
    const listed = listSetupIntentsNewestFirst(h.store.intentsNewestFirst(), { limit: 100 });
    expect(found(listed)).toEqual(found(listSetupIntents(h.store.intents(), { limit: 100 })));
  });
});
