import { randomBytes } from 'node:crypto';
import { isApiVersion } from '../core/api-versions.js';
import { API_VERSION } from '../events/stripe-event.js';
import { createEmulator } from '../emulator/create-emulator.js';
import type { EmulatorOptions } from '../emulator/create-emulator.js';
import { listen } from '../emulator/node-server.js';
import type { ListenOptions, RunningEmulator } from '../emulator/node-server.js';
import { newWebhookSecret } from '../emulator/webhooks/signature.js';
import { argumentsOrExit, parseCommandArguments, takeBareFlag } from './command-io.js';
import type { CommandIo, CommandOptions } from './command-io.js';

/** The usage text of `serve`. */
export const SERVE_USAGE = `Usage: setup-intent-machine serve [options]

Serves Stripe's SetupIntents API (test mode) for the official SDKs to talk to.

Options:
  --port N                 port to listen on (default 12111; 0 picks a free one)
  --host HOST              interface to listen on (default 127.0.0.1)
  --data FILE              keep state across restarts in FILE (an append-only operation log)
  --compact-after N        rewrite FILE as a snapshot once N entries follow the last one (default
                           10000; 0 never does)
  --webhook-url URL        deliver every event to URL, signed
  --webhook-secret SECRET  the whsec_ signing secret for --webhook-url (default: a new one, printed)
  --webhook-events LIST    comma-separated event types for --webhook-url (default: *)
  --allow-webhook-target   let --webhook-url post to link-local (169.254.0.0/16, fe80::/10) and
                           unspecified addresses, refused by default
  --allow-origin URL       let pages on origin URL call the API from a browser and frame the 3D
                           Secure page (repeatable; loopback origins always may; * allows every origin)
  --allow-host NAME        answer requests whose Host header is NAME (repeatable; loopback names
                           and --host always are; others get 403, against DNS rebinding)
  --chaos SEED             deliver webhooks out of order and with duplicates, reproducibly from SEED
  --seed N                 seed of the id generator (default: random, kept in --data)
  --api-version VERSION    the account's API version, for requests without a Stripe-Version header
                           (default ${API_VERSION}; see docs/fidelity.md for the versions modelled)
  --inspect [URL]          show SetupIntents live in a Stately inspector relay (default ws://localhost:8080)
  --headers-timeout MS     cut off a client that takes longer to send a request's headers (default 10000)
  --request-timeout MS     cut off a client that takes longer to send a whole request (default 30000)
  --keep-alive-timeout MS  close a keep-alive connection idle for longer (default 5000)
  --shutdown-grace MS      on SIGINT/SIGTERM, how long running requests get before connections are cut (default 5000)
  --help                   show this text`;

interface ServeArguments {
  readonly port: number;
  readonly host: string;
  readonly server: Pick<ListenOptions, 'headersTimeoutMs' | 'requestTimeoutMs' | 'keepAliveTimeoutMs' | 'shutdownGraceMs'>;
  readonly options: EmulatorOptions;
  readonly printedSecret: string | null;
}

function integer(flag: string, value: string, min: number, max: number): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new Error(`${flag} needs an integer between ${min} and ${max}`);
  }
  return parsed;
}

/** Where `--inspect` without a URL sends inspection: the port the Stately inspector relay listens on by default. */
export const DEFAULT_INSPECT_URL = 'ws://localhost:8080';

function inspectUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`--inspect is not a URL: ${value}`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new Error(`--inspect needs a ws:// or wss:// URL: ${value}`);
  }
  return value;
}

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'compact-after': { type: 'string' },
  data: { type: 'string' },
  'webhook-url': { type: 'string' },
  'webhook-secret': { type: 'string' },
  'webhook-events': { type: 'string' },
  'allow-webhook-target': { type: 'boolean' },
  'allow-origin': { type: 'string', multiple: true },
  'allow-host': { type: 'string', multiple: true },
  chaos: { type: 'string' },
  seed: { type: 'string' },
  'api-version': { type: 'string' },
  inspect: { type: 'string' },
  'headers-timeout': { type: 'string' },
  'request-timeout': { type: 'string' },
  'keep-alive-timeout': { type: 'string' },
  'shutdown-grace': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies CommandOptions;

