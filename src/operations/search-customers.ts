import { invalidParameter, parameterMissing } from '../core/stripe-errors.js';
import { CUSTOMER_SEARCH_PARAMS } from '../params/customer-param-specs.js';
import { checkParams } from '../params/validate-params.js';
import type { Customer } from '../types/payment-method.js';
import type { StripeRequestError } from '../types/stripe-error.js';
import type { SearchClause } from './customer-search-query.js';
import { parseSearchQuery, unparseableQuery } from './customer-search-query.js';
import type { ReadResult } from './read-result.js';

/** Parameters of `GET /v1/customers/search` (https://docs.stripe.com/api/customers/search). */
export interface CustomerSearchParams {
  /** The query, in Stripe's search query language; required. */
  readonly query?: string;
  /** How many Customers to answer, 1 to 100 (10 by default). */
  readonly limit?: number;
  /** The `next_page` of a previous answer to the same query. */
  readonly page?: string;
  /** Fields to expand in the answer. */
  readonly expand?: readonly string[];
}

/** Stripe's `search_result` object: one page of matches. */
export interface SearchResult<T> {
  /** Always `search_result`. */
  readonly object: 'search_result';
  /** The matches on this page. */
  readonly data: readonly T[];
  /** Whether more matches follow. */
  readonly has_more: boolean;
  /** The `page` parameter for the next page; `null` on the last. */
  readonly next_page: string | null;
  /** The path searched. */
  readonly url: string;
}

/** The query fields of Customers and their kinds (https://docs.stripe.com/search#query-fields-for-customers). */
const CUSTOMER_FIELDS: Readonly<Record<string, 'string' | 'token' | 'numeric'>> = {
  created: 'numeric',
  email: 'string',
  metadata: 'token',
  name: 'string',
  phone: 'string',
};

const URL = '/v1/customers/search';
const PAGE_PREFIX = 'page_';

/** Whether a clause uses its field the way the field's kind allows; the reason it cannot otherwise. */
function checkClause(clause: SearchClause): StripeRequestError | null {
  const kind = Object.prototype.hasOwnProperty.call(CUSTOMER_FIELDS, clause.field) ? CUSTOMER_FIELDS[clause.field] : undefined;
  if (kind === undefined) {
    // Wording recorded against live Stripe by stripe-ruby-mock's search specs (THIRD-PARTY).
    return invalidParameter('query', `Field \`${clause.field}\` is an unsupported search field for resource \`customers\`.`);
  }
  const { operator, value } = clause;
  if ((clause.key !== null) !== (kind === 'token')) {
    return unparseableQuery();
  }
  let usable: boolean;
  switch (kind) {
    case 'numeric':
      usable = typeof value === 'number' && operator !== '~';
      break;
    case 'token':
      usable = operator === ':' && typeof value !== 'number';
      break;
    case 'string':
      // Substring matching needs three characters (docs.stripe.com/search).
      usable = operator === ':' ? typeof value !== 'number' : operator === '~' && typeof value === 'string' && value.length >= 3;
      break;
  }
  return usable ? null : unparseableQuery();
}

function fieldValue(customer: Customer, clause: SearchClause): string | number | null {
  switch (clause.field) {
    case 'created':
      return customer.created;
    case 'metadata':
      return customer.metadata[clause.key ?? ''] ?? null;
    case 'email':
      return customer.email;
    case 'name':
      return customer.name;
    default:
      return customer.phone;
  }
}

function compare(actual: number, operator: SearchClause['operator'], wanted: number): boolean {
  switch (operator) {
    case '>':
      return actual > wanted;
    case '<':
      return actual < wanted;
    case '>=':
      return actual >= wanted;
    case '<=':
      return actual <= wanted;
    default:
      return actual === wanted;
  }
}

function matchesClause(customer: Customer, clause: SearchClause): boolean {
  const actual = fieldValue(customer, clause);
  let matched: boolean;
  if (clause.value === null) {
    matched = actual === null;
  } else if (typeof clause.value === 'number') {
    matched = typeof actual === 'number' && compare(actual, clause.operator, clause.value);
  } else if (typeof actual !== 'string') {
    matched = false;
  } else if (clause.field === 'metadata') {
    // Token fields match exactly; string fields ignore case (docs.stripe.com/search). Case
    // sensitivity of metadata values is UNCONFIRMED.
    matched = actual === clause.value;
  } else {
    const have = actual.toLowerCase();
    const want = clause.value.toLowerCase();
    matched = clause.operator === '~' ? have.includes(want) : have === want;
  }
  return matched !== clause.negated;
}

function offsetOf(page: string | undefined): number | null {
  if (page === undefined) {
    return 0;
  }
  const match = /^page_(\d{1,9})$/.exec(page);
  return match === null ? null : Number(match[1]);
}

/**
 * Searches Customers (`GET /v1/customers/search`): answers a `search_result` page of those the
 * query matches, newest first, with `next_page` to pass as `page` for the next one. Supported
 * fields are Stripe's for Customers: `email`, `name`, `phone` (exact match ignoring case with `:`,
 * substring with `~`), `metadata['key']` (exact) and `created` (compared as a number).
 *
 * @remarks Unlike Stripe's, whose index lags writes by up to a minute, results are current. The
 * `page` tokens are opaque to callers; their format here is the library's own.
 *
 * @param customers - every live Customer, newest first.
 */
export function searchCustomers(customers: readonly Customer[], input: CustomerSearchParams): ReadResult<SearchResult<Customer>> {
  const check = checkParams(input, CUSTOMER_SEARCH_PARAMS);
  if (!check.ok) {
    return { kind: 'refused', error: check.error };
  }
  const params = check.params as CustomerSearchParams;
  if (params.query === undefined) {
    return { kind: 'refused', error: parameterMissing('query') };
  }
  const limit = params.limit ?? 10;
  if (limit < 1 || limit > 100) {
    return { kind: 'refused', error: invalidParameter('limit', 'Invalid limit: must be between 1 and 100') };
  }
  const offset = offsetOf(params.page);
  if (offset === null) {
    // The wording is UNCONFIRMED.
    return { kind: 'refused', error: invalidParameter('page', `Invalid page: ${params.page ?? ''}`) };
  }
  const parsed = parseSearchQuery(params.query);
  if (!parsed.ok) {
    return { kind: 'refused', error: parsed.error };
  }
  for (const clause of parsed.query.clauses) {
    const problem = checkClause(clause);
    if (problem !== null) {
      return { kind: 'refused', error: problem };
    }
  }
  const { clauses, combinator } = parsed.query;
  const matches = customers.filter((customer) =>
    combinator === 'and' ? clauses.every((clause) => matchesClause(customer, clause)) : clauses.some((clause) => matchesClause(customer, clause)),
  );
  const data = matches.slice(offset, offset + limit);
  const hasMore = offset + limit < matches.length;
  return {
    kind: 'found',
    value: { object: 'search_result', data, has_more: hasMore, next_page: hasMore ? `${PAGE_PREFIX}${offset + limit}` : null, url: URL },
  };
}
