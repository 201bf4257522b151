// `setup-intent-machine events` against an emulator on a loopback port: it exports every event as
// JSON Lines, oldest first, paging past 100; `validate` finds the export, and a raw `GET /v1/events`
// page, consistent. Also the key it sends, the filters, its failures and its usage errors.
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runBuiltCli, runCli as run } from '../support/run-cli.js';
import { paymentMethodTypes, startEmulator } from '../e2e/support/start-emulator.js';
import type { StartedEmulator } from '../e2e/support/start-emulator.js';

const KEY = 'sk_test_events_export';
const RETURN_URL = 'https://shop.example/setup/return';

let dir = '';
let started: StartedEmulator;
let stripe: Stripe;
/** Every event of the account, oldest first, as the SDK's own paging lists them. */
let listed: Stripe.Event[] = [];

const lines = (text: string): unknown[] => text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as unknown);
const ids = (events: readonly unknown[]): string[] => events.map((event) => (event as { id: string }).id);

/** A 3D Secure setup, a decline then a cancel, an immediate success with a Customer: the flows a log holds. */
async function runFlows(): Promise<void> {
  const threeDS = await stripe.setupIntents.create(paymentMethodTypes('card'));
  await stripe.setupIntents.confirm(threeDS.id, { payment_method: 'pm_card_authenticationRequired', return_url: RETURN_URL });
  await stripe.rawRequest('POST', `/v1/test_helpers/setup_intents/${threeDS.id}/succeed`, {});
  const declined = await stripe.setupIntents.create(paymentMethodTypes('card'));
  await stripe.setupIntents.confirm(declined.id, { payment_method: 'pm_card_chargeDeclined' }).catch(() => undefined);
  await stripe.setupIntents.cancel(declined.id);
  const customer = await stripe.customers.create({ email: 'export@example.com' });
  await stripe.setupIntents.create({ ...paymentMethodTypes('card'), customer: customer.id, payment_method: 'pm_card_visa', confirm: true });
  // More than one page of 100 events.
  for (let i = 0; i < 100; i++) await stripe.setupIntents.create(paymentMethodTypes('card'));
  // A later SetupIntent, for --since to tell apart.
  await stripe.rawRequest('POST', '/v1/test_helpers/advance_clock', { seconds: 1000 });
  await stripe.setupIntents.create({ ...paymentMethodTypes('card'), payment_method: 'pm_card_visa', confirm: true });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'setup-intent-machine-events-'));
  started = await startEmulator({ seed: 4242 });
  stripe = started.stripe(KEY);
  await runFlows();
  listed = (await stripe.events.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 })).reverse();
});

