import type { CallerAccess } from '../core/access.js';
import type { EmulatorAccount, EmulatorAccounts } from './accounts.js';
import { DEFAULT_ACCOUNT } from './accounts.js';
import { runDueSteps } from './due-steps.js';
import { checkIdempotency, settleIdempotency } from './idempotency.js';
import { loggedKeyDigest } from './logged-request.js';
import type { LoggedCompaction, LoggedDueSteps, LoggedOperation, LoggedRequest, LoggedSnapshot, LoggedWebhookDelivery } from './logged-request.js';
import { applySnapshotEntry } from './snapshot.js';
import { acknowledgeDelivery, giveUpDelivery } from './webhook-fanout.js';
import type { Router } from './router.js';

/** How a replay went. */
export interface ReplaySummary {
  /** Entries applied. */
  readonly applied: number;
  /** Entries after the snapshot the file starts with (all of them when it has none). */
  readonly sinceSnapshot: number;
  /** The last compaction the file records, if any. */
  readonly lastCompaction: Omit<LoggedCompaction, 'kind'> | null;
  /** Entries whose answer differed from the logged one (the code changed since they were written). */
  readonly diverged: readonly { readonly index: number; readonly path: string; readonly expected: number; readonly actual: number }[];
}

/** How replay treats webhook deliveries. */
export interface ReplayWebhooks {
  /**
   * Called after each entry with the account it applied to, whose new events are to be taken and
   * fanned out again (without sending) so `pending_webhooks` and the deliveries awaiting an
   * acknowledgement are what they were. Absent for logs that did not record deliveries: their
   * events count as delivered.
   */
  readonly fanOut?: (account: EmulatorAccount) => void;
}

/**
 * Rebuilds an emulator's accounts from its operation log: each request is handled again by the
 * same route, in the same account, at the same time with the same ids, so the pure core produces
 * the same objects. Entries without an account (older logs) belong to the default account.
 * Acknowledged and given-up webhook deliveries are applied to the events they name.
 */
export async function replayOperations(
  accounts: EmulatorAccounts,
  router: Router,
  useBaseUrl: (url: string | null) => void,
  entries: AsyncIterable<LoggedOperation> | Iterable<LoggedOperation>,
  webhooks: ReplayWebhooks = {},
): Promise<ReplaySummary> {
  const diverged: { index: number; path: string; expected: number; actual: number }[] = [];
  let index = 0;
  let sinceSnapshot = 0;
  let lastCompaction: Omit<LoggedCompaction, 'kind'> | null = null;
  // Applied as they are read, so a long log is never held in memory.
  for await (const entry of entries) {
    sinceSnapshot += 1;
    if (entry.kind === 'compaction') {
      sinceSnapshot -= 1;
      lastCompaction = { outcome: entry.outcome, bytes: entry.bytes };
    } else if (isSnapshot(entry)) {
      applySnapshotEntry(accounts, entry);
      if (entry.kind === 'snapshot_end') sinceSnapshot = 0;
    } else if (isWebhookDelivery(entry)) {
      const { state } = accounts.get(entry.account);
      if (entry.kind === 'webhook_acknowledged') acknowledgeDelivery(state, entry.event, entry.endpoint);
      else giveUpDelivery(state, entry.event, entry.endpoint);
    } else {
      const account = applyEntry(accounts, router, useBaseUrl, entry, index, diverged);
      webhooks.fanOut?.(account);
    }
    index += 1;
  }
  useBaseUrl(null);
  if (webhooks.fanOut === undefined) {
    for (const account of accounts.all()) {
      account.state.takeNewEvents();
    }
  }
  return { applied: index, sinceSnapshot, lastCompaction, diverged };
}

function applyEntry(
  accounts: EmulatorAccounts,
  router: Router,
  useBaseUrl: (url: string | null) => void,
  entry: LoggedRequest | LoggedDueSteps,
  index: number,
  diverged: { index: number; path: string; expected: number; actual: number }[],
): EmulatorAccount {
  const account = accounts.get(typeof entry.account === 'string' ? entry.account : DEFAULT_ACCOUNT);
  const state = account.state;
  state.time = entry.time;
  accounts.ids.restore(entry.ids);
  if (entry.kind === 'due_steps') {
    runDueSteps(state);
    return account;
  }
  useBaseUrl(entry.baseUrl);
  const match = router.match(entry.method, entry.path);
  if (match === null) {
    diverged.push({ index, path: entry.path, expected: entry.status, actual: 404 });
    return account;
  }
  const access: CallerAccess = { key: entry.key?.kind ?? 'secret', request: { id: entry.requestId, idempotency_key: entry.idempotencyKey } };
  const slot = entry.idempotencyKey === null || entry.key === null ? null : `${loggedKeyDigest(entry.key)}|${entry.idempotencyKey}`;
  if (slot !== null) {
    checkIdempotency(state, slot, { method: entry.method, path: entry.path, query: '', body: '', header: () => undefined }, entry.params, entry.requestId, entry.time);
  }
  const outcome = match.route.handle({
    account: account.id,
    state,
    params: entry.params,
    path: match.path,
    // Routes read only the kind; the account is the entry's, so the key itself is not needed.
    caller: entry.key === null ? null : { key: 'value' in entry.key ? entry.key.value : entry.key.digest, kind: entry.key.kind },
    access,
    env: account.environmentAt(entry.apiVersion ?? state.store.env.apiVersion),
    clock: account.clock,
    baseUrl: entry.baseUrl,
  });
  if (slot !== null) {
    settleIdempotency(state, slot, outcome);
  }
  if (outcome.status !== entry.status) {
    diverged.push({ index, path: entry.path, expected: entry.status, actual: outcome.status });
  }
  return account;
}

