// Events age out after 30 days of the account's emulator time, as Stripe's do.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../../src/emulator.js';
import type { Emulator } from '../../../src/emulator.js';
import type { StripeEvent } from '../../../src/events/stripe-event.js';
import { useTempDirs } from '../persistence/temp-dir.js';

const BASE = 'http://127.0.0.1:12111';
const DAY = 24 * 60 * 60;
const WALL_MS = 1_767_225_600_000;
const tempDir = useTempDirs();

async function call(emulator: Emulator, method: 'GET' | 'POST', path: string, params: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const query = method === 'GET' && Object.keys(params).length > 0 ? `?${new URLSearchParams(params).toString()}` : '';
  const response = await emulator.fetch(
    new Request(`${BASE}${path}${query}`, {
      method,
      headers: { authorization: 'Bearer sk_test_retention', 'content-type': 'application/x-www-form-urlencoded' },
      ...(method === 'POST' ? { body: new URLSearchParams(params).toString() } : {}),
    }),
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const advance = (emulator: Emulator, seconds: number): Promise<unknown> => call(emulator, 'POST', '/v1/test_helpers/advance_clock', { seconds: String(seconds) });
const listedIds = async (emulator: Emulator): Promise<string[]> =>
  ((await call(emulator, 'GET', '/v1/events', { limit: '100' })).body['data'] as StripeEvent[]).map((event) => event.id);

/** Two flows 20 days apart, then 11 more days: the first flow's events are 31 days old. */
async function ageFirstFlow(emulator: Emulator): Promise<{ old: string[]; recent: string[] }> {
  await call(emulator, 'POST', '/v1/setup_intents', { 'payment_method_types[0]': 'card' });
  const old = emulator.events.map((event) => event.id);
  await advance(emulator, 20 * DAY);
  await call(emulator, 'POST', '/v1/setup_intents', { 'payment_method_types[0]': 'card' });
  const recent = emulator.events.map((event) => event.id).filter((id) => !old.includes(id));
  await advance(emulator, 11 * DAY);
  return { old, recent };
}

describe('event retention', () => {
  it('drops events older than 30 days of emulator time from the list and the index, and answers 404 for them', async () => {
    const emulator = await createEmulator({ seed: 5, wallClockMs: () => WALL_MS, log: () => undefined });
    try {
      const { old, recent } = await ageFirstFlow(emulator);
      expect(old.length).toBeGreaterThan(0);
      expect(await listedIds(emulator)).toEqual([...recent].reverse());
      for (const id of old) {
        expect(emulator.state.eventsById.has(id)).toBe(false);
        const missing = await call(emulator, 'GET', `/v1/events/${id}`);
        expect(missing.status).toBe(404);
        expect(missing.body['error']).toMatchObject({ type: 'invalid_request_error', code: 'resource_missing', param: 'id' });
      }
      for (const id of recent) {
        expect((await call(emulator, 'GET', `/v1/events/${id}`)).status).toBe(200);
      }
    } finally {
      await emulator.close();
    }
  });

  it('keeps an event that is exactly 30 days old, and drops it a second later', async () => {
    const emulator = await createEmulator({ seed: 5, wallClockMs: () => WALL_MS, log: () => undefined });
    try {
      await call(emulator, 'POST', '/v1/setup_intents', { 'payment_method_types[0]': 'card' });
      const count = emulator.events.length;
      await advance(emulator, 30 * DAY);
      expect(await listedIds(emulator)).toHaveLength(count);
      await advance(emulator, 1);
      expect(await listedIds(emulator)).toEqual([]);
    } finally {
      await emulator.close();
    }
  });

  it('still fans out new events after old ones were dropped', async () => {
    const emulator = await createEmulator({ seed: 5, wallClockMs: () => WALL_MS, log: () => undefined });
    const heard: string[] = [];
    const stop = emulator.subscribe((events) => heard.push(...events.map((event) => event.id)));
    try {
      await ageFirstFlow(emulator);
      heard.length = 0;
      await call(emulator, 'POST', '/v1/setup_intents', { 'payment_method_types[0]': 'card' });
      const latest = emulator.events[emulator.events.length - 1];
      expect(heard).toEqual([latest?.id]);
    } finally {
      stop();
      await emulator.close();
    }
  });

  it('keeps every event with eventRetentionSeconds: null, and honours a shorter retention', async () => {
    const keepAll = await createEmulator({ seed: 5, wallClockMs: () => WALL_MS, eventRetentionSeconds: null, log: () => undefined });
    const short = await createEmulator({ seed: 5, wallClockMs: () => WALL_MS, eventRetentionSeconds: DAY, log: () => undefined });
    try {
      const kept = await ageFirstFlow(keepAll);
      expect(await listedIds(keepAll)).toEqual([...kept.old, ...kept.recent].reverse());
      await ageFirstFlow(short);
      expect(await listedIds(short)).toEqual([]);
    } finally {
      await keepAll.close();
      await short.close();
    }
  });

  it('refuses a negative retention', async () => {
    await expect(createEmulator({ eventRetentionSeconds: -1, log: () => undefined })).rejects.toThrow(RangeError);
  });

  it('reproduces the same events when the data file is replayed', async () => {
    const dataFile = join(await tempDir(), 'data.jsonl');
    const first = await createEmulator({ seed: 5, dataFile, wallClockMs: () => WALL_MS, log: () => undefined });
    let before: string[];
    let old: string[];
    try {
      ({ old } = await ageFirstFlow(first));
      before = await listedIds(first);
    } finally {
      await first.close();
    }
    const second = await createEmulator({ dataFile, wallClockMs: () => WALL_MS, log: () => undefined });
    try {
      expect(second.replay?.diverged).toEqual([]);
      expect(await listedIds(second)).toEqual(before);
      expect((await call(second, 'GET', `/v1/events/${old[0] ?? ''}`)).status).toBe(404);
    } finally {
      await second.close();
    }
  });
});
