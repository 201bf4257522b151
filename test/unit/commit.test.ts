import { describe, expect, it } from 'vitest';
import {
  EMPTY_COMMIT,
  attachPaymentMethod,
  commitOfCustomerResult,
  commitOfPaymentMethodAttachment,
  commitOfPaymentMethodCreation,
  commitOfPaymentMethodRetrieval,
  commitOfSetupIntentResult,
  confirmSetupIntent,
  createCustomer,
  createPaymentMethod,
  isEmptyCommit,
  nextDueAt,
  retrievePaymentMethod,
} from '../../src/index.js';
import { MANUAL_ACH, ONLINE_MANDATE, harness, inRequiresPaymentMethod, inSucceeded } from './helpers.js';

describe('the commit of a SetupIntent operation', () => {
  it('holds the record with when it next falls due, the machine events, the related objects and the events', () => {
    const h = harness();
    const result = confirmSetupIntent(inRequiresPaymentMethod(h), { payment_method_data: MANUAL_ACH, mandate_data: ONLINE_MANDATE }, h.env);
    if (result.kind === 'refused') throw new Error('refused');
    const commit = commitOfSetupIntentResult(result);
    expect(commit.setupIntents).toEqual([{ record: result.record, dueAt: nextDueAt(result.record), machineEvents: result.machineEvents }]);
    expect(commit.setupIntents[0]?.dueAt).toBe(result.record.pending?.kind === 'microdeposits' ? result.record.pending.expiresAt : -1);
    expect(commit.paymentMethods).toBe(result.changes.paymentMethods);
    expect(commit.setupAttempts).toBe(result.changes.setupAttempts);
    expect(commit.mandates).toBe(result.changes.mandates);
    expect(commit.customers).toEqual([]);
    expect(commit.events).toBe(result.events);
  });

  it('a decline (failed) commits its record and failed attempt; nothing falls due', () => {
    const h = harness();
    const result = confirmSetupIntent(inRequiresPaymentMethod(h), { payment_method: 'pm_card_chargeDeclined' }, h.env);
    expect(result.kind).toBe('failed');
    const commit = commitOfSetupIntentResult(result);
    expect(commit.setupIntents[0]?.record.intent.status).toBe('requires_payment_method');
    expect(commit.setupIntents[0]?.dueAt).toBeNull();
    expect(commit.setupAttempts.at(-1)?.status).toBe('failed');
    expect(commit.events.map((event) => event.type)).toEqual(['setup_intent.setup_failed']);
  });

  it('a refusal commits nothing', () => {
    const h = harness();
    const commit = commitOfSetupIntentResult(confirmSetupIntent(inSucceeded(h), { payment_method: 'pm_card_visa' }, h.env));
    expect(commit).toBe(EMPTY_COMMIT);
    expect(isEmptyCommit(commit)).toBe(true);
  });
});

describe('the commits of PaymentMethod and Customer operations', () => {
  it('a created PaymentMethod, an alias retrieved, an attachment with its event, a Customer', () => {
    const h = harness();
    const created = createPaymentMethod({ type: 'card', card: { token: 'tok_visa' } }, h.env);
    if (created.kind === 'refused') throw new Error('refused');
    expect(commitOfPaymentMethodCreation(created)).toEqual({ ...EMPTY_COMMIT, paymentMethods: [created.paymentMethod] });

    const alias = retrievePaymentMethod('pm_card_visa', {}, h.env);
    expect(alias.kind === 'found' && alias.created).toBe(true);
    expect(commitOfPaymentMethodRetrieval(alias).paymentMethods).toHaveLength(1);

    const customer = createCustomer({ email: 'jenny@example.com' }, h.env);
    if (customer.kind === 'refused') throw new Error('refused');
    const customerCommit = commitOfCustomerResult(customer);
    expect(customerCommit).toEqual({ ...EMPTY_COMMIT, customers: [customer.customer], events: customer.events });
    expect(customerCommit.events.map((event) => event.type)).toEqual(['customer.created']);
    h.store.commit(customerCommit);
    expect(h.store.customers.get(customer.customer.id)).toBe(customer.customer);

    h.store.commit(commitOfPaymentMethodCreation(created));
    const stored = retrievePaymentMethod(created.paymentMethod.id, {}, h.env);
    expect(stored.kind === 'found' && stored.created).toBe(false);
    expect(isEmptyCommit(commitOfPaymentMethodRetrieval(stored))).toBe(true);

    const attached = attachPaymentMethod(created.paymentMethod, { customer: customer.customer.id }, h.env);
    if (attached.kind === 'refused') throw new Error('refused');
    const attachCommit = commitOfPaymentMethodAttachment(attached);
    expect(attachCommit.paymentMethods).toEqual([attached.paymentMethod]);
    expect(attachCommit.events.map((event) => event.type)).toEqual(['payment_method.attached']);
  });

  it('refusals commit nothing', () => {
    const h = harness();
    expect(commitOfPaymentMethodCreation(createPaymentMethod({ type: 'card' }, h.env))).toBe(EMPTY_COMMIT);
    expect(commitOfPaymentMethodRetrieval(retrievePaymentMethod('pm_missing', {}, h.env))).toBe(EMPTY_COMMIT);
    expect(commitOfCustomerResult(createCustomer({ metadata: '' }, h.env))).toBe(EMPTY_COMMIT);
  });
});
