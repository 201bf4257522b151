import { randomBytes, randomInt } from 'node:crypto';
import type { TestPaymentMethodCatalogue } from '../catalogue/catalogue.js';
import type { BehaviorOptions } from '../core/behavior.js';
import type { HostedPageUrls } from '../core/environment.js';
import type { StripeEvent } from '../events/stripe-event.js';
import { API_VERSION } from '../events/stripe-event.js';
import type { MemoryStore } from '../store/memory-store.js';
import type { EmulatorAccount } from './accounts.js';
import { corsHeadersFor, createBrowserAccess } from './browser-access.js';
import { accountOfKey, createEmulatorAccounts } from './accounts.js';
import type { EmulatorClock } from './clock.js';
import type { Dispatch } from './dispatch.js';
import { createDispatcher } from './dispatch.js';
import type { EmulatorState } from './emulator-state.js';
import type { InspectOptions } from './inspection/inspect-options.js';
import type { EmulatorInspection } from './inspection/start-inspection.js';
import { startInspection } from './inspection/start-inspection.js';
import { anyStepDue, runDueSteps } from './due-steps.js';
import { storedOperation } from './logged-request.js';
import type { LoggedOperation } from './logged-request.js';
import { OperationLogError } from './persistence/operation-log-error.js';
import { openOperationLog, OPERATION_LOG_FORMAT, OPERATION_LOG_VERSION } from './persistence/operation-log.js';
import type { OpenedOperationLog } from './persistence/operation-log.js';
import type { ReplaySummary } from './replay.js';
import { loggedOperationProblem, replayOperations } from './replay.js';
import { newRequestId } from './request-ids.js';
import { snapshotOf, SnapshotDeferred } from './snapshot.js';
import { createRouter } from './router.js';
import { EMULATOR_ROUTES } from './routes/all-routes.js';
import type { StaticWebhookTarget } from './webhook-fanout.js';
import { acknowledgeDelivery, fanOut, giveUpDelivery, resumeDeliveries } from './webhook-fanout.js';
import type { DeliveryRecord, WebhookDeliverer, WebhookDeliveryOptions } from './webhooks/webhook-deliverer.js';
import { createWebhookDeliverer } from './webhooks/webhook-deliverer.js';
import { webhookTargetProblem } from './webhooks/webhook-targets.js';
import type { WireRequest, WireResponse } from './wire.js';

/** Options of {@link createEmulator}; all optional. */
export interface EmulatorOptions {
  /**
   * The seed of the id generator. Defaults to a random one, stored in the data file, so ids
   * differ between emulators but a restart continues the same sequence. It fixes ids only:
   * secrets come from a random 256-bit key, also stored in the data file (docs/emulator.md, Secrets).
   */
  readonly seed?: number;
  /** The wall clock in ms (default `Date.now`); the emulator's clock is this plus `advance_clock` moves. */
  readonly wallClockMs?: () => number;
  /** The base URL hosted pages are linked under; set later by `listen` when absent. */
  readonly baseUrl?: string;
  /** Behaviour switches of the core (see docs/operations.md). */
  readonly behavior?: Partial<BehaviorOptions>;
  /** The test payment method catalogue (defaults to Stripe's documented test methods). */
  readonly catalogue?: TestPaymentMethodCatalogue;
  /** The API version of responses and events. */
  readonly apiVersion?: string;
  /** Append-only operation log file for persistence; in memory when absent. */
  readonly dataFile?: string;
  /**
   * When the data file is compacted into a snapshot of the state (docs/emulator.md, Persistence):
   * once it holds at least this many entries after its snapshot, and more than the snapshot held
   * objects, at start or while serving. Default 10 000; `null` never compacts by itself
   * ({@link Emulator.compact} still does).
   */
  readonly compactAfterEntries?: number | null;
  /** Endpoints that receive events without being registered through the API (`serve --webhook-url`). */
  readonly webhooks?: readonly StaticWebhookTarget[];
  /** Delivery settings: retries, timeouts, chaos mode, how many delivery records are kept. */
  readonly webhookDelivery?: WebhookDeliveryOptions;
  /**
   * How long events stay in `GET /v1/events` and retrievable by id, in seconds of each account's
   * emulator time: 30 days by default, as on Stripe; `null` keeps every event.
   */
  readonly eventRetentionSeconds?: number | null;
  /** The largest request body accepted, in bytes (default 1 MiB). */
  readonly maxBodyBytes?: number;
  /** Where warnings and unexpected errors go (default `console.error`). */
  readonly log?: (message: string) => void;
  /**
   * Live inspection: every SetupIntent appears as an actor in a Stately inspector, with the
   * statechart events its changes amount to (see docs/visualize.md). Never fails a request.
   */
  readonly inspect?: InspectOptions;
  /**
   * Origins whose pages may call the API from a browser and frame the 3D Secure page, besides
   * loopback ones (`http(s)://localhost`, `127.0.0.1`, `[::1]`, `*.localhost`, any port) and the
   * emulator's own; `['*']` allows every origin (docs/emulator.md, What a browser may do).
   */
  readonly allowedOrigins?: readonly string[];
  /**
   * Host names requests served by `listen` may carry in `Host`, besides loopback names and the
   * emulator's own; others are refused with 403, which stops DNS rebinding.
   */
  readonly allowedHosts?: readonly string[];
  /**
   * Lets `webhooks` post to link-local (`169.254.0.0/16`, `fe80::/10`) and unspecified
   * addresses, which are refused by default. Endpoints created through the API never may.
   */
  readonly allowPrivateWebhookTargets?: boolean;
}

