// The search query language: https://docs.stripe.com/search#search-query-language
// The endpoint and its `search_result` object: https://docs.stripe.com/api/customers/search
import { describe, expect, it } from 'vitest';
import { createCustomer, parseSearchQuery, searchCustomers } from '../../src/index.js';
import type { Customer, CustomerCreateParams, SearchResult } from '../../src/index.js';
import { harness } from './helpers.js';

/** Stripe's answer to a query it cannot read (recorded against live Stripe in stripe-ruby-mock's search specs). */
const UNPARSEABLE =
  'We were unable to parse your search query. Try using the format `metadata["key"]:"value"` to query for metadata or key:"value" to query for other fields.';

describe('parseSearchQuery', () => {
  it('reads quoted values in either quotes, metadata keys, numbers, null and negation', () => {
    const parsed = parseSearchQuery(`email:'jenny@example.com' AND -metadata["plan"]:null AND created>=1700000000 AND name~"Ros"`);
    expect(parsed).toEqual({
      ok: true,
      query: {
        combinator: 'and',
        clauses: [
          { field: 'email', key: null, operator: ':', value: 'jenny@example.com', negated: false },
          { field: 'metadata', key: 'plan', operator: ':', value: null, negated: true },
          { field: 'created', key: null, operator: '>=', value: 1700000000, negated: false },
          { field: 'name', key: null, operator: '~', value: 'Ros', negated: false },
        ],
      },
    });
  });

  it('joins clauses by spaces or AND (any case), or by OR', () => {
    const spaced = parseSearchQuery(`name:'a' email:'b' and phone:'c'`);
    expect(spaced.ok && spaced.query.combinator).toBe('and');
    expect(spaced.ok && spaced.query.clauses.length).toBe(3);
    const either = parseSearchQuery(`name:'a' OR name:'b' or name:'c'`);
    expect(either.ok && either.query.combinator).toBe('or');
  });

  it('unescapes a backslash-escaped quote inside a value', () => {
    const parsed = parseSearchQuery(`name:"the \\"Sky\\""`);
    expect(parsed.ok && parsed.query.clauses[0]?.value).toBe('the "Sky"');
  });

  it.each([
    ['a bare word', 'asdf'],
    ['an unquoted string', 'email:jenny'],
    ['an unterminated quote', "email:'jenny"],
    ['AND mixed with OR', "name:'a' AND name:'b' OR name:'c'"],
    ['a trailing connector', "name:'a' AND "],
    ['parentheses', "(name:'a')"],
    ['an empty query', '   '],
    ['eleven clauses', Array.from({ length: 11 }, (_, i) => `name:'${i}'`).join(' AND ')],
  ])('refuses %s with Stripe\'s parse error', (_label, query) => {
    const parsed = parseSearchQuery(query);
    if (parsed.ok) throw new Error('parsed');
    expect(parsed.error.statusCode).toBe(400);
    expect(parsed.error.error).toMatchObject({ type: 'invalid_request_error', message: UNPARSEABLE });
  });
});

describe('searchCustomers', () => {
  function customers(...params: readonly CustomerCreateParams[]): Customer[] {
    const h = harness();
    let now = 1_700_000_000;
    const made = params.map((p) => {
      const result = createCustomer(p, { ...h.env, now: () => (now += 100) });
      if (result.kind === 'refused') throw new Error(result.error.error.message);
      return result.customer;
    });
    return made.reverse();
  }

  const all = customers(
    { email: 'jenny@example.com', name: 'Jenny Rosen', metadata: { plan: 'pro' }, phone: '+14155550100' },
    { email: 'ada@example.com', name: 'Ada Lovelace', metadata: { plan: 'free' } },
    { email: 'grace@example.org', name: 'Grace Hopper' },
  );
  const [grace, ada, jenny] = all as [Customer, Customer, Customer];

  function ids(query: string, extra: { readonly limit?: number; readonly page?: string } = {}): string[] {
    const result = searchCustomers(all, { query, ...extra });
    if (result.kind === 'refused') throw new Error(result.error.error.message);
    return result.value.data.map((c) => c.id);
  }

  it('matches email, name and phone exactly ignoring case, or by substring with ~', () => {
    expect(ids("email:'JENNY@example.com'")).toEqual([jenny.id]);
    expect(ids("name:'ada lovelace'")).toEqual([ada.id]);
    expect(ids("phone:'+14155550100'")).toEqual([jenny.id]);
    expect(ids("email~'example.com'")).toEqual([ada.id, jenny.id]);
    expect(ids("name:'Ada'")).toEqual([]);
  });

  it('matches metadata exactly, null for a missing key, and negation', () => {
    expect(ids("metadata['plan']:'pro'")).toEqual([jenny.id]);
    expect(ids("metadata['plan']:null")).toEqual([grace.id]);
    expect(ids("-metadata['plan']:null")).toEqual([ada.id, jenny.id]);
    expect(ids("-email~'example.org'")).toEqual([ada.id, jenny.id]);
  });

  it('compares created as a number and combines clauses with AND or OR', () => {
    expect(ids(`created>${jenny.created}`)).toEqual([grace.id, ada.id]);
    expect(ids(`created>${jenny.created} AND metadata['plan']:'free'`)).toEqual([ada.id]);
    expect(ids(`name:'Grace Hopper' OR email:'jenny@example.com'`)).toEqual([grace.id, jenny.id]);
  });

  it("answers Stripe's search_result object and pages with next_page", () => {
    const first = searchCustomers(all, { query: "email~'example'", limit: 2 });
    if (first.kind !== 'found') throw new Error('refused');
    const page: SearchResult<Customer> = first.value;
    expect(page).toEqual({ object: 'search_result', data: [grace, ada], has_more: true, next_page: expect.any(String), url: '/v1/customers/search' });
    expect(ids("email~'example'", { limit: 2, page: page.next_page ?? '' })).toEqual([jenny.id]);
    const last = searchCustomers(all, { query: "email~'example'", limit: 2, page: page.next_page ?? '' });
    expect(last.kind === 'found' && last.value).toMatchObject({ has_more: false, next_page: null });
  });

  it('refuses a missing query, an unsupported field, a misused field, a bad limit or page', () => {
    const refusal = (input: Parameters<typeof searchCustomers>[1]) => {
      const result = searchCustomers(all, input);
      if (result.kind !== 'refused') throw new Error('answered');
      return result.error;
    };
    expect(refusal({}).error).toMatchObject({ code: 'parameter_missing', param: 'query', message: 'Missing required param: query.' });
    // Wording recorded against live Stripe in stripe-ruby-mock's search specs.
    expect(refusal({ query: "currency:'usd'" }).error.message).toBe('Field `currency` is an unsupported search field for resource `customers`.');
    expect(refusal({ query: "metadata:'x'" }).error.message).toBe(UNPARSEABLE);
    expect(refusal({ query: "email~'ab'" }).error.message).toBe(UNPARSEABLE);
    expect(refusal({ query: "created:'yesterday'" }).error.message).toBe(UNPARSEABLE);
    expect(refusal({ query: "name:'a'", limit: 101 }).error.param).toBe('limit');
    expect(refusal({ query: "name:'a'", page: 'nonsense' }).error.param).toBe('page');
    expect(refusal({ query: "name:'a'", sort: 'x' } as never).error.code).toBe('parameter_unknown');
  });
});
