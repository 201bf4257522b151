import type { Commit } from '../core/commit.js';
import type { EnvironmentOptions } from '../core/environment.js';
import type { SeededIdGenerator } from '../core/ids.js';
import { resumeSeededIdGenerator } from '../core/ids.js';
import type { StripeEvent } from '../events/stripe-event.js';
import type { MemoryStore } from '../store/memory-store.js';
import type { DeletedCustomer } from '../types/payment-method.js';
import { createMemoryStore } from '../store/memory-store.js';
import type { AppliedChange } from './inspection/intent-inspection.js';
import type { Answer } from './wire.js';

/** A webhook endpoint (`/v1/webhook_endpoints`), with its signing secret kept aside. */
export interface WebhookEndpoint {
  /** Unique identifier (`we_…`). */
  readonly id: string;
  /** Always `webhook_endpoint`. */
  readonly object: 'webhook_endpoint';
  /** The API version events sent to this endpoint are rendered with; `null` for the account's. */
  readonly api_version: string | null;
  /** The Connect application that created the endpoint; always `null` here. */
  readonly application: null;
  /** When the endpoint was created (unix seconds). */
  readonly created: number;
  /** An optional description. */
  readonly description: string | null;
  /** The event types sent to this endpoint; `['*']` for all. */
  readonly enabled_events: readonly string[];
  /** Always `false`: the emulator is test mode only. */
  readonly livemode: false;
  /** Key-value pairs attached to the endpoint. */
  readonly metadata: Readonly<Record<string, string>>;
  /** Whether events are sent to the endpoint. */
  readonly status: 'enabled' | 'disabled';
  /** The URL events are posted to. */
  readonly url: string;
}

/** Where delivery of an event to one endpoint stands while the endpoint has not acknowledged it. */
export type WebhookDeliveryProgress = 'delivering' | 'given_up';

/** A stored idempotent response, or a request with that key still running. */
export interface IdempotencyEntry {
  /** What the key was first used for: method, path and parameters. */
  readonly fingerprint: string;
  /** `null` while the first request is still running. */
  answer: Answer | null;
  /** The request id of the first request. */
  readonly requestId: string;
  /** When the key was first used (emulator time, unix seconds). */
  readonly createdAt: number;
}

/**
 * Everything an emulator holds: the core's objects in a memory store, the webhook endpoints, the
 * idempotency keys, and the time of the request being handled. Handlers change the core's objects
 * only through {@link EmulatorState.commit}, and the webhook endpoints and idempotency keys through
 * their maps, synchronously, so a request is applied whole or not at all.
 */
