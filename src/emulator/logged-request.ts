import type { ApiKeyKind } from '../core/access.js';
import type { SeededIdGeneratorState } from '../core/ids.js';
import { apiKeyDigest } from './idempotency.js';

/**
 * The API key of a logged request. The dispatcher hands over the key itself; the log stores only
 * its kind and a one-way digest (the account is the entry's `account`). Logs written before that
 * hold `value`, and still replay.
 */
export type LoggedKey =
  | {
      /** The key itself, as the dispatcher saw it (never written by this version). */
      readonly value: string;
      /** Secret, restricted or publishable. */
      readonly kind: ApiKeyKind;
    }
  | {
      /** A SHA-256 digest of the key: it tells keys apart for idempotency, and cannot give the key back. */
      readonly digest: string;
      /** Secret, restricted or publishable. */
      readonly kind: ApiKeyKind;
    };

/**
 * One entry of the emulator's operation log: a request that changed the state, with everything
 * needed to apply it again exactly (its time, the id generator's state, its parsed parameters).
 */
export interface LoggedRequest {
  /** Discriminates the log entry. */
  readonly kind: 'request';
  /** The emulator time the request was handled at. */
  readonly time: number;
  /** The id generator's state before the request. */
  readonly ids: SeededIdGeneratorState;
  /** The HTTP method. */
  readonly method: string;
  /** The request path, without the query string. */
  readonly path: string;
  /** The parsed parameters (form body or query). */
  readonly params: Record<string, unknown>;
  /** The API key (absent for hosted pages). */
  readonly key: LoggedKey | null;
  /** The `req_…` id the request was answered with. */
  readonly requestId: string;
  /** The `Idempotency-Key` header, if any. */
  readonly idempotencyKey: string | null;
  /** The HTTP status answered, checked again on replay. */
  readonly status: number;
  /** The base URL hosted page links were built with (a restart may listen elsewhere). */
  readonly baseUrl: string;
  /** The API version the request was answered with; absent in older logs (then the account's version at replay). */
  readonly apiVersion?: string;
  /** The account the request was applied to; absent in older logs (then the default account). */
  readonly account?: string;
}

/** Stripe-side steps that fell due before a request (timeouts, settlements). */
export interface LoggedDueSteps {
  /** Discriminates the log entry. */
  readonly kind: 'due_steps';
  /** The emulator time the steps were run at. */
  readonly time: number;
  /** The id generator's state before the steps. */
  readonly ids: SeededIdGeneratorState;
  /** The account whose steps fell due; absent in older logs (then the default account). */
  readonly account?: string;
}

/**
 * What became of delivering an event to one webhook endpoint: the endpoint acknowledged it
 * (`webhook_acknowledged`) or every retry failed (`webhook_given_up`). Replay rebuilds from these
 * which deliveries a restart resumes and what `pending_webhooks` says.
 */
export interface LoggedWebhookDelivery {
  /** Discriminates the log entry. */
  readonly kind: 'webhook_acknowledged' | 'webhook_given_up';
  /** The account holding the event. */
  readonly account: string;
  /** The event's id (`evt_…`). */
  readonly event: string;
  /** The endpoint's id (`we_…`, or `we_static_N` for `serve --webhook-url`). */
  readonly endpoint: string;
}

/** An entry of the operation log. */
export type LoggedOperation = LoggedRequest | LoggedDueSteps | LoggedWebhookDelivery;

/** The form of an entry that is written to the data file: its API key replaced by the key's digest. */
export function storedOperation(entry: LoggedOperation): LoggedOperation {
  if (entry.kind !== 'request' || entry.key === null || !('value' in entry.key)) {
    return entry;
  }
  return { ...entry, key: { digest: apiKeyDigest(entry.key.value), kind: entry.key.kind } };
}

/** What identifies the key of a logged request for idempotency: its digest, the same for old and new entries. */
export function loggedKeyDigest(key: LoggedKey): string {
  return 'digest' in key ? key.digest : apiKeyDigest(key.value);
}
