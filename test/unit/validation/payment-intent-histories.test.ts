// The webhook-log validator judges PaymentIntent histories against the PaymentIntent statechart:
// real logs from the reducers are valid; edited ones name the event at fault.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EPOCH,
  authenticatePaymentIntent,
  cancelPaymentIntent,
  capturePaymentIntent,
  confirmPaymentIntent,
  commitOfRefundResult,
  createMemoryStore,
  createPaymentIntent,
  createRefund,
  validateEventSequence,
} from '../../../src/index.js';
import type { PaymentIntentResult } from '../../../src/index.js';
import { copyEvents } from '../../support/event-log.js';
import type { LogEvent } from '../../support/event-log.js';

/** A log with an off-session decline, the on-session recovery through 3D Secure, a paid card, a declined card and a cancel. */
function paymentLog(): { readonly events: LogEvent[]; readonly recovered: string; readonly paid: string } {
  let now = DEFAULT_EPOCH;
  const store = createMemoryStore({ now: () => (now += 1) });
  const run = (result: PaymentIntentResult): PaymentIntentResult => store.applyPaymentIntent(result);
  const customer = store.addCustomer({}).id;
  const declined = run(createPaymentIntent({ amount: 500, currency: 'usd', customer, payment_method: 'pm_card_authenticationRequired', off_session: true, confirm: true }, store.env));
  if (declined.kind !== 'failed') throw new Error('expected authentication_required');
  const waiting = run(confirmPaymentIntent(declined.record, { payment_method: declined.error.error.payment_intent?.last_payment_error?.payment_method?.id as string }, store.env));
  if (waiting.kind !== 'applied') throw new Error('expected requires_action');
  run(authenticatePaymentIntent(waiting.record, waiting.record.pending?.attempt, 'succeeded', store.env));
  const paid = run(createPaymentIntent({ amount: 700, currency: 'usd', customer, payment_method: 'pm_card_visa', confirm: true }, store.env));
  run(createPaymentIntent({ amount: 800, currency: 'usd', customer, payment_method: 'pm_card_chargeCustomerFail', confirm: true }, store.env));
  const open = run(createPaymentIntent({ amount: 900, currency: 'usd' }, store.env));
  if (open.kind === 'applied') run(cancelPaymentIntent(open.record, {}, store.env));
  return { events: copyEvents(store.events), recovered: declined.record.intent.id, paid: paid.kind === 'refused' ? '' : paid.record.intent.id };
}

const ofIntent = (events: readonly LogEvent[], id: string, type: string): LogEvent =>
  events.find((event) => event.type === type && (event.data.object as { id?: string }).id === id) as LogEvent;

describe('PaymentIntent histories', () => {
  it('a real log of the modelled flows is valid, and counts its PaymentIntents', () => {
    const { events } = paymentLog();
    const report = validateEventSequence(events);
    expect(report.issues).toEqual([]);
    expect(report.valid).toBe(true);
    expect(report.stats.payment_intents).toBe(4);
    expect(report.stats.payment_intents_with_issues).toBe(0);
    expect(report.notes.filter((note) => note.code === 'event_type_not_checked')).toEqual([]);
  });

  it('an event after payment_intent.succeeded is event_after_final, naming the PaymentIntent', () => {
    const { events, paid } = paymentLog();
    const late = structuredClone(ofIntent(events, paid, 'payment_intent.created'));
    late.id = 'evt_late';
    late.type = 'payment_intent.payment_failed';
    late.created += 100;
    (late.data.object as Record<string, unknown>)['status'] = 'requires_payment_method';
    (late.data.object as Record<string, unknown>)['last_payment_error'] = { type: 'card_error' };
    const report = validateEventSequence([...events, late]);
    expect(report.valid).toBe(false);
    expect(report.issues).toContainEqual(expect.objectContaining({ code: 'event_after_final', event_id: 'evt_late', payment_intent: paid, setup_intent: null }));
    expect(report.stats.payment_intents_with_issues).toBe(1);
  });

  it('a payment_failed without last_payment_error and a requires_action without next_action are caught', () => {
    const { events, recovered } = paymentLog();
    const failed = ofIntent(events, recovered, 'payment_intent.payment_failed');
    (failed.data.object as Record<string, unknown>)['last_payment_error'] = null;
    const action = ofIntent(events, recovered, 'payment_intent.requires_action');
    (action.data.object as Record<string, unknown>)['next_action'] = null;
    const codes = validateEventSequence(events).issues.map((issue) => issue.code);
    expect(codes).toContain('missing_last_payment_error');
    expect(codes).toContain('missing_next_action');
  });

  it('a status the event type cannot show is type_status_mismatch', () => {
    const { events, recovered } = paymentLog();
    // payment_intent.succeeded can only show succeeded (the target of every transition that sends it).
    const succeeded = ofIntent(events, recovered, 'payment_intent.succeeded');
    (succeeded.data.object as Record<string, unknown>)['status'] = 'requires_action';
    const report = validateEventSequence(events);
    expect(report.issues.map((issue) => issue.code)).toContain('type_status_mismatch');
  });

  it('a charge event carrying the wrong object is type_object_mismatch; an unknown payment_intent type is unknown_event_type', () => {
    const { events, paid } = paymentLog();
    const charge = events.find((event) => event.type === 'charge.succeeded') as LogEvent;
    (charge.data.object as Record<string, unknown>)['status'] = 'failed';
    const unknown = structuredClone(ofIntent(events, paid, 'payment_intent.created'));
    unknown.id = 'evt_unknown';
    unknown.type = 'payment_intent.updated';
    const codes = validateEventSequence([...events, unknown]).issues.map((issue) => issue.code);
    expect(codes).toContain('type_object_mismatch');
    expect(codes).toContain('unknown_event_type');
  });
});

