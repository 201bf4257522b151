// Customers as integrations use them, through the official SDK on a real socket: every create and
// update parameter they send, payment_method attach on create, the default payment method, delete
// (and what a deleted Customer answers afterwards), search, and the errors of each; plus a restart
// that replays a deletion from the operation log.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, DeletedCustomer } from '../../src/index.js';
import { paymentMethodTypes, startEmulator, stripeError } from './support/start-emulator.js';
import type { StartedEmulator } from './support/start-emulator.js';

// Type-level: the library's Customer objects are the SDK's.
const asSdkCustomer = (customer: Customer): Stripe.Customer => customer;
const asSdkDeletedCustomer = (deleted: DeletedCustomer): Stripe.DeletedCustomer => deleted;
void asSdkCustomer;
void asSdkDeletedCustomer;

let started: StartedEmulator;
let stripe: Stripe;

beforeAll(async () => {
  started = await startEmulator({ seed: 404 });
  stripe = started.stripe();
});
afterAll(async () => {
  await started.close();
});

/** Keys of Stripe's Customer object (https://docs.stripe.com/api/customers/object, the reference's example). */
const CUSTOMER_KEYS = [
  'id',
  'object',
  'address',
  'balance',
  'created',
  'currency',
  // customer_account and discount: rendered live as null (recorded at 2026-08-26.dahlia, test/fixtures/recordings/).
  'customer_account',
  'default_source',
  'delinquent',
  'description',
  'discount',
  'email',
  'invoice_prefix',
  'invoice_settings',
  'livemode',
  'metadata',
  'name',
  'next_invoice_sequence',
  'phone',
  'preferred_locales',
  'shipping',
  'tax_exempt',
  'test_clock',
];

describe('create and update with the parameters integrations send', () => {
  // https://docs.stripe.com/api/customers/create
  it('create takes address, shipping, phone, locales, balance, tax_exempt, invoice_settings and payment_method', async () => {
    const customer = await stripe.customers.create({
      email: 'party@example.com',
      name: 'Tryton Party',
      description: 'party 42',
      phone: '+33102030405',
      address: { line1: '1 rue de la Paix', city: 'Paris', postal_code: '75002', country: 'FR' },
      shipping: { name: 'Depot', address: { line1: '2 quai', city: 'Lyon', country: 'FR' }, phone: '+33400000000' },
      preferred_locales: ['fr-FR', 'en'],
      balance: 1200,
      tax_exempt: 'exempt',
      metadata: { party: '42' },
      payment_method: 'pm_card_visa',
      invoice_settings: {
        default_payment_method: 'pm_card_visa',
        custom_fields: [{ name: 'SIRET', value: '123' }],
        footer: 'Merci',
        rendering_options: { amount_tax_display: 'include_inclusive_tax' },
      },
    });
    expect(Object.keys(customer)).toEqual(CUSTOMER_KEYS);
    expect(customer).toMatchObject({
      object: 'customer',
      email: 'party@example.com',
      description: 'party 42',
      phone: '+33102030405',
      address: { line1: '1 rue de la Paix', line2: null, city: 'Paris', state: null, postal_code: '75002', country: 'FR' },
      shipping: { name: 'Depot', phone: '+33400000000', address: { line1: '2 quai', city: 'Lyon', country: 'FR' } },
      preferred_locales: ['fr-FR', 'en'],
      balance: 1200,
      tax_exempt: 'exempt',
      currency: null,
      default_source: null,
      delinquent: false,
      next_invoice_sequence: 1,
      test_clock: null,
      livemode: false,
      invoice_settings: {
        custom_fields: [{ name: 'SIRET', value: '123' }],
        footer: 'Merci',
        rendering_options: { amount_tax_display: 'include_inclusive_tax', template: null },
      },
    });
    // `payment_method` attaches a fresh PaymentMethod; the same alias as the default names it.
    const attached = await stripe.customers.listPaymentMethods(customer.id);
    expect(attached.data.map((pm) => pm.id)).toEqual([customer.invoice_settings.default_payment_method]);
    expect(attached.data[0]?.customer).toBe(customer.id);
    const events = await stripe.events.list({ type: 'payment_method.attached', limit: 1 });
    expect(events.data[0]?.data.object).toMatchObject({ id: attached.data[0]?.id, customer: customer.id });
    expect(await stripe.customers.retrieve(customer.id)).toEqual(customer);
  });

  // https://docs.stripe.com/api/customers/update
  it('update sets and unsets fields and the default payment method', async () => {
    const customer = await stripe.customers.create({ email: 'upd@example.com', phone: '+1555', address: { line1: 'a' } });
    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('card'), customer: customer.id, confirm: true, payment_method: 'pm_card_mastercard' });
    const pm = intent.payment_method as string;
    const updated = await stripe.customers.update(customer.id, {
      invoice_settings: { default_payment_method: pm, footer: 'thanks' },
      phone: '',
      address: '',
      shipping: { name: 'Home', address: { line1: 'b', country: 'US' } },
      metadata: { k: 'v' },
    });
    expect(updated).toMatchObject({ phone: null, address: null, shipping: { name: 'Home' }, metadata: { k: 'v' }, email: 'upd@example.com' });
    expect(updated.invoice_settings).toEqual({ custom_fields: null, default_payment_method: pm, footer: 'thanks', rendering_options: null });
    const unset = await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: '' }, shipping: '' });
    expect(unset.invoice_settings.default_payment_method).toBeNull();
    expect(unset.invoice_settings.footer).toBe('thanks');
    expect(unset.shipping).toBeNull();
  });

  it('a default payment method not attached to the Customer is refused with live Stripe\'s message', async () => {
    const customer = await stripe.customers.create({ email: 'nodefault@example.com' });
    const loose = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
    const error = await stripeError(stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: loose.id } }));
    expect(error.statusCode).toBe(400);
    expect(error.rawType).toBe('invalid_request_error');
    // Live Stripe's wording as integrations report it: github.com/getlago/lago-api/pull/3665
    expect(error.message).toBe(`The customer does not have a payment method with the ID ${loose.id}. The payment method must be attached to the customer.`);
    expect((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({ invoice_settings: { default_payment_method: null } });
  });

  it('refuses what it does not model: sources, test clocks, unknown parameters; and a declining card on create', async () => {
    const source = await stripeError(stripe.customers.create({ source: 'tok_visa' }));
    expect(source).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'source' });
    const clock = await stripeError(stripe.customers.create({ test_clock: 'clock_missing' }));
    expect(clock).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'test_clock' });
    const unknown = await stripeError(stripe.customers.create({ tax_id_data: [{ type: 'eu_vat', value: 'FR1' }] }));
    expect(unknown).toMatchObject({ statusCode: 400, code: 'parameter_unknown' });
    const declined = await stripeError(stripe.customers.create({ email: 'declined@example.com', payment_method: 'pm_card_chargeDeclined' }));
    expect(declined.statusCode).toBe(402);
    expect(declined.code).toBe('card_declined');
    expect((await stripe.customers.list({ email: 'declined@example.com' })).data).toEqual([]);
  });
});

