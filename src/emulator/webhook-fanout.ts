import type { StripeEvent } from '../events/stripe-event.js';
import type { EmulatorState } from './emulator-state.js';
import { endpointWantsEvent } from './webhooks/event-matching.js';
import type { WebhookDeliverer, WebhookTarget } from './webhooks/webhook-deliverer.js';

/** An endpoint configured outside the API (`serve --webhook-url`), which receives every event. */
export interface StaticWebhookTarget {
  /** The URL events are posted to. */
  readonly url: string;
  /** The signing secret (`whsec_…`) of the `Stripe-Signature` header. */
  readonly secret: string;
  /** Event types, with wildcards; defaults to every event. */
  readonly enabledEvents?: readonly string[];
}

/** The endpoints an event goes to: enabled API endpoints that want its type, then the static ones. */
export function targetsFor(state: EmulatorState, statics: readonly (StaticWebhookTarget & { readonly id: string })[], type: string): WebhookTarget[] {
  const targets: WebhookTarget[] = [];
  for (const endpoint of state.webhookEndpoints.values()) {
    const secret = state.webhookSecrets.get(endpoint.id);
    if (endpoint.status === 'enabled' && secret !== undefined && endpointWantsEvent(endpoint.enabled_events, type)) {
      targets.push({ id: endpoint.id, url: endpoint.url, secret });
    }
  }
  for (const target of statics) {
    if (endpointWantsEvent(target.enabledEvents ?? ['*'], type)) {
      targets.push({ id: target.id, url: target.url, secret: target.secret });
    }
  }
  return targets;
}

/** Replaces a stored event (in the log and the index) by a copy with other fields. */
function restamp(state: EmulatorState, event: StripeEvent, pendingWebhooks: number): StripeEvent {
  const events = state.store.events;
  const updated = { ...event, pending_webhooks: pendingWebhooks } as StripeEvent;
  for (let i = events.length - 1; i >= 0; i--) {
    if (events[i] === event) {
      events[i] = updated;
      break;
    }
  }
  state.eventsById.set(event.id, updated);
  return updated;
}

/**
 * Hands new events to the deliverer. `pending_webhooks` counts the endpoints still to acknowledge
 * an event, as on Stripe: set here, lowered by {@link acknowledgeDelivery}.
 */
export function fanOut(state: EmulatorState, statics: readonly (StaticWebhookTarget & { readonly id: string })[], deliverer: WebhookDeliverer, events: readonly StripeEvent[]): void {
  for (const event of events) {
    const targets = targetsFor(state, statics, event.type);
    if (targets.length === 0) {
      continue;
    }
    deliverer.deliver(restamp(state, event, targets.length), targets);
  }
}

/**
 * Lowers an event's `pending_webhooks` once an endpoint first acknowledges it. Which endpoints
 * acknowledged is kept in {@link EmulatorState.acknowledgements} only while others are still
 * awaited, so it stays as small as the deliveries in progress.
 */
export function acknowledgeDelivery(state: EmulatorState, eventId: string, endpointId: string): void {
  const event = state.eventsById.get(eventId);
  if (event === undefined || event.pending_webhooks <= 0) {
    return;
  }
  let endpoints = state.acknowledgements.get(eventId);
  if (endpoints?.has(endpointId) === true) {
    return;
  }
  const pending = event.pending_webhooks - 1;
  if (pending === 0) {
    state.acknowledgements.delete(eventId);
  } else {
    if (endpoints === undefined) {
      endpoints = new Set();
      state.acknowledgements.set(eventId, endpoints);
    }
    endpoints.add(endpointId);
  }
  restamp(state, event, pending);
}
