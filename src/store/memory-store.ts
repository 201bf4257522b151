import { SetupIntentMachineError } from '../core/misuse-error.js';
import { createCustomer } from '../operations/create-customer.js';
import type { Commit } from '../core/commit.js';
import { commitOfSetupIntentResult } from '../core/commit.js';
import type { SetupIntentEnvironment, EnvironmentOptions } from '../core/environment.js';
import { createEnvironment } from '../core/environment.js';
import type { OperationResult } from '../core/operation-result.js';
import type { PaymentIntentRecord } from '../core/payment-intent-record.js';
import type { PaymentIntentResult } from '../core/payment-intent-result.js';
import { commitOfPaymentIntentResult } from '../core/commit.js';
import type { Charge } from '../types/charge.js';
import type { Refund } from '../types/refund.js';
import type { PaymentIntent } from '../types/payment-intent.js';
import type { SetupIntentRecord } from '../core/setup-intent-record.js';
import type { Mandate } from '../types/mandate.js';
import type { Customer, PaymentMethod } from '../types/payment-method.js';
import type { SetupAttempt } from '../types/setup-attempt.js';
import type { SetupIntent } from '../types/setup-intent.js';
import type { StripeEvent } from '../events/stripe-event.js';

/**
 * An in-memory home for the objects the operations produce, with an environment whose lookups
 * read it. Handy for tests, demos and small embedders; it does no I/O and reads no clock.
 */
export interface MemoryStore {
  /** The environment to pass to the operations. */
  readonly env: SetupIntentEnvironment;
  /** SetupIntent records by id, in creation order. */
  readonly setupIntents: Map<string, SetupIntentRecord>;
  /** PaymentMethods by id. */
  readonly paymentMethods: Map<string, PaymentMethod>;
  /** Customers by id. */
  readonly customers: Map<string, Customer>;
  /** SetupAttempts by id, in creation order. */
  readonly setupAttempts: Map<string, SetupAttempt>;
  /** Mandates by id. */
  readonly mandates: Map<string, Mandate>;
  /** PaymentIntent records by id, in creation order. */
  readonly paymentIntents: Map<string, PaymentIntentRecord>;
  /** Charges by id. */
  readonly charges: Map<string, Charge>;
  /** Refunds by id, in creation order. */
  readonly refunds: Map<string, Refund>;
  /** Every event the stored results carried, in order. */
  readonly events: StripeEvent[];
  /** Ids of PaymentMethods that may not be used again (see {@link Commit.spentPaymentMethods}). */
  readonly spentPaymentMethods: ReadonlySet<string>;
  /** Stores everything a commit holds: its objects by id, its events at the end of the log. */
  readonly commit: (commit: Commit) => void;
  /** Stores what a result produced (nothing for a refusal) and returns the result. */
  readonly apply: <R extends OperationResult>(result: R) => R;
  /** Stores what a PaymentIntent result produced (nothing for a refusal) and returns the result. */
  readonly applyPaymentIntent: <R extends PaymentIntentResult>(result: R) => R;
  /** The PaymentIntents in list order (`created` descending, the later-created first), read lazily. */
  readonly paymentIntentsNewestFirst: () => Iterable<PaymentIntent>;
  /** The Refunds in list order (`created` descending, the later-created first), read lazily. */
  readonly refundsNewestFirst: () => Iterable<Refund>;
  /** One Charge's Refunds, the later-created first. */
  readonly refundsOfCharge: (charge: string) => Iterable<Refund>;
  /** Creates and stores a Customer. */
  readonly addCustomer: (fields?: { readonly email?: string; readonly name?: string }) => Customer;
  /** Every SetupIntent, oldest first (the input `listSetupIntents` expects). */
  readonly intents: () => SetupIntent[];
  /**
   * The SetupIntents in list order (`created` descending, the later-created first among equal
   * times), read lazily from a maintained index: what `listSetupIntentsNewestFirst` expects.
   */
  readonly intentsNewestFirst: () => Iterable<SetupIntent>;
  /** The PaymentMethods, the most recently created first, read lazily. */
  readonly paymentMethodsNewestFirst: () => Iterable<PaymentMethod>;
  /** The Customers, the most recently created first, read lazily. */
  readonly customersNewestFirst: () => Iterable<Customer>;
  /** The record of a SetupIntent, or undefined. */
  readonly record: (id: string) => SetupIntentRecord | undefined;
}

