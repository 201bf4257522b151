// The `setup-intent-machine/testing` entry: the emulator for a test runner's global setup.

/**
 * Test-runner helpers: the emulator on a free loopback port, with the keys and environment an
 * application under test needs, and waits for events and signed webhook deliveries.
 *
 * @packageDocumentation
 * @module setup-intent-machine/testing
 */

import type { StripeEvent } from './events/stripe-event.js';
import type { Emulator, EmulatorOptions } from './emulator/create-emulator.js';
import { createEmulator } from './emulator/create-emulator.js';
import { listen } from './emulator/node-server.js';
import { endpointWantsEvent, isValidEnabledEvent } from './emulator/webhooks/event-matching.js';
import type { Feed, Timers, WaitOptions } from './testing/waiters.js';
import { createWaiters } from './testing/waiters.js';
import type { WebhookReceiver, WebhookReceiverEndpoint } from './testing/webhook-receiver.js';
import { startWebhookReceiver } from './testing/webhook-receiver.js';

export type { Timers, WaitOptions } from './testing/waiters.js';
export type { WebhookReceiverEndpoint } from './testing/webhook-receiver.js';

// Below vitest's and jest's 5 s test timeout, so the helper's message is the one a failure shows.
const DEFAULT_TIMEOUT_MS = 3000;
const SHOWN_EVENTS = 20;

/** Options of {@link startStripeEmulator}; the emulator's own options are passed on to it. */
export interface StartStripeEmulatorOptions extends EmulatorOptions {
  /** An emulator to serve instead of creating one from the other options; it is closed by `close()`. */
  readonly emulator?: Emulator;
  /** The loopback port; defaults to 0, a free one. */
  readonly port?: number;
  /** The secret key handed out (and used to register the webhook receiver); defaults to `sk_test_setup_intent_machine`. */
  readonly secretKey?: string;
  /** The publishable key handed out; defaults to `pk_test_setup_intent_machine`. */
  readonly publishableKey?: string;
  /** How long a wait lasts unless it says otherwise, in ms; defaults to 3000. */
  readonly timeoutMs?: number;
  /** The timers waits time out on; defaults to the global `setTimeout` and `clearTimeout`. */
  readonly timers?: Timers;
}

/** The environment variables an application reads its Stripe configuration from; all strings, so `provide` can pass them. */
export interface StripeEmulatorEnv {
  /** The API base URL, for example `http://127.0.0.1:53211`. */
  readonly STRIPE_API_BASE: string;
  /** The secret key. */
  readonly STRIPE_SECRET_KEY: string;
  /** The publishable key. */
  readonly STRIPE_PUBLISHABLE_KEY: string;
  /** The host alone, for SDKs configured by host, port and protocol. */
  readonly STRIPE_API_HOST: string;
  /** The port alone, as a string. */
  readonly STRIPE_API_PORT: string;
  /** The protocol alone: `http`. */
  readonly STRIPE_API_PROTOCOL: string;
}

/** The events a type pattern names (`never` when it names none of {@link StripeEvent}'s types). */
export type EventsNamedBy<T extends string> = T extends `${infer Prefix}.*` ? Extract<StripeEvent, { readonly type: `${Prefix}.${string}` }> : Extract<StripeEvent, { readonly type: T }>;

/**
 * The events a type pattern selects: `'setup_intent.succeeded'` gives that event's type,
 * `'setup_intent.*'` every SetupIntent event, anything else (`'*'`) every {@link StripeEvent}.
 */
export type EventOfType<T extends string> = [EventsNamedBy<T>] extends [never] ? StripeEvent : EventsNamedBy<T>;

/** A predicate on the events a wait selects. */
export type EventPredicate<E extends StripeEvent = StripeEvent> = (event: E) => boolean;

/** Waits for the first event of a type (wildcards allowed) that matches the predicate. */
export type WaitForEvent = <T extends string>(type: T, predicate?: EventPredicate<EventOfType<T>> | WaitOptions, options?: WaitOptions) => Promise<EventOfType<T>>;