/**
 * A Stripe-compatible emulator of the SetupIntents API over the pure core: a fetch-style handler
 * plus its state. Serve it with `listen` from the same module, or call `fetch` directly.
 */
export interface Emulator {
  /** Answers a WHATWG `Request`, as Stripe's API would. */
  readonly fetch: (request: Request) => Promise<Response>;
  /** Answers a request already read off the wire (what the Node adapter uses). */
  readonly handle: Dispatch;
  /** The default account's objects: SetupIntents, attempts, mandates, PaymentMethods, Customers, and the event log. */
  readonly store: MemoryStore;
  /** The default account's whole state, including webhook endpoints and idempotency keys. */
  readonly state: EmulatorState;
  /** The default account's clock. */
  readonly clock: EmulatorClock;
  /** Every event of the default account, oldest first. */
  readonly events: readonly StripeEvent[];
  /**
   * An account, named by its id (`acct_w1`) or by one of its API keys (`sk_test_acct_w1_…`);
   * created empty when nothing used it yet. `account('acct_default')` holds what `store`,
   * `state`, `clock` and `events` show.
   */
  readonly account: (idOrKey: string) => {
    /** The account id (`acct_default`, `acct_w1`, ...). */
    readonly id: string;
    /** The account's objects and event log. */
    readonly store: MemoryStore;
    /** The account's whole state, including webhook endpoints and idempotency keys. */
    readonly state: EmulatorState;
    /** The account's clock, which only its own `advance_clock` calls move. */
    readonly clock: EmulatorClock;
    /** Every event of the account, oldest first. */
    readonly events: readonly StripeEvent[];
  };
  /** The ids of the accounts that exist, the default one first. */
  readonly accounts: () => readonly string[];
  /** The webhook deliverer: `idle()` resolves when every delivery has settled. */
  readonly webhooks: WebhookDeliverer;
  /**
   * Calls `listener` with each batch of new events of any account, oldest first, and the id of
   * their account, once they are stored and handed to webhook delivery; returns a function that
   * stops the calls. A listener that throws is logged.
   */
  readonly subscribe: (listener: (events: readonly StripeEvent[], account: string) => void) => () => void;
  /** Every webhook delivery attempt so far. */
  readonly deliveries: readonly DeliveryRecord[];
  /** What replaying the data file did, when there is one. */
  readonly replay: ReplaySummary | null;
  /** The base URL hosted pages are linked under. */
  readonly baseUrl: () => string;
  /** Sets the base URL (the Node adapter does, once it knows its port). */
  readonly setBaseUrl: (url: string) => void;
  /** The largest request body accepted, in bytes. */
  readonly maxBodyBytes: number;
  /**
   * The CORS headers of an answer to a request from `origin` (what `listen` adds to the answers it
   * writes itself): `Access-Control-Allow-Origin` only for an origin that may call the API.
   */
  readonly corsHeaders: (origin: string | undefined) => Record<string, string>;
  /** The API version responses and events are rendered with. */
  readonly apiVersion: string;
  /** Lets due Stripe-side steps happen now (a timer calls it while serving). */
  readonly tick: () => Promise<void>;
  /**
   * Rewrites the data file as a snapshot of the state now followed by nothing, so a restart reads
   * the snapshot instead of every request, even if the snapshot is the larger (compaction by
   * itself keeps a snapshot only when it is smaller). Resolves `false` without a data file, or when
   * a request with an idempotency key is still being written (try again later); the file is then
   * left as it was.
   */
  readonly compact: () => Promise<boolean>;
  /** Stops deliveries and inspection and closes the data file. */
  readonly close: () => Promise<void>;
}

