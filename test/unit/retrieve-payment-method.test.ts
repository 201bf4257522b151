import { describe, expect, it } from 'vitest';
import { retrievePaymentMethod } from '../../src/index.js';
import { harness, inSucceeded, storedPaymentMethod } from './helpers.js';

describe('retrievePaymentMethod', () => {
  it('finds a stored PaymentMethod, which is not created again', () => {
    const h = harness();
    const stored = storedPaymentMethod(h, inSucceeded(h).intent.payment_method);
    expect(retrievePaymentMethod(stored.id, { expand: ['customer'] }, h.env)).toEqual({ kind: 'found', paymentMethod: stored, created: false });
  });

  it('a test alias creates a fresh PaymentMethod each time, as on Stripe', () => {
    const h = harness();
    const first = retrievePaymentMethod('pm_card_visa', {}, h.env);
    const second = retrievePaymentMethod('pm_card_visa', {}, h.env);
    if (first.kind !== 'found' || second.kind !== 'found') throw new Error('refused');
    expect(first.created && second.created).toBe(true);
    expect(first.paymentMethod.card?.last4).toBe('4242');
    expect(first.paymentMethod.id).not.toBe(second.paymentMethod.id);
  });

  it('an unknown id is 404 resource_missing; unknown parameters are refused', () => {
    const h = harness();
    const missing = retrievePaymentMethod('pm_missing', {}, h.env);
    expect(missing).toMatchObject({ kind: 'refused', error: { statusCode: 404, error: { code: 'resource_missing', param: 'payment_method' } } });
    const unknown = retrievePaymentMethod('pm_card_visa', { limit: 3 } as never, h.env);
    expect(unknown).toMatchObject({ kind: 'refused', error: { statusCode: 400, error: { code: 'parameter_unknown', param: 'limit' } } });
  });
});
