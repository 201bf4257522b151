import type { StripeRequestError } from '../types/stripe-error.js';
import { apiError, requestError } from './stripe-errors.js';

/**
 * Both list cursors at once. Live Stripe answers with a message and no code or param (recorded at
 * 2026-08-26.dahlia, `test/fixtures/recordings/stripe-world-09-error-envelope-400s.json`).
 */
export function bothCursors(): StripeRequestError {
  return requestError(
    400,
    apiError('invalid_request_error', { message: 'Received both starting_after and ending_before parameters. Please pass in only one.' }),
  );
}
