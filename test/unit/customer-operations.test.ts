import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EPOCH,
  EMPTY_COMMIT,
  attachPaymentMethod,
  commitOfCustomerDeletion,
  commitOfCustomerResult,
  createCustomer,
  createPaymentMethod,
  deleteCustomer,
  isEmptyCommit,
  retrieveCustomer,
  updateCustomer,
  updatePaymentMethod,
} from '../../src/index.js';
import type { Customer, CustomerResult, PaymentMethod } from '../../src/index.js';
import { expectError, harness, paymentMethodOf } from './helpers.js';
import type { Harness } from './helpers.js';

function applied(result: CustomerResult): Extract<CustomerResult, { readonly kind: 'applied' }> {
  if (result.kind === 'refused') throw new Error(result.error.error.message);
  return result;
}

function created(result: CustomerResult): Customer {
  return applied(result).customer;
}

function refusedError(result: { readonly kind: string; readonly error?: unknown }) {
  if (result.kind !== 'refused') throw new Error(`expected a refusal, got ${result.kind}`);
  return (result as Extract<CustomerResult, { readonly kind: 'refused' }>).error;
}

/** Creates and stores a Customer. */
function stored(h: Harness, result: CustomerResult): Customer {
  const done = applied(result);
  h.store.commit(commitOfCustomerResult(done));
  return done.customer;
}

/** A card PaymentMethod, stored, attached to `customer` when given. */
function card(h: Harness, customer?: string): PaymentMethod {
  const made = createPaymentMethod({ type: 'card', card: { token: 'tok_visa' } }, h.env);
  if (made.kind !== 'created') throw new Error('not created');
  if (customer === undefined) {
    h.store.paymentMethods.set(made.paymentMethod.id, made.paymentMethod);
    return made.paymentMethod;
  }
  const attached = attachPaymentMethod(made.paymentMethod, { customer }, h.env);
  if (attached.kind !== 'applied') throw new Error('not attached');
  h.store.paymentMethods.set(attached.paymentMethod.id, attached.paymentMethod);
  return attached.paymentMethod;
}

