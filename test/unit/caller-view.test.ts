// Every operation called with a publishable key answers in the publishable view (spec §2.2): the
// core renders it, so the emulator answers exactly what the result carries.
import { describe, expect, it } from 'vitest';
import { PUBLISHABLE_FIELDS } from '../support/publishable-fields.js';
import { confirmSetupIntent, publishableView, verifyMicrodeposits } from '../../src/index.js';
import { harness, inRequiresActionMicrodeposits, inRequiresPaymentMethod, inSucceeded } from './helpers.js';

const publishable = { key: 'publishable' } as const;

describe('the caller view of operation results', () => {
  it('a secret key gets the whole SetupIntent: the stored object itself', () => {
    const h = harness();
    const result = confirmSetupIntent(inRequiresPaymentMethod(h), { payment_method: 'pm_card_visa' }, h.env);
    if (result.kind !== 'applied') throw new Error(result.kind);
    expect(result.response).toBe(result.record.intent);
  });

  it('a publishable confirm answers the publishable subset and still stores the whole record', () => {
    const h = harness();
    const record = inRequiresPaymentMethod(h);
    const result = confirmSetupIntent(record, { payment_method: 'pm_card_visa', client_secret: record.intent.client_secret ?? '' }, h.env, publishable);
    if (result.kind !== 'applied') throw new Error(result.kind);
    expect(Object.keys(result.response).sort()).toEqual([...PUBLISHABLE_FIELDS].sort());
    expect(result.response).toEqual(publishableView(result.record.intent));
    expect(result.record.intent.customer).toBeDefined();
  });

  it('a publishable decline carries the publishable subset in its error', () => {
    const h = harness();
    const record = inRequiresPaymentMethod(h);
    const result = confirmSetupIntent(record, { payment_method: 'pm_card_chargeDeclined', client_secret: record.intent.client_secret ?? '' }, h.env, publishable);
    if (result.kind !== 'failed') throw new Error(result.kind);
    expect(result.error.statusCode).toBe(402);
    expect(result.error.error.setup_intent).toEqual(publishableView(result.record.intent));
    expect(result.record.intent.latest_attempt).toMatch(/^setatt_/);
  });

  it('a publishable wrong-state refusal carries the publishable subset too', () => {
    const h = harness();
    const record = inSucceeded(h);
    const result = confirmSetupIntent(record, { payment_method: 'pm_card_visa', client_secret: record.intent.client_secret ?? '' }, h.env, publishable);
    if (result.kind !== 'refused') throw new Error(result.kind);
    expect(result.error.error.code).toBe('setup_intent_unexpected_state');
    expect(result.error.error.setup_intent).toEqual(publishableView(record.intent));
  });

  it('a publishable microdeposit mismatch answers in the publishable view', () => {
    const h = harness();
    const record = inRequiresActionMicrodeposits(h);
    const result = verifyMicrodeposits(record, { amounts: [12, 34], client_secret: record.intent.client_secret ?? '' }, h.env, publishable);
    if (result.kind !== 'failed') throw new Error(result.kind);
    expect(Object.keys(result.error.error.setup_intent ?? {}).sort()).toEqual([...PUBLISHABLE_FIELDS].sort());
  });
});
