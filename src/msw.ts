// The `setup-intent-machine/msw` entry: Mock Service Worker handlers answered by the emulator.

/**
 * Mock Service Worker handlers that answer Stripe's hosts from an in-process emulator, so the
 * official SDK and Stripe.js run unmodified in tests, with no socket and no key to configure.
 *
 * @packageDocumentation
 * @module setup-intent-machine/msw
 */

import { http } from 'msw';
import type { HttpHandler } from 'msw';
import type { Emulator, EmulatorOptions } from './emulator/create-emulator.js';
import { createEmulator } from './emulator/create-emulator.js';

/** The origin the emulator links its hosted pages under when it is created here. */
const API_ORIGIN = 'https://api.stripe.com';

/** The Stripe origins the handlers answer: the API, Stripe.js and the hosted redirect pages. */
const STRIPE_ORIGINS = [API_ORIGIN, 'https://js.stripe.com', 'https://hooks.stripe.com'] as const;

/** Options of {@link createStripeHandlers}: an emulator to answer from, or options to create one. */
export interface StripeHandlersOptions extends EmulatorOptions {
  /**
   * The emulator to answer from, used as it is (its `baseUrl` too: give it
   * `https://api.stripe.com` so the hosted page links it renders are intercepted). When absent,
   * one is created from the other options, with `baseUrl` defaulting to `https://api.stripe.com`.
   */
  readonly emulator?: Emulator;
}

/** What {@link createStripeHandlers} returns. */
export interface StripeHandlers {
  /** The request handlers, for `setupServer(...handlers)` or `setupWorker(...handlers)`. */
  readonly handlers: readonly HttpHandler[];
  /** The emulator behind the handlers: its `events`, `store` and `webhooks` are for assertions. */
  readonly emulator: Emulator;
  /** Closes the emulator (pending webhook deliveries, the data file). */
  readonly close: () => Promise<void>;
}

/** The same request addressed to the emulator's base URL; the body is read once, as text. */
async function rebase(request: Request, emulator: Emulator): Promise<Request> {
  const url = new URL(request.url);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return new Request(`${emulator.baseUrl()}${url.pathname}${url.search}`, {
    method: request.method,
    headers: request.headers,
    ...(hasBody ? { body: await request.text() } : {}),
  });
}

/**
 * Creates MSW handlers for `https://api.stripe.com/*`, `https://js.stripe.com/*` and
 * `https://hooks.stripe.com/*`, each forwarding the request to an emulator's `fetch`.
 *
 * @remarks Requests to other hosts are left to MSW (its `onUnhandledRequest` decides), and so are
 * the emulator's own webhook deliveries: they go out through the `fetch` it was created with.
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import Stripe from 'stripe';
 * import { createStripeHandlers } from 'setup-intent-machine/msw';
 *
 * const { handlers, emulator } = await createStripeHandlers();
 * const server = setupServer(...handlers);
 * server.listen({ onUnhandledRequest: 'error' });
 * const stripe = new Stripe('sk_test_123');
 * await stripe.setupIntents.create({ allowed_payment_method_types: ['card'] });
 * emulator.events.map((event) => event.type); // ['setup_intent.created']
 * ```
 */
export async function createStripeHandlers(options: StripeHandlersOptions = {}): Promise<StripeHandlers> {
  const { emulator: given, ...emulatorOptions } = options;
  const emulator = given ?? (await createEmulator({ ...emulatorOptions, baseUrl: emulatorOptions.baseUrl ?? API_ORIGIN }));
  const handlers = STRIPE_ORIGINS.map((origin) =>
    http.all(`${origin}/*`, async ({ request }) => emulator.fetch(await rebase(request, emulator))),
  );
  return { handlers, emulator, close: () => emulator.close() };
}
