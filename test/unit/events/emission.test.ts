// The events each operation emits (spec §6): which types, in which order, and the exact envelope
// around a snapshot of the object at that moment.
import { describe, expect, it } from 'vitest';
import {
  API_VERSION,
  advanceTime,
  cancelSetupIntent,
  completeCustomerAction,
  confirmSetupIntent,
  createEnvironment,
  createMemoryStore,
  createSetupIntent,
  expireSetupAttempt,
  settleProcessing,
  updateSetupIntent,
  verifyMicrodeposits,
} from '../../../src/index.js';
import type {
  CallerAccess,
  EventRequest,
  OperationResult,
  PaymentMethod,
  SetupIntent,
  SetupIntentCreateParams,
  SetupIntentRecord,
  StripeEvent,
  StripeEventType,
} from '../../../src/index.js';
import { TEST_CATALOGUE } from '../../support/run-sequence.js';
import {
  DAY,
  MANUAL_ACH,
  ONLINE_MANDATE,
  RETURN_URL,
  applied,
  confirm,
  create,
  failed,
  harness,
  inCanceled,
  inProcessing,
  inRequiresActionMicrodeposits,
  inRequiresActionThreeDS,
  inRequiresConfirmation,
  inRequiresPaymentMethod,
  inSucceeded,
  paymentMethodOf,
  refusal,
  storedPaymentMethod,
} from '../helpers.js';
import type { Harness } from '../helpers.js';

const ID = /^[0-9A-Za-z]{24}$/;
const EVENT_ID = /^evt_[0-9A-Za-z]{24}$/;
const REQUEST_ID = /^req_[0-9A-Za-z]{24}$/;

/** The request of an event Stripe causes on its own. */
const STRIPE_SIDE: EventRequest = { id: null, idempotency_key: null };
/** The request of an API call made without naming one: a fresh `req_` id, no idempotency key. */
const FRESH_REQUEST = { id: expect.stringMatching(REQUEST_ID), idempotency_key: null };

/** The events of an applied or failed result (a refusal has none to give). */
function eventsOf(result: OperationResult): readonly StripeEvent[] {
  if (result.kind === 'refused') {
    throw new Error(`expected events, got a refusal: ${result.error.error.message}`);
  }
  return result.events;
}

function typesOf(events: readonly StripeEvent[]): StripeEventType[] {
  return events.map((event) => event.type);
}

/** Checks every field of an event's envelope and its snapshot, and that no other field is there. */
function expectEvent(
  h: Harness,
  event: StripeEvent | undefined,
  type: StripeEventType,
  object: SetupIntent | PaymentMethod,
  request: unknown,
  apiVersion: string = API_VERSION,
): void {
  expect(event).toStrictEqual({
    id: expect.stringMatching(EVENT_ID),
    object: 'event',
    api_version: apiVersion,
    created: h.now(),
    data: { object },
    livemode: false,
    pending_webhooks: 0,
    request,
    type,
  });
}

/** The types of the events the store logged from position `start` on. */
function typesInStoreSince(h: Harness, start: number): StripeEventType[] {
  return typesOf(h.store.events.slice(start));
}

function expectRefusedWithoutEvents(h: Harness, result: OperationResult): void {
  const before = h.store.events.length;
  h.store.apply(result);
  refusal(result);
  expect(Object.keys(result).sort()).toEqual(['error', 'kind']);
  expect(result).not.toHaveProperty('events');
  expect(h.store.events).toHaveLength(before);
}

function createAndApply(h: Harness, params: SetupIntentCreateParams, access?: CallerAccess): OperationResult {
  return h.store.apply(createSetupIntent(params, h.env, access));
}

function waitingOnThreeDS(h: Harness, customer: string | null, paymentMethod = 'pm_card_authenticationRequired'): SetupIntentRecord {
  const record = create(h, { payment_method_types: ['card'], ...(customer === null ? {} : { customer }) });
  return applied(confirm(h, record, { payment_method: paymentMethod })).record;
}

function waitingOnMicrodeposits(h: Harness, customer: string): SetupIntentRecord {
  const record = create(h, { payment_method_types: ['us_bank_account'], customer });
  return applied(confirm(h, record, { payment_method_data: MANUAL_ACH, mandate_data: ONLINE_MANDATE })).record;
}

function bankSetup(h: Harness, paymentMethod: string, customer?: string): SetupIntentRecord {
  const record = create(h, { payment_method_types: ['us_bank_account'], ...(customer === undefined ? {} : { customer }) });
  return applied(confirm(h, record, { payment_method: paymentMethod, mandate_data: ONLINE_MANDATE })).record;
}

