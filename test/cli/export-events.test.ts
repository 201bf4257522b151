// Paging `GET /v1/events` oldest first, against the emulator's own handler (no socket): page
// boundaries, events created mid-export, filters, and answers that are not a page.
import { afterEach, describe, expect, it } from 'vitest';
import { EventExportError, eventsEndpoint, exportEvents } from '../../src/cli/export-events.js';
import type { ExportEventsOptions } from '../../src/cli/export-events.js';
import { createEmulator } from '../../src/emulator/create-emulator.js';
import type { Emulator } from '../../src/emulator/create-emulator.js';

const KEY = 'sk_test_export_unit';
let emulator: Emulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** An emulator holding `count` setup_intent.created events, and the URLs a fetch asked for. */
async function withEvents(count: number): Promise<{ readonly emulator: Emulator; readonly post: () => Promise<void> }> {
  const created = await createEmulator({ seed: 9 });
  emulator = created;
  const post = async (): Promise<void> => {
    const response = await created.fetch(
      new Request('http://emulator.test/v1/setup_intents', {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'payment_method_types[]=card',
      }),
    );
    expect(response.status).toBe(200);
  };
  for (let i = 0; i < count; i++) await post();
  return { emulator: created, post };
}

/** Every event the export yields, and the query of every request it sent. */
async function exportAll(options: Partial<ExportEventsOptions> & Pick<ExportEventsOptions, 'fetch'>): Promise<{ ids: string[]; pages: number; queries: string[] }> {
  const queries: string[] = [];
  const inner = options.fetch;
  const fetch: typeof globalThis.fetch = (input, init) => {
    queries.push(new URL(input instanceof Request ? input.url : input).search);
    return (inner as typeof globalThis.fetch)(input, init);
  };
  const ids: string[] = [];
  let pages = 0;
  for await (const page of exportEvents({ url: 'http://emulator.test', key: KEY, ...options, fetch })) {
    ids.push(...page.map((event) => (event as { id: string }).id));
    pages++;
  }
  return { ids, pages, queries };
}

const handler = (target: Emulator): typeof fetch => (input, init) => target.fetch(new Request(input, init));

/** The ids of the emulator's events, oldest first, as its own list answers them. */
async function oldestFirst(target: Emulator): Promise<string[]> {
  const response = await target.fetch(new Request('http://emulator.test/v1/events?limit=100', { headers: { authorization: `Bearer ${KEY}` } }));
  const page = (await response.json()) as { data: { id: string }[]; has_more: boolean };
  expect(page.has_more).toBe(false);
  return page.data.map((event) => event.id).reverse();
}

describe('exportEvents', () => {
  it.each([
    [0, 3],
    [1, 3],
    [3, 3],
    [7, 3],
    [9, 3],
    [10, 1],
  ])('yields all %i events oldest first with pages of %i', async (count, pageSize) => {
    const { emulator: target } = await withEvents(count);
    const { ids } = await exportAll({ fetch: handler(target), pageSize });
    expect(ids).toEqual(await oldestFirst(target));
    expect(ids).toHaveLength(count);
  });

  it('walks back with starting_after, then forward with ending_before from the oldest page', async () => {
    const { emulator: target } = await withEvents(7);
    const all = await oldestFirst(target);
    const { queries } = await exportAll({ fetch: handler(target), pageSize: 3 });
    expect(queries).toEqual([
      '?limit=3',
      `?limit=3&starting_after=${all[4]}`,
      `?limit=3&starting_after=${all[1]}`,
      `?limit=3&ending_before=${all[0]}`,
      `?limit=3&ending_before=${all[3]}`,
    ]);
  });

  it('includes events created while it pages', async () => {
    const { emulator: target, post } = await withEvents(5);
    let posted = false;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const answer = await handler(target)(input, init);
      if (!posted) {
        posted = true;
        await post();
      }
      return answer;
    };
    const { ids } = await exportAll({ fetch, pageSize: 2 });
    expect(ids).toEqual(await oldestFirst(target));
    expect(ids).toHaveLength(6);
  });

  it('sends the type and since filters on every request', async () => {
    const { emulator: target } = await withEvents(2);
    const { queries } = await exportAll({ fetch: handler(target), type: 'setup_intent.*', since: 5 });
    expect(queries.map((query) => new URLSearchParams(query).get('type'))).toEqual(['setup_intent.*', 'setup_intent.*']);
    expect(queries.map((query) => new URLSearchParams(query).get('created[gte]'))).toEqual(['5', '5']);
  });

  it('refuses an answer that is not a page of events, or a page that does not move', async () => {
    const answering = (body: string, status = 200): typeof fetch => () => Promise.resolve(new Response(body, { status }));
    await expect(exportAll({ fetch: answering('<html>') })).rejects.toThrow(/: 200, not JSON: <html>$/);
    await expect(exportAll({ fetch: answering('{"object":"event"}') })).rejects.toThrow(/: 200, but not a list of events$/);
    await expect(exportAll({ fetch: answering('{"error":{"message":"Invalid API Key provided"}}', 401) })).rejects.toThrow(/: 401 Invalid API Key provided$/);
    const stuck = JSON.stringify({ object: 'list', data: [{ id: 'evt_1' }], has_more: true, url: '/v1/events' });
    await expect(exportAll({ fetch: answering(stuck) })).rejects.toBeInstanceOf(EventExportError);
    await expect(exportAll({ fetch: answering(stuck) })).rejects.toThrow('answered the same page twice');
  });
});

describe('eventsEndpoint', () => {
  it.each([
    ['http://127.0.0.1:12111', 'http://127.0.0.1:12111/v1/events'],
    ['http://127.0.0.1:12111/', 'http://127.0.0.1:12111/v1/events'],
    ['https://api.stripe.com/v1/events/', 'https://api.stripe.com/v1/events'],
    ['http://proxy.test/stripe?x=1#y', 'http://proxy.test/stripe/v1/events'],
  ])('finds the endpoint under %s', (base, endpoint) => {
    expect(eventsEndpoint(base).href).toBe(endpoint);
  });
});