describe('createCustomer', () => {
  // The object and its defaults: https://docs.stripe.com/api/customers/object; `customer_account`
  // and `discount` as live Stripe renders them (recorded at 2026-08-26.dahlia, test/fixtures/recordings/).
  it("renders every key of Stripe's Customer object, with a new Customer's defaults, at the environment's time", () => {
    const h = harness();
    const customer = created(createCustomer({ email: 'jenny@example.com', name: 'Jenny Rosen', metadata: { plan: 'pro', empty: '' } }, h.env));
    expect(customer).toEqual({
      id: customer.id,
      object: 'customer',
      address: null,
      balance: 0,
      created: DEFAULT_EPOCH,
      currency: null,
      customer_account: null,
      default_source: null,
      delinquent: false,
      description: null,
      discount: null,
      email: 'jenny@example.com',
      invoice_prefix: customer.invoice_prefix,
      invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
      livemode: false,
      metadata: { plan: 'pro' },
      name: 'Jenny Rosen',
      next_invoice_sequence: 1,
      phone: null,
      preferred_locales: [],
      shipping: null,
      tax_exempt: 'none',
      test_clock: null,
    });
    expect(customer.id).toMatch(/^cus_/);
    // Eight upper-case hex digits, like the reference's `0759376C`.
    expect(customer.invoice_prefix).toMatch(/^[0-9A-F]{8}$/);
  });

  // Parameters: https://docs.stripe.com/api/customers/create
  it('takes the address, shipping, phone, locales, balance, tax exemption and invoice settings integrations send', () => {
    const h = harness();
    const customer = created(
      createCustomer(
        {
          address: { line1: '510 Townsend St', city: 'San Francisco', state: 'CA', postal_code: '94103', country: 'US' },
          balance: -500,
          description: 'Tryton party 42',
          phone: '+14155550100',
          preferred_locales: ['fr', 'en'],
          shipping: { name: 'Jenny Rosen', address: { line1: '1 Main St', country: 'US' } },
          tax_exempt: 'reverse',
          invoice_settings: {
            custom_fields: [{ name: 'VAT', value: 'FR123' }],
            footer: 'Thanks',
            rendering_options: { amount_tax_display: 'exclude_tax' },
          },
        },
        h.env,
      ),
    );
    expect(customer).toMatchObject({
      address: { line1: '510 Townsend St', line2: null, city: 'San Francisco', state: 'CA', postal_code: '94103', country: 'US' },
      balance: -500,
      description: 'Tryton party 42',
      phone: '+14155550100',
      preferred_locales: ['fr', 'en'],
      shipping: { name: 'Jenny Rosen', phone: null, address: { line1: '1 Main St', line2: null, city: null, state: null, postal_code: null, country: 'US' } },
      tax_exempt: 'reverse',
      invoice_settings: {
        custom_fields: [{ name: 'VAT', value: 'FR123' }],
        default_payment_method: null,
        footer: 'Thanks',
        rendering_options: { amount_tax_display: 'exclude_tax', template: null },
      },
    });
  });

  it('reads form-encoded custom fields (indexed hashes) in index order', () => {
    const h = harness();
    const customer = created(createCustomer({ invoice_settings: { custom_fields: { 1: { name: 'b', value: '2' }, 0: { name: 'a', value: '1' } } } } as never, h.env));
    expect(customer.invoice_settings.custom_fields).toEqual([
      { name: 'a', value: '1' },
      { name: 'b', value: '2' },
    ]);
  });

  it('an empty email, name, phone or address is the same as none', () => {
    const h = harness();
    expect(created(createCustomer({ email: '', name: '', phone: '', address: '', shipping: '' }, h.env))).toMatchObject({
      email: null,
      name: null,
      phone: null,
      address: null,
      shipping: null,
      metadata: {},
    });
  });

  it('payment_method attaches that PaymentMethod to the new Customer and publishes payment_method.attached', () => {
    const h = harness();
    const result = applied(createCustomer({ email: 'a@example.com', payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } }, h.env));
    const [pm] = result.paymentMethods;
    expect(pm?.customer).toBe(result.customer.id);
    expect(pm?.id).toMatch(/^pm_/);
    // The alias names the PaymentMethod the same request attached.
    expect(result.customer.invoice_settings.default_payment_method).toBe(pm?.id);
    expect(result.events.map((event) => event.type)).toEqual(['customer.created', 'payment_method.attached']);
    expect(commitOfCustomerResult(result)).toEqual({ ...EMPTY_COMMIT, customers: [result.customer], paymentMethods: [pm], events: result.events });
  });

  it('a PaymentMethod of another Customer, an unknown one or a declining card refuses the whole create', () => {
    const h = harness();
    const owner = stored(h, createCustomer({}, h.env));
    const taken = card(h, owner.id);
    // No code (recorded at 2023-10-16 in spree/spree_stripe spec/vcr/attach_customer_to_credit_card_error.yml).
    expect(refusedError(createCustomer({ payment_method: taken.id }, h.env)).error).toEqual({ type: 'invalid_request_error', message: 'The payment method you provided has already been attached to a customer.' });
    expectError(refusedError(createCustomer({ payment_method: 'pm_missing' }, h.env)), {
      statusCode: 400,
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'payment_method',
      message: "No such PaymentMethod: 'pm_missing'",
    });
    const declined = refusedError(createCustomer({ payment_method: 'pm_card_chargeDeclined' }, h.env));
    expect(declined.statusCode).toBe(402);
    expect(declined.error.code).toBe('card_declined');
  });

  // The message is live Stripe's as integrations report it (github.com/getlago/lago-api/pull/3665).
  it('invoice_settings[default_payment_method] must be attached to the Customer', () => {
    const h = harness();
    const loose = card(h);
    expectError(refusedError(createCustomer({ invoice_settings: { default_payment_method: loose.id } }, h.env)), {
      statusCode: 400,
      type: 'invalid_request_error',
      param: 'invoice_settings[default_payment_method]',
      message: `The customer does not have a payment method with the ID ${loose.id}. The payment method must be attached to the customer.`,
    });
  });

  it('refuses metadata=\'\', sources it does not model, test clocks, and unknown parameters', () => {
    const h = harness();
    const empty = refusedError(createCustomer({ metadata: '' }, h.env));
    expect(empty.error).toMatchObject({ code: 'parameter_invalid_empty', param: 'metadata' });
    expectError(refusedError(createCustomer({ source: 'tok_visa' }, h.env)), {
      statusCode: 400,
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'source',
      message: "No such token: 'tok_visa'",
    });
    expectError(refusedError(createCustomer({ test_clock: 'clock_1' }, h.env)), {
      statusCode: 400,
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'test_clock',
      message: "No such test_clock: 'clock_1'",
    });
    expectError(refusedError(createCustomer({ coupon: 'x' } as never, h.env)), {
      statusCode: 400,
      type: 'invalid_request_error',
      code: 'parameter_unknown',
      param: 'coupon',
      message: 'Received unknown parameter: coupon',
    });
  });

  it('checks shapes: shipping needs address and name, tax_exempt its enum, at most four custom fields', () => {
    const h = harness();
    expect(refusedError(createCustomer({ shipping: { name: 'x' } } as never, h.env)).error).toMatchObject({ code: 'parameter_missing', param: 'shipping[address]' });
    expect(refusedError(createCustomer({ tax_exempt: 'sometimes' } as never, h.env)).error.param).toBe('tax_exempt');
    expect(refusedError(createCustomer({ phone: '1'.repeat(21) }, h.env)).error.param).toBe('phone');
    const five = Array.from({ length: 5 }, (_, i) => ({ name: `f${i}`, value: 'v' }));
    expect(refusedError(createCustomer({ invoice_settings: { custom_fields: five } }, h.env)).error).toMatchObject({
      code: 'parameter_unknown',
      param: 'invoice_settings[custom_fields][4]',
    });
    expect(refusedError(createCustomer({ invoice_settings: { custom_fields: [{ name: 'x' }] } } as never, h.env)).error).toMatchObject({
      code: 'parameter_missing',
      param: 'invoice_settings[custom_fields][0][value]',
    });
  });
});