describe('create (T1-T3)', () => {
  it('a plain create emits setup_intent.created with the new SetupIntent', () => {
    const h = harness();
    const result = applied(createAndApply(h, { payment_method_types: ['card'] }));
    expect(result.events).toHaveLength(1);
    expectEvent(h, result.events[0], 'setup_intent.created', result.record.intent, FRESH_REQUEST);
    expect(result.record.intent.status).toBe('requires_payment_method');
    expect(h.store.events).toEqual(result.events);
  });

  it('a create with a payment method emits created in requires_confirmation', () => {
    const h = harness();
    const result = applied(createAndApply(h, { payment_method_types: ['card'], payment_method: 'pm_card_visa' }));
    expect(typesOf(result.events)).toEqual(['setup_intent.created']);
    expectEvent(h, result.events[0], 'setup_intent.created', result.record.intent, FRESH_REQUEST);
    const snapshot = result.events[0]?.data.object as SetupIntent;
    expect(snapshot.status).toBe('requires_confirmation');
    expect(snapshot.payment_method).toMatch(/^pm_/);
  });

  it('create+confirm with a customer: created (before confirmation), payment_method.attached, succeeded', () => {
    const h = harness();
    const customer = h.store.addCustomer();
    const params = { payment_method_types: ['card'], customer: customer.id } as const;
    const result = applied(createAndApply(h, { ...params, payment_method: 'pm_card_visa', confirm: true }));
    expect(typesOf(result.events)).toEqual(['setup_intent.created', 'payment_method.attached', 'setup_intent.succeeded']);

    // The created snapshot is the SetupIntent as a plain create would have made it: a twin store
    // with the same seed and the same calls gives the same ids.
    const twin = harness();
    expect(twin.store.addCustomer().id).toBe(customer.id);
    const twinIntent = create(twin, params).intent;
    expectEvent(h, result.events[0], 'setup_intent.created', twinIntent, FRESH_REQUEST);
    const created = result.events[0]?.data.object as SetupIntent;
    expect(created.id).toBe(result.record.intent.id);
    expect(created.status).toBe('requires_payment_method');
    expect(created.payment_method).toBeNull();
    expect(created.latest_attempt).toBeNull();

    const attachedPm = storedPaymentMethod(h, result.record.intent.payment_method);
    expect(attachedPm.customer).toBe(customer.id);
    expectEvent(h, result.events[1], 'payment_method.attached', attachedPm, FRESH_REQUEST);
    expect(result.changes.paymentMethods.at(-1)).toStrictEqual(attachedPm);
    expectEvent(h, result.events[2], 'setup_intent.succeeded', result.record.intent, FRESH_REQUEST);
    expect(result.record.intent.status).toBe('succeeded');

    // One API call: one request for all three events; distinct event ids.
    expect(new Set(result.events.map((event) => event.request?.id)).size).toBe(1);
    expect(new Set(result.events.map((event) => event.id)).size).toBe(3);
  });

  it('create+confirm without a customer: created and succeeded, nothing attached', () => {
    const h = harness();
    const result = applied(createAndApply(h, { payment_method_types: ['card'], payment_method: 'pm_card_visa', confirm: true }));
    expect(typesOf(result.events)).toEqual(['setup_intent.created', 'setup_intent.succeeded']);
    expectEvent(h, result.events[1], 'setup_intent.succeeded', result.record.intent, FRESH_REQUEST);
  });

  it('create+confirm with a 3DS card: created then requires_action', () => {
    const h = harness();
    const result = applied(
      createAndApply(h, { payment_method_types: ['card'], payment_method: 'pm_card_authenticationRequired', confirm: true, return_url: RETURN_URL }),
    );
    expect(typesOf(result.events)).toEqual(['setup_intent.created', 'setup_intent.requires_action']);
    expectEvent(h, result.events[1], 'setup_intent.requires_action', result.record.intent, FRESH_REQUEST);
    expect((result.events[1]?.data.object as SetupIntent).next_action?.type).toBe('redirect_to_url');
  });

  it('create+confirm with a declining card: created then setup_failed, on a 402 result', () => {
    const h = harness();
    const customer = h.store.addCustomer();
    const result = failed(
      createAndApply(h, { payment_method_types: ['card'], customer: customer.id, payment_method: 'pm_card_visa_chargeDeclined', confirm: true }),
    );
    expect(result.error.statusCode).toBe(402);
    expect(typesOf(result.events)).toEqual(['setup_intent.created', 'setup_intent.setup_failed']);
    expectEvent(h, result.events[1], 'setup_intent.setup_failed', result.record.intent, FRESH_REQUEST);
    expect(h.store.events).toEqual(result.events);
  });

  it('a refused create+confirm (no payment method) emits nothing: the SetupIntent does not exist', () => {
    const h = harness();
    expectRefusedWithoutEvents(h, createSetupIntent({ payment_method_types: ['card'], confirm: true }, h.env));
    expect(h.store.setupIntents.size).toBe(0);
  });
});

