import type { StripeEvent } from '../events/stripe-event.js';
import type { SetupIntentMachineEvent } from '../machine/setup-intent-machine.js';
import { nextDueAt } from '../operations/advance-time.js';
import type { PaymentMethodAttachment } from '../operations/attach-payment-method.js';
import type { PaymentMethodCreation } from '../operations/create-payment-method.js';
import type { CustomerResult } from '../operations/customer-result.js';
import type { CustomerDeletion } from '../operations/delete-customer.js';
import type { PaymentMethodRetrieval } from '../operations/retrieve-payment-method.js';
import type { PaymentIntentMachineEvent } from '../machine/payment-intent-machine.js';
import type { Charge } from '../types/charge.js';
import type { Mandate } from '../types/mandate.js';
import type { Refund } from '../types/refund.js';
import type { RefundResult } from '../operations/refund-result.js';
import type { Customer, PaymentMethod } from '../types/payment-method.js';
import type { SetupAttempt } from '../types/setup-attempt.js';
import type { OperationResult } from './operation-result.js';
import type { PaymentIntentRecord } from './payment-intent-record.js';
import type { PaymentIntentResult } from './payment-intent-result.js';
import type { SetupIntentRecord } from './setup-intent-record.js';

/** One SetupIntent a commit creates or changes. */
export interface SetupIntentChange {
  /** The record after the operation. */
  readonly record: SetupIntentRecord;
  /** When a Stripe-side step next falls due for it (unix seconds), or `null` when nothing will happen by itself. */
  readonly dueAt: number | null;
  /** The statechart events the change took, in order. */
  readonly machineEvents: readonly SetupIntentMachineEvent[];
}

/** One PaymentIntent a commit creates or changes. */
export interface PaymentIntentChange {
  /** The record after the operation. */
  readonly record: PaymentIntentRecord;
  /** The statechart events the change took, in order. */
  readonly machineEvents: readonly PaymentIntentMachineEvent[];
}

/**
 * Everything one operation changes, for the caller to store as one: the SetupIntents, PaymentMethods,
 * Customers, SetupAttempts and Mandates it creates or changes, and the Stripe events it emits, in
 * order. A refused operation commits nothing.
 */
export interface Commit {
  /** SetupIntents created or changed, each with when it next falls due. */
  readonly setupIntents: readonly SetupIntentChange[];
  /** PaymentMethods created or changed. */
  readonly paymentMethods: readonly PaymentMethod[];
  /** Customers created or changed. */
  readonly customers: readonly Customer[];
  /** Ids of Customers deleted: no longer found, retrieved as the deleted stub. */
  readonly deletedCustomers: readonly string[];
  /**
   * Ids of PaymentMethods that may not be used again: set up without any Customer, or detached
   * (live Stripe refuses their next use). Kept beside the PaymentMethods, which show no trace of it.
   */
  readonly spentPaymentMethods: readonly string[];
  /** SetupAttempts created or changed (the latest last). */
  readonly setupAttempts: readonly SetupAttempt[];
  /** Mandates created or changed. */
  readonly mandates: readonly Mandate[];
  /** PaymentIntents created or changed. */
  readonly paymentIntents: readonly PaymentIntentChange[];
  /** Charges created or changed. */
  readonly charges: readonly Charge[];
  /** Refunds created or changed. */
  readonly refunds: readonly Refund[];
  /** The events emitted, in order. */
  readonly events: readonly StripeEvent[];
}

/** The commit of an operation that changed nothing. */
export const EMPTY_COMMIT: Commit = {
  setupIntents: [],
  paymentMethods: [],
  customers: [],
  deletedCustomers: [],
  spentPaymentMethods: [],
  setupAttempts: [],
  mandates: [],
  paymentIntents: [],
  charges: [],
  refunds: [],
  events: [],
};

/** Whether a commit changes nothing. */
export function isEmptyCommit(commit: Commit): boolean {
  return (
    commit.setupIntents.length === 0 &&
    commit.paymentMethods.length === 0 &&
    commit.customers.length === 0 &&
    commit.deletedCustomers.length === 0 &&
    commit.spentPaymentMethods.length === 0 &&
    commit.setupAttempts.length === 0 &&
    commit.mandates.length === 0 &&
    commit.paymentIntents.length === 0 &&
    commit.charges.length === 0 &&
    commit.refunds.length === 0 &&
    commit.events.length === 0
  );
}

