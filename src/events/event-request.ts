import type { CallerAccess } from '../core/access.js';
import type { SetupIntentEnvironment } from '../core/environment.js';
import type { EventRequest } from './stripe-event.js';

/** The `request` of events a caller's request causes: its id (a fresh `req_` when none is given) and idempotency key. */
export function eventRequestOf(env: SetupIntentEnvironment, access: CallerAccess): EventRequest {
  return { id: access.request?.id ?? env.ids.id('req'), idempotency_key: access.request?.idempotency_key ?? null };
}