describe('confirm (T6-T9)', () => {
  it('success without a customer: only setup_intent.succeeded', () => {
    const h = harness();
    const result = applied(confirm(h, inRequiresPaymentMethod(h), { payment_method: 'pm_card_visa' }));
    expect(result.events).toHaveLength(1);
    expectEvent(h, result.events[0], 'setup_intent.succeeded', result.record.intent, FRESH_REQUEST);
  });

  it('success with a PaymentMethod already attached to the customer: no payment_method.attached', () => {
    const h = harness();
    const customer = h.store.addCustomer();
    const pm = paymentMethodOf(h, customer.id);
    const record = create(h, { payment_method_types: ['card'], customer: customer.id });
    const result = applied(confirm(h, record, { payment_method: pm.id }));
    expect(typesOf(result.events)).toEqual(['setup_intent.succeeded']);
    expectEvent(h, result.events[0], 'setup_intent.succeeded', result.record.intent, FRESH_REQUEST);
  });

  it('a confirm from requires_confirmation with a customer: attached then succeeded', () => {
    const h = harness();
    const customer = h.store.addCustomer();
    const record = create(h, { payment_method_types: ['card'], customer: customer.id, payment_method: 'pm_card_mastercard' });
    const result = applied(confirm(h, record, {}));
    expect(typesOf(result.events)).toEqual(['payment_method.attached', 'setup_intent.succeeded']);
    expectEvent(h, result.events[0], 'payment_method.attached', { ...storedPaymentMethod(h, record.intent.payment_method), customer: customer.id }, FRESH_REQUEST);
    expect((result.events[0]?.data.object as PaymentMethod).id).toBe(record.intent.payment_method);
  });

  it('a decline emits setup_failed with last_setup_error, carried by the 402 result', () => {
    const h = harness();
    const result = failed(confirm(h, inRequiresPaymentMethod(h), { payment_method: 'pm_card_chargeDeclinedInsufficientFunds' }));
    expect(result.error.statusCode).toBe(402);
    expect(result.events).toHaveLength(1);
    expectEvent(h, result.events[0], 'setup_intent.setup_failed', result.record.intent, FRESH_REQUEST);
    const snapshot = result.events[0]?.data.object as SetupIntent;
    expect(snapshot.status).toBe('requires_payment_method');
    expect(snapshot.last_setup_error?.code).toBe('card_declined');
    expect(snapshot.last_setup_error?.decline_code).toBe('insufficient_funds');
    expect(snapshot.payment_method).toBeNull();
    expect(result.error.error.setup_intent).toStrictEqual(snapshot);
    expect(h.store.events.at(-1)).toBe(result.events[0]);
  });

  it('a retry after a decline succeeds: the log of the SetupIntent is created, setup_failed, attached, succeeded', () => {
    const h = harness();
    const customer = h.store.addCustomer();
    const start = h.store.events.length;
    const record = create(h, { payment_method_types: ['card'], customer: customer.id });
    const declined = failed(confirm(h, record, { payment_method: 'pm_card_visa_chargeDeclined' }));
    h.advance(60);
    const retried = applied(confirm(h, declined.record, { payment_method: 'pm_card_visa' }));
    expect(typesInStoreSince(h, start)).toEqual(['setup_intent.created', 'setup_intent.setup_failed', 'payment_method.attached', 'setup_intent.succeeded']);
    expectEvent(h, retried.events[1], 'setup_intent.succeeded', retried.record.intent, FRESH_REQUEST);
    expect(retried.record.intent.last_setup_error).toBeNull();
    // The earlier setup_failed snapshot still shows the failure: snapshots are not shared state.
    const failure = h.store.events[start + 1]?.data.object as SetupIntent;
    expect(failure.status).toBe('requires_payment_method');
    expect(failure.last_setup_error?.code).toBe('card_declined');
    expect(failure.created).toBe(record.intent.created);
    expect(h.store.events[start + 1]?.created).toBe(h.now() - 60);
  });

  it('a 3DS card: requires_action with next_action in the snapshot', () => {
    const h = harness();
    const result = applied(confirm(h, inRequiresPaymentMethod(h), { payment_method: 'pm_card_authenticationRequired' }));
    expect(result.events).toHaveLength(1);
    expectEvent(h, result.events[0], 'setup_intent.requires_action', result.record.intent, FRESH_REQUEST);
    const snapshot = result.events[0]?.data.object as SetupIntent;
    expect(snapshot.status).toBe('requires_action');
    expect(snapshot.next_action?.type).toBe('use_stripe_sdk');
    expect(snapshot.next_action).toStrictEqual(result.record.intent.next_action);
  });

  it('a re-confirmation of a waiting 3DS setup with another 3DS card emits requires_action again', () => {
    const h = harness();
    const waiting = inRequiresActionThreeDS(h);
    const result = applied(confirm(h, waiting, { payment_method: 'pm_card_threeDSecure2Required', return_url: RETURN_URL }));
    expect(typesOf(result.events)).toEqual(['setup_intent.requires_action']);
    expectEvent(h, result.events[0], 'setup_intent.requires_action', result.record.intent, FRESH_REQUEST);
    expect(result.record.intent.latest_attempt).not.toBe(waiting.intent.latest_attempt);
  });

  it('entering processing emits nothing', () => {
    const h = harness();
    const record = inRequiresPaymentMethod(h);
    const start = h.store.events.length;
    const result = applied(confirm(h, record, { payment_method: 'pm_usBankAccount_processing', mandate_data: ONLINE_MANDATE }));
    expect(result.record.intent.status).toBe('processing');
    expect(result.events).toEqual([]);
    expect(h.store.events).toHaveLength(start);
  });

  it('SEPA Direct Debit: attached then succeeded, with the mandate in the snapshot and no mandate event', () => {
    const h = harness();
    const customer = h.store.addCustomer();
    const record = create(h, { payment_method_types: ['sepa_debit'], customer: customer.id });
    const result = applied(confirm(h, record, { payment_method: 'pm_success_de', mandate_data: ONLINE_MANDATE }));
    expect(typesOf(result.events)).toEqual(['payment_method.attached', 'setup_intent.succeeded']);
    const pm = storedPaymentMethod(h, result.record.intent.payment_method);
    expect(pm.type).toBe('sepa_debit');
    expectEvent(h, result.events[0], 'payment_method.attached', pm, FRESH_REQUEST);
    expectEvent(h, result.events[1], 'setup_intent.succeeded', result.record.intent, FRESH_REQUEST);
    expect((result.events[1]?.data.object as SetupIntent).mandate).toMatch(/^mandate_/);
    expect(result.changes.mandates).toHaveLength(1);
  });
});

