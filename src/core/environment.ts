import type { TestPaymentMethodCatalogue } from '../catalogue/catalogue.js';
import { DEFAULT_CATALOGUE } from '../catalogue/catalogue.js';
import type { Customer, PaymentMethod } from '../types/payment-method.js';
import type { BehaviorOptions } from './behavior.js';
import { DEFAULT_BEHAVIOR } from './behavior.js';
import type { IdGenerator } from './ids.js';
import { createSeededIdGenerator } from './ids.js';
import { API_VERSION } from '../events/stripe-event.js';
import type { ApiVersion, ApiVersionBehavior } from './api-versions.js';
import { apiVersionBehavior } from './api-versions.js';

/** Builds the URLs of pages a customer visits (3D Secure, microdeposit verification). */
export interface HostedPageUrls {
  /** The page where the customer authenticates a setup. */
  readonly authentication: (setupIntentId: string, attemptId: string) => string;
  /** The page where the customer enters microdeposit values. */
  readonly microdepositVerification: (setupIntentId: string, attemptId: string) => string;
  /** The page showing a mandate's terms. */
  readonly mandate: (mandateId: string) => string;
}

/**
 * Everything the pure operations need from the outside world: time, fresh ids, the objects they
 * refer to, the test payment method catalogue, and the behaviour switches. The operations never
 * read a clock, randomness or I/O themselves, so the same environment replays the same run.
 */
export interface SetupIntentEnvironment {
  /** The current time, in unix seconds. */
  readonly now: () => number;
  /** Fresh identifiers and secrets. */
  readonly ids: IdGenerator;
  /** Looks up a stored PaymentMethod. */
  readonly findPaymentMethod: (id: string) => PaymentMethod | undefined;
  /** Looks up a stored Customer. */
  readonly findCustomer: (id: string) => Customer | undefined;
  /** Whether a stored PaymentMethod may not be used again (a commit's `spentPaymentMethods`). */
  readonly isPaymentMethodSpent: (id: string) => boolean;
  /**
   * How a stored PaymentMethod was set up for later payments, by a succeeded SetupIntent (its
   * `usage`) or a succeeded PaymentIntent (its `setup_future_usage`); `off_session` when both
   * happened, `undefined` when never.
   */
  readonly setupUsageOf: (paymentMethodId: string) => 'off_session' | 'on_session' | undefined;
  /** The test payment methods and what they do. */
  readonly catalogue: TestPaymentMethodCatalogue;
  /** The switches for unconfirmed behaviours. */
  readonly behavior: BehaviorOptions;
  /** The URLs of the hosted pages next actions point to. */
  readonly urls: HostedPageUrls;
  /** `false` for test mode. */
  readonly livemode: boolean;
  /** The account's API version: events are rendered with it, and requests that name none are answered with it. */
  readonly apiVersion: string;
  /** The API version the current request is answered with, and what that version decides. */
  readonly requestVersion: ApiVersionBehavior;
}

/** Options of {@link createEnvironment}; every field has a deterministic default. */
export interface EnvironmentOptions {
  /** The clock; defaults to a fixed time (2026-01-01T00:00:00Z). */
  readonly now?: () => number;
  /** The id generator; defaults to `createSeededIdGenerator(seed)`. */
  readonly ids?: IdGenerator;
  /** The seed of the default id generator. */
  readonly seed?: number;
  /**
   * The keyed source of the default id generator's secrets (`client_secret`s, mandate
   * references), for example HMAC-SHA256 under a key from a CSPRNG. Without it secrets derive
   * from `seed`: deterministic and predictable by anyone who knows the seed, so not secret.
   */
  readonly secretBytes?: (message: Uint8Array) => Uint8Array;
  /** Looks up PaymentMethods; defaults to finding none. */
  readonly findPaymentMethod?: (id: string) => PaymentMethod | undefined;
  /** Looks up Customers; defaults to finding none. */
  readonly findCustomer?: (id: string) => Customer | undefined;
  /** Tells spent PaymentMethods; defaults to none being spent. */
  readonly isPaymentMethodSpent?: (id: string) => boolean;
  /** Tells how PaymentMethods were set up for later payments; defaults to never. */
  readonly setupUsageOf?: (paymentMethodId: string) => 'off_session' | 'on_session' | undefined;
  /** The catalogue; defaults to Stripe's documented test payment methods. */
  readonly catalogue?: TestPaymentMethodCatalogue;
  /** Behaviour switches to change from their defaults. */
  readonly behavior?: Partial<BehaviorOptions>;
  /** The base URL of hosted pages; defaults to `http://127.0.0.1:12111`. */
  readonly hostedPagesBaseUrl?: string;
  /** The hosted page URLs, when built otherwise than from `hostedPagesBaseUrl` (an emulator that learns its port late). */
  readonly urls?: HostedPageUrls;
  /** The account's API version (of emitted events, and of requests that name none); defaults to `2026-07-29.dahlia`. */
  readonly apiVersion?: string;
  /** The API version operations answer as; defaults to `apiVersion`. */
  readonly requestApiVersion?: string;
}

/** 2026-01-01T00:00:00Z, the default fixed time. */
export const DEFAULT_EPOCH = 1_767_225_600;

/**
 * Creates an environment for the pure operations, deterministic unless told otherwise.
 *
 * @example
 * ```ts
 * let now = DEFAULT_EPOCH;
 * const env = createEnvironment({ now: () => now, seed: 42 });
 * ```
 */
export function createEnvironment(options: EnvironmentOptions = {}): SetupIntentEnvironment {
  const base = options.hostedPagesBaseUrl ?? 'http://127.0.0.1:12111';
  return {
    now: options.now ?? (() => DEFAULT_EPOCH),
    ids:
      options.ids ??
      createSeededIdGenerator(options.seed ?? 1, options.secretBytes === undefined ? {} : { secretBytes: options.secretBytes }),
    findPaymentMethod: options.findPaymentMethod ?? (() => undefined),
    findCustomer: options.findCustomer ?? (() => undefined),
    isPaymentMethodSpent: options.isPaymentMethodSpent ?? (() => false),
    setupUsageOf: options.setupUsageOf ?? (() => undefined),
    catalogue: options.catalogue ?? DEFAULT_CATALOGUE,
    behavior: { ...DEFAULT_BEHAVIOR, ...options.behavior },
    urls: options.urls ?? {
      authentication: (intent, attempt) => `${base}/hosted/authenticate/${intent}?attempt=${attempt}`,
      microdepositVerification: (intent, attempt) => `${base}/hosted/microdeposits/${intent}?attempt=${attempt}`,
      mandate: (mandate) => `${base}/hosted/mandates/${mandate}`,
    },
    livemode: false,
    apiVersion: options.apiVersion ?? API_VERSION,
    requestVersion: apiVersionBehavior(options.requestApiVersion ?? options.apiVersion ?? API_VERSION),
  };
}

/** The environment for one request answered at `version` (a `Stripe-Version` header), everything else shared. */
export function atApiVersion(env: SetupIntentEnvironment, version: ApiVersion): SetupIntentEnvironment {
  return version === env.requestVersion.version ? env : { ...env, requestVersion: apiVersionBehavior(version) };
}