/** Reads the arguments of `serve`; throws with a message for bad ones. */
export function parseServeArguments(args: readonly string[]): ServeArguments | 'help' {
  // `--inspect [URL]`: a following flag, or nothing, means the default relay.
  const bare = takeBareFlag(args, '--inspect', (next) => !next.startsWith('-'));
  const { values } = parseCommandArguments(bare.args, OPTIONS, false);
  if (values.help === true) return 'help';
  const port = values.port === undefined ? 12111 : integer('--port', values.port, 0, 65535);
  const host = values.host ?? '127.0.0.1';
  const dataFile = values.data;
  const webhookUrl = values['webhook-url'];
  const webhookSecret = values['webhook-secret'];
  const webhookEvents = values['webhook-events']?.split(',').map((type) => type.trim()).filter((type) => type !== '');
  const chaos = values.chaos === undefined ? undefined : integer('--chaos', values.chaos, 0, 2 ** 31);
  const seed = values.seed === undefined ? undefined : integer('--seed', values.seed, 1, 2 ** 31);
  const compactAfter = values['compact-after'] === undefined ? undefined : integer('--compact-after', values['compact-after'], 0, 2 ** 31 - 1);
  if (compactAfter !== undefined && dataFile === undefined) {
    throw new Error('--compact-after needs --data');
  }
  const apiVersion = values['api-version'];
  if (apiVersion !== undefined && !isApiVersion(apiVersion)) {
    throw new Error(`--api-version is not a Stripe API version (YYYY-MM-DD or YYYY-MM-DD.name): ${apiVersion}`);
  }
  const inspect = values.inspect !== undefined ? inspectUrl(values.inspect) : bare.present ? DEFAULT_INSPECT_URL : undefined;
  if (webhookUrl !== undefined) {
    try {
      new URL(webhookUrl);
    } catch {
      throw new Error(`--webhook-url is not a URL: ${webhookUrl}`);
    }
  } else if (webhookSecret !== undefined || webhookEvents !== undefined) {
    throw new Error('--webhook-secret and --webhook-events need --webhook-url');
  }
  if (webhookSecret !== undefined && !webhookSecret.startsWith('whsec_')) {
    throw new Error('--webhook-secret must start with whsec_');
  }
  const milliseconds = (flag: string, value: string | undefined): number | undefined =>
    value === undefined ? undefined : integer(flag, value, 1, 2 ** 31 - 1);
  const server = {
    headersTimeoutMs: milliseconds('--headers-timeout', values['headers-timeout']),
    requestTimeoutMs: milliseconds('--request-timeout', values['request-timeout']),
    keepAliveTimeoutMs: milliseconds('--keep-alive-timeout', values['keep-alive-timeout']),
    shutdownGraceMs: milliseconds('--shutdown-grace', values['shutdown-grace']),
  };
  const secret = webhookUrl === undefined ? undefined : (webhookSecret ?? newWebhookSecret((n) => randomBytes(n)));
  const options: EmulatorOptions = {
    ...(seed === undefined ? {} : { seed }),
    ...(apiVersion === undefined ? {} : { apiVersion }),
    ...(dataFile === undefined ? {} : { dataFile }),
    ...(compactAfter === undefined ? {} : { compactAfterEntries: compactAfter === 0 ? null : compactAfter }),
    ...(webhookUrl === undefined || secret === undefined
      ? {}
      : { webhooks: [{ url: webhookUrl, secret, ...(webhookEvents === undefined ? {} : { enabledEvents: webhookEvents }) }] }),
    ...(chaos === undefined ? {} : { webhookDelivery: { chaos: { seed: chaos } } }),
    ...(inspect === undefined ? {} : { inspect: { url: inspect } }),
    ...(values['allow-webhook-target'] === true ? { allowPrivateWebhookTargets: true } : {}),
    ...(values['allow-origin'] === undefined ? {} : { allowedOrigins: values['allow-origin'] }),
    ...(values['allow-host'] === undefined ? {} : { allowedHosts: values['allow-host'] }),
  };
  const given = Object.fromEntries(Object.entries(server).filter(([, value]) => value !== undefined)) as ServeArguments['server'];
  return { port, host, server: given, options, printedSecret: webhookUrl !== undefined && webhookSecret === undefined ? (secret ?? null) : null };
}