export interface EmulatorState {
  /** The core's objects and events, in memory. */
  readonly store: MemoryStore;
  /** The seeded id generator every object and request id comes from. */
  readonly ids: SeededIdGenerator;
  /** Webhook endpoints by id, in creation order. */
  readonly webhookEndpoints: Map<string, WebhookEndpoint>;
  /** Signing secrets by webhook endpoint id. */
  readonly webhookSecrets: Map<string, string>;
  /** Events by id. */
  readonly eventsById: Map<string, StripeEvent>;
  /** Deleted Customers by id: gone from the store, still retrieved as this stub, as on Stripe. */
  readonly deletedCustomers: Map<string, DeletedCustomer>;
  /** SetupIntents with a Stripe-side step due, and when. */
  readonly dueAt: Map<string, number>;
  /** The earliest time in `dueAt`, or `null` when it is empty; read it rather than scanning the map. */
  readonly earliestDue: () => number | null;
  /** Idempotency entries by `key|idempotency-key`. */
  readonly idempotency: Map<string, IdempotencyEntry>;
  /**
   * The time of the request being handled, in unix seconds. Setting it later than before drops
   * the events that fall out of the retention window (`eventRetentionSeconds`, 30 days by default).
   */
  time: number;
  /**
   * The endpoints each event still awaits an acknowledgement from, by event id, and whether it is
   * still being delivered to each (`delivering`, resumed after a restart) or delivery gave up
   * (`given_up`). An entry goes once every endpoint acknowledged its event, or when the event
   * ages out, so it stays as small as the deliveries in progress; `pending_webhooks` counts it.
   */
  readonly awaitingAcknowledgement: Map<string, Map<string, WebhookDeliveryProgress>>;
  /**
   * Stores what one operation changed: its objects and events in the store, deleted Customers
   * moved out of it into `deletedCustomers`, the indexes (`dueAt`, `eventsById`) kept current,
   * each SetupIntent change reported to inspection, and the events queued for webhook fan-out
   * ({@link EmulatorState.takeNewEvents}).
   */
  readonly commit: (commit: Commit) => void;
  /** Events committed since the last call, oldest first: the ones still to fan out. */
  readonly takeNewEvents: () => StripeEvent[];
  /**
   * Empties the state in place (objects, events, webhook endpoints, idempotency keys, due steps),
   * so references to its store and maps stay valid, and returns how many of each it held, by
   * Stripe's plural names.
   */
  readonly clear: () => {
    /** Charges. */
    readonly charges: number;
    /** Customers, deleted ones included (they were still retrievable). */
    readonly customers: number;
    /** Events in the event log. */
    readonly events: number;
    /** Idempotency keys with a stored answer. */
    readonly idempotency_keys: number;
    /** Mandates. */
    readonly mandates: number;
    /** Refunds. */
    readonly refunds: number;
    /** PaymentIntents. */
    readonly payment_intents: number;
    /** PaymentMethods. */
    readonly payment_methods: number;
    /** SetupAttempts. */
    readonly setup_attempts: number;
    /** SetupIntents. */
    readonly setup_intents: number;
    /** Webhook endpoints registered through the API. */
    readonly webhook_endpoints: number;
  };
}

/** Options of {@link createEmulatorState}. */
export interface EmulatorStateOptions {
  /** The seed of a fresh id generator; ignored when `ids` is given. */
  readonly seed: number;
  /** An id generator to share with other states, so ids stay unique across them. */
  readonly ids?: SeededIdGenerator;
  readonly environment: Omit<EnvironmentOptions, 'findPaymentMethod' | 'findCustomer' | 'isPaymentMethodSpent' | 'now' | 'ids' | 'seed'>;
  /** Told of every committed SetupIntent change, after it is stored (live inspection). */
  readonly onApplied?: AppliedChange;
  /**
   * How long events stay listed and retrievable, in seconds of emulator time ({@link DEFAULT_EVENT_RETENTION_SECONDS},
   * Stripe's 30 days, by default); `null` keeps every event.
   */
  readonly eventRetentionSeconds?: number | null;
}

/** Stripe lists and retrieves events going back up to 30 days. */
export const DEFAULT_EVENT_RETENTION_SECONDS = 30 * 24 * 60 * 60;

