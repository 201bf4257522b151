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
  const expected = intent.client_secret;
  return typeof clientSecret === 'string' && expected !== null && constantTimeEqual(clientSecret, expected)
    ? null
    : resourceMissing('setupintent', intent.id, 'intent', 404);
}

/**
 * Whether two strings are equal, in a time that depends only on the expected string's length, so
 * a caller guessing a client secret learns nothing from how fast a wrong guess is refused. Pure
 * TypeScript: the core stays free of `node:crypto`.
 */
export function constantTimeEqual(given: string, expected: string): boolean {
  let difference = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) {
    difference |= expected.charCodeAt(i) ^ (i < given.length ? given.charCodeAt(i) : 0);
  }
  return difference === 0;
}
