import type { SetupIntent } from '../types/setup-intent.js';
import type { StripeRequestError } from '../types/stripe-error.js';
import { resourceMissing } from './stripe-errors.js';

/** The kind of API key a call is made with. */
export type ApiKeyKind = 'secret' | 'publishable';

/**
 * How an API call is made: with which kind of key (secret keys see everything; publishable keys
 * need the client secret), and as which request (recorded in the events the call causes).
 */
export interface CallerAccess {
  /** The kind of API key; defaults to `secret`. */
  readonly key?: ApiKeyKind;
  /** The request: its `req_` id (a fresh one when absent) and idempotency key. */
  readonly request?: { readonly id?: string; readonly idempotency_key?: string | null };
}

/**
 * With a publishable key, a SetupIntent is reachable only with its `client_secret`; otherwise it
 * does not exist as far as the caller can tell (spec §2.2).
 */
export function checkClientSecret(intent: SetupIntent, clientSecret: unknown, access: CallerAccess | undefined): StripeRequestError | null {
  if ((access?.key ?? 'secret') === 'secret') {
    return null;
  }
  return clientSecret === intent.client_secret ? null : resourceMissing('setupintent', intent.id, 'intent', 404);
}