/** The lines `serve` prints once it listens: where it is, and what a person needs next. */
function serveBanner(url: string, parsed: Pick<ServeArguments, 'options' | 'printedSecret'>): string {
  const { options } = parsed;
  const webhook = options.webhooks?.[0];
  const lines = [
    `setup-intent-machine emulator listening on ${url}`,
    '',
    "  Stripe's SetupIntents API in test mode. Any sk_test_..., rk_test_... or pk_test_... key works.",
    '  Keys sk_test_acct_NAME_... and pk_test_acct_NAME_... use their own account acct_NAME (for parallel tests); other keys share one.',
    '',
    '  Point your app at it:',
    `    STRIPE_API_BASE=${url}    (if your app reads its API base from the environment)`,
    `    stripe-node    new Stripe(key, { host: '${new URL(url).hostname}', port: ${new URL(url).port || 80}, protocol: 'http' })`,
    `    stripe-python  stripe.api_base = "${url}"`,
    `    stripe-ruby    Stripe.api_base = "${url}"`,
    '',
    webhook === undefined
      ? `  Webhooks: none yet. Restart with --webhook-url URL, or create an endpoint: POST ${url}/v1/webhook_endpoints`
      : `  Webhooks: every ${webhook.enabledEvents === undefined ? '' : `${webhook.enabledEvents.join(', ')} `}event is posted to ${webhook.url}, signed`,
  ];
  if (parsed.printedSecret !== null) lines.push(`  webhook signing secret: ${parsed.printedSecret}`);
  lines.push(
    options.dataFile === undefined
      ? '  Data: in memory; add --data FILE to keep it across restarts'
      : `  Data: kept in ${options.dataFile}`,
  );
  lines.push(`  API version: ${options.apiVersion ?? API_VERSION} for requests without a Stripe-Version header; the header is honoured`);
  const inspect = options.inspect;
  if (inspect !== undefined && 'url' in inspect) lines.push(`  inspection events go to ${inspect.url}`);
  lines.push('', '  Stop it with Ctrl+C.', '');
  return lines.join('\n');
}

/**
 * `setup-intent-machine serve`: starts the emulator and prints the URL it listens on. Runs until
 * SIGINT or SIGTERM (or until `io.signal` aborts), then stops accepting, lets running requests
 * finish within the shutdown grace, and closes the data file.
 */
export async function runServe(args: readonly string[], io: CommandIo): Promise<number> {
  const checked = argumentsOrExit(() => parseServeArguments(args), 'serve', SERVE_USAGE, io);
  if (!checked.ok) return checked.code;
  const parsed = checked.value;
  let running: RunningEmulator;
  try {
    const emulator = await createEmulator({ ...parsed.options, log: (message) => io.stderr(`${message}\n`) });
    running = await listen(emulator, { ...parsed.server, port: parsed.port, host: parsed.host });
  } catch (error) {
    io.stderr(`cannot start: ${(error as Error).message}\n`);
    return 1;
  }
  // Listening for the signals before the banner: whoever waits for it may stop the server at once.
  const stop = stopped(io.signal);
  io.stdout(serveBanner(running.url, parsed));
  await stop;
  await running.close();
  return 0;
}

/** Resolves on SIGINT, SIGTERM or the abort of `signal`. */
function stopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    if (signal?.aborted === true) return stop();
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    signal?.addEventListener('abort', stop);
  });
}
