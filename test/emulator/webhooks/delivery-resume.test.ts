// Which deliveries a restart resumes, in process: not the ones that gave up (they stay pending, as
// on Stripe), not endpoints deleted since, and none from a data file written before deliveries were
// recorded (its events count as delivered).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../../src/emulator.js';
import type { Emulator, EmulatorOptions } from '../../../src/emulator.js';
import { useTempDirs } from '../persistence/temp-dir.js';

const secret = 'whsec_0123456789abcdefghijABCDEFGHIJ';
const WALL_MS = 1_767_225_600_000;

/** Answers every webhook with `status`, counting the calls, without any network. */
function stubFetch(status: number): { fetch: typeof fetch; calls: () => number } {
  let calls = 0;
  return {
    fetch: (async () => {
      calls += 1;
      return new Response('', { status });
    }) as typeof fetch,
    calls: () => calls,
  };
}

async function start(dataFile: string, status: number, extra: Partial<EmulatorOptions> = {}): Promise<{ emulator: Emulator; calls: () => number }> {
  const stub = stubFetch(status);
  const emulator = await createEmulator({
    dataFile,
    wallClockMs: () => WALL_MS,
    webhooks: [{ url: 'http://127.0.0.1:9/hook', secret, enabledEvents: ['setup_intent.created'] }],
    webhookDelivery: { fetch: stub.fetch, retryDelaysMs: [] },
    log: () => undefined,
    ...extra,
  });
  return { emulator, calls: stub.calls };
}

async function createSetupIntent(emulator: Emulator): Promise<void> {
  const response = await emulator.fetch(
    new Request('http://127.0.0.1:12111/v1/setup_intents', {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_resume', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'payment_method_types[0]=card',
    }),
  );
  expect(response.status).toBe(200);
}

function createdEvent(emulator: Emulator): { id: string; pending_webhooks: number } {
  const event = emulator.events.find((candidate) => candidate.type === 'setup_intent.created');
  if (event === undefined) throw new Error('no setup_intent.created event');
  return event;
}

/** Waits (a few event-loop turns, no timers) until the deliverer recorded `count` attempts. */
async function attempts(emulator: Emulator, count: number): Promise<void> {
  for (let turns = 0; emulator.deliveries.length < count && turns < 1_000; turns++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(emulator.deliveries).toHaveLength(count);
}

describe('resuming webhook deliveries after a restart', () => {
  const tempDir = useTempDirs();

  it('does not resume a delivery that gave up, which stays pending', async () => {
    const file = join(await tempDir(), 'data.jsonl');
    const first = await start(file, 500);
    await createSetupIntent(first.emulator);
    await first.emulator.webhooks.idle();
    expect(first.calls()).toBe(1);
    expect(first.emulator.deliveries.at(-1)?.lastAttempt).toBe(true);
    await first.emulator.close();

    const second = await start(file, 200);
    await second.emulator.webhooks.idle();
    expect(second.calls()).toBe(0);
    expect(createdEvent(second.emulator).pending_webhooks).toBe(1);
    await second.emulator.close();
  });

  it('skips an endpoint deleted before the restart, and delivers to the rest', async () => {
    const file = join(await tempDir(), 'data.jsonl');
    const never = { setTimeout: () => 0, clearTimeout: () => undefined };
    const first = await start(file, 500, { webhookDelivery: { fetch: stubFetch(500).fetch, retryDelaysMs: [60_000], ...never } });
    const created = await first.emulator.fetch(
      new Request('http://127.0.0.1:12111/v1/webhook_endpoints', {
        method: 'POST',
        headers: { authorization: 'Bearer sk_test_resume', 'content-type': 'application/x-www-form-urlencoded' },
        body: 'url=http://127.0.0.1:9/api-hook&enabled_events[0]=setup_intent.created',
      }),
    );
    const endpoint = (await created.json()) as { id: string };
    await createSetupIntent(first.emulator);
    await attempts(first.emulator, 2);
    expect(createdEvent(first.emulator).pending_webhooks).toBe(2);
    const deleted = await first.emulator.fetch(
      new Request(`http://127.0.0.1:12111/v1/webhook_endpoints/${endpoint.id}`, { method: 'DELETE', headers: { authorization: 'Bearer sk_test_resume' } }),
    );
    expect(deleted.status).toBe(200);
    await first.emulator.close();

    const urls: string[] = [];
    const second = await start(file, 200, {
      webhookDelivery: {
        fetch: (async (input: string | URL | Request) => {
          urls.push(String(input instanceof Request ? input.url : input));
          return new Response('', { status: 200 });
        }) as typeof fetch,
        retryDelaysMs: [],
      },
    });
    await second.emulator.webhooks.idle();
    expect(urls).toEqual(['http://127.0.0.1:9/hook']);
    // The deleted endpoint never acknowledges: the event stays pending for it.
    expect(createdEvent(second.emulator).pending_webhooks).toBe(1);
    await second.emulator.close();
  });

  it('resumes nothing from a data file written before deliveries were recorded', async () => {
    const file = join(await tempDir(), 'data.jsonl');
    const never = { setTimeout: () => 0, clearTimeout: () => undefined };
    const first = await start(file, 500, { webhookDelivery: { fetch: stubFetch(500).fetch, retryDelaysMs: [60_000], ...never } });
    await createSetupIntent(first.emulator);
    await first.emulator.close();
    // The same file as an older version wrote it: a header without the field.
    const [header = '', ...rest] = (await readFile(file, 'utf8')).split('\n');
    const old = JSON.parse(header) as Record<string, unknown>;
    delete old['webhook_deliveries'];
    await writeFile(file, [JSON.stringify(old), ...rest].join('\n'));

    const second = await start(file, 200);
    await second.emulator.webhooks.idle();
    expect(second.calls()).toBe(0);
    expect(createdEvent(second.emulator).pending_webhooks).toBe(0);
    await second.emulator.close();
  });
});
