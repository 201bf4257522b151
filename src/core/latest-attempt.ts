import type { StripeRequestError } from '../types/stripe-error.js';
import type { SetupIntentRecord } from './setup-intent-record.js';
import { setupIntentUnexpectedState } from './stripe-errors.js';

/** The attempt a hosted page link names, when it is the latest; otherwise why the link does not act. */
export type LatestAttemptCheck = { readonly ok: true; readonly attempt: string } | { readonly ok: false; readonly error: StripeRequestError };

/**
 * Checks that a hosted page link names the SetupIntent's latest attempt: only the link of the
 * current `next_action` acts, so a link of an earlier attempt is refused with
 * `setup_intent_unexpected_state`.
 */
export function checkLatestAttempt(record: SetupIntentRecord, attempt: string | undefined): LatestAttemptCheck {
  if (attempt !== undefined && attempt === record.intent.latest_attempt) {
    return { ok: true, attempt };
  }
  return {
    ok: false,
    error: setupIntentUnexpectedState(
      `This page belongs to ${attempt === undefined ? 'no attempt' : `the attempt ${attempt}`}, which is not the latest attempt of ` +
        `the SetupIntent ${record.intent.id}. Open the URL of its current next_action instead.`,
      record.intent,
    ),
  };
}
