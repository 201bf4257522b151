import { parameterInvalidEmpty, resourceMissing } from '../../core/stripe-errors.js';
import type { ParamSpecs } from '../../params/param-spec.js';
import { mergeMetadata } from '../../operations/metadata-updates.js';
import type { Customer } from '../../types/payment-method.js';
import { newestFirst, paginate } from '../pagination.js';
import type { Route, RouteContext, RouteOutcome } from '../router.js';
import { answerWith, refusal } from '../route-answers.js';
import { EXPAND_PARAM, PAGE_PARAMS, checkRouteParams } from '../route-params.js';

const FIELD_PARAMS: ParamSpecs = {
  email: { kind: 'string', max: 512, emptyUnsets: true },
  name: { kind: 'string', max: 256, emptyUnsets: true },
  metadata: { kind: 'metadata', emptyUnsets: true },
  expand: EXPAND_PARAM,
};

interface CustomerFields {
  readonly email?: string;
  readonly name?: string;
  readonly metadata?: Readonly<Record<string, string>> | '';
}

function withCustomer(context: RouteContext, use: (customer: Customer) => RouteOutcome): RouteOutcome {
  const id = context.path['customer'] ?? '';
  const customer = context.state.store.customers.get(id);
  return customer === undefined ? refusal(resourceMissing('customer', id, 'id', 404)) : use(customer);
}

function mergedMetadata(current: Readonly<Record<string, string>>, given: CustomerFields['metadata']): Record<string, string> {
  return given === undefined ? { ...current } : mergeMetadata(current, given);
}

function text(value: string | undefined, current: string | null): string | null {
  return value === undefined ? current : value === '' ? null : value;
}

/** `/v1/customers`: create, retrieve, update and list, as far as setup flows need them. */
export const CUSTOMER_ROUTES: readonly Route[] = [
  {
    method: 'POST',
    pattern: '/v1/customers',
    auth: 'secret',
    renders: 'customer',
    handle: (context) => {
      const check = checkRouteParams<CustomerFields>(context, FIELD_PARAMS);
      if (!check.ok) {
        return refusal(check.error);
      }
      if (check.params.metadata === '') {
        return refusal(parameterInvalidEmpty('metadata'));
      }
      const customer = context.state.store.addCustomer({
        ...(check.params.email !== undefined && check.params.email !== '' ? { email: check.params.email } : {}),
        ...(check.params.name !== undefined && check.params.name !== '' ? { name: check.params.name } : {}),
      });
      const stored: Customer = { ...customer, metadata: mergedMetadata({}, check.params.metadata) };
      context.state.store.customers.set(stored.id, stored);
      return answerWith(context, stored, true);
    },
  },
  {
    method: 'GET',
    pattern: '/v1/customers/:customer',
    auth: 'secret',
    renders: 'customer',
    handle: (context) =>
      withCustomer(context, (customer) => {
        const check = checkRouteParams(context, { expand: EXPAND_PARAM });
        return check.ok ? answerWith(context, customer, false) : refusal(check.error);
      }),
  },
  {
    method: 'POST',
    pattern: '/v1/customers/:customer',
    auth: 'secret',
    renders: 'customer',
    handle: (context) =>
      withCustomer(context, (customer) => {
        const check = checkRouteParams<CustomerFields>(context, FIELD_PARAMS);
        if (!check.ok) {
          return refusal(check.error);
        }
        const updated: Customer = {
          ...customer,
          email: text(check.params.email, customer.email),
          name: text(check.params.name, customer.name ?? null),
          metadata: mergedMetadata(customer.metadata, check.params.metadata),
        };
        context.state.store.customers.set(updated.id, updated);
        return answerWith(context, updated, true);
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
      const customers = newestFirst(context.state.store.customers.values()).filter((customer) => email === undefined || customer.email === email);
      const page = paginate(customers, check.params, '/v1/customers', 'customer');
      return page.ok ? answerWith(context, page.list, false) : refusal(page.error);
    },
  },
];