describe('the customer acts on 3D Secure (T11, T12)', () => {
  it('completion with a customer: attached then succeeded, both Stripe-side (request null)', () => {
    const h = harness();
    const customer = h.store.addCustomer();
    const waiting = waitingOnThreeDS(h, customer.id);
    h.advance(90);
    const result = applied(h.store.apply(completeCustomerAction(waiting, 'succeeded', h.env)));
    expect(typesOf(result.events)).toEqual(['payment_method.attached', 'setup_intent.succeeded']);
    expectEvent(h, result.events[0], 'payment_method.attached', storedPaymentMethod(h, waiting.intent.payment_method), STRIPE_SIDE);
    expect((result.events[0]?.data.object as PaymentMethod).customer).toBe(customer.id);
    expectEvent(h, result.events[1], 'setup_intent.succeeded', result.record.intent, STRIPE_SIDE);
  });

  it('completion without a customer: only succeeded', () => {
    const h = harness();
    const waiting = waitingOnThreeDS(h, null);
    const result = applied(h.store.apply(completeCustomerAction(waiting, 'succeeded', h.env)));
    expect(result.events).toHaveLength(1);
    expectEvent(h, result.events[0], 'setup_intent.succeeded', result.record.intent, STRIPE_SIDE);
  });

  it('failed authentication: setup_failed with setup_intent_authentication_failure, request null', () => {
    const h = harness();
    const customer = h.store.addCustomer();
    const waiting = waitingOnThreeDS(h, customer.id);
    const result = applied(h.store.apply(completeCustomerAction(waiting, 'failed', h.env)));
    expect(result.events).toHaveLength(1);
    expectEvent(h, result.events[0], 'setup_intent.setup_failed', result.record.intent, STRIPE_SIDE);
    const snapshot = result.events[0]?.data.object as SetupIntent;
    expect(snapshot.status).toBe('requires_payment_method');
    expect(snapshot.next_action).toBeNull();
    expect(snapshot.last_setup_error?.code).toBe('setup_intent_authentication_failure');
  });

  it('a decline after authentication: setup_failed (request null), the result is not an HTTP error', () => {
    const h = harness();
    const customer = h.store.addCustomer();
    const waiting = waitingOnThreeDS(h, customer.id, 'pm_card_threeDSecureRequiredChargeDeclined');
    const result = applied(h.store.apply(completeCustomerAction(waiting, 'succeeded', h.env)));
    expect(typesOf(result.events)).toEqual(['setup_intent.setup_failed']);
    expectEvent(h, result.events[0], 'setup_intent.setup_failed', result.record.intent, STRIPE_SIDE);
    expect(result.record.intent.last_setup_error?.code).toBe('card_declined');
  });

  it('authentication that leads to processing emits nothing; the settlement then emits succeeded', () => {
    const h = harness({ catalogue: TEST_CATALOGUE });
    const customer = h.store.addCustomer();
    const waiting = waitingOnThreeDS(h, customer.id, 'pm_card_authenticationThenProcessing');
    const processing = applied(h.store.apply(completeCustomerAction(waiting, 'succeeded', h.env)));
    expect(processing.record.intent.status).toBe('processing');
    expect(processing.events).toEqual([]);
    const settled = applied(h.store.apply(settleProcessing(processing.record, h.env)));
    expect(typesOf(settled.events)).toEqual(['payment_method.attached', 'setup_intent.succeeded']);
    expectEvent(h, settled.events[1], 'setup_intent.succeeded', settled.record.intent, STRIPE_SIDE);
  });

  it('expireSetupAttempt: setup_failed with setup_intent_setup_attempt_expired, request null', () => {
    const h = harness();
    const waiting = inRequiresActionThreeDS(h);
    h.advance(DAY);
    const result = applied(h.store.apply(expireSetupAttempt(waiting, h.env)));
    expect(result.events).toHaveLength(1);
    expectEvent(h, result.events[0], 'setup_intent.setup_failed', result.record.intent, STRIPE_SIDE);
    expect(result.record.intent.last_setup_error?.code).toBe('setup_intent_setup_attempt_expired');
  });

  it('expiry through advanceTime (customerActionExpirySeconds): setup_failed, request null', () => {
    const h = harness({ behavior: { customerActionExpirySeconds: 3600 } });
    const waiting = inRequiresActionThreeDS(h);
    h.advance(3599);
    expect(applied(h.store.apply(advanceTime(waiting, h.env))).events).toEqual([]);
    h.advance(1);
    const result = applied(h.store.apply(advanceTime(waiting, h.env)));
    expect(result.events).toHaveLength(1);
    expectEvent(h, result.events[0], 'setup_intent.setup_failed', result.record.intent, STRIPE_SIDE);
    expect(result.record.intent.last_setup_error?.code).toBe('setup_intent_setup_attempt_expired');
  });
});

