import { argumentsOrExit, parseCommandArguments } from './command-io.js';
import type { CommandIo, CommandOptions } from './command-io.js';
import { EventExportError, eventsEndpoint, exportEvents } from './export-events.js';
import type { ExportEventsOptions } from './export-events.js';
import { packageVersion } from './package-version.js';

/** The key `events` sends when neither `--key` nor `STRIPE_SECRET_KEY` gives one: the emulator takes any test key. */
export const DEFAULT_EVENTS_KEY = 'sk_test_cli';

/** The usage text of `events`. */
export const EVENTS_USAGE = `Usage: setup-intent-machine events --url URL [--key KEY] [--type TYPE] [--since UNIX_SECONDS]

Writes every event of the emulator (or any Stripe-compatible API) to standard output as JSON Lines,
one event per line, oldest first: the log \`setup-intent-machine validate\` reads. It pages through
GET URL/v1/events, 100 events a request.

  --url URL             the API base, e.g. http://127.0.0.1:12111 or https://api.stripe.com
  --key KEY             the secret key, sent as Authorization: Bearer KEY (default: the
                        STRIPE_SECRET_KEY environment variable, else ${DEFAULT_EVENTS_KEY})
  --type TYPE           only events of TYPE; wildcards such as setup_intent.* work
  --since UNIX_SECONDS  only events created at or after this time

Exit status: 0 when every event is written, 1 when the API refuses or cannot be reached (the
events written before stay written), 2 for bad usage.`;

const OPTIONS = {
  url: { type: 'string' },
  key: { type: 'string' },
  type: { type: 'string' },
  since: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies CommandOptions;

type EventsArguments = Pick<ExportEventsOptions, 'url' | 'key' | 'type' | 'since'>;

/** Reads the arguments of `events` (`env` for the key when `--key` is absent); throws with a message for bad ones. */
export function parseEventsArguments(args: readonly string[], env: Readonly<Record<string, string | undefined>>): EventsArguments | 'help' {
  const { values } = parseCommandArguments(args, OPTIONS, false);
  if (values.help === true) return 'help';
  const url = values.url;
  if (url === undefined || url === '') throw new Error('--url URL is needed (the API base, e.g. http://127.0.0.1:12111)');
  let endpoint: URL;
  try {
    endpoint = eventsEndpoint(url);
  } catch {
    throw new Error(`--url is not a URL: ${url}`);
  }
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') throw new Error(`--url needs an http:// or https:// URL: ${url}`);
  const fromEnv = env['STRIPE_SECRET_KEY'];
  const key = values.key ?? (fromEnv === undefined || fromEnv === '' ? DEFAULT_EVENTS_KEY : fromEnv);
  if (key === '') throw new Error('--key needs a value');
  // A live key in clear text is a leaked key, whoever answers.
  if (endpoint.protocol === 'http:' && /^[sr]k_live_/.test(key)) throw new Error('a live key is sent over https only');
  let since: number | undefined;
  if (values.since !== undefined) {
    since = Number(values.since);
    if (values.since.trim() === '' || !Number.isSafeInteger(since) || since < 0) throw new Error('--since needs a Unix time in seconds');
  }
  if (values.type === '') throw new Error('--type needs an event type');
  return { url, key, ...(values.type === undefined ? {} : { type: values.type }), ...(since === undefined ? {} : { since }) };
}

/** Runs `events`; returns the exit status. */
export async function runEvents(args: readonly string[], io: CommandIo): Promise<number> {
  const checked = argumentsOrExit(() => parseEventsArguments(args, io.env ?? process.env), 'events', EVENTS_USAGE, io);
  if (!checked.ok) return checked.code;
  let written = 0;
  try {
    for await (const page of exportEvents({ ...checked.value, userAgent: `setup-intent-machine/${packageVersion()}` })) {
      io.stdout(page.map((event) => `${JSON.stringify(event)}\n`).join(''));
      written += page.length;
    }
    return 0;
  } catch (error) {
    if (!(error instanceof EventExportError)) throw error;
    io.stderr(`setup-intent-machine events: ${error.message}${written === 0 ? '' : ` (after ${written} event(s) written)`}\n`);
    return 1;
  }
}