const LOGGED_KINDS = new Set<string>([
  'request',
  'due_steps',
  'webhook_acknowledged',
  'webhook_given_up',
  'snapshot_account',
  'snapshot_objects',
  'snapshot_idempotency',
  'snapshot_end',
  'compaction',
]);

/**
 * Says what keeps a stored JSON object from being a {@link LoggedOperation} (a missing or mistyped
 * field, an unknown `kind`), or returns undefined when it is one: what the data file is checked
 * with at open, so a damaged entry stops the start instead of failing somewhere inside a replay.
 */
export function loggedOperationProblem(entry: Readonly<Record<string, unknown>>): string | undefined {
  const kind = entry['kind'];
  if (typeof kind !== 'string' || !LOGGED_KINDS.has(kind)) {
    return `unknown kind ${JSON.stringify(kind) ?? 'undefined'}`;
  }
  const problems: string[] = [];
  const expect = (field: string, ok: (value: unknown) => boolean, what: string, optional = false) => {
    const value = entry[field];
    if (optional && value === undefined) return;
    if (!ok(value)) problems.push(`${field} is ${value === undefined ? 'missing' : `not ${what}`}`);
  };
  if (kind === 'compaction') {
    expect('outcome', (value) => value === 'written' || value === 'skipped', '"written" or "skipped"');
    expect('bytes', (value) => Number.isInteger(value) && (value as number) >= 0, 'a byte count');
    return problems.length === 0 ? undefined : `${kind} entry: ${problems.join(', ')}`;
  }
  if (kind === 'snapshot_end') {
    expect('ids', isIdState, 'an id generator state');
    expect('objects', Number.isInteger, 'an integer');
    return problems.length === 0 ? undefined : `${kind} entry: ${problems.join(', ')}`;
  }
  if (kind.startsWith('snapshot_')) {
    expect('account', isString, 'a string');
    if (kind === 'snapshot_account') {
      expect('time', isFiniteNumber, 'a number');
      expect('clockOffset', isFiniteNumber, 'a number');
      for (const field of ['webhookEndpoints', 'webhookSecrets', 'awaitingAcknowledgement']) expect(field, Array.isArray, 'an array');
    } else if (kind === 'snapshot_objects') {
      expect('objects', (value) => isRecord(value) && Object.values(value).every(Array.isArray), 'an object of lists');
    } else {
      expect('entries', Array.isArray, 'an array');
    }
    return problems.length === 0 ? undefined : `${kind} entry: ${problems.join(', ')}`;
  }
  if (kind === 'webhook_acknowledged' || kind === 'webhook_given_up') {
    expect('account', isString, 'a string');
    expect('event', isString, 'a string');
    expect('endpoint', isString, 'a string');
    return problems.length === 0 ? undefined : `${kind} entry: ${problems.join(', ')}`;
  }
  expect('time', isFiniteNumber, 'a number');
  expect('ids', isIdState, 'an id generator state');
  expect('account', isString, 'a string', true);
  if (kind === 'request') {
    expect('method', isString, 'a string');
    expect('path', isString, 'a string');
    expect('params', isRecord, 'an object');
    expect('key', (value) => value === null || isLoggedKey(value), 'null or a key kind with a digest or value');
    expect('requestId', isString, 'a string');
    expect('idempotencyKey', (value) => value === null || isString(value), 'null or a string');
    expect('status', (value) => Number.isInteger(value), 'an integer');
    expect('baseUrl', isString, 'a string');
    expect('apiVersion', isString, 'a string', true);
  }
  return problems.length === 0 ? undefined : `${kind} entry: ${problems.join(', ')}`;
}

function isSnapshot(entry: LoggedOperation): entry is LoggedSnapshot {
  return entry.kind.startsWith('snapshot_');
}

function isWebhookDelivery(entry: LoggedOperation): entry is LoggedWebhookDelivery {
  return entry.kind === 'webhook_acknowledged' || entry.kind === 'webhook_given_up';
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIdState(value: unknown): boolean {
  return isRecord(value) && isFiniteNumber(value['seed']) && isFiniteNumber(value['state']) && isFiniteNumber(value['sequence']);
}

function isLoggedKey(value: unknown): boolean {
  if (!isRecord(value) || !isString(value['kind'])) return false;
  return isString(value['digest']) || isString(value['value']);
}
