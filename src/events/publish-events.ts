import type { SetupIntentEnvironment } from '../core/environment.js';
import { renderedAt } from '../core/version-view.js';
import type { EventDraft, EventRequest, StripeEvent } from './stripe-event.js';

/** The request of events Stripe causes on its own (3D Secure completion, timeouts, the bank). */
export const NO_REQUEST: EventRequest = { id: null, idempotency_key: null };

/**
 * Wraps drafts in Stripe's event envelope: fresh `evt_` ids, the environment's clock and API
 * version (the object rendered at it), `pending_webhooks: 0` (delivery is the shell's business) and
 * the causing request. A draft's `previous_attributes` becomes `data.previous_attributes`.
 */
export function publishEvents(drafts: readonly EventDraft[], env: SetupIntentEnvironment, request: EventRequest): StripeEvent[] {
  const created = env.now();
  return drafts.map(
    (draft) =>
      ({
        id: env.ids.id('evt'),
        object: 'event',
        api_version: env.apiVersion,
        created,
        // The payload is rendered at the event's (the account's) version, as webhook payloads are.
        data:
          draft.previous_attributes === undefined
            ? { object: renderedAt(draft.object, env.apiVersion) }
            : { object: renderedAt(draft.object, env.apiVersion), previous_attributes: draft.previous_attributes },
        livemode: env.livemode,
        pending_webhooks: 0,
        request,
        type: draft.type,
      }) as StripeEvent,
  );
}