/** Creates the empty state of an emulator. */
export function createEmulatorState(options: EmulatorStateOptions): EmulatorState {
  const ids = options.ids ?? resumeSeededIdGenerator({ seed: options.seed, state: 0, sequence: 0 }, true);
  const retention = options.eventRetentionSeconds === undefined ? DEFAULT_EVENT_RETENTION_SECONDS : options.eventRetentionSeconds;
  if (retention !== null && !(Number.isFinite(retention) && retention >= 0)) {
    throw new RangeError(`eventRetentionSeconds must be a non-negative number or null, not ${String(retention)}`);
  }
  let delivered = 0;
  let time = 0;
  // Events are appended in time order, so the ones to drop are always a prefix of the log.
  const pruneEvents = (): void => {
    if (retention === null) {
      return;
    }
    const events = state.store.events;
    const cutoff = time - retention;
    let expired = 0;
    while (expired < events.length && (events[expired] as StripeEvent).created < cutoff) {
      const id = (events[expired] as StripeEvent).id;
      state.eventsById.delete(id);
      state.awaitingAcknowledgement.delete(id);
      expired += 1;
    }
    if (expired > 0) {
      events.splice(0, expired);
      delivered = Math.max(0, delivered - expired);
    }
  };
  // The cached minimum of dueAt: undefined when it must be recomputed.
  let earliest: number | null | undefined = null;
  const indexDue = (id: string, due: number | null): void => {
    if (due === null) {
      if (state.dueAt.delete(id)) {
        earliest = undefined;
      }
      return;
    }
    const replaced = state.dueAt.has(id);
    state.dueAt.set(id, due);
    // A replaced time may have been the earliest: recompute then. A new one can only lower it.
    if (replaced) {
      earliest = undefined;
    } else if (earliest !== undefined) {
      earliest = earliest === null ? due : Math.min(earliest, due);
    }
  };
  const state: EmulatorState = {
    store: createMemoryStore({ ...options.environment, ids, now: () => state.time }),
    ids,
    webhookEndpoints: new Map(),
    webhookSecrets: new Map(),
    eventsById: new Map(),
    deletedCustomers: new Map(),
    dueAt: new Map(),
    earliestDue: () => {
      if (earliest === undefined) {
        earliest = null;
        for (const at of state.dueAt.values()) {
          if (earliest === null || at < earliest) {
            earliest = at;
          }
        }
      }
      return earliest;
    },
    idempotency: new Map(),
    get time() {
      return time;
    },
    set time(value: number) {
      const later = value > time;
      time = value;
      if (later) {
        pruneEvents();
      }
    },
    awaitingAcknowledgement: new Map(),
    commit: (commit) => {
      const before = commit.setupIntents.map(({ record }) => state.store.setupIntents.get(record.intent.id));
      const paymentIntentsBefore = commit.paymentIntents.map(({ record }) => state.store.paymentIntents.get(record.intent.id));
      state.store.commit(commit);
      for (const id of commit.deletedCustomers) {
        state.deletedCustomers.set(id, { id, object: 'customer', deleted: true });
      }
      for (const { record, dueAt } of commit.setupIntents) {
        indexDue(record.intent.id, dueAt);
      }
      for (const event of commit.events) {
        state.eventsById.set(event.id, event);
      }
      if (commit.events.length > 0) {
        pruneEvents();
      }
      commit.setupIntents.forEach((change, index) => options.onApplied?.(before[index], change, commit.events));
      commit.paymentIntents.forEach((change, index) => options.onApplied?.(paymentIntentsBefore[index], change, commit.events));
    },
    takeNewEvents: () => {
      const events = state.store.events;
      if (delivered === events.length) {
        return [];
      }
      const fresh = events.slice(delivered);
      delivered = events.length;
      return fresh;
    },
    clear: () => {
      const store = state.store;
      const cleared: ReturnType<EmulatorState['clear']> = {
        charges: store.charges.size,
        customers: store.customers.size + state.deletedCustomers.size,
        events: store.events.length,
        idempotency_keys: [...state.idempotency.values()].filter((entry) => entry.answer !== null).length,
        mandates: store.mandates.size,
        payment_intents: store.paymentIntents.size,
        payment_methods: store.paymentMethods.size,
        refunds: store.refunds.size,
        setup_attempts: store.setupAttempts.size,
        setup_intents: store.setupIntents.size,
        webhook_endpoints: state.webhookEndpoints.size,
      };
      // The store's record of spent PaymentMethods is not reachable from here; it only ever names
      // ids of PaymentMethods removed now, and ids are never issued twice, so it can stay.
      store.setupIntents.clear();
      store.paymentMethods.clear();
      store.customers.clear();
      store.setupAttempts.clear();
      store.mandates.clear();
      store.paymentIntents.clear();
      store.charges.clear();
      store.refunds.clear();
      store.events.length = 0;
      state.webhookEndpoints.clear();
      state.webhookSecrets.clear();
      state.eventsById.clear();
      state.awaitingAcknowledgement.clear();
      state.deletedCustomers.clear();
      state.dueAt.clear();
      earliest = null;
      state.idempotency.clear();
      delivered = 0;
      return cleared;
    },
  };
  return state;
}