/** A running emulator for tests, from {@link startStripeEmulator}. */
export interface StripeTestEmulator {
  /** The base URL, for example `http://127.0.0.1:53211`. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** A secret key it accepts. */
  readonly secretKey: string;
  /** A publishable key it accepts. */
  readonly publishableKey: string;
  /** The same, as environment variables. */
  readonly env: StripeEmulatorEnv;
  /** The official Node SDK's options that point it here: `new Stripe(secretKey, stripeOptions)`. */
  readonly stripeOptions: { readonly host: string; readonly port: number; readonly protocol: 'http' };
  /** The emulator itself: `events`, `store`, `webhooks`, ... */
  readonly emulator: Emulator;
  /**
   * Resolves with the first event, already emitted or still to come, whose type matches `type`
   * (wildcards such as `setup_intent.*` allowed) and the predicate; rejects after the timeout
   * with the events seen.
   */
  readonly waitForEvent: WaitForEvent;
  /**
   * Resolves with the first event delivered to the webhook receiver, signature verified, whose type
   * matches `type` and the predicate; starts the receiver on the first call. Rejects after the
   * timeout with what was delivered.
   */
  readonly waitForWebhook: WaitForEvent;
  /**
   * Starts the webhook receiver (once) and registers it with the emulator, so the events of the
   * requests that follow are delivered to it; `waitForWebhook` calls it.
   */
  readonly startWebhookReceiver: () => Promise<WebhookReceiverEndpoint>;
  /** Rejects pending waits, stops the webhook receiver, the server and the emulator. */
  readonly close: () => Promise<void>;
}

function describeEvents(events: readonly StripeEvent[]): string {
  if (events.length === 0) {
    return 'none';
  }
  const shown = events.slice(-SHOWN_EVENTS).map((event) => {
    const object = event.data.object as { readonly id?: unknown };
    return `${event.type} ${event.id}${typeof object.id === 'string' ? ` (${object.id})` : ''}`;
  });
  const hidden = events.length - shown.length;
  return `${events.length}: ${hidden > 0 ? `…${hidden} older, ` : ''}${shown.join(', ')}`;
}

function splitArguments(predicate: EventPredicate | WaitOptions | undefined, options: WaitOptions | undefined): [EventPredicate | undefined, WaitOptions] {
  return typeof predicate === 'function' ? [predicate, options ?? {}] : [undefined, predicate ?? options ?? {}];
}

type UntypedWait = (type: string, predicate?: EventPredicate | WaitOptions, options?: WaitOptions) => Promise<StripeEvent>;

/** The same wait, typed by its pattern: sound because only events whose type matches it get through. */
const typedByPattern = (wait: UntypedWait): WaitForEvent => wait as WaitForEvent;

/**
 * Starts an emulator on a free loopback port for a test run (a vitest or jest global setup, or a
 * `beforeAll`), with keys, environment variables and SDK options pointing at it.
 *
 * @example
 * ```ts
 * const stripeEmulator = await startStripeEmulator();
 * const stripe = new Stripe(stripeEmulator.secretKey, stripeEmulator.stripeOptions);
 * const intent = await stripe.setupIntents.create({ allowed_payment_method_types: ['card'] });
 * await stripeEmulator.waitForEvent('setup_intent.created', (event) => event.data.object.id === intent.id);
 * await stripeEmulator.close();
 * ```
 */