describe('updateCustomer', () => {
  it('keeps fields left out, unsets empty ones and merges metadata', () => {
    const h = harness();
    const customer = created(createCustomer({ email: 'jenny@example.com', name: 'Jenny Rosen', phone: '+1555', metadata: { a: '1', b: '2' } }, h.env));
    const result = applied(updateCustomer(customer, { name: '', phone: '', metadata: { a: '', c: '3' } }, h.env));
    expect(result.customer).toEqual({ ...customer, email: 'jenny@example.com', name: null, phone: null, metadata: { b: '2', c: '3' } });
    const cleared = applied(updateCustomer(customer, { metadata: '', email: 'new@example.com' }, h.env));
    expect(cleared.customer).toMatchObject({ email: 'new@example.com', metadata: {} });
    expect(customer.metadata).toEqual({ a: '1', b: '2' });
  });

  it('refuses an update that would leave more than 50 metadata keys', () => {
    const h = harness();
    const keys = (from: number, count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${from + i}`, 'v']));
    const customer = created(createCustomer({ metadata: keys(0, 30) }, h.env));
    expect(refusedError(updateCustomer(customer, { metadata: keys(30, 21) }, h.env)).error).toMatchObject({
      param: 'metadata',
      message: 'Invalid metadata: metadata can have at most 50 keys.',
    });
    expect(Object.keys(applied(updateCustomer(customer, { metadata: keys(30, 20) }, h.env)).customer.metadata)).toHaveLength(50);
  });

  it('a PaymentMethod update is held to the same 50 keys after the merge', () => {
    const h = harness();
    const keys = (from: number, count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${from + i}`, 'v']));
    const customer = h.store.addCustomer();
    const paymentMethod = paymentMethodOf(h, customer.id);
    const full = updatePaymentMethod(paymentMethod, { metadata: keys(0, 50) }, h.env);
    if (full.kind !== 'applied') throw new Error('expected the update to apply');
    expect(refusedError(updatePaymentMethod(full.paymentMethod, { metadata: { one_more: 'v' } }, h.env)).error).toMatchObject({
      param: 'metadata',
      message: 'Invalid metadata: metadata can have at most 50 keys.',
    });
  });

  it('replaces address and shipping whole, removes them with an empty string, and sets invoice settings key by key', () => {
    const h = harness();
    const customer = created(
      createCustomer({ address: { line1: 'a', city: 'b' }, shipping: { name: 'n', address: { line1: 'x' } }, invoice_settings: { footer: 'f', custom_fields: [{ name: 'k', value: 'v' }] } }, h.env),
    );
    const moved = applied(updateCustomer(customer, { address: { city: 'c' }, invoice_settings: { footer: '' } }, h.env)).customer;
    expect(moved.address).toEqual({ line1: null, line2: null, city: 'c', state: null, postal_code: null, country: null });
    expect(moved.invoice_settings).toEqual({ custom_fields: [{ name: 'k', value: 'v' }], default_payment_method: null, footer: null, rendering_options: null });
    const removed = applied(updateCustomer(moved, { address: '', shipping: '', preferred_locales: '', tax_exempt: '', invoice_settings: { custom_fields: '' } }, h.env)).customer;
    expect(removed).toMatchObject({ address: null, shipping: null, preferred_locales: [], tax_exempt: 'none', invoice_settings: { custom_fields: null } });
  });

  it('sets invoice_settings[default_payment_method] to an attached PaymentMethod, and unsets it with an empty string', () => {
    const h = harness();
    const customer = stored(h, createCustomer({}, h.env));
    const pm = card(h, customer.id);
    const withDefault = applied(updateCustomer(customer, { invoice_settings: { default_payment_method: pm.id } }, h.env)).customer;
    expect(withDefault.invoice_settings.default_payment_method).toBe(pm.id);
    const kept = applied(updateCustomer(withDefault, { invoice_settings: { footer: 'x' } }, h.env)).customer;
    expect(kept.invoice_settings.default_payment_method).toBe(pm.id);
    expect(applied(updateCustomer(kept, { invoice_settings: { default_payment_method: '' } }, h.env)).customer.invoice_settings.default_payment_method).toBeNull();
  });

  it("refuses another Customer's PaymentMethod, an unknown one, a default_source, and leaves the Customer untouched", () => {
    const h = harness();
    const customer = stored(h, createCustomer({}, h.env));
    const other = stored(h, createCustomer({}, h.env));
    const theirs = card(h, other.id);
    const before = structuredClone(customer);
    expect(refusedError(updateCustomer(customer, { invoice_settings: { default_payment_method: theirs.id } }, h.env)).error.message).toBe(
      `The customer does not have a payment method with the ID ${theirs.id}. The payment method must be attached to the customer.`,
    );
    expect(refusedError(updateCustomer(customer, { invoice_settings: { default_payment_method: 'pm_nope' } }, h.env)).error).toMatchObject({
      code: 'resource_missing',
      param: 'invoice_settings[default_payment_method]',
    });
    expect(refusedError(updateCustomer(customer, { default_source: 'card_1' }, h.env)).error.message).toBe("No such source: 'card_1'");
    expect(refusedError(updateCustomer(customer, { payment_method: 'pm_card_visa' } as never, h.env)).error.code).toBe('parameter_unknown');
    expect(customer).toEqual(before);
  });

  it('refuses an email longer than Stripe allows', () => {
    const h = harness();
    const customer = created(createCustomer({}, h.env));
    expect(refusedError(updateCustomer(customer, { email: 'x'.repeat(513) }, h.env)).error.param).toBe('email');
  });
});

