// `setup-intent-machine serve`: the built command prints its URL, serves the official SDK, delivers
// signed webhooks to --webhook-url, keeps state in --data across a restart, and stops cleanly on
// SIGTERM; in process, its banner tells a person what to do next, and bad usage exits 2.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/run-command.js';
import { parseServeArguments } from '../../src/cli/serve-command.js';
import { runCli } from '../support/run-cli.js';
import { DAHLIA_API_VERSION } from '../support/sdk-version.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const CARD_ONLY = { payment_method_types: ['card'] } as Record<string, unknown>;

interface Served {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: URL;
  readonly secret: string | null;
  readonly exited: Promise<number | null>;
}

/** Starts `serve` and resolves once it has printed its URL (and secret, when it makes one). */
function serve(args: readonly string[]): Promise<Served> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const url = /listening on (\S+)/.exec(stdout)?.[1];
      const wantsSecret = args.includes('--webhook-url') && !args.includes('--webhook-secret');
      const secret = /webhook signing secret: (\S+)/.exec(stdout)?.[1] ?? null;
      if (url !== undefined && (!wantsSecret || secret !== null)) {
        resolve({ child, url: new URL(url), secret, exited });
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}

async function stop(served: Served): Promise<number | null> {
  served.child.kill('SIGTERM');
  return served.exited;
}

function sdk(url: URL): Stripe {
  return new Stripe('sk_test_cli', { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 0, apiVersion: DAHLIA_API_VERSION });
}

let dir = '';
let receiver: Server;
const received: { body: string; signature: string }[] = [];
let waiters: (() => void)[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-serve-'));
  receiver = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push({ body, signature: String(request.headers['stripe-signature']) });
      response.end('ok');
      const woken = waiters;
      waiters = [];
      for (const wake of woken) wake();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

function deliveriesOf(type: string, count: number): Promise<void> {
  const enough = (): boolean => received.filter((delivery) => delivery.body.includes(`"type": "${type}"`)).length >= count;
  return new Promise((resolve) => {
    const check = (): void => (enough() ? resolve() : void waiters.push(check));
    check();
  });
}

describe('setup-intent-machine serve', () => {
  it('serves the SDK, signs webhooks, keeps --data across a restart, and stops on SIGTERM', async () => {
    const data = join(dir, 'state.jsonl');
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const first = await serve(['--data', data, '--webhook-url', hook]);
    expect(first.url.hostname).toBe('127.0.0.1');
    expect(first.secret).toMatch(/^whsec_/);
    const intent = await sdk(first.url).setupIntents.create({ ...CARD_ONLY, confirm: true, payment_method: 'pm_card_visa' });
    expect(intent.status).toBe('succeeded');
    await deliveriesOf('setup_intent.succeeded', 1);
    const delivery = received.find((entry) => entry.body.includes('"type": "setup_intent.succeeded"'));
    const event = sdk(first.url).webhooks.constructEvent(delivery?.body ?? '', delivery?.signature ?? '', first.secret ?? '');
    expect(event.data.object).toMatchObject({ id: intent.id, status: 'succeeded' });
    expect(await stop(first)).toBe(0);

    const second = await serve(['--data', data]);
    try {
      const again = await sdk(second.url).setupIntents.retrieve(intent.id);
      expect(again).toMatchObject({ id: intent.id, status: 'succeeded', payment_method: intent.payment_method });
    } finally {
      expect(await stop(second)).toBe(0);
    }
  });

  it('prints its usage with --help and refuses unknown options', async () => {
    const help = await runCli(['serve', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--webhook-url');
    const bad = await runCli(['serve', '--bogus']);
    expect(bad).toEqual({ code: 2, stdout: '', stderr: 'setup-intent-machine serve: unknown option: --bogus; see `setup-intent-machine serve --help`\n' });
  });
});

describe('serve arguments', () => {
  it('takes values as --flag VALUE or --flag=VALUE', () => {
    const parsed = parseServeArguments(['--port=8080', '--host', '0.0.0.0', '--seed=7']);
    expect(parsed === 'help' ? parsed : [parsed.port, parsed.host, parsed.options.seed]).toEqual([8080, '0.0.0.0', 7]);
  });

  it.each([
    [['--port'], '--port needs a value'],
    [['--port', '--host', 'localhost'], '--port needs a value'],
    [['--port', ''], '--port needs an integer between 0 and 65535'],
    [['--seed', '0'], '--seed needs an integer between 1 and 2147483648'],
    [['-x'], 'unknown option: -x'],
    [['--help=yes'], 'unexpected argument: --help=yes'],
    [['extra'], 'unexpected argument: extra'],
  ])('refuses %j: %s', (args, message) => {
    expect(() => parseServeArguments(args)).toThrow(message);
  });
});

describe('the serve banner', () => {
  /** Runs `serve ...args` in process until its banner is out; returns the banner, then stops it. */
  async function banner(args: readonly string[]): Promise<{ readonly text: string; readonly url: URL }> {
    const controller = new AbortController();
    let stdout = '';
    let printed: () => void = () => undefined;
    const out = new Promise<void>((resolve) => (printed = resolve));
    const io = {
      stdout: (text: string) => {
        stdout += text;
        printed();
      },
      stderr: () => undefined,
      signal: controller.signal,
    };
    const code = runCommand(['serve', '--port', '0', ...args], io);
    await Promise.race([out, code]);
    const url = new URL(/listening on (\S+)/.exec(stdout)?.[1] ?? 'http://missing');
    // It serves until the signal aborts, then exits 0.
    expect((await sdk(url).setupIntents.create(CARD_ONLY)).status).toBe('requires_payment_method');
    controller.abort();
    expect(await code).toBe(0);
    return { text: stdout, url };
  }

  it('says where it listens, which keys work, how to point an app at it, where webhooks go and how to stop it', async () => {
    const { text, url } = await banner([]);
    const base = url.href.replace(/\/$/, '');
    expect(text).toContain(`listening on ${base}`);
    expect(text).toContain('Any sk_test_..., rk_test_... or pk_test_... key works.');
    expect(text).toContain(`STRIPE_API_BASE=${base}`);
    expect(text).toContain(`new Stripe(key, { host: '127.0.0.1', port: ${url.port}, protocol: 'http' })`);
    expect(text).toContain(`stripe.api_base = "${base}"`);
    expect(text).toContain(`POST ${base}/v1/webhook_endpoints`);
    expect(text).toContain('Data: in memory; add --data FILE');
    expect(text).toContain('Stop it with Ctrl+C.');
  });

  it('names the webhook target, its secret and the data file when they are given', async () => {
    const data = join(dir, 'banner.jsonl');
    const { text } = await banner(['--webhook-url', 'http://127.0.0.1:9/hook', '--webhook-events', 'setup_intent.succeeded', '--data', data]);
    expect(text).toContain('Webhooks: every setup_intent.succeeded event is posted to http://127.0.0.1:9/hook, signed');
    expect(text).toMatch(/webhook signing secret: whsec_\S+/);
    expect(text).toContain(`Data: kept in ${data}`);
  });
});