export async function startStripeEmulator(options: StartStripeEmulatorOptions = {}): Promise<StripeTestEmulator> {
  const { emulator: given, port, secretKey = 'sk_test_setup_intent_machine', publishableKey = 'pk_test_setup_intent_machine', timeoutMs = DEFAULT_TIMEOUT_MS, timers, ...emulatorOptions } = options;
  const emulator = given ?? (await createEmulator(emulatorOptions));
  const server = await listen(emulator, { port: port ?? 0 }).catch(async (error: unknown) => {
    // An emulator made here has nobody else to close it.
    if (given === undefined) await emulator.close();
    throw error;
  });
  const waiters = createWaiters(timers ?? { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout) });
  // The account the handed-out keys belong to: other keys may name other accounts.
  const account = emulator.account(secretKey);
  const events: Feed<StripeEvent> = {
    seen: () => account.events,
    subscribe: (listener) => emulator.subscribe((fresh, id) => id === account.id && listener(fresh)),
  };
  let receiver: Promise<WebhookReceiver> | null = null;
  let running: WebhookReceiver | null = null;
  const receiverOnce = (): Promise<WebhookReceiver> =>
    (receiver ??= startWebhookReceiver(emulator, secretKey).then((started) => (running = started)));

  const matcher = (type: string, predicate: EventPredicate | undefined) => (event: StripeEvent) => endpointWantsEvent([type], event.type) && (predicate?.(event) ?? true);
  const what = (type: string, predicate: EventPredicate | undefined, noun: string): string => `No ${type} ${noun}${predicate === undefined ? '' : ' matching the predicate'}`;
  const checkType = (type: string): void => {
    if (!isValidEnabledEvent(type)) {
      throw new TypeError(`${JSON.stringify(type)} is not an event type or a type ending in a wildcard (such as setup_intent.*)`);
    }
  };

  return {
    url: server.url,
    port: server.port,
    secretKey,
    publishableKey,
    env: {
      STRIPE_API_BASE: server.url,
      STRIPE_SECRET_KEY: secretKey,
      STRIPE_PUBLISHABLE_KEY: publishableKey,
      STRIPE_API_HOST: server.host,
      STRIPE_API_PORT: String(server.port),
      STRIPE_API_PROTOCOL: 'http',
    },
    stripeOptions: { host: server.host, port: server.port, protocol: 'http' },
    emulator,
    waitForEvent: typedByPattern(async (type, predicateOrOptions, maybeOptions) => {
      checkType(type);
      const [predicate, waitOptions] = splitArguments(predicateOrOptions, maybeOptions);
      const limit = waitOptions.timeoutMs ?? timeoutMs;
      return waiters.wait({
        feed: events,
        matches: matcher(type, predicate),
        timeoutMs: limit,
        explain: () => `${what(type, predicate, 'event')} within ${limit} ms. Events seen (${describeEvents(account.events)}).`,
      });
    }),
    waitForWebhook: typedByPattern(async (type, predicateOrOptions, maybeOptions) => {
      checkType(type);
      const [predicate, waitOptions] = splitArguments(predicateOrOptions, maybeOptions);
      const limit = waitOptions.timeoutMs ?? timeoutMs;
      // Once the receiver runs, the wait (and its timer) starts in this very call.
      const started = running ?? (await receiverOnce());
      const matches = matcher(type, predicate);
      return waiters.wait({
        feed: { seen: () => started.received, subscribe: started.subscribe },
        matches,
        timeoutMs: limit,
        explain: () => {
          const before = account.events.slice(0, started.registeredAfter).filter(matches);
          return [
            `${what(type, predicate, 'webhook')} was delivered to ${started.url} within ${limit} ms.`,
            `Delivered (${describeEvents(started.received)}).`,
            `Refused for a bad signature: ${started.refused()}.`,
            ...(before.length > 0 ? [`Matching events emitted before the receiver was registered, so never sent to it (${describeEvents(before)}): start it first with startWebhookReceiver().`] : []),
          ].join(' ');
        },
      });
    }),
    startWebhookReceiver: async () => {
      const { url, endpointId, secret } = await receiverOnce();
      return { url, endpointId, secret };
    },
    close: async () => {
      waiters.cancelAll('The Stripe emulator was closed before the wait ended.');
      await server.close();
      const started = await receiver?.catch(() => null);
      await started?.close();
    },
  };
}
