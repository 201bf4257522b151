import { SetupIntentMachineError } from '../core/misuse-error.js';
import { createCustomer } from '../operations/create-customer.js';
import type { Commit } from '../core/commit.js';
import { commitOfSetupIntentResult } from '../core/commit.js';
import type { SetupIntentEnvironment, EnvironmentOptions } from '../core/environment.js';
import { createEnvironment } from '../core/environment.js';
import type { OperationResult } from '../core/operation-result.js';
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
  /** Every event the stored results carried, in order. */
  readonly events: StripeEvent[];
  /** Stores everything a commit holds: its objects by id, its events at the end of the log. */
  readonly commit: (commit: Commit) => void;
  /** Stores what a result produced (nothing for a refusal) and returns the result. */
  readonly apply: <R extends OperationResult>(result: R) => R;
  /** Creates and stores a Customer. */
  readonly addCustomer: (fields?: { readonly email?: string; readonly name?: string }) => Customer;
  /** Every SetupIntent, oldest first (the input `listSetupIntents` expects). */
  readonly intents: () => SetupIntent[];
  /** The record of a SetupIntent, or undefined. */
  readonly record: (id: string) => SetupIntentRecord | undefined;
}

/** Creates an empty {@link MemoryStore}; environment options pass through to `createEnvironment`. */
export function createMemoryStore(options: Omit<EnvironmentOptions, 'findPaymentMethod' | 'findCustomer' | 'isPaymentMethodSpent'> = {}): MemoryStore {
  const setupIntents = new Map<string, SetupIntentRecord>();
  const paymentMethods = new Map<string, PaymentMethod>();
  const customers = new Map<string, Customer>();
  const setupAttempts = new Map<string, SetupAttempt>();
  const mandates = new Map<string, Mandate>();
  const events: StripeEvent[] = [];
  const spentPaymentMethods = new Set<string>();
  const env = createEnvironment({
    ...options,
    findPaymentMethod: (id) => paymentMethods.get(id),
    findCustomer: (id) => customers.get(id),
    isPaymentMethodSpent: (id) => spentPaymentMethods.has(id),
  });
  const commit = (change: Commit): void => {
    for (const { record } of change.setupIntents) setupIntents.set(record.intent.id, record);
    for (const pm of change.paymentMethods) paymentMethods.set(pm.id, pm);
    for (const customer of change.customers) customers.set(customer.id, customer);
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
    events,
    commit,
    apply: (result) => {
      commit(commitOfSetupIntentResult(result));
      return result;
    },
    addCustomer: (fields = {}) => {
      // The same rules as `POST /v1/customers`: one definition of a new Customer.
      const created = createCustomer(fields, env);
      if (created.kind === 'refused') throw new SetupIntentMachineError(`addCustomer: ${created.error.error.message}`);
      customers.set(created.customer.id, created.customer);
      return created.customer;
    },
    intents: () => [...setupIntents.values()].map((record) => record.intent),
    record: (id) => setupIntents.get(id),
  };
}
