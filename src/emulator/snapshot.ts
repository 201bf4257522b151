import type { Commit } from '../core/commit.js';
import { EMPTY_COMMIT } from '../core/commit.js';
import type { EmulatorAccount, EmulatorAccounts } from './accounts.js';
import type { IdempotencyEntry } from './emulator-state.js';
import type { LoggedSnapshot, SnapshotObjects } from './logged-request.js';

/** The most objects one snapshot entry holds, so no line grows with the state. */
const OBJECTS_PER_ENTRY = 500;

/** Thrown while a snapshot is read when one cannot be taken now; the data file is left as it was. */
export class SnapshotDeferred extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotDeferred';
  }
}

/** A snapshot being written: its entries, and how many objects they held once read. */
export interface StateSnapshot {
  /** The entries, read lazily from the live state (read them in one synchronous pass). */
  readonly entries: Iterable<LoggedSnapshot>;
  /** The objects, events and idempotency keys the entries held; final once they are all read. */
  readonly objects: () => number;
}

/**
 * The state of every account as operation-log entries: per account its settings (time, clock,
 * webhook endpoints, deliveries awaiting acknowledgement), its objects and events in chunks, its
 * idempotency keys; then the id generator's state. Replaying them ({@link applySnapshotEntry})
 * gives back the same state, so a log of a snapshot and the entries after it replays exactly as
 * the whole log did.
 *
 * @throws {@link SnapshotDeferred} (when read) while a request with an `Idempotency-Key` is still
 * waiting for its write: its answer is not known yet, so it could not be stored.
 */
export function snapshotOf(accounts: EmulatorAccounts): StateSnapshot {
  let objects = 0;
  function* entries(): Generator<LoggedSnapshot> {
    for (const account of accounts.all()) {
      for (const entry of account.state.idempotency.values()) {
        if (entry.answer === null) throw new SnapshotDeferred('a request with an idempotency key is still being written');
      }
    }
    for (const account of accounts.all()) {
      yield settingsOf(account);
      for (const chunk of objectChunks(account)) {
        objects += chunkSize(chunk);
        yield { kind: 'snapshot_objects', account: account.id, objects: chunk };
      }
      for (const entries of chunks(account.state.idempotency.entries())) {
        objects += entries.length;
        yield { kind: 'snapshot_idempotency', account: account.id, entries };
      }
    }
    yield { kind: 'snapshot_end', ids: accounts.ids.checkpoint(), objects };
  }
  return { entries: entries(), objects: () => objects };
}

function settingsOf(account: EmulatorAccount): LoggedSnapshot {
  const { state, clock } = account;
  return {
    kind: 'snapshot_account',
    account: account.id,
    time: state.time,
    clockOffset: clock.offset(),
    webhookEndpoints: [...state.webhookEndpoints.values()],
    webhookSecrets: [...state.webhookSecrets.entries()],
    awaitingAcknowledgement: [...state.awaitingAcknowledgement.entries()].map(([event, endpoints]) => [event, [...endpoints.entries()]]),
  };
}

/** Each kind of object of an account, in the order its Map or list holds them. */
function* objectChunks(account: EmulatorAccount): Generator<SnapshotObjects> {
  const { state } = account;
  const store = state.store;
  for (const records of chunks(store.setupIntents.values())) {
    yield { setupIntents: records.map((record) => ({ record, dueAt: state.dueAt.get(record.intent.id) ?? null })) };
  }
  for (const paymentMethods of chunks(store.paymentMethods.values())) yield { paymentMethods };
  for (const customers of chunks(store.customers.values())) yield { customers };
  for (const deletedCustomers of chunks(state.deletedCustomers.keys())) yield { deletedCustomers };
  for (const spentPaymentMethods of chunks(store.spentPaymentMethods.values())) yield { spentPaymentMethods };
  for (const setupAttempts of chunks(store.setupAttempts.values())) yield { setupAttempts };
  for (const mandates of chunks(store.mandates.values())) yield { mandates };
  for (const paymentIntents of chunks(store.paymentIntents.values())) yield { paymentIntents };
  for (const charges of chunks(store.charges.values())) yield { charges };
  for (const refunds of chunks(store.refunds.values())) yield { refunds };
  for (const events of chunks(store.events.values())) yield { events };
}

function chunkSize(objects: SnapshotObjects): number {
  return Object.values(objects).reduce((sum: number, list: readonly unknown[]) => sum + list.length, 0);
}

function* chunks<T>(values: Iterable<T>): Generator<T[]> {
  let chunk: T[] = [];
  for (const value of values) {
    chunk.push(value);
    if (chunk.length === OBJECTS_PER_ENTRY) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * Applies one snapshot entry to the accounts it names. The objects go in through the account's
 * commit, which keeps every index; nothing is fanned out to webhooks (what still awaited delivery
 * comes back with the settings).
 */
export function applySnapshotEntry(accounts: EmulatorAccounts, entry: LoggedSnapshot): void {
  if (entry.kind === 'snapshot_end') {
    accounts.ids.restore(entry.ids);
    return;
  }
  const account = accounts.get(entry.account);
  const { state } = account;
  if (entry.kind === 'snapshot_account') {
    state.time = entry.time;
    account.clock.advance(entry.clockOffset - account.clock.offset());
    for (const endpoint of entry.webhookEndpoints) state.webhookEndpoints.set(endpoint.id, endpoint);
    for (const [id, secret] of entry.webhookSecrets) state.webhookSecrets.set(id, secret);
    for (const [event, endpoints] of entry.awaitingAcknowledgement) state.awaitingAcknowledgement.set(event, new Map(endpoints));
    return;
  }
  if (entry.kind === 'snapshot_idempotency') {
    for (const [slot, idempotency] of entry.entries) state.idempotency.set(slot, idempotency as IdempotencyEntry);
    return;
  }
  const { setupIntents = [], paymentIntents = [], ...rest } = entry.objects;
  const commit: Commit = {
    ...EMPTY_COMMIT,
    ...rest,
    setupIntents: setupIntents.map((change) => ({ ...change, machineEvents: [] })),
    paymentIntents: paymentIntents.map((record) => ({ record, machineEvents: [] })),
  };
  state.commit(commit);
  // Restored events were fanned out before the snapshot.
  state.takeNewEvents();
}
