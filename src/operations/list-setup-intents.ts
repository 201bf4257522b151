import { invalidParameter, resourceMissing } from '../core/stripe-errors.js';
import { checkParams } from '../params/validate-params.js';
import { LIST_PARAMS } from '../params/setup-intent-param-specs.js';
import type { CreatedFilter, SetupIntentListParams } from '../types/params.js';
import type { SetupIntent, SetupIntentList } from '../types/setup-intent.js';
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

/**
 * Lists SetupIntents (`GET /v1/setup_intents`, spec §2.4): newest first, filtered by `customer`,
 * `payment_method`, `attach_to_self` and `created`, paginated with `limit` (1-100, default 10) and
 * the `starting_after` / `ending_before` cursors.
 *
 * @param intents - every SetupIntent, in the order they were created (oldest first).
 */
export function listSetupIntents(intents: readonly SetupIntent[], input: SetupIntentListParams = {}): ReadResult<SetupIntentList> {
  const check = checkParams(input, LIST_PARAMS);
  if (!check.ok) {
    return { kind: 'refused', error: check.error };
  }
  const params = check.params as SetupIntentListParams;
  const limit = params.limit ?? 10;
  if (limit < 1 || limit > 100) {
    return { kind: 'refused', error: invalidParameter('limit', 'Invalid limit: must be between 1 and 100') };
  }
  if (params.starting_after !== undefined && params.ending_before !== undefined) {
    return { kind: 'refused', error: bothCursors() };
  }
  const matching: SetupIntent[] = [];
  // Newest first: by creation time, and among equal times the later-created first.
  for (let i = intents.length - 1; i >= 0; i--) {
    const intent = intents[i];
    if (
      intent !== undefined &&
      (params.customer === undefined || intent.customer === params.customer) &&
      (params.payment_method === undefined || intent.payment_method === params.payment_method) &&
      (params.attach_to_self === undefined || (intent.attach_to_self ?? false) === params.attach_to_self) &&
      (params.customer_account === undefined || intent.customer_account === params.customer_account) &&
      matchesCreated(intent.created, params.created)
    ) {
      matching.push(intent);
    }
  }
  matching.sort((a, b) => b.created - a.created);

  let data: SetupIntent[];
  let hasMore: boolean;
  if (params.ending_before !== undefined) {
    const at = matching.findIndex((intent) => intent.id === params.ending_before);
    if (at < 0) {
      return { kind: 'refused', error: resourceMissing('setupintent', params.ending_before, 'ending_before', 400) };
    }
    const start = Math.max(0, at - limit);
    data = matching.slice(start, at);
    hasMore = start > 0;
  } else {
    let start = 0;
    if (params.starting_after !== undefined) {
      const at = matching.findIndex((intent) => intent.id === params.starting_after);
      if (at < 0) {
        return { kind: 'refused', error: resourceMissing('setupintent', params.starting_after, 'starting_after', 400) };
      }
      start = at + 1;
    }
    data = matching.slice(start, start + limit);
    hasMore = start + limit < matching.length;
  }
  return { kind: 'found', value: { object: 'list', data, has_more: hasMore, url: '/v1/setup_intents' } };
}
