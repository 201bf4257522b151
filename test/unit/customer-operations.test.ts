import { describe, expect, it } from 'vitest';
import { createCustomer, updateCustomer } from '../../src/index.js';
import type { Customer } from '../../src/index.js';
import { DEFAULT_EPOCH } from '../../src/index.js';
import { expectError, harness } from './helpers.js';

function created(result: ReturnType<typeof createCustomer>): Customer {
  if (result.kind === 'refused') throw new Error(result.error.error.message);
  return result.customer;
}

describe('createCustomer', () => {
  it('creates a Customer with its email, name and metadata, at the environment\'s time', () => {
    const h = harness();
    const customer = created(createCustomer({ email: 'jenny@example.com', name: 'Jenny Rosen', metadata: { plan: 'pro', empty: '' } }, h.env));
    expect(customer).toEqual({
      id: customer.id,
      object: 'customer',
      created: DEFAULT_EPOCH,
      email: 'jenny@example.com',
      name: 'Jenny Rosen',
      livemode: false,
      metadata: { plan: 'pro' },
    });
    expect(customer.id).toMatch(/^cus_/);
  });

  it('an empty email or name is the same as none', () => {
    const h = harness();
    expect(created(createCustomer({ email: '', name: '' }, h.env))).toMatchObject({ email: null, name: null, metadata: {} });
  });

  it('refuses metadata=\'\' (nothing to unset) and unknown parameters', () => {
    const h = harness();
    const empty = createCustomer({ metadata: '' }, h.env);
    if (empty.kind !== 'refused') throw new Error('created');
    expect(empty.error.error.code).toBe('parameter_invalid_empty');
    expect(empty.error.error.param).toBe('metadata');
    const unknown = createCustomer({ phone: '1' } as never, h.env);
    if (unknown.kind !== 'refused') throw new Error('created');
    expectError(unknown.error, { statusCode: 400, type: 'invalid_request_error', code: 'parameter_unknown', param: 'phone', message: 'Received unknown parameter: phone' });
  });
});

describe('updateCustomer', () => {
  it('keeps fields left out, unsets empty ones and merges metadata', () => {
    const h = harness();
    const customer = created(createCustomer({ email: 'jenny@example.com', name: 'Jenny Rosen', metadata: { a: '1', b: '2' } }, h.env));
    const result = updateCustomer(customer, { name: '', metadata: { a: '', c: '3' } });
    if (result.kind === 'refused') throw new Error('refused');
    expect(result.customer).toEqual({ ...customer, email: 'jenny@example.com', name: null, metadata: { b: '2', c: '3' } });
    const cleared = updateCustomer(customer, { metadata: '', email: 'new@example.com' });
    expect(cleared.kind === 'applied' && cleared.customer).toMatchObject({ email: 'new@example.com', metadata: {} });
    expect(customer.metadata).toEqual({ a: '1', b: '2' });
  });

  it('refuses an email longer than Stripe allows', () => {
    const h = harness();
    const customer = created(createCustomer({}, h.env));
    const result = updateCustomer(customer, { email: 'x'.repeat(513) });
    expect(result.kind === 'refused' && result.error.error.param).toBe('email');
  });
});
