import { describe, expect, it } from 'vitest';
import { commitOfSetupIntentResult } from '../../../src/core/commit.js';
import type { OperationResult } from '../../../src/core/operation-result.js';
import type { EmulatorState } from '../../../src/emulator/emulator-state.js';
import { createEmulatorState } from '../../../src/emulator/emulator-state.js';
import { expandResponse } from '../../../src/emulator/expand.js';
import { paginate } from '../../../src/emulator/pagination.js';
import { confirmSetupIntent } from '../../../src/operations/confirm-setup-intent.js';
import { createSetupIntent } from '../../../src/operations/create-setup-intent.js';

/** Commits an operation's result to the state, as a route does, and returns the result. */
function commitTo<R extends OperationResult>(state: EmulatorState, result: R): R {
  state.commit(commitOfSetupIntentResult(result));
  return result;
}

function stateWithSetup() {
  const state = createEmulatorState({ seed: 5, environment: {} });
  state.time = 1_800_000_000;
  const created = commitTo(state, createSetupIntent({ payment_method_types: ['card'] }, state.store.env));
  if (created.kind === 'refused') throw new Error('refused');
  const confirmed = commitTo(state, confirmSetupIntent(created.record, { payment_method: 'pm_card_visa' }, state.store.env));
  if (confirmed.kind === 'refused') throw new Error('refused');
  return { state, intent: confirmed.record.intent };
}

describe('expandResponse', () => {
  it('replaces ids with their objects, nested and inside lists, without touching stored objects', () => {
    const { state, intent } = stateWithSetup();
    const expanded = expandResponse(state, intent, ['latest_attempt.payment_method', 'payment_method']);
    expect(expanded.ok).toBe(true);
    const value = (expanded as { value: { latest_attempt: { object: string; payment_method: { object: string } }; payment_method: { id: string } } }).value;
    expect(value.latest_attempt.object).toBe('setup_attempt');
    expect(value.latest_attempt.payment_method.object).toBe('payment_method');
    expect(value.payment_method.id).toBe(intent.payment_method);
    expect(state.store.setupIntents.get(intent.id)?.intent.latest_attempt).toBe(intent.latest_attempt);
    const list = expandResponse(state, { object: 'list', data: [intent], has_more: false, url: '/v1/setup_intents' }, ['data.latest_attempt']);
    expect((list as { value: { data: { latest_attempt: { object: string } }[] } }).value.data[0]?.latest_attempt.object).toBe('setup_attempt');
  });

  it('keeps null fields null and refuses fields that cannot be expanded or go too deep', () => {
    const { state, intent } = stateWithSetup();
    expect(expandResponse(state, intent, ['customer'])).toMatchObject({ ok: true, value: { customer: null } });
    expect(expandResponse(state, intent, ['status'])).toMatchObject({ ok: false, error: { statusCode: 400 } });
    expect(expandResponse(state, intent, ['a.b.c.d.e'])).toMatchObject({ ok: false, error: { statusCode: 400 } });
    expect(expandResponse(state, { object: 'list', data: [] }, ['data'])).toMatchObject({ ok: false });
  });
});

describe('paginate', () => {
  const items = Array.from({ length: 25 }, (_, index) => ({ id: `obj_${String(25 - index).padStart(2, '0')}` }));

  it('pages newest first in both directions', () => {
    const first = paginate(items, { limit: 10 }, '/v1/x', 'x');
    expect(first).toMatchObject({ ok: true, list: { has_more: true } });
    const firstIds = first.ok ? first.list.data.map((item) => item.id) : [];
    expect(firstIds[0]).toBe('obj_25');
    const second = paginate(items, { limit: 10, starting_after: firstIds[9] ?? '' }, '/v1/x', 'x');
    expect(second.ok && second.list.data[0]?.id).toBe('obj_15');
    const back = paginate(items, { limit: 10, ending_before: 'obj_15' }, '/v1/x', 'x');
    expect(back.ok && back.list.data.map((item) => item.id)).toEqual(firstIds);
    expect(back.ok && back.list.has_more).toBe(false);
    const last = paginate(items, { limit: 10, starting_after: 'obj_06' }, '/v1/x', 'x');
    expect(last.ok && [last.list.data.length, last.list.has_more]).toEqual([5, false]);
  });

  it('refuses bad limits, both cursors, and unknown cursors', () => {
    expect(paginate(items, { limit: 0 }, '/v1/x', 'x').ok).toBe(false);
    expect(paginate(items, { limit: 101 }, '/v1/x', 'x').ok).toBe(false);
    // Recorded live at 2026-08-26.dahlia (test/fixtures/recordings/stripe-world-09-error-envelope-400s.json).
    expect(paginate(items, { starting_after: 'obj_01', ending_before: 'obj_02' }, '/v1/x', 'x')).toMatchObject({
      ok: false,
      error: { error: { message: 'Received both starting_after and ending_before parameters. Please pass in only one.' } },
    });
    expect(paginate(items, { starting_after: 'nope' }, '/v1/x', 'x')).toMatchObject({ ok: false, error: { error: { code: 'resource_missing' } } });
  });
});
