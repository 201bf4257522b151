import { commitOfPaymentMethodAttachment, commitOfPaymentMethodCreation, commitOfPaymentMethodRetrieval } from '../../core/commit.js';
import { apiError, requestError, resourceMissing } from '../../core/stripe-errors.js';
import type { PaymentMethodAttachment } from '../../operations/attach-payment-method.js';
import { attachPaymentMethod, detachPaymentMethod } from '../../operations/attach-payment-method.js';
import type { PaymentMethodCreateParams } from '../../operations/create-payment-method.js';
import { createPaymentMethod } from '../../operations/create-payment-method.js';
import { retrievePaymentMethod } from '../../operations/retrieve-payment-method.js';
import type { PaymentMethodUpdateParams } from '../../operations/update-payment-method.js';
import { updatePaymentMethod } from '../../operations/update-payment-method.js';
import type { PaymentMethod } from '../../types/payment-method.js';
import { paginateNewestFirst } from '../pagination.js';
import type { PageParams } from '../pagination.js';
import type { Route, RouteContext, RouteOutcome } from '../router.js';
import { answerCommit, answerWith, refusal } from '../route-answers.js';
import { EXPAND_PARAM, ID_PARAM, PAGE_PARAMS, checkRouteParams } from '../route-params.js';

/**
 * Runs `change` on the PaymentMethod the path names and commits its result. A test alias
 * (`pm_card_visa`) names a fresh PaymentMethod, committed only with the change, so a refused
 * request leaves nothing behind.
 */
function changePaymentMethod(context: RouteContext, change: (paymentMethod: PaymentMethod) => PaymentMethodAttachment): RouteOutcome {
  const found = retrievePaymentMethod(context.path['payment_method'] ?? '', {}, context.env);
  if (found.kind === 'refused') {
    return refusal(found.error);
  }
  const result = change(found.paymentMethod);
  return result.kind === 'refused' ? refusal(result.error) : answerCommit(context, commitOfPaymentMethodAttachment(result), result.paymentMethod);
}

function listFor(
  context: RouteContext,
  customer: string | undefined,
  params: ListParams,
  url: string,
): RouteOutcome {
  // Without a customer, Stripe lists only Treasury PaymentMethods, which are not modelled: none
  // (recorded live at 2026-08-26.dahlia; https://docs.stripe.com/api/payment_methods/list).
  const page = paginateNewestFirst(
    customer === undefined ? [] : context.state.store.paymentMethodsNewestFirst(),
    (pm) =>
      pm.customer === customer &&
      (params.type === undefined || pm.type === params.type) &&
      (params.allow_redisplay === undefined || pm.allow_redisplay === params.allow_redisplay),
    params,
    url,
    'payment_method',
  );
  return page.ok ? answerWith(context, page.list, false) : refusal(page.error);
}

type ListParams = PageParams & { readonly customer?: string; readonly type?: string; readonly allow_redisplay?: string };

const LIST_FILTERS = {
  type: { kind: 'string', max: 5000 },
  allow_redisplay: { kind: 'string', enum: ['always', 'limited', 'unspecified'] },
} as const;

/** `/v1/payment_methods` (create, retrieve, update, list, attach, detach) and `/v1/customers/:customer/payment_methods[/:id]`. */
export const PAYMENT_METHOD_ROUTES: readonly Route[] = [
  {
    method: 'POST',
    pattern: '/v1/payment_methods',
    auth: 'publishable',
    renders: 'payment_method',
    handle: (context) => {
      const created = createPaymentMethod(context.params as unknown as PaymentMethodCreateParams, context.env);
      return created.kind === 'refused' ? refusal(created.error) : answerCommit(context, commitOfPaymentMethodCreation(created), created.paymentMethod);
    },
  },
  {
    method: 'GET',
    pattern: '/v1/payment_methods/:payment_method',
    auth: 'secret',
    renders: 'payment_method',
    handle: (context) => {
      const found = retrievePaymentMethod(context.path['payment_method'] ?? '', context.params, context.env);
      return found.kind === 'refused' ? refusal(found.error) : answerCommit(context, commitOfPaymentMethodRetrieval(found), found.paymentMethod);
    },
  },
  {
    method: 'GET',
    pattern: '/v1/payment_methods',
    auth: 'secret',
    renders: 'list:payment_method',
    handle: (context) => {
      const check = checkRouteParams<ListParams>(context, { ...PAGE_PARAMS, customer: ID_PARAM, ...LIST_FILTERS });
      if (!check.ok) {
        return refusal(check.error);
      }
      const customer = check.params.customer;
      if (customer !== undefined && !context.state.store.customers.has(customer)) {
        return refusal(resourceMissing('customer', customer, 'customer', 400));
      }
      return listFor(context, customer, check.params, '/v1/payment_methods');
    },
  },
  {
    method: 'GET',
    pattern: '/v1/customers/:customer/payment_methods',
    auth: 'secret',
    renders: 'list:payment_method',
    handle: (context) => {
      const customer = context.path['customer'] ?? '';
      if (!context.state.store.customers.has(customer)) {
        // The path's customer is the `id` parameter to Stripe (recorded live at 2026-08-26.dahlia).
        return refusal(resourceMissing('customer', customer, 'id', 404));
      }
      const check = checkRouteParams<ListParams>(context, { ...PAGE_PARAMS, ...LIST_FILTERS });
      return check.ok ? listFor(context, customer, check.params, `/v1/customers/${customer}/payment_methods`) : refusal(check.error);
    },
  },
  {
    method: 'GET',
    pattern: '/v1/customers/:customer/payment_methods/:payment_method',
    auth: 'secret',
    renders: 'payment_method',
    handle: (context) => {
      const customer = context.path['customer'] ?? '';
      if (!context.state.store.customers.has(customer)) {
        return refusal(resourceMissing('customer', customer, 'id', 404));
      }
      const check = checkRouteParams(context, { expand: EXPAND_PARAM });
      if (!check.ok) {
        return refusal(check.error);
      }
      const found = context.state.store.paymentMethods.get(context.path['payment_method'] ?? '');
      // A PaymentMethod that is not the customer's: live Stripe answers 404 "Invalid request" on `customer` (recorded).
      return found === undefined || found.customer !== customer
        ? refusal(requestError(404, apiError('invalid_request_error', { message: 'Invalid request', param: 'customer' })))
        : answerWith(context, found, false);
    },
  },
  {
    method: 'POST',
    pattern: '/v1/payment_methods/:payment_method',
    auth: 'secret',
    renders: 'payment_method',
    handle: (context) =>
      changePaymentMethod(context, (paymentMethod) =>
        updatePaymentMethod(paymentMethod, context.params as PaymentMethodUpdateParams, context.env, context.access),
      ),
  },
  {
    method: 'POST',
    pattern: '/v1/payment_methods/:payment_method/attach',
    auth: 'secret',
    renders: 'payment_method',
    handle: (context) =>
      changePaymentMethod(context, (paymentMethod) => attachPaymentMethod(paymentMethod, context.params, context.env, context.access)),
  },
  {
    method: 'POST',
    pattern: '/v1/payment_methods/:payment_method/detach',
    auth: 'secret',
    renders: 'payment_method',
    handle: (context) =>
      changePaymentMethod(context, (paymentMethod) => detachPaymentMethod(paymentMethod, context.params, context.env, context.access)),
  },
];
