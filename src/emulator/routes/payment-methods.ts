import { commitOfPaymentMethodAttachment, commitOfPaymentMethodCreation, commitOfPaymentMethodRetrieval } from '../../core/commit.js';
import { resourceMissing } from '../../core/stripe-errors.js';
import type { PaymentMethodAttachment } from '../../operations/attach-payment-method.js';
import { attachPaymentMethod, detachPaymentMethod } from '../../operations/attach-payment-method.js';
import type { PaymentMethodCreateParams } from '../../operations/create-payment-method.js';
import { createPaymentMethod } from '../../operations/create-payment-method.js';
import { retrievePaymentMethod } from '../../operations/retrieve-payment-method.js';
import type { PaymentMethod } from '../../types/payment-method.js';
import { newestFirst, paginate } from '../pagination.js';
import type { PageParams } from '../pagination.js';
import type { Route, RouteContext, RouteOutcome } from '../router.js';
import { answerCommit, answerWith, refusal } from '../route-answers.js';
import { ID_PARAM, PAGE_PARAMS, checkRouteParams } from '../route-params.js';

/**
 * Runs `change` on the PaymentMethod the path names and commits its result. A test alias
 * (`pm_card_visa`) names a fresh PaymentMethod, committed only with the change, so a refused
 * request leaves nothing behind.
 */
function changePaymentMethod(context: RouteContext, change: (paymentMethod: PaymentMethod) => PaymentMethodAttachment): RouteOutcome {
  const found = retrievePaymentMethod(context.path['payment_method'] ?? '', {}, context.state.store.env);
  if (found.kind === 'refused') {
    return refusal(found.error);
  }
  const result = change(found.paymentMethod);
  return result.kind === 'refused' ? refusal(result.error) : answerCommit(context, commitOfPaymentMethodAttachment(result), result.paymentMethod);
}

function listFor(context: RouteContext, customer: string | undefined, type: string | undefined, params: PageParams, url: string): RouteOutcome {
  const paymentMethods = newestFirst(context.state.store.paymentMethods.values()).filter(
    (pm) => (customer === undefined || pm.customer === customer) && (type === undefined || pm.type === type),
  );
  const page = paginate(paymentMethods, params, url, 'payment_method');
  return page.ok ? answerWith(context, page.list, false) : refusal(page.error);
}

type ListParams = PageParams & { readonly customer?: string; readonly type?: string };

/** `/v1/payment_methods` (create, retrieve, list, attach, detach) and `/v1/customers/:customer/payment_methods`. */
export const PAYMENT_METHOD_ROUTES: readonly Route[] = [
  {
    method: 'POST',
    pattern: '/v1/payment_methods',
    auth: 'publishable',
    renders: 'payment_method',
    handle: (context) => {
      const created = createPaymentMethod(context.params as unknown as PaymentMethodCreateParams, context.state.store.env);
      return created.kind === 'refused' ? refusal(created.error) : answerCommit(context, commitOfPaymentMethodCreation(created), created.paymentMethod);
    },
  },
  {
    method: 'GET',
    pattern: '/v1/payment_methods/:payment_method',
    auth: 'secret',
    renders: 'payment_method',
    handle: (context) => {
      const found = retrievePaymentMethod(context.path['payment_method'] ?? '', context.params, context.state.store.env);
      return found.kind === 'refused' ? refusal(found.error) : answerCommit(context, commitOfPaymentMethodRetrieval(found), found.paymentMethod);
    },
  },
  {
    method: 'GET',
    pattern: '/v1/payment_methods',
    auth: 'secret',
    renders: 'list:payment_method',
    handle: (context) => {
      const check = checkRouteParams<ListParams>(context, { ...PAGE_PARAMS, customer: ID_PARAM, type: { kind: 'string', max: 5000 } });
      return check.ok ? listFor(context, check.params.customer, check.params.type, check.params, '/v1/payment_methods') : refusal(check.error);
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
        return refusal(resourceMissing('customer', customer, 'customer', 404));
      }
      const check = checkRouteParams<ListParams>(context, { ...PAGE_PARAMS, type: { kind: 'string', max: 5000 } });
      return check.ok ? listFor(context, customer, check.params.type, check.params, `/v1/customers/${customer}/payment_methods`) : refusal(check.error);
    },
  },
  {
    method: 'POST',
    pattern: '/v1/payment_methods/:payment_method/attach',
    auth: 'secret',
    renders: 'payment_method',
    handle: (context) =>
      changePaymentMethod(context, (paymentMethod) => attachPaymentMethod(paymentMethod, context.params, context.state.store.env, context.access)),
  },
  {
    method: 'POST',
    pattern: '/v1/payment_methods/:payment_method/detach',
    auth: 'secret',
    renders: 'payment_method',
    handle: (context) =>
      changePaymentMethod(context, (paymentMethod) => detachPaymentMethod(paymentMethod, context.params, context.state.store.env, context.access)),
  },
];
