import { describe, expect, it } from 'vitest';
import { updateSetupIntent } from '../../src/index.js';
import type { SetupIntentUpdateParams } from '../../src/index.js';
import {
  MANUAL_ACH,
  applied,
  create,
  deepFreeze,
  expectError,
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
} from './helpers.js';
import type { Harness } from './helpers.js';

function update(h: Harness, record: Parameters<typeof updateSetupIntent>[0], params: SetupIntentUpdateParams) {
  return h.store.apply(updateSetupIntent(record, params, h.env));
}

describe('update: the payment method drives the status (T4, T5)', () => {
  it('setting payment_method moves requires_payment_method to requires_confirmation, and "" moves it back', () => {
    const h = harness();
    const record = inRequiresPaymentMethod(h);
    const set = applied(update(h, record, { payment_method: 'pm_card_visa' }));
    expect(set.record.intent.status).toBe('requires_confirmation');
    expect(set.record.intent.payment_method).toMatch(/^pm_/);
    expect(set.changes.paymentMethods.map((pm) => pm.id)).toEqual([set.record.intent.payment_method]);
    const unset = applied(update(h, set.record, { payment_method: '' }));
    expect(unset.record.intent.status).toBe('requires_payment_method');
    expect(unset.record.intent.payment_method).toBeNull();
  });

  it('payment_method_data also sets a payment method', () => {
    const h = harness();
    const result = applied(update(h, inRequiresPaymentMethod(h), { payment_method_data: MANUAL_ACH }));
    expect(result.record.intent.status).toBe('requires_confirmation');
    expect(result.changes.paymentMethods[0]?.type).toBe('us_bank_account');
  });

  it('changing the payment method in requires_confirmation keeps the status', () => {
    const h = harness();
    const record = inRequiresConfirmation(h);
    const result = applied(update(h, record, { payment_method: 'pm_card_mastercard' }));
    expect(result.record.intent.status).toBe('requires_confirmation');
    expect(result.record.intent.payment_method).not.toBe(record.intent.payment_method);
  });

  it('unsetting in requires_payment_method is accepted and changes nothing about the status', () => {
    const h = harness();
    expect(applied(update(h, inRequiresPaymentMethod(h), { payment_method: '' })).record.intent.status).toBe('requires_payment_method');
  });

  it('setting a payment method in requires_action abandons the attempt and drops next_action', () => {
    const h = harness();
    const waiting = inRequiresActionThreeDS(h);
    const result = applied(update(h, waiting, { payment_method: 'pm_card_visa' }));
    expect(result.record.intent.status).toBe('requires_confirmation');
    expect(result.record.intent.next_action).toBeNull();
    expect(result.record.pending).toBeNull();
    expect(result.record.latestAttempt?.status).toBe('abandoned');
    expect(result.changes.setupAttempts).toEqual([{ ...waiting.latestAttempt, status: 'abandoned' }]);
  });

  it('unsetting in requires_action (microdeposits) goes back to requires_payment_method', () => {
    const h = harness();
    const result = applied(update(h, inRequiresActionMicrodeposits(h), { payment_method: '' }));
    expect(result.record.intent.status).toBe('requires_payment_method');
    expect(result.record.intent.payment_method).toBeNull();
    expect(result.record.intent.next_action).toBeNull();
    expect(result.record.latestAttempt?.status).toBe('abandoned');
  });

  it('a non-payment-method update in requires_action keeps the pending action', () => {
    const h = harness();
    const waiting = inRequiresActionThreeDS(h);
    const result = applied(update(h, waiting, { description: 'still waiting' }));
    expect(result.record.intent.status).toBe('requires_action');
    expect(result.record.intent.next_action).toEqual(waiting.intent.next_action);
    expect(result.record.pending).toEqual(waiting.pending);
    expect(result.changes.setupAttempts).toEqual([]);
  });
});

