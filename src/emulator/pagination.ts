import { invalidParameter, resourceMissing } from '../core/stripe-errors.js';
import type { StripeRequestError } from '../types/stripe-error.js';
import { bothCursors } from '../core/pagination-errors.js';
import { pageNewestFirst } from '../operations/list-setup-intents.js';

/** A Stripe list object. */
export interface ListObject<T> {
  readonly object: 'list';
  readonly data: readonly T[];
  readonly has_more: boolean;
  readonly url: string;
}

/** Pagination parameters, already checked for type. */
export interface PageParams {
  readonly limit?: number;
  readonly starting_after?: string;
  readonly ending_before?: string;
}

type Page<T> = { readonly ok: true; readonly list: ListObject<T> } | { readonly ok: false; readonly error: StripeRequestError };

/**
 * One page of a list, Stripe's way: `items` newest first, `limit` between 1 and 100 (10 by
 * default), a cursor on either side (`starting_after` or `ending_before`, not both).
 */
export function paginate<T extends { readonly id: string }>(items: readonly T[], params: PageParams, url: string, resource: string): Page<T> {
  const limit = params.limit ?? 10;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    return { ok: false, error: invalidParameter('limit', 'Invalid limit: must be between 1 and 100') };
  }
  if (params.starting_after !== undefined && params.ending_before !== undefined) {
    return { ok: false, error: bothCursors() };
  }
  if (params.starting_after !== undefined) {
    const at = items.findIndex((item) => item.id === params.starting_after);
    if (at === -1) {
      return { ok: false, error: resourceMissing(resource, params.starting_after, 'starting_after', 400) };
    }
    const data = items.slice(at + 1, at + 1 + limit);
    return { ok: true, list: { object: 'list', data, has_more: at + 1 + limit < items.length, url } };
  }
  if (params.ending_before !== undefined) {
    const at = items.findIndex((item) => item.id === params.ending_before);
    if (at === -1) {
      return { ok: false, error: resourceMissing(resource, params.ending_before, 'ending_before', 400) };
    }
    const start = Math.max(0, at - limit);
    return { ok: true, list: { object: 'list', data: items.slice(start, at), has_more: start > 0, url } };
  }
  return { ok: true, list: { object: 'list', data: items.slice(0, limit), has_more: items.length > limit, url } };
}

/**
 * One page of a list, as {@link paginate} cuts it from the matching items, but walking `items`
 * (newest first) lazily and only as far as the page needs.
 *
 * @param items - every item, newest first; consumed lazily.
 * @param matches - the list's filters.
 */
export function paginateNewestFirst<T extends { readonly id: string }>(
  items: Iterable<T>,
  matches: (item: T) => boolean,
  params: PageParams,
  url: string,
  resource: string,
): Page<T> {
  const limit = params.limit ?? 10;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    return { ok: false, error: invalidParameter('limit', 'Invalid limit: must be between 1 and 100') };
  }
  if (params.starting_after !== undefined && params.ending_before !== undefined) {
    return { ok: false, error: bothCursors() };
  }
  const page = pageNewestFirst(items, matches, {
    limit,
    ...(params.starting_after === undefined ? {} : { starting_after: params.starting_after }),
    ...(params.ending_before === undefined ? {} : { ending_before: params.ending_before }),
  });
  if (!page.ok) {
    return { ok: false, error: resourceMissing(resource, page.id, page.cursor, 400) };
  }
  return { ok: true, list: { object: 'list', data: page.data, has_more: page.hasMore, url } };
}

/** The items of an array from the last to the first, without copying it. */
export function* fromTheEnd<T>(items: readonly T[]): Generator<T, void, undefined> {
  for (let i = items.length - 1; i >= 0; i--) {
    yield items[i] as T;
  }
}

/** Items of a Map in insertion order, newest first. */
export function newestFirst<T>(values: Iterable<T>): T[] {
  return [...values].reverse();
}
