import type { Commit } from '../core/commit.js';
import { commitOfPaymentIntentResult, commitOfSetupIntentResult, isEmptyCommit } from '../core/commit.js';
import type { OperationResult } from '../core/operation-result.js';
import type { PaymentIntentResult } from '../core/payment-intent-result.js';
import type { ReadResult } from '../operations/read-result.js';
import type { StripeRequestError } from '../types/stripe-error.js';
import { expandResponse } from './expand.js';
import type { RouteContext, RouteOutcome } from './router.js';
import { failure } from './wire.js';

/** A refusal that changed nothing. */
export function refusal(error: StripeRequestError): RouteOutcome {
  return { ...failure(error), changed: false };
}

/** A 200 answer with `expand[]` applied; `changed` says whether the state changed. */
export function answerWith(context: RouteContext, body: unknown, changed: boolean): RouteOutcome {
  const expanded = expandResponse(context.state, body, context.params['expand']);
  if (!expanded.ok) {
    // The change (if any) stands: only the rendering failed, as with Stripe.
    return { ...failure(expanded.error), changed };
  }
  return { status: 200, body: expanded.value, changed };
}

/** Commits what an operation changed and answers `body` (200); the request changed the state when the commit holds anything. */
export function answerCommit(context: RouteContext, commit: Commit, body: unknown): RouteOutcome {
  context.state.commit(commit);
  return answerWith(context, body, !isEmptyCommit(commit));
}

/**
 * Commits a SetupIntent operation's result and answers it as the core rendered it for the
 * caller: the SetupIntent (200) when applied, the error when the operation failed (a decline:
 * committed and answered 402) or was refused (nothing committed).
 */
export function answerOperation(context: RouteContext, result: OperationResult): RouteOutcome {
  context.state.commit(commitOfSetupIntentResult(result));
  switch (result.kind) {
    case 'refused':
      return refusal(result.error);
    case 'failed':
      return { ...failure(result.error), changed: true };
    case 'applied':
      return answerWith(context, result.response, true);
  }
}

/**
 * Commits a PaymentIntent operation's result and answers it: the PaymentIntent (200) when applied,
 * the error when the payment failed (committed, answered 402) or was refused (nothing committed).
 */
export function answerPaymentIntentOperation(context: RouteContext, result: PaymentIntentResult): RouteOutcome {
  context.state.commit(commitOfPaymentIntentResult(result));
  switch (result.kind) {
    case 'refused':
      return refusal(result.error);
    case 'failed':
      return { ...failure(result.error), changed: true };
    case 'applied':
      return answerWith(context, result.response, true);
  }
}

/** Answers a read. */
export function answerRead<T>(context: RouteContext, result: ReadResult<T>): RouteOutcome {
  return result.kind === 'found' ? answerWith(context, result.value, false) : refusal(result.error);
}
