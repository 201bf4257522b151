// Reading every event of a Stripe-compatible API out of `GET /v1/events`, oldest first.

/** What {@link exportEvents} reads from, and how. */
export interface ExportEventsOptions {
  /** The API base, such as `http://127.0.0.1:12111` or `https://api.stripe.com`. */
  readonly url: string;
  /** The secret key, sent as `Authorization: Bearer <key>`. */
  readonly key: string;
  /** Only events of this type (`type`; Stripe's wildcards such as `setup_intent.*` work). */
  readonly type?: string;
  /** Only events created at or after this Unix time in seconds (`created[gte]`). */
  readonly since?: number;
  /** Events per request, 1 to 100 (default 100, the most Stripe answers). */
  readonly pageSize?: number;
  /** How long one request may take, in milliseconds (default 30,000). */
  readonly timeoutMs?: number;
  /** The `fetch` to send requests with (default the global one). */
  readonly fetch?: typeof fetch;
  /** The `User-Agent` header sent. */
  readonly userAgent?: string;
}

/** A request of {@link exportEvents} that failed or was answered with something other than a list of events. */
export class EventExportError extends Error {
  override readonly name = 'EventExportError';
}

/** An event as far as paging needs it: its id is the cursor. */
interface ListedEvent {
  readonly id: string;
}

interface EventPage {
  readonly data: readonly ListedEvent[];
  readonly has_more: boolean;
}

/** The events endpoint under an API base given with or without a trailing slash (or as the endpoint itself). */
export function eventsEndpoint(base: string): URL {
  const url = new URL(base);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/v1/events') ? path : `${path}/v1/events`;
  url.search = '';
  url.hash = '';
  return url;
}

function isEventPage(value: unknown): value is EventPage {
  if (typeof value !== 'object' || value === null) return false;
  const { object, data, has_more: hasMore } = value as Record<string, unknown>;
  return (
    object === 'list' &&
    typeof hasMore === 'boolean' &&
    Array.isArray(data) &&
    data.every((item: unknown) => typeof item === 'object' && item !== null && typeof (item as { id?: unknown }).id === 'string')
  );
}

/**
 * Every event the API lists, oldest first, one page at a time (each page oldest first).
 *
 * @remarks Stripe lists events newest first (https://docs.stripe.com/api/pagination), and only
 * the last page reveals the oldest. So the pages are walked twice, holding one page at a time:
 * back to the oldest with `starting_after`, then forward from there to the newest with
 * `ending_before`, yielding as it goes. The second walk also picks up events created during the
 * first. It costs about twice the requests of one walk, in exchange for memory that stays one page
 * whatever the number of events.
 */
export async function* exportEvents(options: ExportEventsOptions): AsyncGenerator<readonly unknown[]> {
  const endpoint = eventsEndpoint(options.url);
  const get = (cursor: { readonly starting_after: string } | { readonly ending_before: string } | null): Promise<EventPage> =>
    requestPage(endpoint, options, cursor);

  let oldest = await get(null);
  let cursor: string | undefined;
  while (oldest.has_more && oldest.data.length > 0) {
    const next = (oldest.data.at(-1) as ListedEvent).id;
    if (next === cursor) throw new EventExportError(`${endpoint.href} answered the same page twice (has_more with no progress)`);
    cursor = next;
    const page = await get({ starting_after: next });
    if (page.data.length === 0) break;
    oldest = page;
  }
  if (oldest.data.length === 0) return;
  yield [...oldest.data].reverse();

  let newest = (oldest.data[0] as ListedEvent).id;
  for (;;) {
    const page = await get({ ending_before: newest });
    if (page.data.length === 0) return;
    yield [...page.data].reverse();
    if (!page.has_more) return;
    const next = (page.data[0] as ListedEvent).id;
    if (next === newest) throw new EventExportError(`${endpoint.href} answered the same page twice (has_more with no progress)`);
    newest = next;
  }
}

/** One `GET /v1/events` page, or an {@link EventExportError} saying what the API answered instead. */
async function requestPage(
  endpoint: URL,
  options: ExportEventsOptions,
  cursor: { readonly starting_after: string } | { readonly ending_before: string } | null,
): Promise<EventPage> {
  const url = new URL(endpoint);
  url.searchParams.set('limit', String(options.pageSize ?? 100));
  if (options.type !== undefined) url.searchParams.set('type', options.type);
  if (options.since !== undefined) url.searchParams.set('created[gte]', String(options.since));
  if (cursor !== null) for (const [name, id] of Object.entries(cursor)) url.searchParams.set(name, id);
  const request = `GET ${url.href}`;
  let response: Response;
  let text: string;
  try {
    response = await (options.fetch ?? fetch)(url, {
      headers: {
        authorization: `Bearer ${options.key}`,
        accept: 'application/json',
        ...(options.userAgent === undefined ? {} : { 'user-agent': options.userAgent }),
      },
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    text = await response.text();
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? ` (${cause.message})` : '';
    throw new EventExportError(`${request}: ${(error as Error).message}${detail}`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    throw new EventExportError(`${request}: ${response.status}, not JSON: ${text.slice(0, 200)}`);
  }
  if (!response.ok) {
    const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
    throw new EventExportError(`${request}: ${response.status}${typeof message === 'string' ? ` ${message}` : ''}`);
  }
  if (!isEventPage(body)) throw new EventExportError(`${request}: ${response.status}, but not a list of events`);
  return body;
}