// https://docs.stripe.com/api/customers/delete
describe('delete', () => {
  it('answers the deleted stub, detaches the PaymentMethods, and the id then retrieves as the stub (200)', async () => {
    const customer = await stripe.customers.create({ email: 'gone@example.com', payment_method: 'pm_card_visa' });
    const intent = await stripe.setupIntents.create({ ...paymentMethodTypes('card'), customer: customer.id });
    const [pm] = (await stripe.customers.listPaymentMethods(customer.id)).data;
    const deleted = await stripe.customers.del(customer.id);
    expect(deleted).toEqual({ id: customer.id, object: 'customer', deleted: true });

    // "Unlike other objects, deleted customers can still be retrieved through the API."
    const retrieved = await stripe.customers.retrieve(customer.id);
    expect(retrieved).toEqual({ id: customer.id, object: 'customer', deleted: true });

    expect((await stripe.paymentMethods.retrieve(pm?.id ?? '')).customer).toBeNull();
    const detached = await stripe.events.list({ type: 'payment_method.detached', limit: 1 });
    expect(detached.data[0]?.data.object).toMatchObject({ id: pm?.id, customer: null });
    expect(detached.data[0]?.data.previous_attributes).toEqual({ customer: customer.id });
    // A SetupIntent keeps the id of its deleted Customer.
    expect((await stripe.setupIntents.retrieve(intent.id)).customer).toBe(customer.id);
  });

  it('a deleted Customer cannot be updated, deleted again, listed, searched or used', async () => {
    const customer = await stripe.customers.create({ email: 'twice@example.com' });
    await stripe.customers.del(customer.id);
    // Deleting twice is "No such customer" on Stripe: github.com/pinax/pinax-stripe-light/issues/7
    const again = await stripeError(stripe.customers.del(customer.id));
    expect(again).toMatchObject({ statusCode: 404, code: 'resource_missing', message: `No such customer: '${customer.id}'` });
    const update = await stripeError(stripe.customers.update(customer.id, { name: 'x' }));
    expect(update).toMatchObject({ statusCode: 404, code: 'resource_missing' });
    expect((await stripe.customers.list({ email: 'twice@example.com' })).data).toEqual([]);
    expect((await stripe.customers.search({ query: "email:'twice@example.com'" })).data).toEqual([]);
    const intent = await stripeError(stripe.setupIntents.create({ ...paymentMethodTypes('card'), customer: customer.id }));
    expect(intent).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'customer' });
    expect((await stripeError(stripe.customers.del('cus_neverexisted'))).statusCode).toBe(404);
  });
});