afterAll(async () => {
  await started?.close();
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('events --url', () => {
  it('exports every event as JSON Lines, oldest first, and validate finds the export consistent', async () => {
    expect(listed.length).toBeGreaterThan(100);
    const outcome = await run(['events', '--url', started.server.url, '--key', KEY]);
    expect(outcome.code).toBe(0);
    expect(outcome.stderr).toBe('');
    expect(outcome.stdout.endsWith('\n')).toBe(true);
    const exported = lines(outcome.stdout);
    expect(ids(exported)).toEqual(listed.map((event) => event.id));
    expect(exported).toEqual(JSON.parse(JSON.stringify(listed)));

    const path = join(dir, 'log.jsonl');
    await writeFile(path, outcome.stdout);
    const judged = await run(['validate', '--strict-order', path]);
    expect(judged.code).toBe(0);
    expect(judged.stdout).toContain('VALID: every SetupIntent history in the log is possible.');
    expect(judged.stdout).toContain(`${listed.length} event(s), ${listed.length} distinct`);
  });

  it('takes a trailing slash or the events endpoint itself as the URL', async () => {
    const plain = await run(['events', '--url', started.server.url, '--key', KEY]);
    expect(await run(['events', '--url', `${started.server.url}/`, '--key', KEY])).toEqual(plain);
    expect(await run(['events', '--url', `${started.server.url}/v1/events`, '--key', KEY])).toEqual(plain);
  });

  it('keeps to one type with --type (wildcards too) and to recent events with --since', async () => {
    const setupOnly = lines((await run(['events', '--url', started.server.url, '--key', KEY, '--type', 'setup_intent.*'])).stdout);
    expect(ids(setupOnly)).toEqual(ids(listed.filter((event) => event.type.startsWith('setup_intent.'))));
    const customers = lines((await run(['events', '--url', started.server.url, '--key', KEY, '--type', 'customer.created'])).stdout);
    expect(customers).toHaveLength(1);

    const newest = listed.at(-1) as Stripe.Event;
    const since = lines((await run(['events', '--url', started.server.url, '--key', KEY, '--since', String(newest.created)])).stdout);
    expect(ids(since)).toEqual(ids(listed.filter((event) => event.created >= newest.created)));
    expect(since.length).toBeGreaterThan(0);
    expect(since.length).toBeLessThan(10);
    expect((await run(['events', '--url', started.server.url, '--key', KEY, '--since', String(newest.created + 1)])).stdout).toBe('');
  });

  it('lets validate read a raw GET /v1/events page body, compact or pretty-printed as Stripe answers', async () => {
    const response = await fetch(`${started.server.url}/v1/events?limit=100`, { headers: { authorization: `Bearer ${KEY}` } });
    const body = await response.text();
    const compact = join(dir, 'page.json');
    await writeFile(compact, body);
    const judged = await run(['validate', compact]);
    expect(judged.code).toBe(0);
    expect(judged.stdout).toContain('VALID');
    expect(judged.stdout).toContain('100 event(s)');
    const pretty = join(dir, 'page-pretty.json');
    await writeFile(pretty, `${JSON.stringify(JSON.parse(body), null, 2)}\n`);
    expect(await run(['validate', pretty])).toEqual(judged);
  });

  it('exits 1 naming the request and Stripe\'s message when the API refuses the key', async () => {
    const outcome = await run(['events', '--url', started.server.url, '--key', 'not_a_key']);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toMatch(/^setup-intent-machine events: GET http:\/\/127\.0\.0\.1:\d+\/v1\/events\?limit=100: 401 .+\n$/);
  });

  it('exits 1 when nothing answers', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as AddressInfo;
    closed.close();
    await once(closed, 'close');
    const outcome = await run(['events', '--url', `http://127.0.0.1:${port}`]);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain(`setup-intent-machine events: GET http://127.0.0.1:${port}/v1/events?limit=100: fetch failed`);
  });
});

describe('the key events sends', () => {
  let server: Server;
  let url = '';
  const seen: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push(request.headers);
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ object: 'list', data: [], has_more: false, url: '/v1/events' }));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.close();
    await once(server, 'close');
  });

  it('is --key, else STRIPE_SECRET_KEY, else sk_test_cli, as a bearer token', async () => {
    const sent = async (args: readonly string[], env: Record<string, string> = {}): Promise<string | undefined> => {
      seen.length = 0;
      expect(await run(['events', '--url', url, ...args], '', env)).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(seen).toHaveLength(1);
      return seen[0]?.authorization;
    };
    expect(await sent([])).toBe('Bearer sk_test_cli');
    expect(await sent([], { STRIPE_SECRET_KEY: 'sk_test_from_env' })).toBe('Bearer sk_test_from_env');
    expect(await sent(['--key', 'sk_test_flag'], { STRIPE_SECRET_KEY: 'sk_test_from_env' })).toBe('Bearer sk_test_flag');
    expect(seen[0]?.['user-agent']).toMatch(/^setup-intent-machine\/\d+\.\d+\.\d+/);
  });
});

describe('events usage', () => {
  it.each([
    [[], '--url URL is needed (the API base, e.g. http://127.0.0.1:12111)'],
    [['--url'], '--url needs a value'],
    [['--url', 'nowhere'], '--url is not a URL: nowhere'],
    [['--url', 'ftp://127.0.0.1'], '--url needs an http:// or https:// URL: ftp://127.0.0.1'],
    [['--url', 'http://127.0.0.1:1', '--key', 'sk_live_123'], 'a live key is sent over https only'],
    [['--url', 'http://127.0.0.1:1', '--since', 'yesterday'], '--since needs a Unix time in seconds'],
    [['--url', 'http://127.0.0.1:1', '--since=-1'], '--since needs a Unix time in seconds'],
    [['--url', 'http://127.0.0.1:1', '--since', '-1'], '--since needs a value'],
    [['--url', 'http://127.0.0.1:1', '--type='], '--type needs an event type'],
    [['--url', 'http://127.0.0.1:1', '--limit', '5'], 'unknown option: --limit'],
    [['--url', 'http://127.0.0.1:1', 'extra'], 'unexpected argument: extra'],
  ])('exits 2 for %j with one line naming the problem', async (args, message) => {
    expect(await run(['events', ...args])).toEqual({
      code: 2,
      stdout: '',
      stderr: `setup-intent-machine events: ${message}; see \`setup-intent-machine events --help\`\n`,
    });
  });

  it('prints its usage with --help, and is in the top-level usage', async () => {
    const help = await run(['events', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: setup-intent-machine events --url URL [--key KEY] [--type TYPE] [--since UNIX_SECONDS]');
    expect(help.stdout).toContain('STRIPE_SECRET_KEY');
    expect((await run(['--help'])).stdout).toContain(help.stdout.trimEnd());
  });
});

describe('the built dist/cli.js', () => {
  it('exports the same JSON Lines as the command in process', async () => {
    expect(existsSync(CLI), 'the build output is missing: run `npm run build` (or `npm test`, which builds first)').toBe(true);
    const args = ['events', '--url', started.server.url, '--key', KEY, '--type', 'setup_intent.*'];
    const built = await runBuiltCli(args);
    expect(built.code).toBe(0);
    expect(built).toEqual(await run(args));
  });
});
