// PaymentIntent invariants over arbitrary operation sequences: inputs are never mutated; id,
// created and client_secret never change; succeeded and canceled absorb every operation;
// next_action is non-null exactly in requires_action; amount_capturable is non-zero exactly in
// requires_capture and never exceeds the amount; amount_received never exceeds it; every step agrees with the statechart run by
// xstate's own transition(); replaying the same operations gives the same objects.
import fc from 'fast-check';
import { transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EPOCH,
  authenticatePaymentIntent,
  cancelPaymentIntent,
  capturePaymentIntent,
  confirmPaymentIntent,
  createMemoryStore,
  createPaymentIntent,
  paymentIntentMachine,
  updatePaymentIntent,
} from '../../src/index.js';
import type { MemoryStore, PaymentIntentRecord, PaymentIntentResult } from '../../src/index.js';
import { deepFreeze } from '../support/deep-freeze.js';

const CARDS = ['pm_card_visa', 'pm_card_authenticationRequired', 'pm_card_authenticationRequiredOnSetup', 'pm_card_chargeCustomerFail', 'pm_card_chargeDeclined'];

type Op =
  | { readonly kind: 'confirm'; readonly card: string | null; readonly offSession: boolean }
  | { readonly kind: 'update'; readonly card: string | null | ''; readonly amount: number | null }
  | { readonly kind: 'cancel' }
  | { readonly kind: 'capture'; readonly amount: number | null }
  | { readonly kind: 'authenticate'; readonly outcome: 'succeeded' | 'failed' };

const cardArb = fc.constantFrom(...CARDS);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('confirm' as const), card: fc.option(cardArb, { nil: null }), offSession: fc.boolean() }),
  fc.record({ kind: fc.constant('update' as const), card: fc.option(fc.oneof(cardArb, fc.constant('' as const)), { nil: null }), amount: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: null }) }),
  fc.constant({ kind: 'cancel' as const }),
  fc.record({ kind: fc.constant('capture' as const), amount: fc.option(fc.integer({ min: -10, max: 1200 }), { nil: null }) }),
  fc.record({ kind: fc.constant('authenticate' as const), outcome: fc.constantFrom('succeeded' as const, 'failed' as const) }),
);
const scenarioArb = fc.record({ initialCard: fc.option(cardArb, { nil: null }), confirm: fc.boolean(), manual: fc.boolean(), ops: fc.array(opArb, { maxLength: 8 }) });
interface Scenario {
  readonly initialCard: string | null;
  readonly confirm: boolean;
  /** Whether the PaymentIntent is created with `capture_method: manual`. */
  readonly manual: boolean;
  readonly ops: readonly Op[];
}

function apply(store: MemoryStore, record: PaymentIntentRecord, op: Op): PaymentIntentResult {
  const frozen = deepFreeze(structuredClone(record));
  const latest = frozen.intent.latest_charge;
  const related = { charge: latest === null ? undefined : deepFreeze(structuredClone(store.charges.get(latest))) };
  switch (op.kind) {
    case 'confirm':
      return confirmPaymentIntent(frozen, { ...(op.card === null ? {} : { payment_method: op.card }), ...(op.offSession ? { off_session: true } : {}) }, store.env);
    case 'update':
      return updatePaymentIntent(frozen, { ...(op.card === null ? {} : { payment_method: op.card }), ...(op.amount === null ? {} : { amount: op.amount }) }, store.env);
    case 'cancel':
      return cancelPaymentIntent(frozen, {}, store.env, {}, related);
    case 'capture':
      return capturePaymentIntent(frozen, op.amount === null ? {} : { amount_to_capture: op.amount }, store.env, {}, related);
    case 'authenticate':
      return authenticatePaymentIntent(frozen, frozen.pending?.attempt, op.outcome, store.env);
  }
}

function run(scenario: Scenario): { readonly store: MemoryStore; readonly records: PaymentIntentRecord[] } {
  let now = DEFAULT_EPOCH;
  const store = createMemoryStore({ now: () => (now += 1) });
  const created = store.applyPaymentIntent(
    createPaymentIntent({ amount: 1000, currency: 'usd', ...(scenario.manual ? { capture_method: 'manual' as const } : {}), ...(scenario.initialCard === null ? {} : { payment_method: scenario.initialCard }), ...(scenario.confirm && scenario.initialCard !== null ? { confirm: true } : {}) }, store.env),
  );
  if (created.kind === 'refused') throw new Error(created.error.error.message);
  let [snapshot] = [paymentIntentMachine.resolveState({ value: 'requires_payment_method', context: { hasPaymentMethod: false, awaitsAction: false, hasLastPaymentError: false, hasCharge: false, holdsAuthorization: false } })];
  for (const event of created.machineEvents) [snapshot] = transition(paymentIntentMachine, snapshot, event);
  expect(snapshot.value).toBe(created.record.intent.status);
  const records = [created.record];
  let record = created.record;
  for (const op of scenario.ops) {
    const before = record;
    const result = store.applyPaymentIntent(apply(store, record, op));
    if (result.kind === 'refused') {
      expect(store.paymentIntents.get(before.intent.id)).toEqual(before);
      continue;
    }
    // succeeded and canceled absorb every operation but an update of their editable fields.
    if (before.intent.status === 'succeeded' || before.intent.status === 'canceled') expect(op.kind).toBe('update');
    for (const event of result.machineEvents) [snapshot] = transition(paymentIntentMachine, snapshot, event);
    record = result.record;
    expect(snapshot.value).toBe(record.intent.status);
    records.push(record);
  }
  return { store, records };
}

describe('PaymentIntent invariants', () => {
  it('hold over arbitrary operation sequences', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { records } = run(scenario);
        const first = records[0] as PaymentIntentRecord;
        for (const [index, record] of records.entries()) {
          const { intent } = record;
          expect(intent.id).toBe(first.intent.id);
          expect(intent.created).toBe(first.intent.created);
          expect(intent.client_secret).toBe(first.intent.client_secret);
          expect(intent.next_action !== null).toBe(intent.status === 'requires_action');
          expect(record.pending !== null).toBe(intent.status === 'requires_action');
          expect(intent.amount_capturable > 0).toBe(intent.status === 'requires_capture');
          expect(intent.amount_capturable).toBeLessThanOrEqual(intent.amount);
          expect(intent.amount_received).toBeLessThanOrEqual(intent.amount);
          if (intent.status === 'requires_capture') expect(intent.capture_method).toBe('manual');
          const previous = records[index - 1];
          if (previous !== undefined && (previous.intent.status === 'succeeded' || previous.intent.status === 'canceled')) {
            // A final status never changes; only the editable fields may.
            expect(intent.status).toBe(previous.intent.status);
            expect(intent.latest_charge).toBe(previous.intent.latest_charge);
          }
        }
      }),
    );
  });

  it('replaying the same operations gives the same objects', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const a = run(scenario);
        const b = run(scenario);
        expect(b.records).toEqual(a.records);
        expect([...b.store.charges.values()]).toEqual([...a.store.charges.values()]);
        expect(b.store.events).toEqual(a.store.events);
      }),
    );
  });
});