// https://docs.stripe.com/api/customers/delete
describe('deleteCustomer', () => {
  it('answers the deleted stub and detaches every PaymentMethod of the Customer, each with payment_method.detached', () => {
    const h = harness();
    const customer = stored(h, createCustomer({}, h.env));
    const other = stored(h, createCustomer({}, h.env));
    const first = card(h, customer.id);
    const second = card(h, customer.id);
    const theirs = card(h, other.id);
    const result = deleteCustomer(customer, h.store.paymentMethods.values(), {}, h.env, { request: { id: 'req_delete', idempotency_key: null } });
    if (result.kind !== 'applied') throw new Error('refused');
    expect(result.deleted).toEqual({ id: customer.id, object: 'customer', deleted: true });
    expect(result.paymentMethods.map((pm) => [pm.id, pm.customer])).toEqual([
      [first.id, null],
      [second.id, null],
    ]);
    expect(result.events.map((event) => [event.type, event.data.object.id, event.request?.id])).toEqual([
      ['payment_method.detached', first.id, 'req_delete'],
      ['payment_method.detached', second.id, 'req_delete'],
      // The event carries the Customer as it was (recorded live, test/fixtures/recordings/stripe-world-probe-customer-payment-method-events.json).
      ['customer.deleted', customer.id, 'req_delete'],
    ]);
    // Live Stripe's detached event names the former Customer (recorded; spec §11).
    expect(result.events.map((event) => event.data.previous_attributes)).toEqual([{ customer: customer.id }, { customer: customer.id }, undefined]);
    expect(theirs.customer).toBe(other.id);
    const commit = commitOfCustomerDeletion(result);
    expect(commit).toEqual({
      ...EMPTY_COMMIT,
      deletedCustomers: [customer.id],
      paymentMethods: result.paymentMethods,
      spentPaymentMethods: [first.id, second.id],
      events: result.events,
    });
  });

  it('a Customer without PaymentMethods still commits its deletion', () => {
    const h = harness();
    const customer = created(createCustomer({}, h.env));
    const result = deleteCustomer(customer, [], {}, h.env);
    expect(isEmptyCommit(commitOfCustomerDeletion(result))).toBe(false);
  });

  it('takes no parameters', () => {
    const h = harness();
    const customer = created(createCustomer({}, h.env));
    const result = deleteCustomer(customer, [], { expand: ['x'] }, h.env);
    expect(result.kind === 'refused' && result.error.error.code).toBe('parameter_unknown');
    expect(commitOfCustomerDeletion(result)).toBe(EMPTY_COMMIT);
  });
});

describe('retrieveCustomer', () => {
  // "Unlike other objects, deleted customers can still be retrieved": https://docs.stripe.com/api/customers/delete
  it('answers a Customer, a deleted stub with 200, and an unknown id with 404', () => {
    const h = harness();
    const customer = created(createCustomer({}, h.env));
    expect(retrieveCustomer(customer.id, customer)).toEqual({ kind: 'found', value: customer });
    const stub = { id: 'cus_gone', object: 'customer', deleted: true } as const;
    expect(retrieveCustomer('cus_gone', stub)).toEqual({ kind: 'found', value: stub });
    const missing = retrieveCustomer('cus_nobody', undefined);
    if (missing.kind !== 'refused') throw new Error('found');
    expectError(missing.error, {
      statusCode: 404,
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'id',
      message: "No such customer: 'cus_nobody'",
    });
  });
});
