import { resourceMissing } from '../core/stripe-errors.js';
import type { PaymentIntentListParams } from '../params/payment-intent-param-specs.js';
import { PAYMENT_INTENT_LIST_PARAMS } from '../params/payment-intent-param-specs.js';
import { checkParams } from '../params/validate-params.js';
import type { PaymentIntent, PaymentIntentList } from '../types/payment-intent.js';
import { matchesCreated, newestFirstPageRequest, pageNewestFirst } from './list-setup-intents.js';
import type { ReadResult } from './read-result.js';

/**
 * Lists PaymentIntents (`GET /v1/payment_intents`): newest first, filtered by `customer` and
 * `created`, paginated with `limit` (1-100, default 10) and the cursors, as SetupIntents are.
 *
 * @param newestFirst - the PaymentIntents in list order (`created` descending); consumed lazily.
 */
export function listPaymentIntents(newestFirst: Iterable<PaymentIntent>, input: PaymentIntentListParams = {}): ReadResult<PaymentIntentList> {
  const check = checkParams(input, PAYMENT_INTENT_LIST_PARAMS);
  if (!check.ok) {
    return { kind: 'refused', error: check.error };
  }
  const params = check.params as PaymentIntentListParams;
  const asked = newestFirstPageRequest(params);
  if (!asked.ok) {
    return { kind: 'refused', error: asked.error };
  }
  const page = pageNewestFirst(
    newestFirst,
    (intent) => (params.customer === undefined || intent.customer === params.customer) && matchesCreated(intent.created, params.created),
    asked.request,
  );
  if (!page.ok) {
    return { kind: 'refused', error: resourceMissing('payment_intent', page.id, page.cursor, 400) };
  }
  return { kind: 'found', value: { object: 'list', data: page.data, has_more: page.hasMore, url: '/v1/payment_intents' } };
}
