import type { ApiKeyKind } from '../core/access.js';
import type { SeededIdGeneratorState } from '../core/ids.js';
import type { PaymentIntentRecord } from '../core/payment-intent-record.js';
import type { SetupIntentRecord } from '../core/setup-intent-record.js';
import type { Refund } from '../types/refund.js';
import type { Charge } from '../types/charge.js';
import type { StripeEvent } from '../events/stripe-event.js';
import type { Mandate } from '../types/mandate.js';
import type { Customer, PaymentMethod } from '../types/payment-method.js';
import type { SetupAttempt } from '../types/setup-attempt.js';
import type { IdempotencyEntry, WebhookDeliveryProgress, WebhookEndpoint } from './emulator-state.js';
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

/** Objects of one account in a snapshot: a part of a commit (what one operation changes), each list in its store order. */
export interface SnapshotObjects {
  /** SetupIntent records, each with when its next Stripe-side step falls due. */
  readonly setupIntents?: readonly { readonly record: SetupIntentRecord; readonly dueAt: number | null }[];
  /** PaymentMethods. */
  readonly paymentMethods?: readonly PaymentMethod[];
  /** Customers. */
  readonly customers?: readonly Customer[];
  /** Ids of deleted Customers. */
  readonly deletedCustomers?: readonly string[];
  /** Ids of PaymentMethods that may not be used again. */
  readonly spentPaymentMethods?: readonly string[];
  /** SetupAttempts. */
  readonly setupAttempts?: readonly SetupAttempt[];
  /** Mandates. */
  readonly mandates?: readonly Mandate[];
  /** PaymentIntent records. */
  readonly paymentIntents?: readonly PaymentIntentRecord[];
  /** Charges. */
  readonly charges?: readonly Charge[];
  /** Refunds. */
  readonly refunds?: readonly Refund[];
  /** Events, oldest first. */
  readonly events?: readonly StripeEvent[];
}

/**
 * An entry of a snapshot, which a compacted data file starts with in place of the requests that
 * built the state: an account's settings, a chunk of its objects, a chunk of its idempotency
 * keys, and last the id generator's state.
 */
export type LoggedSnapshot =
  | {
      /** Discriminates the log entry. */
      readonly kind: 'snapshot_account';
      /** The account. */
      readonly account: string;
      /** The account's state time (unix seconds). */
      readonly time: number;
      /** The seconds `advance_clock` added to the account's clock. */
      readonly clockOffset: number;
      /** Webhook endpoints, in creation order. */
      readonly webhookEndpoints: readonly WebhookEndpoint[];
      /** Signing secrets by endpoint id. */
      readonly webhookSecrets: readonly (readonly [string, string])[];
      /** The endpoints each event still awaits an acknowledgement from. */
      readonly awaitingAcknowledgement: readonly (readonly [string, readonly (readonly [string, WebhookDeliveryProgress])[]])[];
    }
  | {
      /** Discriminates the log entry. */
      readonly kind: 'snapshot_objects';
      /** The account. */
      readonly account: string;
      /** The objects. */
      readonly objects: SnapshotObjects;
    }
  | {
      /** Discriminates the log entry. */
      readonly kind: 'snapshot_idempotency';
      /** The account. */
      readonly account: string;
      /** Idempotency entries by slot. */
      readonly entries: readonly (readonly [string, IdempotencyEntry])[];
    }
  | {
      /** Discriminates the log entry. */
      readonly kind: 'snapshot_end';
      /** The id generator's state when the snapshot was taken. */
      readonly ids: SeededIdGeneratorState;
      /** How many objects, events and idempotency keys the snapshot held. */
      readonly objects: number;
    };

/**
 * What an attempt to compact the data file did: `written`, the file now starts with a snapshot of
 * `bytes` bytes; `skipped`, the snapshot would have been larger than the file's `bytes`, so the
 * file was kept. The next attempt waits until the file has doubled from `bytes`.
 */
export interface LoggedCompaction {
  /** Discriminates the log entry. */
  readonly kind: 'compaction';
  /** Whether the file was rewritten. */
  readonly outcome: 'written' | 'skipped';
  /** The snapshot's size (`written`) or the file's (`skipped`), in bytes. */
  readonly bytes: number;
}

/** An entry of the operation log. */
export type LoggedOperation = LoggedRequest | LoggedDueSteps | LoggedWebhookDelivery | LoggedSnapshot | LoggedCompaction;

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