describe('update: other fields', () => {
  it('merges metadata: new keys are set, empty values remove keys, "" clears the hash', () => {
    const h = harness();
    const record = create(h, { payment_method_types: ['card'], metadata: { a: '1', b: '2' } });
    const merged = applied(update(h, record, { metadata: { b: '', c: '3' } })).record;
    expect(merged.intent.metadata).toEqual({ a: '1', c: '3' });
    expect(applied(update(h, merged, { metadata: '' })).record.intent.metadata).toEqual({});
  });

  it('metadata is limited to 50 keys after the merge, not only per request: successive updates cannot pass it', () => {
    const h = harness();
    const keys = (from: number, count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${from + i}`, 'v']));
    const record = create(h, { payment_method_types: ['card'], metadata: keys(0, 40) });
    const before = structuredClone(record);
    expectError(refusal(updateSetupIntent(record, { metadata: keys(40, 11) }, h.env)).error, {
      statusCode: 400, type: 'invalid_request_error', param: 'metadata', message: 'Invalid metadata: metadata can have at most 50 keys.',
    });
    expect(record).toEqual(before);
    const full = applied(update(h, record, { metadata: keys(40, 10) })).record;
    expect(Object.keys(full.intent.metadata ?? {})).toHaveLength(50);
    // Removing one key while adding another stays within the limit.
    expect(Object.keys(applied(update(h, full, { metadata: { k0: '', extra: 'v' } })).record.intent.metadata ?? {})).toHaveLength(50);
  });

  it('description "" unsets it; excluded and allowed types can be set and unset', () => {
    const h = harness();
    const record = create(h, { payment_method_types: ['card'], description: 'x' });
    const excluded = applied(update(h, record, { description: '', excluded_payment_method_types: ['sepa_debit'] })).record;
    expect(excluded.intent.description).toBeNull();
    expect(excluded.intent.excluded_payment_method_types).toEqual(['sepa_debit']);
    const first = applied(update(h, record, { allowed_payment_method_types: ['card'] })).record.intent;
    expect(first.allowed_payment_method_types).toEqual(['card']);
    const second = applied(update(h, record, { excluded_payment_method_types: '', allowed_payment_method_types: '' })).record.intent;
    expect(second.excluded_payment_method_types).toBeNull();
    expect(second.allowed_payment_method_types).toBeNull();
  });

  it('payment_method_types and payment_method_options rebuild the options', () => {
    const h = harness();
    const record = create(h);
    const intent = applied(update(h, record, {
      payment_method_types: ['card', 'us_bank_account'],
      payment_method_options: { card: { request_three_d_secure: 'challenge' } },
    })).record.intent;
    expect(intent.payment_method_types).toEqual(['card', 'us_bank_account']);
    expect(intent.payment_method_options?.card?.request_three_d_secure).toBe('challenge');
    expect(intent.payment_method_options?.us_bank_account).toEqual({ mandate_options: {}, verification_method: 'automatic' });
  });

  it('sets a known customer; an unknown one is resource_missing (400)', () => {
    const h = harness();
    const customer = h.store.addCustomer();
    const record = create(h);
    expect(applied(update(h, record, { customer: customer.id })).record.intent.customer).toBe(customer.id);
    expectError(refusal(updateSetupIntent(record, { customer: 'cus_gone' }, h.env)).error, {
      statusCode: 400, type: 'invalid_request_error', code: 'resource_missing', param: 'customer', message: "No such customer: 'cus_gone'",
    });
  });

  it('a new customer must own the payment method already on the intent', () => {
    const h = harness();
    const owner = h.store.addCustomer();
    const other = h.store.addCustomer();
    const pm = paymentMethodOf(h, owner.id);
    const record = create(h, { payment_method_types: ['card'], customer: owner.id, payment_method: pm.id });
    const result = refusal(updateSetupIntent(record, { customer: other.id }, h.env));
    expect(result.error.error.param).toBe('payment_method');
    expect(result.error.error.message).toBe(
      `The PaymentMethod ${pm.id} does not belong to the Customer you supplied ${other.id}. Please use this PaymentMethod with the Customer that it belongs to instead.`,
    );
  });

  it('emits no related changes for a plain update', () => {
    const h = harness();
    expect(applied(update(h, create(h), { metadata: { k: 'v' } })).changes).toEqual({ setupAttempts: [], mandates: [], paymentMethods: [] });
  });
});

describe('update refusals', () => {
  const STATE = { statusCode: 400, type: 'invalid_request_error', code: 'setup_intent_unexpected_state' } as const;

  it('succeeded: "already succeeded", for payment method changes and for metadata sent with one', () => {
    const h = harness();
    const record = deepFreeze(inSucceeded(h));
    const before = structuredClone(record);
    for (const params of [{ payment_method: 'pm_card_visa' }, { metadata: { a: 'b' }, payment_method: 'pm_card_visa' }]) {
      const result = refusal(updateSetupIntent(record, params, h.env));
      expectError(result.error, { ...STATE, message: 'You cannot update this SetupIntent because it has already succeeded.' });
      expect(result.error.error.setup_intent).toEqual(record.intent);
    }
    expect(record).toEqual(before);
  });

  it('canceled: "has been canceled"', () => {
    const h = harness();
    expectError(refusal(updateSetupIntent(inCanceled(h), { description: 'x' }, h.env)).error, {
      ...STATE,
      message: 'You cannot update this SetupIntent because it has been canceled.',
    });
  });

  it('processing: a payment method change is refused, other fields too; metadata and description are accepted', () => {
    const h = harness();
    const record = inProcessing(h);
    for (const params of [{ payment_method: 'pm_card_visa' }, { payment_method: '' }]) {
      expectError(refusal(updateSetupIntent(record, params, h.env)).error, {
        ...STATE,
        message: "You cannot update this SetupIntent's payment method because it has a status of processing.",
      });
    }
    expectError(refusal(updateSetupIntent(record, { payment_method_types: ['card'] }, h.env)).error, {
      ...STATE,
      message:
        'You cannot update this SetupIntent because it has a status of processing. While a SetupIntent is processing, ' +
        'only its metadata and description can be updated.',
    });
    const annotated = applied(update(h, record, { metadata: { note: 'waiting for bank' } })).record;
    expect(annotated.intent.status).toBe('processing');
    expect(annotated.intent.metadata).toEqual({ note: 'waiting for bank' });
    expect(annotated.pending).toEqual(record.pending);
  });

  // Recorded live at 2026-08-26.dahlia (a third-party emulator's conformance cassettes, spec §11 "Settled by
  // recordings"): a succeeded SetupIntent takes metadata, description and customer (200), not a payment method.
  it('a succeeded SetupIntent takes metadata, description and customer, and refuses a payment method', () => {
    const h = harness();
    const done = inSucceeded(h);
    const annotated = applied(update(h, done, { metadata: { a: 'b' }, description: 'kept' })).record.intent;
    expect(annotated.status).toBe('succeeded');
    expect(annotated.metadata).toEqual({ a: 'b' });
    expect(annotated.description).toBe('kept');
    expectError(refusal(updateSetupIntent(done, { payment_method: 'pm_card_visa' }, h.env)).error, {
      ...STATE,
      message: 'You cannot update this SetupIntent because it has already succeeded.',
    });
    expect(refusal(updateSetupIntent(done, { payment_method_types: ['card'] }, h.env)).error.error.code).toBe('setup_intent_unexpected_state');
  });

  it('canceled SetupIntents refuse updates unless allowMetadataUpdatesWhenCanceled is on', () => {
    const h = harness();
    expect(refusal(updateSetupIntent(inCanceled(h), { description: 'late note' }, h.env)).error.error.message).toBe(
      'You cannot update this SetupIntent because it has been canceled.',
    );
    const lenient = harness({ behavior: { allowMetadataUpdatesWhenCanceled: true } });
    expect(applied(update(lenient, inCanceled(lenient), { description: 'late note' })).record.intent.status).toBe('canceled');
    expect(refusal(updateSetupIntent(inCanceled(lenient), { customer: 'cus_x' }, lenient.env)).error.error.code).toBe('setup_intent_unexpected_state');
  });

  it('payment_method and payment_method_data are exclusive', () => {
    const h = harness();
    expectError(refusal(updateSetupIntent(create(h), { payment_method: 'pm_card_visa', payment_method_data: MANUAL_ACH }, h.env)).error, {
      statusCode: 400, type: 'invalid_request_error', code: 'parameters_exclusive', param: 'payment_method_data',
      message: 'You may only specify one of these parameters: payment_method, payment_method_data.',
    });
  });

  for (const param of ['usage', 'confirm', 'return_url', 'mandate_data', 'single_use', 'on_behalf_of', 'automatic_payment_methods', 'confirmation_token', 'use_stripe_sdk']) {
    it(`${param} is not accepted on update (parameter_unknown)`, () => {
      const h = harness();
      const result = refusal(updateSetupIntent(create(h), { [param]: 'x' } as SetupIntentUpdateParams, h.env));
      expectError(result.error, { statusCode: 400, type: 'invalid_request_error', code: 'parameter_unknown', param, message: `Received unknown parameter: ${param}` });
    });
  }

  it('an unknown payment method and a disallowed type are refused', () => {
    const h = harness();
    const record = create(h);
    expect(refusal(updateSetupIntent(record, { payment_method: 'pm_nope' }, h.env)).error.error.message).toBe("No such PaymentMethod: 'pm_nope'");
    expect(refusal(updateSetupIntent(record, { payment_method: 'pm_success_de' }, h.env)).error.error.message).toMatch(
      /^The PaymentMethod provided \(sepa_debit\) is not allowed for this SetupIntent\./,
    );
  });

  it('never mutates a frozen record or frozen params, and a refusal leaves the record identical', () => {
    const h = harness();
    const record = deepFreeze(inRequiresActionThreeDS(h));
    const params: SetupIntentUpdateParams = deepFreeze({ payment_method: 'pm_card_visa', metadata: { a: 'b' } });
    const before = structuredClone({ record, params });
    expect(() => updateSetupIntent(record, params, h.env)).not.toThrow();
    expect(refusal(updateSetupIntent(record, { customer: 'cus_missing' }, h.env)).kind).toBe('refused');
    expect({ record, params }).toEqual(before);
  });
});

describe('update: ownership refusals carry the SetupIntent', () => {
  // On update and confirm live Stripe embeds the SetupIntent, as it is, in ownership refusals
  // (spec §11, settled by recordings of live Stripe).
  it("another Customer's PaymentMethod, or a Customer's one on an intent without Customer, is refused with error.setup_intent", () => {
    const h = harness();
    const owner = h.store.addCustomer();
    const other = h.store.addCustomer();
    const pm = paymentMethodOf(h, owner.id);
    const foreign = deepFreeze(create(h, { payment_method_types: ['card'], customer: other.id }));
    const refused = refusal(updateSetupIntent(foreign, { payment_method: pm.id, metadata: { a: 'b' } }, h.env)).error;
    expectError(refused, {
      statusCode: 400,
      type: 'invalid_request_error',
      param: 'payment_method',
      message: `The PaymentMethod ${pm.id} does not belong to the Customer you supplied ${other.id}. Please use this PaymentMethod with the Customer that it belongs to instead.`,
    });
    expect(refused.error.setup_intent).toEqual(foreign.intent);
    const bare = create(h);
    const none = refusal(updateSetupIntent(bare, { payment_method: pm.id }, h.env)).error;
    expect(none.error.message).toBe(
      `The payment method supplied (${pm.id}) belongs to the Customer ${owner.id}. Please include the Customer in the \`customer\` parameter on the SetupIntent.`,
    );
    expect(none.error.setup_intent).toEqual(bare.intent);
  });

  it('a type refusal carries none', () => {
    const h = harness();
    const refused = refusal(updateSetupIntent(create(h), { payment_method: 'pm_success_de' }, h.env)).error;
    expect(refused.error.message).toMatch(/is not allowed for this SetupIntent/);
    expect(refused.error).not.toHaveProperty('setup_intent');
  });
});
