import type { OperationResult } from '../core/operation-result.js';
import type { ReadResult } from '../operations/read-result.js';
import { publishableView } from '../operations/retrieve-setup-intent.js';
import type { SetupIntent } from '../types/setup-intent.js';
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

/** The SetupIntent as this caller may see it: all of it with a secret key, the publishable subset otherwise. */
export function visibleIntent(context: RouteContext, intent: SetupIntent): unknown {
  return context.access.key === 'publishable' ? publishableView(intent) : intent;
}

/** An error as this caller may see it: the SetupIntent it carries in the caller's view. */
function visibleError(context: RouteContext, error: StripeRequestError): StripeRequestError {
  const intent = error.error.setup_intent;
  if (intent === undefined || context.access.key !== 'publishable') {
    return error;
  }
  return { ...error, error: { ...error.error, setup_intent: publishableView(intent) as unknown as SetupIntent } };
}

/**
 * Stores an operation's result and answers it: the SetupIntent (200) when applied, the error when
 * the operation failed (a decline: stored and answered 402) or was refused (nothing stored).
 */
export function answerOperation(context: RouteContext, result: OperationResult): RouteOutcome {
  context.state.applyResult(result);
  switch (result.kind) {
    case 'refused':
      return refusal(visibleError(context, result.error));
    case 'failed':
      return { ...failure(visibleError(context, result.error)), changed: true };
    case 'applied':
      return answerWith(context, visibleIntent(context, result.record.intent), true);
  }
}

/** Answers a read. */
export function answerRead<T>(context: RouteContext, result: ReadResult<T>): RouteOutcome {
  return result.kind === 'found' ? answerWith(context, result.value, false) : refusal(result.error);
}
