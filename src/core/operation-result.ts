import type { Mandate } from '../types/mandate.js';
import type { PaymentMethod } from '../types/payment-method.js';
import type { SetupAttempt } from '../types/setup-attempt.js';
import type { StripeRequestError } from '../types/stripe-error.js';
import type { SetupIntentRecord } from './setup-intent-record.js';

/** Related objects an operation created or changed, for the caller to store. */
export interface RelatedChanges {
  /** SetupAttempts created or updated (the latest last). */
  readonly setupAttempts: readonly SetupAttempt[];
  /** Mandates created. */
  readonly mandates: readonly Mandate[];
  /** PaymentMethods created (from an alias or `payment_method_data`) or attached to a Customer. */
  readonly paymentMethods: readonly PaymentMethod[];
}

/** No related changes. */
export const NO_CHANGES: RelatedChanges = { setupAttempts: [], mandates: [], paymentMethods: [] };

/** The operation was applied and succeeded. */
export interface OperationApplied {
  readonly kind: 'applied';
  /** The SetupIntent record after the operation. */
  readonly record: SetupIntentRecord;
  /** Related objects to store. */
  readonly changes: RelatedChanges;
}

/**
 * The operation was applied and changed the SetupIntent, yet the call fails: a declined
 * confirmation is persisted (`requires_payment_method`, `last_setup_error`, a failed attempt) and
 * answered with HTTP 402 (spec §4.4, "returned, not raised").
 */
export interface OperationFailed {
  readonly kind: 'failed';
  /** The SetupIntent record after the operation: store it. */
  readonly record: SetupIntentRecord;
  /** Related objects to store. */
  readonly changes: RelatedChanges;
  /** The error to answer with. */
  readonly error: StripeRequestError;
}

/** The operation was refused and changed nothing (bad parameters, wrong status, unknown ids). */
export interface OperationRefused {
  readonly kind: 'refused';
  /** The error to answer with. */
  readonly error: StripeRequestError;
}

/** The result of an operation on a SetupIntent. */
export type OperationResult = OperationApplied | OperationFailed | OperationRefused;

/** Builds a refusal. */
export function refused(error: StripeRequestError): OperationRefused {
  return { kind: 'refused', error };
}