describe('manual-capture histories', () => {
  /** A log with a hold captured in part, and a hold released by a cancel. */
  function manualLog(): LogEvent[] {
    let now = DEFAULT_EPOCH;
    const store = createMemoryStore({ now: () => (now += 1) });
    const customer = store.addCustomer({}).id;
    const hold = (amount: number) =>
      store.applyPaymentIntent(createPaymentIntent({ amount, currency: 'usd', customer, payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' }, store.env));
    const chargeOf = (result: PaymentIntentResult) => (result.kind === 'refused' ? undefined : store.charges.get(result.record.intent.latest_charge ?? ''));
    const captured = hold(6500);
    if (captured.kind !== 'applied') throw new Error('expected a hold');
    store.applyPaymentIntent(capturePaymentIntent(captured.record, { amount_to_capture: 5000 }, store.env, {}, { charge: chargeOf(captured) }));
    const released = hold(2500);
    if (released.kind !== 'applied') throw new Error('expected a hold');
    store.applyPaymentIntent(cancelPaymentIntent(released.record, {}, store.env, {}, { charge: chargeOf(released) }));
    return copyEvents(store.events);
  }

  it('a real log of holds, a capture and a release is valid', () => {
    const events = manualLog();
    expect(events.map((event) => event.type)).toContain('payment_intent.amount_capturable_updated');
    const report = validateEventSequence(events);
    expect(report.issues).toEqual([]);
    expect(report.stats.payment_intents).toBe(2);
    expect(report.notes.filter((note) => note.code === 'event_type_not_checked')).toEqual([]);
  });

  it('payment_intent.amount_capturable_updated can only show requires_capture', () => {
    const events = manualLog();
    const held = events.find((event) => event.type === 'payment_intent.amount_capturable_updated') as LogEvent;
    (held.data.object as Record<string, unknown>)['status'] = 'succeeded';
    expect(validateEventSequence(events).issues.map((issue) => issue.code)).toContain('type_status_mismatch');
  });
});

describe('refund histories', () => {
  /** A log with a payment refunded in part, then the rest. */
  function refundLog(): LogEvent[] {
    let now = DEFAULT_EPOCH;
    const store = createMemoryStore({ now: () => (now += 1) });
    const customer = store.addCustomer({}).id;
    const paid = store.applyPaymentIntent(createPaymentIntent({ amount: 5000, currency: 'usd', customer, payment_method: 'pm_card_visa', confirm: true }, store.env));
    if (paid.kind !== 'applied') throw new Error('expected a payment');
    const lookups = { charge: (id: string) => store.charges.get(id), paymentIntent: (id: string) => store.paymentIntents.get(id)?.intent };
    store.commit(commitOfRefundResult(createRefund({ payment_intent: paid.record.intent.id, amount: 1500 }, store.env, {}, lookups)));
    store.commit(commitOfRefundResult(createRefund({ payment_intent: paid.record.intent.id }, store.env, {}, lookups)));
    return copyEvents(store.events);
  }

  it('partial refunds are valid: charge.refunded is sent for them too, with refunded still false', () => {
    // "Occurs whenever a charge is refunded, including partial refunds." (https://docs.stripe.com/api/events/types)
    const events = refundLog();
    const refundedEvents = events.filter((event) => event.type === 'charge.refunded').map((event) => event.data.object as { refunded: boolean; amount_refunded: number });
    expect(refundedEvents.map(({ refunded, amount_refunded }) => [refunded, amount_refunded])).toEqual([
      [false, 1500],
      [true, 5000],
    ]);
    const report = validateEventSequence(events);
    expect(report.issues).toEqual([]);
    expect(report.notes.filter((note) => note.code === 'event_type_not_checked')).toEqual([]);
  });

  it('charge.refunded with nothing refunded, or refund.created without a refund, is type_object_mismatch', () => {
    const events = refundLog();
    const refunded = events.find((event) => event.type === 'charge.refunded') as LogEvent;
    (refunded.data.object as Record<string, unknown>)['amount_refunded'] = 0;
    const created = events.find((event) => event.type === 'refund.created') as LogEvent;
    (created.data.object as Record<string, unknown>)['object'] = 'charge';
    const mismatched = validateEventSequence(events).issues.filter((issue) => issue.code === 'type_object_mismatch').map((issue) => issue.event_id);
    expect(mismatched).toEqual([refunded.id, created.id]);
  });
});