/**
 * The keys of a Map in list order, kept beside it so a list can walk them newest first without
 * copying or sorting the Map. Keys are added through {@link InsertionIndex.added}; keys the Map
 * lost are skipped and, once they are many, compacted away; keys set on the Map behind the
 * index's back are noticed by count and the index is rebuilt.
 */
interface InsertionIndex<V> {
  /** Notes a key the Map did not hold before (call before setting it). */
  readonly added: (key: string, value: V) => void;
  /** The Map's values in list order, newest first. */
  readonly newestFirst: () => Iterable<V>;
}

/**
 * An index of `map` in insertion order or, with `rank`, ordered by rank and then insertion
 * (the order of a stable sort), which an append keeps when ranks never decrease.
 */
function insertionIndex<V>(map: Map<string, V>, rank?: (value: V) => number): InsertionIndex<V> {
  let keys: string[] = [];
  const rebuild = (): void => {
    const entries = [...map.entries()];
    if (rank !== undefined) entries.sort((a, b) => rank(a[1]) - rank(b[1]));
    keys = entries.map(([key]) => key);
  };
  return {
    added: (key, value) => {
      const last = keys[keys.length - 1];
      const lastValue = last === undefined ? undefined : map.get(last);
      if (rank === undefined || lastValue === undefined || rank(lastValue) <= rank(value)) {
        keys.push(key);
        return;
      }
      // Out of order (a clock set back): after every key of an equal or lower rank.
      let low = 0;
      let high = keys.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        const held = map.get(keys[middle] as string);
        if (held === undefined || rank(held) <= rank(value)) low = middle + 1;
        else high = middle;
      }
      keys.splice(low, 0, key);
    },
    newestFirst: function* () {
      if (keys.length < map.size || keys.length > 2 * map.size + 64) rebuild();
      for (let i = keys.length - 1; i >= 0; i--) {
        const value = map.get(keys[i] as string);
        if (value !== undefined) yield value;
      }
    },
  };
}