describe('microdeposits (T13-T15)', () => {
  it('confirming a manually entered account emits requires_action with verify_with_microdeposits', () => {
    const h = harness();
    const record = create(h, { payment_method_types: ['us_bank_account'] });
    const result = applied(confirm(h, record, { payment_method_data: MANUAL_ACH, mandate_data: ONLINE_MANDATE }));
    expect(result.events).toHaveLength(1);
    expectEvent(h, result.events[0], 'setup_intent.requires_action', result.record.intent, FRESH_REQUEST);
    expect((result.events[0]?.data.object as SetupIntent).next_action?.type).toBe('verify_with_microdeposits');
  });

  it('verified: attached then succeeded, caused by the verify request', () => {
    const h = harness();
    const customer = h.store.addCustomer();
    const waiting = waitingOnMicrodeposits(h, customer.id);
    h.advance(2 * DAY);
    const result = applied(h.store.apply(verifyMicrodeposits(waiting, { amounts: [32, 45] }, h.env)));
    expect(typesOf(result.events)).toEqual(['payment_method.attached', 'setup_intent.succeeded']);
    expectEvent(h, result.events[0], 'payment_method.attached', storedPaymentMethod(h, waiting.intent.payment_method), FRESH_REQUEST);
    expectEvent(h, result.events[1], 'setup_intent.succeeded', result.record.intent, FRESH_REQUEST);
  });

  it('a mismatch emits nothing, though the result is failed', () => {
    const h = harness();
    const customer = h.store.addCustomer();
    const waiting = waitingOnMicrodeposits(h, customer.id);
    const start = h.store.events.length;
    const result = failed(h.store.apply(verifyMicrodeposits(waiting, { amounts: [1, 2] }, h.env)));
    expect(result.error.error.code).toBe('payment_method_microdeposit_verification_amounts_mismatch');
    expect(result.record.intent.status).toBe('requires_action');
    expect(result.events).toEqual([]);
    expect(h.store.events).toHaveLength(start);
  });

  it('attempts exhausted by mismatches: nothing for the first two, setup_failed for the last', () => {
    const h = harness();
    const customer = h.store.addCustomer();
    let record = waitingOnMicrodeposits(h, customer.id);
    const start = h.store.events.length;
    for (let i = 0; i < 2; i += 1) {
      const mismatch = failed(h.store.apply(verifyMicrodeposits(record, { amounts: [1, 2] }, h.env)));
      expect(mismatch.events).toEqual([]);
      record = mismatch.record;
    }
    const last = failed(h.store.apply(verifyMicrodeposits(record, { amounts: [1, 2] }, h.env)));
    expect(typesInStoreSince(h, start)).toEqual(['setup_intent.setup_failed']);
    expectEvent(h, last.events[0], 'setup_intent.setup_failed', last.record.intent, FRESH_REQUEST);
    expect(last.record.intent.last_setup_error?.code).toBe('payment_method_microdeposit_verification_attempts_exceeded');
  });

  it('the exhausting test amounts: setup_failed on the 400 result', () => {
    const h = harness();
    const result = failed(h.store.apply(verifyMicrodeposits(inRequiresActionMicrodeposits(h), { amounts: [10, 11] }, h.env)));
    expect(result.error.statusCode).toBe(400);
    expect(result.events).toHaveLength(1);
    expectEvent(h, result.events[0], 'setup_intent.setup_failed', result.record.intent, FRESH_REQUEST);
    const snapshot = result.events[0]?.data.object as SetupIntent;
    expect(snapshot.status).toBe('requires_payment_method');
    expect(snapshot.last_setup_error?.code).toBe('payment_method_microdeposit_verification_attempts_exceeded');
  });

  it('the 10-day timeout through advanceTime: setup_failed, request null', () => {
    const h = harness();
    const waiting = inRequiresActionMicrodeposits(h);
    h.advance(10 * DAY - 1);
    expect(applied(h.store.apply(advanceTime(waiting, h.env))).events).toEqual([]);
    h.advance(1);
    const result = applied(h.store.apply(advanceTime(waiting, h.env)));
    expect(result.events).toHaveLength(1);
    expectEvent(h, result.events[0], 'setup_intent.setup_failed', result.record.intent, STRIPE_SIDE);
    expect(result.record.intent.last_setup_error?.code).toBe('payment_method_microdeposit_verification_timeout');
  });

  it('deposits that cannot be sent fail when due: setup_failed, request null', () => {
    const h = harness();
    const waiting = bankSetup(h, 'pm_usBankAccount_failMicrodeposits');
    expect(waiting.intent.status).toBe('requires_action');
    h.advance(2 * DAY);
    const result = applied(h.store.apply(advanceTime(waiting, h.env)));
    expect(typesOf(result.events)).toEqual(['setup_intent.setup_failed']);
    expectEvent(h, result.events[0], 'setup_intent.setup_failed', result.record.intent, STRIPE_SIDE);
    expect(result.record.intent.last_setup_error?.code).toBe('payment_method_microdeposit_failed');
  });
});

describe('processing (T16, T17)', () => {
  it('settleProcessing to success: attached then succeeded, request null', () => {
    const h = harness();
    const customer = h.store.addCustomer();
    const record = bankSetup(h, 'pm_usBankAccount_processing', customer.id);
    h.advance(3 * DAY);
    const result = applied(h.store.apply(settleProcessing(record, h.env)));
    expect(typesOf(result.events)).toEqual(['payment_method.attached', 'setup_intent.succeeded']);
    expectEvent(h, result.events[0], 'payment_method.attached', storedPaymentMethod(h, record.intent.payment_method), STRIPE_SIDE);
    expectEvent(h, result.events[1], 'setup_intent.succeeded', result.record.intent, STRIPE_SIDE);
  });

  it('settleProcessing forced to fail: setup_failed, request null', () => {
    const h = harness();
    const record = inProcessing(h);
    const result = applied(h.store.apply(settleProcessing(record, h.env, 'failed')));
    expect(result.events).toHaveLength(1);
    expectEvent(h, result.events[0], 'setup_intent.setup_failed', result.record.intent, STRIPE_SIDE);
    expect(result.record.intent.last_setup_error?.code).toBe('payment_method_provider_decline');
  });

  it('a delayed failure through advanceTime: setup_failed, request null', () => {
    const h = harness();
    const record = bankSetup(h, 'pm_usBankAccount_processingFails');
    expect(record.intent.status).toBe('processing');
    h.advance(180);
    const result = applied(h.store.apply(advanceTime(record, h.env)));
    expect(typesOf(result.events)).toEqual(['setup_intent.setup_failed']);
    expectEvent(h, result.events[0], 'setup_intent.setup_failed', result.record.intent, STRIPE_SIDE);
  });
});

