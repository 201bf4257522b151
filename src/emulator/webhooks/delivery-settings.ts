import type { DeliveryPlanner } from './chaos.js';
import { createChaosPlanner, orderlyPlanner } from './chaos.js';
import type { DeliveryRecord, WebhookDeliveryOptions } from './webhook-deliverer.js';

/** Stripe's `User-Agent` for webhook requests. */
export const STRIPE_WEBHOOK_USER_AGENT = 'Stripe/1.0 (+https://stripe.com/docs/webhooks)';

/**
 * The default retry schedule, in ms.
 *
 * @remarks In test mode Stripe retries a failed delivery three times over a few hours with an
 * exponential backoff (Stripe docs, "Retry behavior"); live mode keeps going for three days.
 */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [60_000, 600_000, 3_600_000];

const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_CONCURRENT_REQUESTS = 16;

/** How many delivery records a deliverer keeps by default: the latest ones. */
export const DEFAULT_MAX_DELIVERY_RECORDS = 10_000;
// Node timers fire at once for any longer delay.
const MAX_TIMER_MS = 2_147_483_647;

/** {@link WebhookDeliveryOptions} with every default filled in and every number checked. */
export interface DeliverySettings {
  /** Sends the requests. */
  readonly fetch: typeof fetch;
  /** Schedules delayed attempts. */
  readonly setTimeout: (fn: () => void, ms: number) => unknown;
  /** Cancels a scheduled attempt. */
  readonly clearTimeout: (handle: unknown) => void;
  /** The wall clock in ms. */
  readonly nowMs: () => number;
  /** The delays before the 2nd, 3rd, ... attempt, in ms. */
  readonly retryDelaysMs: readonly number[];
  /** How long one attempt may take, in real ms. */
  readonly requestTimeoutMs: number;
  /** The `User-Agent` header. */
  readonly userAgent: string;
  /** The most requests in flight at once. */
  readonly maxConcurrentRequests: number;
  /** The most delivery records kept; older ones are dropped. */
  readonly maxRecords: number;
  /** Gives the initial delays of the copies of each delivery. */
  readonly plan: DeliveryPlanner;
  /** Observes each record. */
  readonly onRecord: (record: DeliveryRecord) => void;
}

const unrefSetTimeout = (fn: () => void, ms: number): unknown => {
  const handle = globalThis.setTimeout(fn, ms);
  // Pending retries hours away must never keep a process alive.
  handle.unref();
  return handle;
};

const plainClearTimeout = (handle: unknown): void => {
  globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>);
};

/** Checks the numeric options, so a typo fails at creation rather than mid-delivery. */
function checkNumbers(settings: DeliverySettings): void {
  for (const delay of settings.retryDelaysMs) {
    if (!(delay >= 0 && delay <= MAX_TIMER_MS)) {
      throw new RangeError(`retryDelaysMs entries must be in [0, ${MAX_TIMER_MS}], got ${delay}`);
    }
  }
  const timeout = settings.requestTimeoutMs;
  if (!(timeout > 0 && timeout <= MAX_TIMER_MS)) {
    throw new RangeError(`requestTimeoutMs must be in (0, ${MAX_TIMER_MS}], got ${timeout}`);
  }
  const cap = settings.maxConcurrentRequests;
  if (!(Number.isInteger(cap) && cap >= 1)) {
    throw new RangeError(`maxConcurrentRequests must be an integer >= 1, got ${cap}`);
  }
  const kept = settings.maxRecords;
  if (!(kept === Number.POSITIVE_INFINITY || (Number.isInteger(kept) && kept >= 0))) {
    throw new RangeError(`maxRecords must be an integer >= 0 or Infinity, got ${kept}`);
  }
}

/**
 * Fills in the defaults of the delivery options and checks them.
 *
 * @throws {@link RangeError} when a numeric option is out of range.
 */
export function resolveDeliverySettings(options: WebhookDeliveryOptions): DeliverySettings {
  const settings: DeliverySettings = {
    fetch: options.fetch ?? globalThis.fetch,
    setTimeout: options.setTimeout ?? unrefSetTimeout,
    clearTimeout: options.clearTimeout ?? plainClearTimeout,
    nowMs: options.nowMs ?? Date.now,
    retryDelaysMs: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    userAgent: options.userAgent ?? STRIPE_WEBHOOK_USER_AGENT,
    maxConcurrentRequests: options.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS,
    maxRecords: options.maxRecords ?? DEFAULT_MAX_DELIVERY_RECORDS,
    plan: options.chaos ? createChaosPlanner(options.chaos) : orderlyPlanner,
    onRecord: options.onRecord ?? (() => undefined),
  };
  checkNumbers(settings);
  return settings;
}
