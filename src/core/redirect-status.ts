import type { SetupIntentStatus } from '../types/setup-intent.js';

/** The `redirect_status` Stripe appends to a return URL. */
export type RedirectStatus = 'succeeded' | 'processing' | 'failed';

/** The `redirect_status` for a SetupIntent's status after the customer's action: anything but success or processing failed. */
export function redirectStatusOf(status: SetupIntentStatus): RedirectStatus {
  switch (status) {
    case 'succeeded':
      return 'succeeded';
    case 'processing':
      return 'processing';
    default:
      return 'failed';
  }
}
