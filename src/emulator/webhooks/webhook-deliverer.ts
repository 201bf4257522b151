import type { ChaosOptions } from './chaos.js';
import { resolveDeliverySettings } from './delivery-settings.js';
import type { AttemptOutcome } from './post-webhook.js';
import { postWebhook } from './post-webhook.js';
import { signatureHeader } from './signature.js';

export type { ChaosOptions } from './chaos.js';

/** An endpoint an event is delivered to. */
export interface WebhookTarget {
  /** The endpoint id (`we_...`). */
  readonly id: string;
  /** The URL events are POSTed to. */
  readonly url: string;
  /** The endpoint's signing secret (`whsec_...`). */
  readonly secret: string;
}

/** One delivery attempt of one event to one endpoint. */
export interface DeliveryRecord {
  /** The delivered event's id. */
  readonly eventId: string;
  /** The endpoint the event went to. */
  readonly endpointId: string;
  /** The attempt number within this delivery, from 1. */
  readonly attempt: number;
  /** The HTTP status answered, or `null` for a network error, timeout or cancellation. */
  readonly status: number | null;
  /** Whether the endpoint acknowledged the event with a 2xx status. */
  readonly ok: boolean;
  /** Why the attempt failed; absent on success. */
  readonly error?: string;
  /** When the attempt was sent, in ms from the injected clock. */
  readonly at: number;
  /**
   * Whether the delivery ends with this attempt: the endpoint acknowledged it, or it failed with no
   * retry left. An attempt cut short by `close()` is not the last one: a restart resumes it.
   */
  readonly lastAttempt: boolean;
}

/** How the emulator delivers webhooks ({@link EmulatorOptions.webhookDelivery}); every field has a default. */
export interface WebhookDeliveryOptions {
  /** Sends the requests; defaults to `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
  /** Schedules delayed deliveries and retries; defaults to unref'd Node timers. */
  readonly setTimeout?: (fn: () => void, ms: number) => unknown;
  /** Cancels what `setTimeout` scheduled; defaults to `globalThis.clearTimeout`. */
  readonly clearTimeout?: (handle: unknown) => void;
  /** The wall clock in ms, read at each attempt for the signature timestamp; defaults to `Date.now`. */
  readonly nowMs?: () => number;
  /** The delays before the 2nd, 3rd, ... attempt, in ms; defaults to 1 minute, 10 minutes, 1 hour. */
  readonly retryDelaysMs?: readonly number[];
  /** How long one attempt may take, in real ms; defaults to 10 000. */
  readonly requestTimeoutMs?: number;
  /** Shuffles and duplicates deliveries when set; defaults to `false`. */
  readonly chaos?: ChaosOptions | false;
  /** The `User-Agent` header; defaults to Stripe's. */
  readonly userAgent?: string;
  /** The most requests in flight at once, over all endpoints; defaults to 16. */
  readonly maxConcurrentRequests?: number;
  /**
   * How many records `records` keeps, the latest ones (default 10 000); `Infinity` keeps all.
   * `onRecord` still sees every attempt.
   */
  readonly maxRecords?: number;
  /** Called with each record as its attempt completes; exceptions it throws are ignored. */
  readonly onRecord?: (record: DeliveryRecord) => void;
}

/** Delivers events to webhook endpoints in the background, with retries. */
export interface WebhookDeliverer {
  /** Queues delivery of one event (a JSON-serialisable object with `id` and `type`) to each target; never blocks and never throws. */
  deliver(event: { readonly id: string; readonly type: string }, targets: readonly WebhookTarget[]): void;
  /** Resolves when nothing is queued, in flight or waiting for a retry (tests await this instead of sleeping). */
  idle(): Promise<void>;
  /** The latest attempts (at most `maxRecords`), in order of completion (a live view). */
  readonly records: readonly DeliveryRecord[];
  /** Cancels pending retries and in-flight requests; later deliver() calls are ignored. */
  close(): Promise<void>;
}

/** One copy of an event on its way to one endpoint. */
interface Delivery {
  readonly eventId: string;
  readonly target: WebhookTarget;
  readonly body: string;
}

/** One attempt of a delivery, ready to send. */
interface Attempt {
  readonly delivery: Delivery;
  readonly number: number;
}

/** A scheduled attempt that `close()` may still cancel. */
interface PendingTimer {
  handle: unknown;
}

/** Describes a thrown value in one line. */
function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Creates a webhook deliverer: each event is signed and POSTed to every target, failures are
 * retried on a schedule, and every attempt is recorded.
 *
 * @remarks Each attempt is signed afresh with the time it is sent, as Stripe does, so a retry
 * hours later still passes the receiver's 300 s tolerance. Deliveries to one endpoint may overlap;
 * Stripe does not order them either.
 * @throws {@link RangeError} when a numeric option is out of range.
 * @example
 * const deliverer = createWebhookDeliverer({ retryDelaysMs: [10, 10] });
 * deliverer.deliver(event, [{ id: 'we_1', url: 'http://127.0.0.1:4242/webhook', secret }]);
 * await deliverer.idle();
 */