describe('cancel (T18)', () => {
  it('from requires_payment_method: setup_intent.canceled with the cancellation_reason', () => {
    const h = harness();
    const result = applied(h.store.apply(cancelSetupIntent(inRequiresPaymentMethod(h), { cancellation_reason: 'requested_by_customer' }, h.env)));
    expect(result.events).toHaveLength(1);
    expectEvent(h, result.events[0], 'setup_intent.canceled', result.record.intent, FRESH_REQUEST);
    const snapshot = result.events[0]?.data.object as SetupIntent;
    expect(snapshot.status).toBe('canceled');
    expect(snapshot.cancellation_reason).toBe('requested_by_customer');
  });

  it('from requires_action: canceled with next_action cleared, without a reason', () => {
    const h = harness();
    const result = applied(h.store.apply(cancelSetupIntent(inRequiresActionThreeDS(h), {}, h.env)));
    expect(typesOf(result.events)).toEqual(['setup_intent.canceled']);
    expectEvent(h, result.events[0], 'setup_intent.canceled', result.record.intent, FRESH_REQUEST);
    expect(result.record.intent.next_action).toBeNull();
    expect(result.record.intent.cancellation_reason).toBeNull();
  });

  it('from requires_confirmation: canceled, the payment method kept in the snapshot', () => {
    const h = harness();
    const record = inRequiresConfirmation(h);
    const result = applied(h.store.apply(cancelSetupIntent(record, { cancellation_reason: 'duplicate' }, h.env)));
    expectEvent(h, result.events[0], 'setup_intent.canceled', result.record.intent, FRESH_REQUEST);
    expect((result.events[0]?.data.object as SetupIntent).payment_method).toBe(record.intent.payment_method);
  });
});

describe('the confirmation limit (T10)', () => {
  it('the failure that reaches the limit emits only setup_intent.canceled', () => {
    const h = harness({ behavior: { confirmationFailureLimit: 2 } });
    const record = inRequiresPaymentMethod(h);
    const first = failed(confirm(h, record, { payment_method: 'pm_card_visa_chargeDeclined' }));
    expect(typesOf(first.events)).toEqual(['setup_intent.setup_failed']);
    const second = failed(confirm(h, first.record, { payment_method: 'pm_card_chargeDeclinedExpiredCard' }));
    expect(second.events).toHaveLength(1);
    expectEvent(h, second.events[0], 'setup_intent.canceled', second.record.intent, FRESH_REQUEST);
    const snapshot = second.events[0]?.data.object as SetupIntent;
    expect(snapshot.status).toBe('canceled');
    expect(snapshot.cancellation_reason).toBe('abandoned');
    expect(snapshot.last_setup_error?.code).toBe('expired_card');
  });

  it('create+confirm with a limit of one: created then canceled, no setup_failed', () => {
    const h = harness({ behavior: { confirmationFailureLimit: 1 } });
    const result = failed(createAndApply(h, { payment_method_types: ['card'], payment_method: 'pm_card_radarBlock', confirm: true }));
    expect(typesOf(result.events)).toEqual(['setup_intent.created', 'setup_intent.canceled']);
    expectEvent(h, result.events[1], 'setup_intent.canceled', result.record.intent, FRESH_REQUEST);
  });

  it('Stripe-side failures do not count: a failed 3DS under a limit of one is setup_failed', () => {
    const h = harness({ behavior: { confirmationFailureLimit: 1 } });
    const result = applied(h.store.apply(completeCustomerAction(inRequiresActionThreeDS(h), 'failed', h.env)));
    expect(typesOf(result.events)).toEqual(['setup_intent.setup_failed']);
    expect(result.record.intent.status).toBe('requires_payment_method');
  });
});

describe('steps that emit nothing', () => {
  it('updates (metadata, setting and unsetting the payment method) emit no event', () => {
    const h = harness();
    const record = inRequiresPaymentMethod(h);
    const start = h.store.events.length;
    const metadata = applied(h.store.apply(updateSetupIntent(record, { metadata: { order: '42' }, description: 'x' }, h.env)));
    expect(metadata.events).toEqual([]);
    const set = applied(h.store.apply(updateSetupIntent(metadata.record, { payment_method: 'pm_card_visa' }, h.env)));
    expect(set.record.intent.status).toBe('requires_confirmation');
    expect(set.events).toEqual([]);
    const unset = applied(h.store.apply(updateSetupIntent(set.record, { payment_method: '' }, h.env)));
    expect(unset.record.intent.status).toBe('requires_payment_method');
    expect(unset.events).toEqual([]);
    const waiting = inRequiresActionThreeDS(h);
    const afterWaiting = h.store.events.length;
    const leftAction = applied(h.store.apply(updateSetupIntent(waiting, { payment_method: 'pm_card_visa' }, h.env)));
    expect(leftAction.record.intent.status).toBe('requires_confirmation');
    expect(leftAction.events).toEqual([]);
    expect(h.store.events).toHaveLength(afterWaiting);
    expect(afterWaiting - start).toBe(2); // created and requires_action of the second SetupIntent
  });

  it('metadata updates on final SetupIntents emit nothing', () => {
    const h = harness();
    const result = applied(h.store.apply(updateSetupIntent(inSucceeded(h), { metadata: { note: 'done' } }, h.env)));
    expect(result.events).toEqual([]);
  });

  it('advanceTime with nothing due emits nothing', () => {
    const h = harness();
    for (const record of [inRequiresPaymentMethod(h), inRequiresActionThreeDS(h), inProcessing(h), inSucceeded(h)]) {
      h.advance(30 * DAY);
      expect(applied(h.store.apply(advanceTime(record, h.env))).events).toEqual([]);
    }
  });

  it('refusals carry no events field and add nothing to the log', () => {
    const h = harness();
    expectRefusedWithoutEvents(h, confirmSetupIntent(inSucceeded(h), { payment_method: 'pm_card_visa' }, h.env));
    expectRefusedWithoutEvents(h, cancelSetupIntent(inCanceled(h), {}, h.env));
    expectRefusedWithoutEvents(h, cancelSetupIntent(inProcessing(h), {}, h.env));
    expectRefusedWithoutEvents(h, verifyMicrodeposits(inRequiresActionThreeDS(h), { amounts: [32, 45] }, h.env));
    expectRefusedWithoutEvents(h, completeCustomerAction(inRequiresActionMicrodeposits(h), 'succeeded', h.env));
    expectRefusedWithoutEvents(h, settleProcessing(inRequiresPaymentMethod(h), h.env));
    expectRefusedWithoutEvents(h, expireSetupAttempt(inRequiresConfirmation(h), h.env));
    expectRefusedWithoutEvents(h, updateSetupIntent(inCanceled(h), { payment_method: 'pm_card_visa' }, h.env));
    expectRefusedWithoutEvents(h, createSetupIntent({ payment_method_types: ['card'], colour: 'blue' } as never, h.env));
    expectRefusedWithoutEvents(h, confirmSetupIntent(inRequiresPaymentMethod(h), {}, h.env));
    // A publishable key without the client secret: the SetupIntent is not even visible.
    expectRefusedWithoutEvents(h, confirmSetupIntent(inRequiresPaymentMethod(h), { payment_method: 'pm_card_visa' }, h.env, { key: 'publishable' }));
  });
});

