import { invalidParameter, resourceMissing } from '../core/stripe-errors.js';
import { checkParams } from '../params/validate-params.js';
import { LIST_PARAMS } from '../params/setup-intent-param-specs.js';
import type { CreatedFilter, SetupIntentListParams } from '../types/params.js';
import type { SetupIntent, SetupIntentList } from '../types/setup-intent.js';
import type { StripeRequestError } from '../types/stripe-error.js';
import type { ReadResult } from './read-result.js';
import { bothCursors } from '../core/pagination-errors.js';

/** Whether a unix time passes a `created` filter (exact, or `gt`/`gte`/`lt`/`lte`). */
export function matchesCreated(created: number, filter: CreatedFilter | undefined): boolean {
  if (filter === undefined) {
    return true;
  }
  if (typeof filter === 'number') {
    return created === filter;
  }
  return (
    (filter.gt === undefined || created > filter.gt) &&
    (filter.gte === undefined || created >= filter.gte) &&
    (filter.lt === undefined || created < filter.lt) &&
    (filter.lte === undefined || created <= filter.lte)
  );
}

/** Where a list walk is, and what to do with it. */
export interface NewestFirstPageRequest {
  /** How many items the page holds at most (already checked). */
  readonly limit: number;
  /** Start after this id (which must be among the matching items). */
  readonly starting_after?: string;
  /** End before this id (which must be among the matching items). */
  readonly ending_before?: string;
}

/**
 * The page a list request asks for, Stripe's way: `limit` between 1 and 100 (10 by default) and
 * at most one cursor; or the refusal.
 */
export function newestFirstPageRequest(params: {
  readonly limit?: number;
  readonly starting_after?: string;
  readonly ending_before?: string;
}): { readonly ok: true; readonly request: NewestFirstPageRequest } | { readonly ok: false; readonly error: StripeRequestError } {
  const limit = params.limit ?? 10;
  if (limit < 1 || limit > 100) {
    return { ok: false, error: invalidParameter('limit', 'Invalid limit: must be between 1 and 100') };
  }
  if (params.starting_after !== undefined && params.ending_before !== undefined) {
    return { ok: false, error: bothCursors() };
  }
  return {
    ok: true,
    request: {
      limit,
      ...(params.starting_after === undefined ? {} : { starting_after: params.starting_after }),
      ...(params.ending_before === undefined ? {} : { ending_before: params.ending_before }),
    },
  };
}

/** A page cut from a walk, or the cursor that named no matching item. */
export type NewestFirstPage<T> =
  | { readonly ok: true; readonly data: T[]; readonly hasMore: boolean }
  | { readonly ok: false; readonly cursor: 'starting_after' | 'ending_before'; readonly id: string };

/**
 * Cuts one page, Stripe's way, from items walked newest first, reading no further than the page
 * needs: `limit + 1` matching items without a cursor or after `starting_after`, and the items up
 * to `ending_before` with it. The answer is the one the whole filtered list would give.
 *
 * @param items - the items, newest first; consumed lazily.
 * @param matches - the list's filters.
 * @param request - the page size and cursor.
 * @param exhausted - true of the first item past which nothing can match (a lower `created` bound
 * over items ordered by `created`), which ends the walk early; optional.
 */
export function pageNewestFirst<T extends { readonly id: string }>(
  items: Iterable<T>,
  matches: (item: T) => boolean,
  request: NewestFirstPageRequest,
  exhausted: (item: T) => boolean = () => false,
): NewestFirstPage<T> {
  const { limit, starting_after: after, ending_before: before } = request;
  if (before !== undefined) {
    // The `limit` matching items just newer than the cursor, and whether any are newer still.
    const window: T[] = [];
    let newer = 0;
    for (const item of items) {
      if (exhausted(item)) break;
      if (!matches(item)) continue;
      if (item.id === before) {
        return { ok: true, data: window, hasMore: newer > limit };
      }
      newer += 1;
      window.push(item);
      if (window.length > limit) window.shift();
    }
    return { ok: false, cursor: 'ending_before', id: before };
  }
  const data: T[] = [];
  let collecting = after === undefined;
  for (const item of items) {
    if (exhausted(item)) break;
    if (!matches(item)) continue;
    if (!collecting) {
      collecting = item.id === after;
      continue;
    }
    data.push(item);
    if (data.length > limit) break;
  }
  if (!collecting && after !== undefined) {
    return { ok: false, cursor: 'starting_after', id: after };
  }
  const hasMore = data.length > limit;
  if (hasMore) data.pop();
  return { ok: true, data, hasMore };
}

/** The lowest `created` a filter lets through, if it sets one. */
function createdFloor(filter: CreatedFilter | undefined): { readonly at: number; readonly inclusive: boolean } | undefined {
  if (filter === undefined) return undefined;
  if (typeof filter === 'number') return { at: filter, inclusive: true };
  if (filter.gt !== undefined && (filter.gte === undefined || filter.gt >= filter.gte)) return { at: filter.gt, inclusive: false };
  if (filter.gte !== undefined) return { at: filter.gte, inclusive: true };
  return undefined;
}

/**
 * Lists SetupIntents (`GET /v1/setup_intents`, spec §2.4): newest first, filtered by `customer`,
 * `payment_method`, `attach_to_self` and `created`, paginated with `limit` (1-100, default 10) and
 * the `starting_after` / `ending_before` cursors.
 *
 * @param intents - every SetupIntent, in the order they were created (oldest first).
 */
export function listSetupIntents(intents: readonly SetupIntent[], input: SetupIntentListParams = {}): ReadResult<SetupIntentList> {
  // Newest first: by creation time, and among equal times the later-created first.
  const ordered = [...intents].reverse().sort((a, b) => b.created - a.created);
  return listSetupIntentsNewestFirst(ordered, input);
}

/**
 * {@link listSetupIntents} over SetupIntents already in list order: `created` descending, and
 * among equal times the later-created first. It reads only as far as the page needs, so a store
 * that keeps its SetupIntents in that order answers a page without visiting them all.
 *
 * @param newestFirst - the SetupIntents in list order; consumed lazily.
 */
export function listSetupIntentsNewestFirst(newestFirst: Iterable<SetupIntent>, input: SetupIntentListParams = {}): ReadResult<SetupIntentList> {
  const check = checkParams(input, LIST_PARAMS);
  if (!check.ok) {
    return { kind: 'refused', error: check.error };
  }
  const params = check.params as SetupIntentListParams;
  const asked = newestFirstPageRequest(params);
  if (!asked.ok) {
    return { kind: 'refused', error: asked.error };
  }
  const floor = createdFloor(params.created);
  const page = pageNewestFirst(
    newestFirst,
    (intent) =>
      (params.customer === undefined || intent.customer === params.customer) &&
      (params.payment_method === undefined || intent.payment_method === params.payment_method) &&
      (params.attach_to_self === undefined || (intent.attach_to_self ?? false) === params.attach_to_self) &&
      (params.customer_account === undefined || intent.customer_account === params.customer_account) &&
      matchesCreated(intent.created, params.created),
    asked.request,
    floor === undefined ? undefined : (intent) => (floor.inclusive ? intent.created < floor.at : intent.created <= floor.at),
  );
  if (!page.ok) {
    return { kind: 'refused', error: resourceMissing('setupintent', page.id, page.cursor, 400) };
  }
  return { kind: 'found', value: { object: 'list', data: page.data, has_more: page.hasMore, url: '/v1/setup_intents' } };
}
