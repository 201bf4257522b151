import { createHmac } from 'node:crypto';
import type { SetupIntentEnvironment } from '../core/environment.js';
import { atApiVersion } from '../core/environment.js';
import type { SecretBytes, SeededIdGenerator } from '../core/ids.js';
import { resumeSeededIdGenerator } from '../core/ids.js';
import type { EmulatorClock } from './clock.js';
import { createEmulatorClock } from './clock.js';
import type { EmulatorState, EmulatorStateOptions } from './emulator-state.js';
import { createEmulatorState } from './emulator-state.js';
import { findById } from './expand.js';

/** The account of every key that names none, and of old operation logs. */
export const DEFAULT_ACCOUNT = 'acct_default';

// The marker is Stripe's own prefix of account ids, so the account's id reads verbatim in the key.
const NAMED_ACCOUNT = /^(?:sk|rk|pk)_(?:test|live)_acct_([A-Za-z0-9]+)/;

/**
 * The account an API key belongs to: a key whose part after `sk_test_`, `rk_test_` or
 * `pk_test_` starts with `acct_<name>` belongs to account `acct_<name>` (the name runs to the
 * next `_` or the end); every other key belongs to {@link DEFAULT_ACCOUNT}.
 *
 * @example
 * ```ts
 * accountOfKey('sk_test_acct_w1_secret'); // 'acct_w1'
 * accountOfKey('pk_test_acct_w1_publishable'); // 'acct_w1'
 * accountOfKey('sk_test_e2e_secret'); // 'acct_default'
 * ```
 */
export function accountOfKey(key: string): string {
  const named = NAMED_ACCOUNT.exec(key);
  return named === null ? DEFAULT_ACCOUNT : `acct_${named[1] ?? ''}`;
}

/** The most API versions one account keeps an environment for; bounded against hostile headers. */
const MAX_CACHED_VERSIONS = 64;

/** One emulated account: its own objects, webhook endpoints, idempotency keys and clock. */
export interface EmulatorAccount {
  /** The account id (`acct_default`, `acct_w1`, ...). */
  readonly id: string;
  /** The account's state; its id generator is shared with every other account. */
  readonly state: EmulatorState;
  /** The account's clock: `advance_clock` moves it, and only it. */
  readonly clock: EmulatorClock;
  /** The core's environment of the account's store, answering at an API version (cached per version). */
  readonly environmentAt: (version: string) => SetupIntentEnvironment;
}

/** Every account of an emulator, created on first use. */
export interface EmulatorAccounts {
  /** The id generator every account draws from, so ids are unique across accounts. */
  readonly ids: SeededIdGenerator;
  /** The default account, which exists from the start. */
  readonly default: EmulatorAccount;
  /** The account with this id, created empty on first use. */
  readonly get: (id: string) => EmulatorAccount;
  /** The accounts that exist, in creation order. */
  readonly all: () => readonly EmulatorAccount[];
  /** The account holding the object with this id (a SetupIntent, Mandate, ...), if any. */
  readonly holding: (objectId: string) => EmulatorAccount | undefined;
}

/** Options of {@link createEmulatorAccounts}. */
export interface EmulatorAccountsOptions {
  /** The seed of the shared id generator. */
  readonly seed: number;
  /**
   * The key secrets (`client_secret`s, webhook signing secrets) are derived under, with
   * HMAC-SHA256; without it they derive from the seed and are predictable (old data files only).
   */
  readonly secretKey?: Uint8Array;
  /** The environment every account's store is built with. */
  readonly environment: EmulatorStateOptions['environment'];
  /** The wall clock in ms each account's clock reads. */
  readonly wallClockMs?: () => number;
  /** Told of every committed SetupIntent change, in any account. */
  readonly onApplied?: EmulatorStateOptions['onApplied'];
  /** How long each account keeps its events, in seconds of its own clock (`EmulatorStateOptions.eventRetentionSeconds`). */
  readonly eventRetentionSeconds?: number | null;
}

/** HMAC-SHA256 under `key`: the keyed source of an id generator's secrets. */
export function hmacSecretBytes(key: Uint8Array): SecretBytes {
  const copy = Buffer.from(key);
  return (message) => createHmac('sha256', copy).update(message).digest();
}

/** Creates the accounts of an emulator: the default one now, the others when first named. */
export function createEmulatorAccounts(options: EmulatorAccountsOptions): EmulatorAccounts {
  const ids = resumeSeededIdGenerator(
    { seed: options.seed, state: 0, sequence: 0 },
    true,
    options.secretKey === undefined ? {} : { secretBytes: hmacSecretBytes(options.secretKey) },
  );
  const accounts = new Map<string, EmulatorAccount>();
  const create = (id: string): EmulatorAccount => {
    const state = createEmulatorState({
      seed: options.seed,
      ids,
      environment: options.environment,
      ...(options.onApplied === undefined ? {} : { onApplied: options.onApplied }),
      ...(options.eventRetentionSeconds === undefined ? {} : { eventRetentionSeconds: options.eventRetentionSeconds }),
    });
    const environments = new Map<string, SetupIntentEnvironment>();
    const account: EmulatorAccount = {
      id,
      state,
      clock: createEmulatorClock(options.wallClockMs),
      environmentAt: (version) => {
        let env = environments.get(version);
        if (env === undefined) {
          env = atApiVersion(state.store.env, version);
          if (environments.size < MAX_CACHED_VERSIONS) environments.set(version, env);
        }
        return env;
      },
    };
    accounts.set(id, account);
    return account;
  };
  const get = (id: string): EmulatorAccount => accounts.get(id) ?? create(id);
  return {
    ids,
    default: create(DEFAULT_ACCOUNT),
    get,
    all: () => [...accounts.values()],
    holding: (objectId) => {
      for (const account of accounts.values()) {
        if (findById(account.state, objectId) !== undefined) {
          return account;
        }
      }
      return undefined;
    },
  };
}