const API_KEY_PREFIX = /^(?:sk|rk|pk)_(?:test|live)_/;

function viewOf(account: EmulatorAccount): ReturnType<Emulator['account']> {
  return { id: account.id, store: account.state.store, state: account.state, clock: account.clock, events: account.state.store.events };
}

function hostedUrls(base: () => string): HostedPageUrls {
  return {
    authentication: (intent, attempt) => `${base()}/hosted/authenticate/${intent}?attempt=${attempt}`,
    microdepositVerification: (intent, attempt) => `${base()}/hosted/microdeposits/${intent}?attempt=${attempt}`,
    mandate: (mandate) => `${base()}/hosted/mandates/${mandate}`,
  };
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** {@link EmulatorOptions.compactAfterEntries} by default. */
const DEFAULT_COMPACT_AFTER_ENTRIES = 10_000;

/** The header field of data files that record webhook deliveries, so a restart can resume them. */
const WEBHOOK_DELIVERIES_LOGGED = 'webhook_deliveries';

/** 256 bits: the key of HMAC-SHA256, which secrets are derived with. */
const SECRET_KEY_BYTES = 32;
const SECRET_KEY_HEX = /^[0-9a-f]{64}$/;

/**
 * Creates an emulator. With `dataFile`, the file's operations are replayed first, so every
 * acknowledged change of an earlier run is there again.
 *
 * @example
 * ```ts
 * const emulator = await createEmulator();
 * const server = await listen(emulator, { port: 0 });
 * const stripe = new Stripe('sk_test_123', { host: '127.0.0.1', port: server.port, protocol: 'http' });
 * ```
 */
export async function createEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const log = options.log ?? ((message: string) => console.error(message));
  let baseUrl = options.baseUrl ?? 'http://127.0.0.1:12111';
  let replayBaseUrl: string | null = null;
  const base = (): string => replayBaseUrl ?? baseUrl;
  // Misconfiguration is refused before the data file is opened.
  for (const target of options.webhooks ?? []) {
    const problem = webhookTargetProblem(target.url, options.allowPrivateWebhookTargets === true);
    if (problem !== null) {
      throw new Error(`The webhook URL ${target.url} is refused: ${problem}. Allow such targets with allowPrivateWebhookTargets (serve --allow-webhook-target).`);
    }
  }
  const browser = createBrowserAccess(
    { ...(options.allowedOrigins === undefined ? {} : { allowedOrigins: options.allowedOrigins }), ...(options.allowedHosts === undefined ? {} : { allowedHosts: options.allowedHosts }) },
    base,
  );
  let opened: OpenedOperationLog<LoggedOperation> | null = null;
  let seed = options.seed ?? randomInt(1, 2 ** 31);
  // Secrets are keyed by a CSPRNG, never by the seed: one id gives the seed away.
  let secretKey: Uint8Array | undefined = randomBytes(SECRET_KEY_BYTES);
  if (options.dataFile !== undefined) {
    opened = await openOperationLog<LoggedOperation>(options.dataFile, {
      header: {
        format: OPERATION_LOG_FORMAT,
        version: OPERATION_LOG_VERSION,
        seed,
        secret_key: Buffer.from(secretKey).toString('hex'),
        [WEBHOOK_DELIVERIES_LOGGED]: true,
      },
      check: loggedOperationProblem,
      onWarning: log,
    });
    const stored = opened.header['seed'];
    if (typeof stored === 'number') {
      seed = stored;
    }
    const storedKey = opened.header['secret_key'];
    if (storedKey === undefined) {
      secretKey = undefined;
      log(
        `${options.dataFile} was written before secrets had a key of their own: its client and webhook secrets keep deriving from the seed, which makes them predictable. Start a new data file for unpredictable ones.`,
      );
    } else if (typeof storedKey === 'string' && SECRET_KEY_HEX.test(storedKey)) {
      secretKey = Buffer.from(storedKey, 'hex');
    } else {
      await opened.close();
      throw new OperationLogError('corrupt', `${options.dataFile}: line 1 has a secret_key that is not ${SECRET_KEY_BYTES * 2} hex digits`);
    }
  }
  const apiVersion = options.apiVersion ?? API_VERSION;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let inspection: EmulatorInspection | null = null;
  const accounts = createEmulatorAccounts({
    seed,
    ...(secretKey === undefined ? {} : { secretKey }),
    ...(options.wallClockMs === undefined ? {} : { wallClockMs: options.wallClockMs }),
    ...(options.eventRetentionSeconds === undefined ? {} : { eventRetentionSeconds: options.eventRetentionSeconds }),
    onApplied: (before, change, events) => inspection?.observe(before, change, events),
    environment: {
      urls: hostedUrls(base),
      apiVersion,
      ...(options.behavior === undefined ? {} : { behavior: options.behavior }),
      ...(options.catalogue === undefined ? {} : { catalogue: options.catalogue }),
    },
  });
  const { state, clock } = accounts.default;
  const router = createRouter(EMULATOR_ROUTES);
  const statics = (options.webhooks ?? []).map((target, index) => ({ ...target, id: `we_static_${index + 1}` }));
  let replay: ReplaySummary | null = null;
  // Logs written before deliveries were logged cannot tell a delivered event from a pending one.
  const deliveriesLogged = opened?.header[WEBHOOK_DELIVERIES_LOGGED] === true;
  if (opened !== null) {
    try {
      replay = await replayOperations(
        accounts,
        router,
        (url) => (replayBaseUrl = url),
        opened.entries(),
        deliveriesLogged ? { fanOut: (account) => fanOut(account.state, statics, null, account.state.takeNewEvents()) } : {},
      );
    } catch (error) {
      await opened.close();
      throw error;
    }
    for (const divergence of replay.diverged) {
      log(`Replaying entry ${divergence.index + 1} (${divergence.path}) answered ${divergence.actual} where ${divergence.expected} was recorded.`);
    }
  }
  const logFile = opened;
  const compactAfter = options.compactAfterEntries === undefined ? DEFAULT_COMPACT_AFTER_ENTRIES : options.compactAfterEntries;
  if (compactAfter !== null && !(Number.isInteger(compactAfter) && compactAfter > 0)) {
    await logFile?.close();
    throw new RangeError(`compactAfterEntries must be a positive integer or null, not ${String(compactAfter)}`);
  }
  let sinceSnapshot = replay?.sinceSnapshot ?? 0;
  // Compaction is tried again only once the file has doubled since the last try, so rewriting
  // costs at most twice what was appended.
  let compactionFloor = replay?.lastCompaction === null || replay === null ? 0 : 2 * replay.lastCompaction.bytes;
  let compacting: Promise<boolean> | null = null;
  const compactNow = (maxBytes: number): Promise<boolean> => {
    if (logFile === null) return Promise.resolve(false);
    compacting ??= (async () => {
      const snapshot = snapshotOf(accounts);
      let counted = 0;
      let size = logFile.size();
      let written: { readonly bytes: number } | null;
      try {
        written = await logFile.rewrite(
          () => {
            counted = sinceSnapshot;
            size = logFile.size();
            return snapshot.entries;
          },
          { maxBytes },
        );
      } catch (error) {
        if (error instanceof SnapshotDeferred) return false;
        throw error;
      }
      const record: LoggedOperation = written === null ? { kind: 'compaction', outcome: 'skipped', bytes: size } : { kind: 'compaction', outcome: 'written', bytes: written.bytes };
      compactionFloor = 2 * record.bytes;
      if (written !== null) sinceSnapshot -= counted;
      await logFile.append(record);
      return written !== null;
    })().finally(() => {
      compacting = null;
    });
    return compacting;
  };
  const compactionDue = (): boolean =>
    logFile !== null && compactAfter !== null && compacting === null && sinceSnapshot >= compactAfter && logFile.size() >= compactionFloor;
  const compactWhenDue = (): void => {
    if (!compactionDue()) return;
    // Not in the request's turn: the snapshot is written between requests.
    setImmediate(() => {
      // Kept only when smaller than the file it replaces.
      compactNow(logFile?.size() ?? 0).catch((error: unknown) => log(`Could not compact the data file: ${error instanceof Error ? error.message : String(error)}`));
    });
  };
  const persist =
    logFile === null
      ? undefined
      : (entry: LoggedOperation) => {
          const written = logFile.append(storedOperation(entry));
          sinceSnapshot += 1;
          compactWhenDue();
          return written;
        };
  if (compactionDue()) {
    try {
      await compactNow(logFile?.size() ?? 0);
    } catch (error) {
      await logFile?.close();
      throw error;
    }
  }
  const userOnRecord = options.webhookDelivery?.onRecord;
  const deliverer = createWebhookDeliverer({
    ...options.webhookDelivery,
    onRecord: (record) => {
      if (record.ok || record.lastAttempt) {
        // Event ids are unique across accounts: the one holding the event is the one to update.
        const holder = accounts.all().find((account) => account.state.eventsById.has(record.eventId));
        const settle = record.ok ? acknowledgeDelivery : giveUpDelivery;
        if (holder !== undefined && settle(holder.state, record.eventId, record.endpointId) && persist !== undefined) {
          const entry: LoggedOperation = { kind: record.ok ? 'webhook_acknowledged' : 'webhook_given_up', account: holder.id, event: record.eventId, endpoint: record.endpointId };
          // Not awaited: a delivery outcome lost in a crash only means the event is delivered again.
          persist(entry).catch((error: unknown) => {
            if (!(error instanceof OperationLogError && error.code === 'closed')) {
              log(`Could not record a webhook delivery in the data file: ${error instanceof Error ? error.message : String(error)}`);
            }
          });
        }
      }
      userOnRecord?.(record);
    },
  });
  if (deliveriesLogged) {
    for (const account of accounts.all()) {
      resumeDeliveries(account.state, statics, deliverer);
    }
  }
  const listeners = new Set<(events: readonly StripeEvent[], account: string) => void>();
  const afterCommit = ({ id, state }: EmulatorAccount): void => {
    const events = state.takeNewEvents();
    if (events.length === 0) {
      return;
    }
    fanOut(state, statics, deliverer, events);
    // fanOut stores copies carrying pending_webhooks: listeners see what GET /v1/events answers.
    const stored = events.map((event) => state.eventsById.get(event.id) ?? event);
    for (const listener of listeners) {
      try {
        listener(stored, id);
      } catch (error) {
        log(`An event listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  const handle = createDispatcher({
    accounts,
    router,
    baseUrl: base,
    limits: { maxBodyBytes },
    apiVersion,
    requestId: newRequestId,
    ...(persist === undefined ? {} : { persist }),
    afterCommit,
    browser,
    onError: (error) => log(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  });

  const fetchHandler = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
    const wire: WireRequest = {
      method: request.method.toUpperCase(),
      path: url.pathname,
      query: url.search.startsWith('?') ? url.search.slice(1) : url.search,
      header: (name) => request.headers.get(name) ?? undefined,
      body,
    };
    const answer: WireResponse = await handle(wire);
    return new Response(answer.status === 204 ? null : answer.body, { status: answer.status, headers: answer.headers });
  };

  const tick = async (): Promise<void> => {
    // Every account's due steps are applied and logged in this one turn, each at its own clock's time.
    const stepped: EmulatorAccount[] = [];
    const writes: Promise<void>[] = [];
    for (const account of accounts.all()) {
      const time = account.clock.now();
      if (!anyStepDue(account.state, time)) {
        continue;
      }
      const ids = accounts.ids.checkpoint();
      account.state.time = time;
      const changed = runDueSteps(account.state);
      if (changed.length > 0 && persist !== undefined) {
        writes.push(persist({ kind: 'due_steps', time, ids, account: account.id }));
      }
      stepped.push(account);
    }
    if (stepped.length === 0) {
      return;
    }
    try {
      await Promise.all(writes);
    } catch (error) {
      log(`Could not write the data file: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
    for (const account of stepped) {
      afterCommit(account);
    }
  };

  if (options.inspect !== undefined) {
    inspection = await startInspection(options.inspect, log);
    for (const account of accounts.all()) {
      inspection?.register(account.state.store.setupIntents.values());
      inspection?.register(account.state.store.paymentIntents.values());
    }
  }

  return {
    fetch: fetchHandler,
    handle,
    store: state.store,
    state,
    clock,
    events: state.store.events,
    account: (idOrKey) => viewOf(accounts.get(API_KEY_PREFIX.test(idOrKey) ? accountOfKey(idOrKey) : idOrKey)),
    accounts: () => accounts.all().map((account) => account.id),
    webhooks: deliverer,
    subscribe: (listener) => {
      const own = (events: readonly StripeEvent[], account: string): void => listener(events, account);
      listeners.add(own);
      return () => {
        listeners.delete(own);
      };
    },
    deliveries: deliverer.records,
    replay,
    baseUrl: base,
    setBaseUrl: (url) => {
      baseUrl = url.replace(/\/+$/, '');
    },
    maxBodyBytes,
    corsHeaders: (origin) => corsHeadersFor(browser, origin),
    apiVersion,
    tick,
    compact: () => compactNow(Infinity),
    close: async () => {
      inspection?.stop();
      await deliverer.close();
      await compacting?.catch(() => false);
      await logFile?.close();
    },
  };
}
