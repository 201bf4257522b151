import { commitOfRefundResult } from '../../core/commit.js';
import { resourceMissing } from '../../core/stripe-errors.js';
import type { RefundLookups, RefundPath } from '../../operations/create-refund.js';
import { createRefund } from '../../operations/create-refund.js';
import { listRefunds } from '../../operations/list-refunds.js';
import type { RefundResult } from '../../operations/refund-result.js';
import { cancelRefund } from '../../operations/cancel-refund.js';
import { retrieveRefund } from '../../operations/retrieve-refund.js';
import { updateRefund } from '../../operations/update-refund.js';
import type { Refund } from '../../types/refund.js';
import type { Route, RouteContext, RouteOutcome } from '../router.js';
import { answerCommit, answerRead, refusal } from '../route-answers.js';

function input<T>(context: RouteContext): T {
  return context.params as unknown as T;
}

/** The store, read-only, as the core's refund operations look things up. */
function lookupsOf(context: RouteContext): RefundLookups {
  const store = context.state.store;
  return { charge: (id) => store.charges.get(id), paymentIntent: (id) => store.paymentIntents.get(id)?.intent };
}

function answerRefund(context: RouteContext, result: RefundResult): RouteOutcome {
  return result.kind === 'refused' ? refusal(result.error) : answerCommit(context, commitOfRefundResult(result), result.response);
}

/** Runs `use` on the Refund the path names (`:refund`), or answers 404; with a `:charge`, only one of that Charge's (recorded: `param: refund`). */
function withRefund(context: RouteContext, use: (refund: Refund) => RouteOutcome): RouteOutcome {
  const id = context.path['refund'] ?? '';
  const refund = context.state.store.refunds.get(id);
  const charge = context.path['charge'];
  return refund === undefined || (charge !== undefined && refund.charge !== charge) ? refusal(resourceMissing('refund', id, 'refund', 404)) : use(refund);
}

/** Runs `use` on the Charge the path names, or answers 404 (as `GET /v1/charges/:charge` does, `param: id`). */
function withCharge(context: RouteContext, use: (charge: string) => RouteOutcome): RouteOutcome {
  const id = context.path['charge'] ?? '';
  return context.state.store.charges.has(id) ? use(id) : refusal(resourceMissing('charge', id, 'id', 404));
}

function create(context: RouteContext, path: RefundPath): RouteOutcome {
  return answerRefund(context, createRefund(input(context), context.env, context.access, lookupsOf(context), path));
}

/**
 * `/v1/refunds` (create, retrieve, update, cancel, list) and a Charge's own refund paths
 * (`/v1/charges/:charge/refunds`, `/v1/charges/:charge/refunds/:refund`, and the legacy
 * `POST /v1/charges/:charge/refund`, answered with the Charge), with secret keys.
 */
export const REFUND_ROUTES: readonly Route[] = [
  { method: 'POST', pattern: '/v1/refunds', auth: 'secret', renders: 'refund', handle: (context) => create(context, { kind: 'refunds' }) },
  {
    method: 'GET',
    pattern: '/v1/refunds',
    auth: 'secret',
    renders: 'list:refund',
    handle: (context) => {
      const store = context.state.store;
      const charge = context.params['charge'];
      // Filtered by a Charge, only its Refunds are read (the core still applies every filter).
      const refunds = typeof charge === 'string' ? () => store.refundsOfCharge(charge) : () => store.refundsNewestFirst();
      return answerRead(context, listRefunds(refunds, input(context)));
    },
  },
  {
    method: 'GET',
    pattern: '/v1/refunds/:refund',
    auth: 'secret',
    renders: 'refund',
    handle: (context) => withRefund(context, (refund) => answerRead(context, retrieveRefund(refund, input(context)))),
  },
  {
    method: 'POST',
    pattern: '/v1/refunds/:refund',
    auth: 'secret',
    renders: 'refund',
    handle: (context) => withRefund(context, (refund) => answerRefund(context, updateRefund(refund, input(context)))),
  },
  {
    method: 'POST',
    pattern: '/v1/refunds/:refund/cancel',
    auth: 'secret',
    renders: 'refund',
    handle: (context) => withRefund(context, (refund) => answerRefund(context, cancelRefund(refund, input(context)))),
  },
  {
    method: 'POST',
    pattern: '/v1/charges/:charge/refund',
    auth: 'secret',
    renders: 'charge',
    handle: (context) => withCharge(context, (charge) => create(context, { kind: 'charge_refund_legacy', charge })),
  },
  {
    method: 'POST',
    pattern: '/v1/charges/:charge/refunds',
    auth: 'secret',
    renders: 'refund',
    handle: (context) => withCharge(context, (charge) => create(context, { kind: 'charge_refunds', charge })),
  },
  {
    method: 'GET',
    pattern: '/v1/charges/:charge/refunds',
    auth: 'secret',
    renders: 'list:refund',
    handle: (context) =>
      withCharge(context, (charge) => answerRead(context, listRefunds(() => context.state.store.refundsOfCharge(charge), input(context), { kind: 'charge', charge }))),
  },
  {
    method: 'GET',
    pattern: '/v1/charges/:charge/refunds/:refund',
    auth: 'secret',
    renders: 'refund',
    handle: (context) => withCharge(context, () => withRefund(context, (refund) => answerRead(context, retrieveRefund(refund, input(context))))),
  },
];
