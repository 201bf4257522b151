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
 * Hands new events to the deliverer (or, with `deliverer` null, as replay does, only notes where
 * they would go). `pending_webhooks` counts the endpoints still to acknowledge an event, as on
 * Stripe: set here, lowered by {@link acknowledgeDelivery}.
 */
export function fanOut(
  state: EmulatorState,
  statics: readonly (StaticWebhookTarget & { readonly id: string })[],
  deliverer: WebhookDeliverer | null,
  events: readonly StripeEvent[],
): void {
  for (const event of events) {
    const targets = targetsFor(state, statics, event.type);
    if (targets.length === 0) {
      continue;
    }
    state.awaitingAcknowledgement.set(event.id, new Map(targets.map((target) => [target.id, 'delivering'])));
    const stamped = restamp(state, event, targets.length);
    deliverer?.deliver(stamped, targets);
  }
}

/**
 * Lowers an event's `pending_webhooks` once an endpoint first acknowledges it, and returns
 * whether it did (a repeated acknowledgement, or one for an event that aged out, changes nothing).
 */
export function acknowledgeDelivery(state: EmulatorState, eventId: string, endpointId: string): boolean {
  const awaiting = state.awaitingAcknowledgement.get(eventId);
  const event = state.eventsById.get(eventId);
  if (awaiting?.delete(endpointId) !== true || event === undefined) {
    return false;
  }
  if (awaiting.size === 0) {
    state.awaitingAcknowledgement.delete(eventId);
  }
  restamp(state, event, Math.max(0, event.pending_webhooks - 1));
  return true;
}

/**
 * Notes that delivery of an event to an endpoint gave up (every retry failed): it stays pending,
 * as on Stripe, but is not resumed after a restart. Returns whether anything changed.
 */
export function giveUpDelivery(state: EmulatorState, eventId: string, endpointId: string): boolean {
  const awaiting = state.awaitingAcknowledgement.get(eventId);
  if (awaiting?.get(endpointId) !== 'delivering') {
    return false;
  }
  awaiting.set(endpointId, 'given_up');
  return true;
}

/**
 * Delivers again, from the first attempt, every event an endpoint has neither acknowledged nor
 * given up on: what was waiting for a retry or in flight when the emulator stopped. Endpoints
 * deleted or disabled since, and static targets no longer configured, are skipped.
 */
export function resumeDeliveries(state: EmulatorState, statics: readonly (StaticWebhookTarget & { readonly id: string })[], deliverer: WebhookDeliverer): number {
  let resumed = 0;
  for (const [eventId, awaiting] of state.awaitingAcknowledgement) {
    const event = state.eventsById.get(eventId);
    if (event === undefined) {
      continue;
    }
    const targets: WebhookTarget[] = [];
    for (const [endpointId, progress] of awaiting) {
      const target = progress === 'delivering' ? currentTarget(state, statics, endpointId) : undefined;
      if (target !== undefined) {
        targets.push(target);
      }
    }
    if (targets.length > 0) {
      deliverer.deliver(event, targets);
      resumed += targets.length;
    }
  }
  return resumed;
}

function currentTarget(state: EmulatorState, statics: readonly (StaticWebhookTarget & { readonly id: string })[], endpointId: string): WebhookTarget | undefined {
  const endpoint = state.webhookEndpoints.get(endpointId);
  const secret = state.webhookSecrets.get(endpointId);
  if (endpoint !== undefined) {
    return endpoint.status === 'enabled' && secret !== undefined ? { id: endpoint.id, url: endpoint.url, secret } : undefined;
  }
  const target = statics.find((candidate) => candidate.id === endpointId);
  return target === undefined ? undefined : { id: target.id, url: target.url, secret: target.secret };
}
