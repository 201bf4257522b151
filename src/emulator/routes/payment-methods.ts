import { resolvePaymentMethodReference } from '../../core/payment-methods.js';
import { resourceMissing } from '../../core/stripe-errors.js';
import { attachPaymentMethod, detachPaymentMethod } from '../../operations/attach-payment-method.js';
import type { PaymentMethodCreateParams } from '../../operations/create-payment-method.js';
import { createPaymentMethod } from '../../operations/create-payment-method.js';
import type { PaymentMethod } from '../../types/payment-method.js';
import { newestFirst, paginate } from '../pagination.js';
import type { PageParams } from '../pagination.js';
import type { Route, RouteContext, RouteOutcome } from '../router.js';
import { answerWith, refusal } from '../route-answers.js';
import { EXPAND_PARAM, ID_PARAM, PAGE_PARAMS, checkRouteParams } from '../route-params.js';

/**
 * Runs `use` on the PaymentMethod the path names. A test alias (`pm_card_visa`) creates a fresh
 * PaymentMethod, as Stripe does wherever a PaymentMethod id is accepted; `use` stores it only
 * when the request succeeds, so a refused request leaves nothing behind.
 */
function withPaymentMethod(context: RouteContext, use: (paymentMethod: PaymentMethod, created: boolean) => RouteOutcome): RouteOutcome {
  const id = context.path['payment_method'] ?? '';
  const resolved = resolvePaymentMethodReference(id, context.state.store.env, 'payment_method');
  if (!resolved.ok) {
    return refusal(resourceMissing('PaymentMethod', id, 'payment_method', 404));
  }
  return use(resolved.value.paymentMethod, resolved.value.created);
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
      if (created.kind === 'refused') {
        return refusal(created.error);
      }
      context.state.store.paymentMethods.set(created.paymentMethod.id, created.paymentMethod);
      return answerWith(context, created.paymentMethod, true);
    },
  },
  {
    method: 'GET',
    pattern: '/v1/payment_methods/:payment_method',
    auth: 'secret',
    renders: 'payment_method',
    handle: (context) =>
      withPaymentMethod(context, (paymentMethod, created) => {
        const check = checkRouteParams(context, { expand: EXPAND_PARAM });
        if (!check.ok) {
          return refusal(check.error);
        }
        if (created) {
          context.state.store.paymentMethods.set(paymentMethod.id, paymentMethod);
        }
        return answerWith(context, paymentMethod, created);
      }),
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
      withPaymentMethod(context, (paymentMethod) => {
        const change = attachPaymentMethod(paymentMethod, context.params, context.state.store.env, context.access);
        if (change.kind === 'refused') {
          return refusal(change.error);
        }
        context.state.store.paymentMethods.set(change.paymentMethod.id, change.paymentMethod);
        context.state.addEvents(change.events);
        return answerWith(context, change.paymentMethod, true);
      }),
  },
  {
    method: 'POST',
    pattern: '/v1/payment_methods/:payment_method/detach',
    auth: 'secret',
    renders: 'payment_method',
    handle: (context) =>
      withPaymentMethod(context, (paymentMethod) => {
        const change = detachPaymentMethod(paymentMethod, context.params, context.state.store.env, context.access);
        if (change.kind === 'refused') {
          return refusal(change.error);
        }
        context.state.store.paymentMethods.set(change.paymentMethod.id, change.paymentMethod);
        context.state.addEvents(change.events);
        return answerWith(context, change.paymentMethod, true);
      }),
  },
];