export function createWebhookDeliverer(options: WebhookDeliveryOptions = {}): WebhookDeliverer {
  const settings = resolveDeliverySettings(options);
  const { nowMs, retryDelaysMs, plan } = settings;

  const records: DeliveryRecord[] = [];
  const timers = new Set<PendingTimer>();
  const ready: Attempt[] = [];
  const inFlightControllers = new Set<AbortController>();
  let idleWaiters: (() => void)[] = [];
  let unfinished = 0;
  let inFlight = 0;
  let closed = false;

  // Records made without sending still carry a time; a broken clock must not break delivery.
  const safeNow = (): number => {
    try {
      return nowMs();
    } catch {
      return Number.NaN;
    }
  };

  const finish = (count = 1): void => {
    unfinished -= count;
    if (unfinished === 0 && idleWaiters.length > 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };

  const record = (attempt: Attempt, at: number, outcome: AttemptOutcome, lastAttempt: boolean): void => {
    const entry: DeliveryRecord = {
      eventId: attempt.delivery.eventId,
      endpointId: attempt.delivery.target.id,
      attempt: attempt.number,
      status: outcome.status,
      ok: outcome.ok,
      ...(outcome.error === undefined ? {} : { error: outcome.error }),
      at,
      lastAttempt,
    };
    records.push(entry);
    // The array is a live view others hold, so it is trimmed in place; shift is cheap in V8.
    while (records.length > settings.maxRecords) records.shift();
    try {
      settings.onRecord(entry);
    } catch {
      // An observer's bug must not stop deliveries; deliver() promises never to throw.
    }
  };

  const pump = (): void => {
    while (inFlight < settings.maxConcurrentRequests) {
      const next = ready.shift();
      if (next === undefined) return;
      inFlight += 1;
      void run(next);
    }
  };

  const enqueue = (attempt: Attempt, delayMs: number): void => {
    if (delayMs <= 0) {
      ready.push(attempt);
      pump();
      return;
    }
    const timer: PendingTimer = { handle: undefined };
    // Registered before scheduling, because a fake timer may call back synchronously.
    timers.add(timer);
    try {
      timer.handle = settings.setTimeout(() => {
        if (timers.delete(timer)) {
          ready.push(attempt);
          pump();
        }
      }, delayMs);
    } catch (error) {
      if (timers.delete(timer)) {
        record(attempt, safeNow(), { status: null, ok: false, error: `could not schedule: ${describe(error)}` }, true);
        finish();
      }
    }
  };

  const run = async (attempt: Attempt): Promise<void> => {
    const { delivery } = attempt;
    const at = safeNow();
    const controller = new AbortController();
    inFlightControllers.add(controller);
    let outcome: AttemptOutcome;
    try {
      outcome = await postWebhook({
        url: delivery.target.url,
        body: delivery.body,
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Stripe-Signature': signatureHeader(delivery.body, delivery.target.secret, Math.floor(at / 1000)),
          'User-Agent': settings.userAgent,
        },
        timeoutMs: settings.requestTimeoutMs,
        fetch: settings.fetch,
        cancel: controller.signal,
      });
    } catch (error) {
      outcome = { status: null, ok: false, error: describe(error) };
    }
    inFlightControllers.delete(controller);
    inFlight -= 1;
    const retryDelay = retryDelaysMs[attempt.number - 1];
    record(attempt, at, outcome, outcome.ok || (!closed && retryDelay === undefined));
    if (!outcome.ok && !closed && retryDelay !== undefined) {
      enqueue({ delivery, number: attempt.number + 1 }, retryDelay);
    } else {
      finish();
    }
    pump();
  };

  const deliver: WebhookDeliverer['deliver'] = (event, targets) => {
    if (closed) return;
    let body: string;
    try {
      const text: unknown = JSON.stringify(event, null, 2);
      if (typeof text !== 'string') throw new TypeError('JSON.stringify produced no text');
      body = text;
    } catch (error) {
      const outcome = { status: null, ok: false, error: `event is not serialisable: ${describe(error)}` };
      for (const target of targets) {
        record({ delivery: { eventId: event.id, target, body: '' }, number: 1 }, safeNow(), outcome, true);
      }
      return;
    }
    for (const target of targets) {
      for (const delay of plan()) {
        unfinished += 1;
        enqueue({ delivery: { eventId: event.id, target, body }, number: 1 }, delay);
      }
    }
  };

  const idle = (): Promise<void> =>
    unfinished === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve));

  const close = (): Promise<void> => {
    if (!closed) {
      closed = true;
      const cancelled = timers.size + ready.length;
      for (const timer of timers) {
        try {
          settings.clearTimeout(timer.handle);
        } catch {
          // The callback checks `timers` first, so a timer that cannot be cleared fires harmlessly.
        }
      }
      timers.clear();
      ready.length = 0;
      for (const controller of inFlightControllers) controller.abort();
      finish(cancelled);
    }
    return idle();
  };

  return {
    deliver,
    idle,
    get records() {
      return records;
    },
    close,
  };
}