// https://docs.stripe.com/api/customers/search
describe('search', () => {
  it('answers a search_result by email, name, phone and metadata, with AND, OR, limit and page', async () => {
    const a = await stripe.customers.create({ email: 'search-a@example.com', name: 'Search Alpha', phone: '+100', metadata: { team: 'red' } });
    const b = await stripe.customers.create({ email: 'search-b@example.com', name: 'Search Beta', metadata: { team: 'blue' } });
    const c = await stripe.customers.create({ email: 'search-c@example.com', name: 'Search Gamma', metadata: { team: 'red' } });

    const byEmail = await stripe.customers.search({ query: "email:'search-a@example.com'" });
    expect(byEmail).toEqual({ object: 'search_result', data: [a], has_more: false, next_page: null, url: '/v1/customers/search' });
    expect((await stripe.customers.search({ query: 'name:"search beta"' })).data.map((x) => x.id)).toEqual([b.id]);
    expect((await stripe.customers.search({ query: "phone:'+100'" })).data.map((x) => x.id)).toEqual([a.id]);
    expect((await stripe.customers.search({ query: "metadata['team']:'red' AND email~'search-'" })).data.map((x) => x.id)).toEqual([c.id, a.id]);
    expect((await stripe.customers.search({ query: "name:'Search Alpha' OR name:'Search Beta'" })).data.map((x) => x.id)).toEqual([b.id, a.id]);

    const first = await stripe.customers.search({ query: "email~'search-'", limit: 2 });
    expect(first.data.map((x) => x.id)).toEqual([c.id, b.id]);
    expect(first.has_more).toBe(true);
    const second = await stripe.customers.search({ query: "email~'search-'", limit: 2, page: first.next_page ?? '' });
    expect(second.data.map((x) => x.id)).toEqual([a.id]);
    expect(second.next_page).toBeNull();
    // The SDK's auto-pagination follows next_page.
    const all: string[] = [];
    for await (const found of stripe.customers.search({ query: "email~'search-'", limit: 1 })) all.push(found.id);
    expect(all).toEqual([c.id, b.id, a.id]);
  });

  it('"search" is never read as a customer id, and an unreadable query is Stripe\'s 400', async () => {
    const missing = await stripeError(stripe.customers.search({} as Stripe.CustomerSearchParams));
    expect(missing).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'query' });
    const bad = await stripeError(stripe.customers.search({ query: 'asdf' }));
    expect(bad.statusCode).toBe(400);
    // The wording stripe-ruby-mock's search specs record against live Stripe.
    expect(bad.message).toMatch(/^We were unable to parse your search query\./);
    const field = await stripeError(stripe.customers.search({ query: "currency:'usd'" }));
    expect(field.message).toBe('Field `currency` is an unsupported search field for resource `customers`.');
  });
});

describe('persistence', () => {
  it('a restart replays a deletion from the log: the Customer stays deleted and its PaymentMethod detached', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sim-customer-log-'));
    try {
      const dataFile = join(dir, 'log.jsonl');
      const first = await startEmulator({ seed: 7, dataFile });
      const sdk = first.stripe();
      const kept = await sdk.customers.create({ email: 'kept@example.com', address: { city: 'Oslo' } });
      const gone = await sdk.customers.create({ email: 'gone@example.com', payment_method: 'pm_card_visa' });
      const [pm] = (await sdk.customers.listPaymentMethods(gone.id)).data;
      await sdk.customers.del(gone.id);
      await first.close();

      const second = await startEmulator({ seed: 7, dataFile });
      try {
        const again = second.stripe();
        expect(await again.customers.retrieve(kept.id)).toEqual(kept);
        expect(await again.customers.retrieve(gone.id)).toEqual({ id: gone.id, object: 'customer', deleted: true });
        expect((await again.paymentMethods.retrieve(pm?.id ?? '')).customer).toBeNull();
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
