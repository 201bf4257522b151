import { resourceMissing } from '../core/stripe-errors.js';
import type { RefundListParams } from '../params/refund-param-specs.js';
import { CHARGE_REFUND_LIST_PARAMS, REFUND_LIST_PARAMS } from '../params/refund-param-specs.js';
import { checkParams } from '../params/validate-params.js';
import type { Refund, RefundList } from '../types/refund.js';
import { matchesCreated, newestFirstPageRequest, pageNewestFirst } from './list-setup-intents.js';
import type { ReadResult } from './read-result.js';

/** Which list is asked for: every Refund (`GET /v1/refunds`) or one Charge's (`GET /v1/charges/:charge/refunds`). */
export type RefundListScope = { readonly kind: 'refunds' } | { readonly kind: 'charge'; readonly charge: string };

/**
 * Lists Refunds newest first, filtered by `charge`, `payment_intent` and `created`, paginated with
 * `limit` (1-100, default 10) and the cursors. `GET /v1/refunds` filtered by `charge` also renders
 * `count`, and a Charge's own list has its path as `url` (both recorded,
 * stripe-world-05-refunds-disputes.json, exchanges 16 and 17).
 *
 * @param newestFirst - reads the Refunds in list order (`created` descending), lazily; called
 *   again to count them for `count`. A caller may pass only the Refunds that can match (one Charge's).
 */
export function listRefunds(newestFirst: () => Iterable<Refund>, input: RefundListParams = {}, scope: RefundListScope = { kind: 'refunds' }): ReadResult<RefundList> {
  const check = checkParams(input, scope.kind === 'refunds' ? REFUND_LIST_PARAMS : CHARGE_REFUND_LIST_PARAMS);
  if (!check.ok) {
    return { kind: 'refused', error: check.error };
  }
  const params = check.params as RefundListParams;
  const asked = newestFirstPageRequest(params);
  if (!asked.ok) {
    return { kind: 'refused', error: asked.error };
  }
  const charge = scope.kind === 'charge' ? scope.charge : params.charge;
  const matches = (refund: Refund): boolean =>
    (charge === undefined || refund.charge === charge) &&
    (params.payment_intent === undefined || refund.payment_intent === params.payment_intent) &&
    matchesCreated(refund.created, params.created);
  const page = pageNewestFirst(newestFirst(), matches, asked.request);
  if (!page.ok) {
    return { kind: 'refused', error: resourceMissing('refund', page.id, page.cursor, 400) };
  }
  if (scope.kind === 'charge') {
    return { kind: 'found', value: { object: 'list', data: page.data, has_more: page.hasMore, url: `/v1/charges/${scope.charge}/refunds` } };
  }
  const count = charge === undefined ? undefined : countMatching(newestFirst(), matches);
  return {
    kind: 'found',
    value: { object: 'list', ...(count === undefined ? {} : { count }), data: page.data, has_more: page.hasMore, url: '/v1/refunds' },
  };
}

function countMatching(items: Iterable<Refund>, matches: (refund: Refund) => boolean): number {
  let count = 0;
  for (const item of items) if (matches(item)) count++;
  return count;
}

/**
 * The `refunds` a Charge renders when `expand[]=refunds` asks for it: its Refunds newest first,
 * with `total_count` (recorded, exchange 6), cut at 10 with `has_more` as Stripe's embedded lists
 * are (UNCONFIRMED for this one: the recording holds a single Refund).
 */
export function expandedRefunds(chargeId: string, newestFirst: Iterable<Refund>): RefundList {
  const data: Refund[] = [];
  let total = 0;
  for (const refund of newestFirst) {
    if (refund.charge !== chargeId) continue;
    total++;
    if (data.length < 10) data.push(refund);
  }
  return { object: 'list', data, has_more: total > data.length, total_count: total, url: `/v1/charges/${chargeId}/refunds` };
}
