// Starts the reference emulator on an ephemeral loopback port and hands out official SDK clients
// pointed at it, plus a raw `fetch` for what the SDK cannot express (no key, Basic auth, headers).
import Stripe from 'stripe';
import { createEmulator, listen } from '../../../src/emulator.js';
import type { Emulator, EmulatorOptions, RunningEmulator } from '../../../src/emulator.js';
import { DAHLIA_API_VERSION } from '../../support/sdk-version.js';

/** The secret key the e2e clients use unless told otherwise. */
const SECRET_KEY = 'sk_test_e2e_secret';
/** A publishable key of the same (default) emulated account. */
export const PUBLISHABLE_KEY = 'pk_test_e2e_publishable';

/** A raw HTTP answer: status, headers and the parsed JSON body (or `null` when empty). */
export interface RawAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

/** Options of {@link StartedEmulator.raw}. */
export interface RawRequestOptions {
  /** The `Authorization` header as sent; `null` sends none. Defaults to `Bearer <SECRET_KEY>`. */
  readonly authorization?: string | null;
  /** A form body (POST) or query (GET), already flat: `{ 'expand[0]': 'customer' }`. */
  readonly form?: Readonly<Record<string, string>>;
  /** Extra request headers. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A running emulator with its server, SDK clients and a raw HTTP helper. */
export interface StartedEmulator {
  readonly emulator: Emulator;
  readonly server: RunningEmulator;
  /**
   * An official SDK client on the emulator; one per key and API version, cached. The version
   * defaults to dahlia (see `DAHLIA_API_VERSION`); `null` keeps the SDK's own pin.
   */
  readonly stripe: (key?: string, apiVersion?: string | null) => Stripe;
  /** Sends one request with `fetch`, bypassing the SDK. */
  readonly raw: (method: string, path: string, options?: RawRequestOptions) => Promise<RawAnswer>;
  /** Messages the emulator logged (unexpected errors land here). */
  readonly logs: readonly string[];
  /** Closes the server and the emulator. */
  readonly close: () => Promise<void>;
}

/** Starts an emulator (`seed` 1 unless given) and serves it on 127.0.0.1, port 0. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<StartedEmulator> {
  const logs: string[] = [];
  const emulator = await createEmulator({ seed: 1, log: (message) => logs.push(message), ...options });
  const server = await listen(emulator, { port: 0 });
  const clients = new Map<string, Stripe>();
  const stripe = (key: string = SECRET_KEY, apiVersion: string | null = DAHLIA_API_VERSION): Stripe => {
    const slot = `${key}|${apiVersion ?? 'sdk'}`;
    let client = clients.get(slot);
    if (client === undefined) {
      const pinned = apiVersion === null ? {} : { apiVersion: apiVersion as Stripe.LatestApiVersion };
      client = new Stripe(key, { host: '127.0.0.1', port: server.port, protocol: 'http', maxNetworkRetries: 0, ...pinned });
      clients.set(slot, client);
    }
    return client;
  };
  const raw = async (method: string, path: string, request: RawRequestOptions = {}): Promise<RawAnswer> => {
    const authorization = request.authorization === undefined ? `Bearer ${SECRET_KEY}` : request.authorization;
    const form = request.form === undefined ? '' : new URLSearchParams(request.form as Record<string, string>).toString();
    const upper = method.toUpperCase();
    const url = upper === 'GET' && form !== '' ? `${server.url}${path}?${form}` : `${server.url}${path}`;
    const headers: Record<string, string> = { ...request.headers };
    if (authorization !== null) {
      headers['authorization'] = authorization;
    }
    const hasBody = upper !== 'GET' && upper !== 'HEAD' && upper !== 'OPTIONS';
    if (hasBody) {
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    }
    const response = await fetch(url, { method: upper, headers, ...(hasBody ? { body: form } : {}) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text === '' ? null : JSON.parse(text) };
  };
  return { emulator, server, stripe, raw, logs, close: () => server.close() };
}

/** Awaits a call that must fail with a Stripe error and returns the error. */
export async function stripeError(call: Promise<unknown>): Promise<InstanceType<typeof Stripe.errors.StripeError>> {
  let result: unknown;
  try {
    result = await call;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) {
      return error;
    }
    throw error;
  }
  throw new Error(`expected a Stripe error, got a success: ${JSON.stringify(result)}`);
}

/** The `{ error }` body of an SDK error, without the fields the SDK adds (headers, status, request id). */
export function errorBody(error: InstanceType<typeof Stripe.errors.StripeError>): { readonly error: Record<string, unknown> } {
  const { headers: _headers, statusCode: _statusCode, requestId: _requestId, ...rest } = error.raw as Record<string, unknown>;
  return { error: rest };
}

/** A JSON copy of an SDK result, without the non-enumerable `lastResponse`. */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * `payment_method_types` for a SetupIntent create call, to spread into its parameters. The
 * clients' API version (2026-07-29.dahlia) takes it; the SDK's types follow 2026-10-28.endive,
 * where `allowed_payment_method_types` replaced it, hence the loose type.
 */
export function paymentMethodTypes(...types: string[]): Record<string, unknown> {
  return { payment_method_types: types };
}

/**
 * `enabled_events` for a webhook endpoint. The emulator also takes `<prefix>.*` wildcards, which
 * the SDK's literal union does not list.
 */
export function enabledEvents(...types: string[]): Stripe.WebhookEndpointCreateParams.EnabledEvent[] {
  return types as unknown as Stripe.WebhookEndpointCreateParams.EnabledEvent[];
}
