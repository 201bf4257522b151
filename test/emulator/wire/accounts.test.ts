// The key -> account rule, and the pieces an account is made of: a state that empties in place,
// a clock that drops its advances, one id generator shared by every account.
import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT, accountOfKey, createEmulatorAccounts } from '../../../src/emulator/accounts.js';
import { createEmulatorClock } from '../../../src/emulator/clock.js';
import { createEmulatorState } from '../../../src/emulator/emulator-state.js';
import { createSetupIntent } from '../../../src/operations/create-setup-intent.js';
import { commitOfSetupIntentResult } from '../../../src/core/commit.js';

describe('accountOfKey', () => {
  it.each([
    ['sk_test_acct_w1_secret', 'acct_w1'],
    ['pk_test_acct_w1_publishable', 'acct_w1'],
    ['rk_test_acct_w1_restricted', 'acct_w1'],
    ['sk_test_acct_A', 'acct_A'],
    ['pk_test_acct_A_x_y_z', 'acct_A'],
    ['sk_test_acct_B_secret', 'acct_B'],
    ['sk_test_acct_default_x', DEFAULT_ACCOUNT],
  ])('a key that starts its suffix with acct_<name> belongs to that account: %s -> %s', (key, account) => {
    expect(accountOfKey(key)).toBe(account);
  });

  it.each(['sk_test_123', 'sk_test_anything', 'sk_test_e2e_secret', 'pk_test_e2e_publishable', 'sk_test_x', 'rk_test_abc', 'sk_test_51HxYzAbCdEf', 'sk_test_acct_', 'sk_test_acct__x', 'sk_test_account_x', 'sk_test_xacct_A'])(
    'every other key belongs to the default account: %s',
    (key) => {
      expect(accountOfKey(key)).toBe(DEFAULT_ACCOUNT);
    },
  );

  it('names accounts case-sensitively, as keys are', () => {
    expect(accountOfKey('sk_test_acct_a_1')).not.toBe(accountOfKey('sk_test_acct_A_1'));
  });
});

describe('createEmulatorAccounts', () => {
  it('starts with the default account and creates others on first use, once', () => {
    const accounts = createEmulatorAccounts({ seed: 3, environment: {} });
    expect(accounts.all().map((account) => account.id)).toEqual([DEFAULT_ACCOUNT]);
    const first = accounts.get('acct_w1');
    expect(accounts.get('acct_w1')).toBe(first);
    expect(accounts.get(DEFAULT_ACCOUNT)).toBe(accounts.default);
    expect(accounts.all().map((account) => account.id)).toEqual([DEFAULT_ACCOUNT, 'acct_w1']);
  });

  it('draws every account’s ids from one generator, so they never collide, and finds the holder of an id', () => {
    const accounts = createEmulatorAccounts({ seed: 3, environment: {} });
    const a = accounts.get('acct_a');
    const b = accounts.get('acct_b');
    const inA = createSetupIntent({ payment_method_types: ['card'] }, a.environmentAt(a.state.store.env.apiVersion));
    a.state.commit(commitOfSetupIntentResult(inA));
    const inB = createSetupIntent({ payment_method_types: ['card'] }, b.environmentAt(b.state.store.env.apiVersion));
    b.state.commit(commitOfSetupIntentResult(inB));
    const idA = inA.kind === 'applied' ? inA.record.intent.id : '';
    const idB = inB.kind === 'applied' ? inB.record.intent.id : '';
    expect(idA).toMatch(/^seti_/);
    expect(idB).not.toBe(idA);
    expect(accounts.holding(idA)).toBe(a);
    expect(accounts.holding(idB)).toBe(b);
    expect(accounts.holding('seti_unknown')).toBeUndefined();
    expect(a.state.store.setupIntents.has(idB)).toBe(false);
  });

  it('gives each account its own clock', () => {
    let wall = 1_000_000;
    const accounts = createEmulatorAccounts({ seed: 3, environment: {}, wallClockMs: () => wall });
    accounts.get('acct_a').clock.advance(600);
    wall += 1000;
    expect(accounts.get('acct_a').clock.now()).toBe(1001 + 600);
    expect(accounts.default.clock.now()).toBe(1001);
  });
});

describe('EmulatorState.clear', () => {
  it('empties the state in place and counts what it removed', () => {
    const state = createEmulatorState({ seed: 4, environment: {} });
    const store = state.store;
    const events = store.events;
    const created = createSetupIntent({ payment_method_types: ['card'] }, store.env);
    state.commit(commitOfSetupIntentResult(created));
    store.addCustomer({ email: 'c@example.com' });
    state.idempotency.set('sk_test_x|k1', { fingerprint: 'f', answer: { status: 200, body: {} }, requestId: 'req_1', createdAt: 0 });
    state.idempotency.set('sk_test_x|k2', { fingerprint: 'f', answer: null, requestId: 'req_2', createdAt: 0 });
    expect(state.takeNewEvents().length).toBe(1);

    const cleared = state.clear();
    expect(cleared).toEqual({
      charges: 0,
      customers: 1,
      events: 1,
      idempotency_keys: 1,
      mandates: 0,
      payment_intents: 0,
      payment_methods: 0,
      refunds: 0,
      setup_attempts: 0,
      setup_intents: 1,
      webhook_endpoints: 0,
    });
    expect(state.store).toBe(store);
    expect(store.events).toBe(events);
    expect(events).toEqual([]);
    expect(store.setupIntents.size + store.customers.size + state.idempotency.size + state.eventsById.size).toBe(0);
    expect(state.earliestDue()).toBeNull();

    // The fan-out cursor starts again at the (now empty) log's beginning.
    const again = createSetupIntent({ payment_method_types: ['card'] }, store.env);
    state.commit(commitOfSetupIntentResult(again));
    expect(state.takeNewEvents().map((event) => event.type)).toEqual(['setup_intent.created']);
  });
});

describe('EmulatorClock.reset', () => {
  it('drops every advance, so the clock reads the wall clock again', () => {
    const clock = createEmulatorClock(() => 5_000_000);
    clock.advance(86_400);
    expect(clock.now()).toBe(5000 + 86_400);
    clock.reset();
    expect(clock.offset()).toBe(0);
    expect(clock.now()).toBe(5000);
  });
});
