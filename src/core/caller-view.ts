import type { PublishableSetupIntent, SetupIntent } from '../types/setup-intent.js';
import type { StripeRequestError } from '../types/stripe-error.js';
import type { CallerAccess } from './access.js';

/** The fields a publishable key sees (spec §2.2). */
export function publishableView(intent: SetupIntent): PublishableSetupIntent {
  return {
    id: intent.id,
    object: intent.object,
    cancellation_reason: intent.cancellation_reason,
    client_secret: intent.client_secret,
    created: intent.created,
    description: intent.description,
    last_setup_error: intent.last_setup_error,
    livemode: intent.livemode,
    next_action: intent.next_action,
    payment_method: intent.payment_method,
    payment_method_types: intent.payment_method_types,
    status: intent.status,
    usage: intent.usage,
  };
}

/** Whether a call is made with a publishable key (a call without access is a secret-key call). */
export function isPublishable(access: CallerAccess | null | undefined): boolean {
  return access?.key === 'publishable';
}

/** A SetupIntent as the caller may see it: all of it with a secret key, the publishable subset otherwise (spec §2.2). */
export function intentSeenBy(access: CallerAccess | null | undefined, intent: SetupIntent): SetupIntent | PublishableSetupIntent {
  return isPublishable(access) ? publishableView(intent) : intent;
}

/**
 * An error as the caller may see it: the SetupIntent it carries (wrong-state refusals, declines)
 * in the caller's view, so a publishable key never reads the secret fields through an error.
 */
export function errorSeenBy(access: CallerAccess | null | undefined, error: StripeRequestError): StripeRequestError {
  const intent = error.error.setup_intent;
  if (intent === undefined || !isPublishable(access)) {
    return error;
  }
  // The wire field is the same `setup_intent`; only fewer of its keys are present.
  return { ...error, error: { ...error.error, setup_intent: publishableView(intent) as unknown as SetupIntent } };
}