/**
 * The commit of a SetupIntent operation: its record with when it next falls due, the related
 * objects and the events. A declined confirmation (`failed`) commits as much as an applied one.
 */
export function commitOfSetupIntentResult(result: OperationResult): Commit {
  if (result.kind === 'refused') {
    return EMPTY_COMMIT;
  }
  const { record, changes } = result;
  return {
    setupIntents: [{ record, dueAt: nextDueAt(record), machineEvents: result.machineEvents }],
    paymentMethods: changes.paymentMethods,
    customers: [],
    deletedCustomers: [],
    spentPaymentMethods: changes.spentPaymentMethods ?? [],
    setupAttempts: changes.setupAttempts,
    mandates: changes.mandates,
    paymentIntents: [],
    charges: [],
    refunds: [],
    events: result.events,
  };
}

/**
 * The commit of a PaymentIntent operation: its record, the Charges and PaymentMethods it made or
 * changed, and the events. A declined payment (`failed`) commits as much as an applied one.
 */
export function commitOfPaymentIntentResult(result: PaymentIntentResult): Commit {
  if (result.kind === 'refused') {
    return EMPTY_COMMIT;
  }
  const { record, changes } = result;
  return {
    ...EMPTY_COMMIT,
    paymentIntents: [{ record, machineEvents: result.machineEvents }],
    charges: changes.charges,
    paymentMethods: changes.paymentMethods,
    spentPaymentMethods: changes.spentPaymentMethods,
    events: result.events,
  };
}

/** The commit of {@link createPaymentMethod}: the new PaymentMethod. */
export function commitOfPaymentMethodCreation(result: PaymentMethodCreation): Commit {
  return result.kind === 'created' ? { ...EMPTY_COMMIT, paymentMethods: [result.paymentMethod] } : EMPTY_COMMIT;
}

/** The commit of {@link retrievePaymentMethod}: the PaymentMethod a test alias created, if any. */
export function commitOfPaymentMethodRetrieval(result: PaymentMethodRetrieval): Commit {
  return result.kind === 'found' && result.created ? { ...EMPTY_COMMIT, paymentMethods: [result.paymentMethod] } : EMPTY_COMMIT;
}

/** The commit of {@link attachPaymentMethod} or {@link detachPaymentMethod}: the PaymentMethod and its event. */
export function commitOfPaymentMethodAttachment(result: PaymentMethodAttachment): Commit {
  return result.kind === 'applied'
    ? { ...EMPTY_COMMIT, paymentMethods: [result.paymentMethod], spentPaymentMethods: result.spentPaymentMethods ?? [], events: result.events }
    : EMPTY_COMMIT;
}

/** The commit of {@link createCustomer} or {@link updateCustomer}: the Customer, and the PaymentMethods it attached with their events. */
export function commitOfCustomerResult(result: CustomerResult): Commit {
  return result.kind === 'applied'
    ? { ...EMPTY_COMMIT, customers: [result.customer], paymentMethods: result.paymentMethods, events: result.events }
    : EMPTY_COMMIT;
}

/** The commit of {@link deleteCustomer}: the deleted id, and the PaymentMethods it detached with their events. */
export function commitOfCustomerDeletion(result: CustomerDeletion): Commit {
  return result.kind === 'applied'
    ? {
        ...EMPTY_COMMIT,
        deletedCustomers: [result.deleted.id],
        paymentMethods: result.paymentMethods,
        spentPaymentMethods: result.paymentMethods.map((pm) => pm.id),
        events: result.events,
      }
    : EMPTY_COMMIT;
}

/** The commit of {@link createRefund} or {@link updateRefund}: the Refund, the Charge it changed, and the events. */
export function commitOfRefundResult(result: RefundResult): Commit {
  return result.kind === 'applied'
    ? { ...EMPTY_COMMIT, refunds: [result.refund], charges: result.charge === null ? [] : [result.charge], events: result.events }
    : EMPTY_COMMIT;
}