/** Creates an empty {@link MemoryStore}; environment options pass through to `createEnvironment`. */
export function createMemoryStore(options: Omit<EnvironmentOptions, 'findPaymentMethod' | 'findCustomer' | 'isPaymentMethodSpent' | 'setupUsageOf'> = {}): MemoryStore {
  const setupIntents = new Map<string, SetupIntentRecord>();
  const paymentMethods = new Map<string, PaymentMethod>();
  const customers = new Map<string, Customer>();
  const setupAttempts = new Map<string, SetupAttempt>();
  const mandates = new Map<string, Mandate>();
  const paymentIntents = new Map<string, PaymentIntentRecord>();
  const charges = new Map<string, Charge>();
  const refunds = new Map<string, Refund>();
  // Each Charge's Refund ids, oldest first: a Charge's list and its expanded `refunds` read only its own.
  const refundsByCharge = new Map<string, string[]>();
  // A reset empties `refunds` behind this index's back: then the index is dropped too.
  const forgetClearedRefunds = (): void => {
    if (refunds.size === 0 && refundsByCharge.size > 0) refundsByCharge.clear();
  };
  const events: StripeEvent[] = [];
  const spentPaymentMethods = new Set<string>();
  // How each PaymentMethod was set up for later payments: by a succeeded SetupIntent (its usage)
  // or a succeeded PaymentIntent (its setup_future_usage); off_session wins over on_session.
  const setupUsage = new Map<string, 'off_session' | 'on_session'>();
  const noteSetup = (paymentMethod: string | null, usage: 'off_session' | 'on_session' | null): void => {
    if (paymentMethod === null || usage === null || setupUsage.get(paymentMethod) === 'off_session') return;
    setupUsage.set(paymentMethod, usage);
  };
  const paymentIntentOrder = insertionIndex(paymentIntents, (record) => record.intent.created);
  const refundOrder = insertionIndex(refunds, (refund) => refund.created);
  const intentOrder = insertionIndex(setupIntents, (record) => record.intent.created);
  const paymentMethodOrder = insertionIndex(paymentMethods);
  const customerOrder = insertionIndex(customers);
  const addCustomerToIndex = (customer: Customer): void => {
    if (!customers.has(customer.id)) customerOrder.added(customer.id, customer);
    customers.set(customer.id, customer);
  };
  const env = createEnvironment({
    ...options,
    findPaymentMethod: (id) => paymentMethods.get(id),
    findCustomer: (id) => customers.get(id),
    isPaymentMethodSpent: (id) => spentPaymentMethods.has(id),
    setupUsageOf: (id) => setupUsage.get(id),
  });
  const commit = (change: Commit): void => {
    for (const { record } of change.setupIntents) {
      if (!setupIntents.has(record.intent.id)) intentOrder.added(record.intent.id, record);
      setupIntents.set(record.intent.id, record);
      if (record.intent.status === 'succeeded') noteSetup(record.intent.payment_method, record.intent.usage);
    }
    for (const { record } of change.paymentIntents) {
      if (!paymentIntents.has(record.intent.id)) paymentIntentOrder.added(record.intent.id, record);
      paymentIntents.set(record.intent.id, record);
      if (record.intent.status === 'succeeded') noteSetup(record.intent.payment_method, record.intent.setup_future_usage);
    }
    for (const charge of change.charges) charges.set(charge.id, charge);
    if (change.refunds.length > 0) forgetClearedRefunds();
    for (const refund of change.refunds) {
      if (!refunds.has(refund.id)) {
        refundOrder.added(refund.id, refund);
        if (refund.charge !== null) {
          const ofCharge = refundsByCharge.get(refund.charge);
          if (ofCharge === undefined) refundsByCharge.set(refund.charge, [refund.id]);
          else ofCharge.push(refund.id);
        }
      }
      refunds.set(refund.id, refund);
    }
    for (const pm of change.paymentMethods) {
      if (!paymentMethods.has(pm.id)) paymentMethodOrder.added(pm.id, pm);
      paymentMethods.set(pm.id, pm);
    }
    for (const customer of change.customers) addCustomerToIndex(customer);
    for (const id of change.deletedCustomers) customers.delete(id);
    for (const id of change.spentPaymentMethods) spentPaymentMethods.add(id);
    for (const attempt of change.setupAttempts) setupAttempts.set(attempt.id, attempt);
    for (const mandate of change.mandates) mandates.set(mandate.id, mandate);
    events.push(...change.events);
  };
  return {
    env,
    setupIntents,
    paymentMethods,
    customers,
    setupAttempts,
    mandates,
    paymentIntents,
    charges,
    refunds,
    events,
    spentPaymentMethods,
    commit,
    apply: (result) => {
      commit(commitOfSetupIntentResult(result));
      return result;
    },
    applyPaymentIntent: (result) => {
      commit(commitOfPaymentIntentResult(result));
      return result;
    },
    paymentIntentsNewestFirst: function* () {
      for (const record of paymentIntentOrder.newestFirst()) yield record.intent;
    },
    refundsNewestFirst: refundOrder.newestFirst,
    refundsOfCharge: function* (charge) {
      forgetClearedRefunds();
      const ids = refundsByCharge.get(charge) ?? [];
      for (let i = ids.length - 1; i >= 0; i--) {
        const refund = refunds.get(ids[i] as string);
        if (refund !== undefined) yield refund;
      }
    },
    addCustomer: (fields = {}) => {
      // The same rules as `POST /v1/customers`: one definition of a new Customer.
      const created = createCustomer(fields, env);
      if (created.kind === 'refused') throw new SetupIntentMachineError(`addCustomer: ${created.error.error.message}`);
      addCustomerToIndex(created.customer);
      return created.customer;
    },
    intents: () => [...setupIntents.values()].map((record) => record.intent),
    intentsNewestFirst: function* () {
      for (const record of intentOrder.newestFirst()) yield record.intent;
    },
    paymentMethodsNewestFirst: paymentMethodOrder.newestFirst,
    customersNewestFirst: customerOrder.newestFirst,
    record: (id) => setupIntents.get(id),
  };
}
