// Compaction: the data file is rewritten as a snapshot of the state plus the entries after it, and
// replays exactly as the whole log did: the same objects, events, endpoints, idempotency keys,
// clocks and id sequence, so what follows a restart answers byte for byte the same.
import { appendFile, copyFile, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../../src/emulator.js';
import type { Emulator, EmulatorOptions } from '../../../src/emulator.js';
import { useTempDirs } from './temp-dir.js';

const WALL_MS = 1_767_225_600_000;
const KEY = 'sk_test_compaction';
const OTHER_ACCOUNT_KEY = 'sk_test_acct_other_compaction';
const MANDATE = {
  'mandate_data[customer_acceptance][type]': 'online',
  'mandate_data[customer_acceptance][online][ip_address]': '127.0.0.1',
  'mandate_data[customer_acceptance][online][user_agent]': 'compaction-test',
};

function open(dataFile: string, extra: Partial<EmulatorOptions> = {}): Promise<Emulator> {
  return createEmulator({ dataFile, seed: 42, wallClockMs: () => WALL_MS, log: () => undefined, ...extra });
}

interface Reply {
  readonly status: number;
  readonly body: string;
}

async function call(emulator: Emulator, method: string, path: string, params: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<Reply> {
  const form = new URLSearchParams(params).toString();
  const url = `http://127.0.0.1:12111${path}${method === 'GET' && form !== '' ? `?${form}` : ''}`;
  const response = await emulator.fetch(
    new Request(url, {
      method,
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      ...(method === 'GET' ? {} : { body: form }),
    }),
  );
  return { status: response.status, body: await response.text() };
}

async function id(reply: Promise<Reply>): Promise<string> {
  const { status, body } = await reply;
  expect(status, body).toBeLessThan(500);
  return (JSON.parse(body) as { id: string }).id;
}

/** A bit of everything the state holds: cards, an off-session payment, 3D Secure, a decline, SEPA, ACH microdeposits, deletions, endpoints, idempotency, clock moves, a second account. */
async function workload(emulator: Emulator, round: number): Promise<void> {
  const customer = await id(call(emulator, 'POST', '/v1/customers', { email: `c${round}@example.com`, 'metadata[round]': String(round) }));
  const saved = await call(emulator, 'POST', '/v1/setup_intents', { customer, confirm: 'true', payment_method: 'pm_card_visa', 'payment_method_types[0]': 'card' }, { 'idempotency-key': `visa-${round}` });
  // The payment the saved card is for, off-session.
  const paymentMethod = (JSON.parse(saved.body) as { payment_method: string }).payment_method;
  await call(emulator, 'POST', '/v1/payment_intents', { amount: '2000', currency: 'usd', customer, payment_method: paymentMethod, off_session: 'true', confirm: 'true' });
  const threeDS = await id(call(emulator, 'POST', '/v1/setup_intents', { 'payment_method_types[0]': 'card' }));
  await call(emulator, 'POST', `/v1/setup_intents/${threeDS}/confirm`, { payment_method: 'pm_card_authenticationRequiredOnSetup', return_url: 'https://example.com/back' });
  const declined = await id(call(emulator, 'POST', '/v1/setup_intents', { 'payment_method_types[0]': 'card' }));
  await call(emulator, 'POST', `/v1/setup_intents/${declined}/confirm`, { payment_method: 'pm_card_chargeDeclined' });
  await call(emulator, 'POST', '/v1/setup_intents', {
    'payment_method_types[0]': 'sepa_debit',
    customer,
    confirm: 'true',
    'payment_method_data[type]': 'sepa_debit',
    'payment_method_data[sepa_debit][iban]': 'DE89370400440532013000',
    'payment_method_data[billing_details][name]': 'Jenny Rosen',
    'payment_method_data[billing_details][email]': 'jenny@example.com',
    ...MANDATE,
  });
  await call(emulator, 'POST', '/v1/setup_intents', {
    'payment_method_types[0]': 'us_bank_account',
    confirm: 'true',
    'payment_method_data[type]': 'us_bank_account',
    'payment_method_data[us_bank_account][account_number]': '000123456789',
    'payment_method_data[us_bank_account][routing_number]': '110000000',
    'payment_method_data[us_bank_account][account_holder_type]': 'individual',
    'payment_method_data[billing_details][name]': 'Jenny Rosen',
    ...MANDATE,
  });
  const canceled = await id(call(emulator, 'POST', '/v1/setup_intents', { 'payment_method_types[0]': 'card', 'metadata[keep]': 'no' }));
  await call(emulator, 'POST', `/v1/setup_intents/${canceled}`, { 'metadata[keep]': '' });
  await call(emulator, 'POST', `/v1/setup_intents/${canceled}/cancel`, { cancellation_reason: 'abandoned' });
  const doomed = await id(call(emulator, 'POST', '/v1/customers', { name: 'Doomed' }));
  await call(emulator, 'DELETE', `/v1/customers/${doomed}`);
  const endpoint = await id(call(emulator, 'POST', '/v1/webhook_endpoints', { url: `http://127.0.0.1:9/hook${round}`, 'enabled_events[0]': 'setup_intent.succeeded' }));
  if (round % 2 === 1) await call(emulator, 'POST', `/v1/webhook_endpoints/${endpoint}`, { disabled: 'true' });
  await call(emulator, 'POST', '/v1/test_helpers/advance_clock', { seconds: '3600' });
  await call(emulator, 'POST', '/v1/customers', { email: `other${round}@example.com` }, { authorization: `Bearer ${OTHER_ACCOUNT_KEY}` });
}

/** Everything an emulator holds, over all accounts, as JSON (each store field found generically). */
function dump(emulator: Emulator): string {
  const plain = (value: unknown): unknown =>
    value instanceof Map ? [...value.entries()].map(([key, inner]) => [key, plain(inner)]) : value instanceof Set ? [...value] : value;
  return JSON.stringify(
    emulator.accounts().map((accountId) => {
      const { state, clock } = emulator.account(accountId);
      const store = Object.fromEntries(Object.entries(state.store).filter(([, value]) => typeof value !== 'function' && !(typeof value === 'object' && value !== null && 'apiVersion' in value)).map(([key, value]) => [key, plain(value)]));
      return {
        accountId,
        store,
        time: state.time,
        offset: clock.offset(),
        webhookEndpoints: plain(state.webhookEndpoints),
        webhookSecrets: plain(state.webhookSecrets),
        eventsById: plain(state.eventsById),
        deletedCustomers: plain(state.deletedCustomers),
        dueAt: plain(state.dueAt),
        earliestDue: state.earliestDue(),
        idempotency: plain(state.idempotency),
        awaitingAcknowledgement: plain(state.awaitingAcknowledgement),
      };
    }),
  );
}

/** What a few more requests answer: their ids and bodies show the id sequence and every list. */
async function followUps(emulator: Emulator): Promise<string[]> {
  return [
    (await call(emulator, 'POST', '/v1/setup_intents', { confirm: 'true', payment_method: 'pm_card_visa', 'payment_method_types[0]': 'card' })).body,
    (await call(emulator, 'POST', '/v1/setup_intents', { confirm: 'true', payment_method: 'pm_card_visa', 'payment_method_types[0]': 'card' }, { 'idempotency-key': 'visa-1' })).body,
    (await call(emulator, 'GET', '/v1/setup_intents', { limit: '100' })).body,
    (await call(emulator, 'GET', '/v1/events', { limit: '100' })).body,
    (await call(emulator, 'GET', '/v1/customers', { limit: '100' })).body,
    (await call(emulator, 'GET', '/v1/webhook_endpoints')).body,
  ];
}

describe('compacting the data file', () => {
  const tempDir = useTempDirs();

  it('replays a snapshot plus its tail exactly as the whole log', async () => {
    const dir = await tempDir();
    const whole = join(dir, 'whole.jsonl');
    const compacted = join(dir, 'compacted.jsonl');
    const first = await open(whole, { compactAfterEntries: null });
    for (let round = 0; round < 3; round++) await workload(first, round);
    await first.close();
    const linesBefore = (await readFile(whole, 'utf8')).split('\n').length - 1;
    // The same file twice (the same header, so the same secret key): one is compacted.
    await copyFile(whole, compacted);
    const compacting = await open(compacted, { compactAfterEntries: null });
    expect(await compacting.compact()).toBe(true);
    await compacting.close();
    // A tail after the snapshot: the very entries the whole log gets next.
    const resumed = await open(whole, { compactAfterEntries: null });
    await workload(resumed, 3);
    await resumed.close();
    const tail = (await readFile(whole, 'utf8')).split('\n').slice(linesBefore).join('\n');
    await appendFile(compacted, tail);
    const kinds = (await readFile(compacted, 'utf8'))
      .split('\n')
      .filter((line) => line !== '')
      .slice(1)
      .map((line) => (JSON.parse(line) as { kind: string }).kind);
    expect(kinds.slice(0, kinds.indexOf('snapshot_end') + 1).every((kind) => kind.startsWith('snapshot_'))).toBe(true);
    expect(kinds.slice(kinds.indexOf('snapshot_end') + 1).every((kind) => !kind.startsWith('snapshot_'))).toBe(true);

    const fromWhole = await open(whole, { compactAfterEntries: null });
    const fromSnapshot = await open(compacted, { compactAfterEntries: null });
    try {
      expect(fromWhole.replay?.diverged).toEqual([]);
      expect(fromSnapshot.replay?.diverged).toEqual([]);
      expect(fromSnapshot.replay?.lastCompaction?.outcome).toBe('written');
      expect(dump(fromSnapshot)).toBe(dump(fromWhole));
      // Request ids are random (as on Stripe), so the live follow-ups' events differ only in them.
      const withoutRequestIds = (text: string) => text.replace(/req_[A-Za-z0-9]+/g, 'req_');
      expect((await followUps(fromSnapshot)).map(withoutRequestIds)).toEqual((await followUps(fromWhole)).map(withoutRequestIds));
      expect(withoutRequestIds(dump(fromSnapshot))).toBe(withoutRequestIds(dump(fromWhole)));
    } finally {
      await fromWhole.close();
      await fromSnapshot.close();
    }
  });

  it('compacts by itself while serving once enough entries follow and the snapshot is the smaller, and at start', async () => {
    const dir = await tempDir();
    const file = join(dir, 'data.jsonl');
    const emulator = await open(file, { compactAfterEntries: 20 });
    // As a test suite that resets between files does: the log keeps every round, the state only the
    // last. A round's objects and events outweigh its requests several times, so it takes a few
    // doublings of the file before a snapshot is the smaller.
    for (let round = 0; round < 24; round++) {
      await workload(emulator, round);
      expect((await call(emulator, 'POST', '/v1/test_helpers/reset')).status).toBe(200);
    }
    await workload(emulator, 24);
    const live = dump(emulator);
    await emulator.close();
    const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '');
    expect(lines.some((line) => line.includes('"kind":"snapshot_end"'))).toBe(true);
    expect(lines.some((line) => line.includes('"outcome":"written"'))).toBe(true);
    expect(await readdir(dir)).toEqual(['data.jsonl']);

    const restarted = await open(file, { compactAfterEntries: 20 });
    try {
      expect(dump(restarted)).toBe(live);
      expect(restarted.replay?.sinceSnapshot).toBeLessThan(lines.length);
    } finally {
      await restarted.close();
    }

    // Started without compaction, a long tail is compacted on the next start.
    const other = join(dir, 'other.jsonl');
    const uncompacted = await open(other, { compactAfterEntries: null });
    for (let round = 0; round < 12; round++) {
      await workload(uncompacted, round);
      await call(uncompacted, 'POST', '/v1/test_helpers/reset');
    }
    await workload(uncompacted, 12);
    const state = dump(uncompacted);
    await uncompacted.close();
    const before = await readFile(other, 'utf8');
    expect(before).not.toContain('snapshot_end');
    const compactedAtStart = await open(other, { compactAfterEntries: 5 });
    expect(dump(compactedAtStart)).toBe(state);
    await compactedAtStart.close();
    const after = await readFile(other, 'utf8');
    expect(after).toContain('snapshot_end');
    expect(after.length).toBeLessThan(before.length);
  });

  it('keeps the log when a snapshot would be larger, and tries again only once the file has doubled', async () => {
    const dir = await tempDir();
    const file = join(dir, 'data.jsonl');
    const emulator = await open(file, { compactAfterEntries: 20 });
    // Only creations, all events within 30 days: the objects and events outweigh the requests.
    for (let round = 0; round < 6; round++) await workload(emulator, round);
    await emulator.close();
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('snapshot_end');
    const skips = text
      .split('\n')
      .filter((line) => line.includes('"kind":"compaction"'))
      .map((line) => JSON.parse(line) as { outcome: string; bytes: number });
    expect(skips.length).toBeGreaterThanOrEqual(1);
    expect(skips.every((skip) => skip.outcome === 'skipped')).toBe(true);
    skips.slice(1).forEach((skip, index) => expect(skip.bytes).toBeGreaterThanOrEqual(2 * (skips[index]?.bytes ?? 0)));

    // A restart remembers the last skip rather than trying again at once.
    const restarted = await open(file, { compactAfterEntries: 20 });
    expect(restarted.replay?.lastCompaction).toEqual({ outcome: 'skipped', bytes: skips.at(-1)?.bytes });
    await restarted.close();
    expect((await readFile(file, 'utf8')).split('"kind":"compaction"').length - 1).toBe(skips.length);
  });

  it('ignores what a rewrite cut short by a crash left beside the file', async () => {
    const dir = await tempDir();
    const file = join(dir, 'data.jsonl');
    const emulator = await open(file, { compactAfterEntries: null });
    await workload(emulator, 0);
    const live = dump(emulator);
    await emulator.close();
    await writeFile(`${file}.compacting`, '{"format":"setup-intent-machine/operation-log","version":2}\n{"kind":"snapshot_acc');
    const restarted = await open(file, { compactAfterEntries: null });
    try {
      expect(dump(restarted)).toBe(live);
      expect(await readdir(dir)).toEqual(['data.jsonl', 'data.jsonl.lock']);
    } finally {
      await restarted.close();
    }
  });

  it('defers while a request with an idempotency key is still being written, changing nothing', async () => {
    const dir = await tempDir();
    const file = join(dir, 'data.jsonl');
    const emulator = await open(file, { compactAfterEntries: null });
    await workload(emulator, 0);
    const before = await readFile(file, 'utf8');
    // What the dispatcher holds from a keyed request's start until its entry is on disk.
    emulator.state.idempotency.set(`${KEY}|late`, { fingerprint: 'POST /v1/customers', answer: null, requestId: 'req_late', createdAt: 0 });
    expect(await emulator.compact()).toBe(false);
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual(['data.jsonl', 'data.jsonl.lock']);
    emulator.state.idempotency.delete(`${KEY}|late`);
    expect(await emulator.compact()).toBe(true);
    await emulator.close();
  });
});
