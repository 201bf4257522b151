import type { TestSettlement } from '../catalogue/test-payment-method.js';
import type { MandateCustomerAcceptance } from '../types/mandate.js';
import type { SetupAttempt } from '../types/setup-attempt.js';
import type { SetupIntent } from '../types/setup-intent.js';

/** What the setup leads to once the customer acts or the bank answers. */
export type PendingSettlement = TestSettlement;

/** A customer action (3D Secure, a redirect) the SetupIntent waits on. */
export interface PendingCustomerAction {
  /** Discriminates the pending step. */
  readonly kind: 'customer_action';
  /** What happens when the customer completes the action. */
  readonly afterAction: PendingSettlement;
  /** When the attempt expires by itself (unix seconds), if ever. */
  readonly expiresAt: number | null;
}

/** Microdeposits the customer must verify. */
export interface PendingMicrodeposits {
  /** Discriminates the pending step. */
  readonly kind: 'microdeposits';
  /** Whether the customer enters two amounts or a descriptor code. */
  readonly microdepositType: 'amounts' | 'descriptor_code';
  /** Verification attempts left before the setup fails. */
  readonly attemptsRemaining: number;
  /** When the deposits arrive (unix seconds). */
  readonly arrivesAt: number;
  /** When unverified deposits time out (unix seconds). */
  readonly expiresAt: number;
  /** Whether the deposits cannot be sent: the setup fails when they are due. */
  readonly depositsFail: boolean;
  /** What happens once verified. */
  readonly afterVerification: PendingSettlement;
}

/** An asynchronous setup in flight (`processing`). */
export interface PendingProcessing {
  /** Discriminates the pending step. */
  readonly kind: 'processing';
  /** How processing ends. */
  readonly outcome: Exclude<PendingSettlement, { readonly kind: 'process' }>;
  /** When it ends by itself (unix seconds); `null` waits for an explicit settlement. */
  readonly settlesAt: number | null;
}

/** What a non-final SetupIntent waits on, outside its public fields. */
export type PendingStep = PendingCustomerAction | PendingMicrodeposits | PendingProcessing;

/**
 * A SetupIntent with the facts Stripe keeps about it but does not show: the step it waits on, the
 * latest attempt, the mandate acceptance and the single-use terms given earlier. This is the state
 * the pure operations read and return; it is plain JSON, so it stores and replays as it is.
 */
export interface SetupIntentRecord {
  /** The public object, exactly as Stripe renders it. */
  readonly intent: SetupIntent;
  /** The SetupAttempt `intent.latest_attempt` names. */
  readonly latestAttempt: SetupAttempt | null;
  /** What the SetupIntent waits on, while `requires_action` or `processing`. */
  readonly pending: PendingStep | null;
  /** Failed confirmations so far (for the optional confirmation limit). */
  readonly failedConfirmations: number;
  /** The `single_use` terms of the create call: they make the mandate single-use. */
  readonly singleUse: { readonly amount: number; readonly currency: string } | null;
  /** The mandate acceptance of the confirmation in flight, used when the setup succeeds. */
  readonly mandateAcceptance: MandateCustomerAcceptance | null;
}