describe('the envelope', () => {
  it('request.id and idempotency_key given through access.request are used for every event of the call', () => {
    const h = harness();
    const customer = h.store.addCustomer();
    const access: CallerAccess = { request: { id: 'req_givenByTheCaller000001', idempotency_key: 'idem-create-1' } };
    const result = applied(
      createAndApply(h, { payment_method_types: ['card'], customer: customer.id, payment_method: 'pm_card_visa', confirm: true }, access),
    );
    expect(result.events).toHaveLength(3);
    for (const event of result.events) {
      expect(event.request).toStrictEqual({ id: 'req_givenByTheCaller000001', idempotency_key: 'idem-create-1' });
    }
  });

  it('each API operation passes its access.request on', () => {
    const h = harness();
    const request = (n: number) => ({ id: `req_call${n}`, idempotency_key: `key-${n}` });
    const created = applied(createAndApply(h, { payment_method_types: ['card', 'us_bank_account'] }, { request: request(1) }));
    expect(created.events[0]?.request).toStrictEqual(request(1));
    const waiting = applied(confirm(h, created.record, { payment_method_data: MANUAL_ACH, mandate_data: ONLINE_MANDATE }, { request: request(2) }));
    expectEvent(h, waiting.events[0], 'setup_intent.requires_action', waiting.record.intent, request(2));
    const verified = applied(h.store.apply(verifyMicrodeposits(waiting.record, { amounts: [32, 45] }, h.env, { request: request(3) })));
    expectEvent(h, verified.events[0], 'setup_intent.succeeded', verified.record.intent, request(3));
    const canceled = applied(h.store.apply(cancelSetupIntent(inRequiresPaymentMethod(h), {}, h.env, { request: request(4) })));
    expectEvent(h, canceled.events[0], 'setup_intent.canceled', canceled.record.intent, request(4));
  });

  it('a publishable-key call with the client secret records its request too', () => {
    const h = harness();
    const record = inRequiresPaymentMethod(h);
    const access: CallerAccess = { key: 'publishable', request: { id: 'req_fromStripeJs', idempotency_key: null } };
    const clientSecret = record.intent.client_secret;
    expect(clientSecret).toMatch(/^seti_[0-9A-Za-z]+_secret_/);
    const result = applied(confirm(h, record, { payment_method: 'pm_card_visa', client_secret: clientSecret as string }, access));
    expectEvent(h, result.events[0], 'setup_intent.succeeded', result.record.intent, { id: 'req_fromStripeJs', idempotency_key: null });
  });

  it('an idempotency key alone gets a fresh request id; an id alone gets a null key', () => {
    const h = harness();
    const keyOnly = applied(createAndApply(h, { payment_method_types: ['card'] }, { request: { idempotency_key: 'only-a-key' } }));
    expect(keyOnly.events[0]?.request).toStrictEqual({ id: expect.stringMatching(REQUEST_ID), idempotency_key: 'only-a-key' });
    const idOnly = applied(createAndApply(h, { payment_method_types: ['card'] }, { request: { id: 'req_onlyAnId' } }));
    expect(idOnly.events[0]?.request).toStrictEqual({ id: 'req_onlyAnId', idempotency_key: null });
    const keyNull = applied(createAndApply(h, { payment_method_types: ['card'] }, { request: { id: 'req_nullKey', idempotency_key: null } }));
    expect(keyNull.events[0]?.request).toStrictEqual({ id: 'req_nullKey', idempotency_key: null });
  });

  it('API calls without a request get a fresh req_ id each, shared by the events of one call', () => {
    const h = harness();
    const customer = h.store.addCustomer();
    const first = applied(createAndApply(h, { payment_method_types: ['card'], customer: customer.id, payment_method: 'pm_card_visa', confirm: true }));
    const second = applied(createAndApply(h, { payment_method_types: ['card'] }));
    const third = applied(confirm(h, second.record, { payment_method: 'pm_card_visa' }));
    const firstIds = new Set(first.events.map((event) => event.request?.id));
    expect(firstIds.size).toBe(1);
    const ids = [...firstIds, second.events[0]?.request?.id, third.events[0]?.request?.id];
    for (const id of ids) {
      expect(id).toMatch(REQUEST_ID);
    }
    expect(new Set(ids).size).toBe(3);
  });

  it('Stripe-side steps never carry a request, whatever the earlier calls named', () => {
    const h = harness();
    const record = inRequiresPaymentMethod(h);
    const waiting = applied(confirm(h, record, { payment_method: 'pm_card_authenticationRequired' }, { request: { id: 'req_confirm', idempotency_key: 'k' } }));
    expect(waiting.events[0]?.request).toStrictEqual({ id: 'req_confirm', idempotency_key: 'k' });
    const done = applied(h.store.apply(completeCustomerAction(waiting.record, 'succeeded', h.env)));
    expect(done.events[0]?.request).toStrictEqual(STRIPE_SIDE);
  });

  it(`api_version defaults to ${API_VERSION}`, () => {
    expect(API_VERSION).toBe('2026-07-29.dahlia');
    const h = harness();
    expect(h.env.apiVersion).toBe('2026-07-29.dahlia');
    const result = applied(createAndApply(h, { payment_method_types: ['card'] }));
    expect(result.events[0]?.api_version).toBe('2026-07-29.dahlia');
  });

  it('api_version follows createEnvironment({ apiVersion }) and the memory store option', () => {
    const env = createEnvironment({ apiVersion: '2025-03-31.basil' });
    const created = applied(createSetupIntent({ payment_method_types: ['card'], payment_method: 'pm_card_visa', confirm: true }, env));
    expect(created.events).toHaveLength(2);
    for (const event of created.events) {
      expect(event.api_version).toBe('2025-03-31.basil');
    }
    const store = createMemoryStore({ apiVersion: '2024-06-20' });
    const result = store.apply(createSetupIntent({ payment_method_types: ['card'] }, store.env));
    expect(eventsOf(result)[0]?.api_version).toBe('2024-06-20');
    expect(store.events[0]?.api_version).toBe('2024-06-20');
  });

  it('created is the clock at the step; livemode false; pending_webhooks 0', () => {
    const h = harness();
    const record = create(h, { payment_method_types: ['card'] });
    h.advance(1234);
    const result = applied(confirm(h, record, { payment_method: 'pm_card_visa' }));
    expect(result.events[0]?.created).toBe(h.now());
    expect(result.events[0]?.created).toBe(record.intent.created + 1234);
    expect(result.events[0]?.livemode).toBe(false);
    expect(result.events[0]?.pending_webhooks).toBe(0);
  });

  it('event ids are unique over a long run, and the store log is every result’s events in order', () => {
    const h = harness({ behavior: { confirmationFailureLimit: 3 } });
    const customer = h.store.addCustomer();
    const results: OperationResult[] = [];
    const run = (result: OperationResult): OperationResult => {
      results.push(h.store.apply(result));
      return result;
    };
    for (let i = 0; i < 3; i += 1) {
      const created = applied(run(createSetupIntent({ payment_method_types: ['card', 'us_bank_account'], customer: customer.id }, h.env)));
      const declined = failed(run(confirmSetupIntent(created.record, { payment_method: 'pm_card_visa_chargeDeclined' }, h.env)));
      const waiting = applied(run(confirmSetupIntent(declined.record, { payment_method: 'pm_card_authenticationRequired' }, h.env)));
      const failedAuth = applied(run(completeCustomerAction(waiting.record, 'failed', h.env)));
      const ach = applied(run(confirmSetupIntent(failedAuth.record, { payment_method_data: MANUAL_ACH, mandate_data: ONLINE_MANDATE }, h.env)));
      applied(run(verifyMicrodeposits(ach.record, { amounts: [32, 45] }, h.env)));
      h.advance(60);
    }
    const logged = results.flatMap((result) => (result.kind === 'refused' ? [] : [...result.events]));
    expect(h.store.events).toEqual(logged);
    const perSetupIntent: StripeEventType[] = [
      'setup_intent.created',
      'setup_intent.setup_failed',
      'setup_intent.requires_action',
      'setup_intent.setup_failed',
      'setup_intent.requires_action',
      'payment_method.attached',
      'setup_intent.succeeded',
    ];
    expect(typesOf(logged)).toEqual([...perSetupIntent, ...perSetupIntent, ...perSetupIntent]);
    const ids = logged.map((event) => event.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id.slice('evt_'.length)).toMatch(ID);
    }
  });

  it('snapshots are frozen in time: later steps do not change earlier events', () => {
    const h = harness();
    const customer = h.store.addCustomer();
    const record = create(h, { payment_method_types: ['card'], customer: customer.id, metadata: { step: 'one' } });
    const copy = structuredClone(h.store.events);
    const waiting = applied(confirm(h, record, { payment_method: 'pm_card_authenticationRequired' }));
    applied(h.store.apply(updateSetupIntent(waiting.record, { metadata: { step: 'two' } }, h.env)));
    h.advance(10);
    applied(h.store.apply(completeCustomerAction(h.store.record(record.intent.id) as SetupIntentRecord, 'succeeded', h.env)));
    expect(h.store.events.slice(0, copy.length)).toStrictEqual(copy);
    expect(typesOf(h.store.events)).toEqual(['setup_intent.created', 'setup_intent.requires_action', 'payment_method.attached', 'setup_intent.succeeded']);
    const succeeded = h.store.events.at(-1)?.data.object as SetupIntent;
    expect(succeeded.metadata).toEqual({ step: 'two' });
    expect((h.store.events[1]?.data.object as SetupIntent).metadata).toEqual({ step: 'one' });
  });
});
