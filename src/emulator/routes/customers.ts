import { commitOfCustomerDeletion, commitOfCustomerResult } from '../../core/commit.js';
import { resourceMissing } from '../../core/stripe-errors.js';
import type { CustomerCreateParams } from '../../operations/create-customer.js';
import { createCustomer } from '../../operations/create-customer.js';
import type { CustomerResult } from '../../operations/customer-result.js';
import { deleteCustomer } from '../../operations/delete-customer.js';
import { retrieveCustomer } from '../../operations/retrieve-customer.js';
import type { CustomerSearchParams } from '../../operations/search-customers.js';
import { searchCustomers } from '../../operations/search-customers.js';
import type { CustomerUpdateParams } from '../../operations/update-customer.js';
import { updateCustomer } from '../../operations/update-customer.js';
import type { Customer } from '../../types/payment-method.js';
import { newestFirst, paginateNewestFirst } from '../pagination.js';
import type { Route, RouteContext, RouteOutcome } from '../router.js';
import { answerCommit, answerRead, answerWith, refusal } from '../route-answers.js';
import { PAGE_PARAMS, checkRouteParams } from '../route-params.js';

/** Runs `use` on the live Customer the path names; a deleted or unknown one is 404. */
function withCustomer(context: RouteContext, use: (customer: Customer) => RouteOutcome): RouteOutcome {
  const id = context.path['customer'] ?? '';
  const customer = context.state.store.customers.get(id);
  return customer === undefined ? refusal(resourceMissing('customer', id, 'id', 404)) : use(customer);
}

function answerCustomer(context: RouteContext, result: CustomerResult): RouteOutcome {
  return result.kind === 'refused' ? refusal(result.error) : answerCommit(context, commitOfCustomerResult(result), result.customer);
}

/** `/v1/customers`: create, retrieve, update, delete, list and search. */
export const CUSTOMER_ROUTES: readonly Route[] = [
  {
    method: 'POST',
    pattern: '/v1/customers',
    auth: 'secret',
    renders: 'customer',
    handle: (context) => answerCustomer(context, createCustomer(context.params as CustomerCreateParams, context.env, context.access)),
  },
  {
    // Listed before `/v1/customers/:customer`, which the router's literal-first order also ensures.
    method: 'GET',
    pattern: '/v1/customers/search',
    auth: 'secret',
    renders: 'list:customer',
    handle: (context) => answerRead(context, searchCustomers(newestFirst(context.state.store.customers.values()), context.params as CustomerSearchParams)),
  },
  {
    method: 'GET',
    pattern: '/v1/customers/:customer',
    auth: 'secret',
    renders: 'customer',
    handle: (context) => {
      const id = context.path['customer'] ?? '';
      const found = context.state.store.customers.get(id) ?? context.state.deletedCustomers.get(id);
      return answerRead(context, retrieveCustomer(id, found, context.params));
    },
  },
  {
    method: 'POST',
    pattern: '/v1/customers/:customer',
    auth: 'secret',
    renders: 'customer',
    handle: (context) =>
      withCustomer(context, (customer) => answerCustomer(context, updateCustomer(customer, context.params as CustomerUpdateParams, context.env, context.access))),
  },
  {
    method: 'DELETE',
    pattern: '/v1/customers/:customer',
    auth: 'secret',
    renders: 'none',
    handle: (context) =>
      withCustomer(context, (customer) => {
        const result = deleteCustomer(customer, context.state.store.paymentMethods.values(), context.params, context.env, context.access);
        return result.kind === 'refused' ? refusal(result.error) : answerCommit(context, commitOfCustomerDeletion(result), result.deleted);
      }),
  },
  {
    method: 'GET',
    pattern: '/v1/customers',
    auth: 'secret',
    renders: 'list:customer',
    handle: (context) => {
      const check = checkRouteParams<{ readonly email?: string; readonly limit?: number; readonly starting_after?: string; readonly ending_before?: string }>(
        context,
        { ...PAGE_PARAMS, email: { kind: 'string', max: 512 } },
      );
      if (!check.ok) {
        return refusal(check.error);
      }
      const email = check.params.email;
      const page = paginateNewestFirst(
        context.state.store.customersNewestFirst(),
        (customer) => email === undefined || customer.email === email,
        check.params,
        '/v1/customers',
        'customer',
      );
      return page.ok ? answerWith(context, page.list, false) : refusal(page.error);
    },
  },
];
