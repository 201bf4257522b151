import { invalidParameter } from '../core/stripe-errors.js';
import type { StripeRequestError } from '../types/stripe-error.js';

/**
 * A clause's operator in Stripe's search query language (https://docs.stripe.com/search): `:`
 * exact match, `~` substring, and the numeric comparisons.
 */
export type SearchOperator = ':' | '~' | '=' | '>' | '<' | '>=' | '<=';

/** One clause of a search query, such as `email:'jenny@example.com'` or `-metadata['plan']:null`. */
export interface SearchClause {
  /** The field, such as `email`, or `metadata` for a metadata clause. */
  readonly field: string;
  /** The metadata key of `metadata['key']`; `null` for other fields. */
  readonly key: string | null;
  readonly operator: SearchOperator;
  /** A quoted string, a number, or `null` (the `null` keyword). */
  readonly value: string | number | null;
  /** Whether the clause starts with `-`. */
  readonly negated: boolean;
}

/** A parsed query: its clauses, joined all by `AND` or all by `OR`. */
export interface SearchQuery {
  readonly clauses: readonly SearchClause[];
  readonly combinator: 'and' | 'or';
}

/** A parsed query, or the error to answer with. */
export type SearchQueryParse = { readonly ok: true; readonly query: SearchQuery } | { readonly ok: false; readonly error: StripeRequestError };

/** Stripe allows ten clauses in one query (https://docs.stripe.com/search#search-query-language). */
const MAX_CLAUSES = 10;

/**
 * Stripe's answer to a query it cannot read, as recorded against live Stripe by other emulators'
 * suites (for example stripe-ruby-mock's search specs). The `param` is UNCONFIRMED.
 */
export function unparseableQuery(): StripeRequestError {
  return invalidParameter(
    'query',
    'We were unable to parse your search query. Try using the format `metadata["key"]:"value"` to query for metadata or key:"value" to query for other fields.',
  );
}

class Unparseable {}

/** Reads one query text left to right; throws {@link Unparseable} at the first thing it cannot read. */
class Reader {
  private at = 0;

  constructor(private readonly text: string) {}

  done(): boolean {
    return this.at >= this.text.length;
  }

  /** Skips spaces and tabs; whether any were skipped. */
  skipSpace(): boolean {
    const start = this.at;
    while (this.at < this.text.length && /\s/.test(this.text[this.at] as string)) this.at++;
    return this.at > start;
  }

  /** Reads `AND` or `OR` (any case) followed by a space, if the text continues with one. */
  connector(): 'and' | 'or' | null {
    const match = /^(and|or)\s/i.exec(this.text.slice(this.at));
    if (match === null) return null;
    this.at += (match[1] as string).length;
    return (match[1] as string).toLowerCase() as 'and' | 'or';
  }

  clause(): SearchClause {
    const negated = this.text[this.at] === '-';
    if (negated) this.at++;
    const field = this.match(/^[A-Za-z_][A-Za-z0-9_.]*/);
    let key: string | null = null;
    if (this.text[this.at] === '[') {
      this.at++;
      key = this.quoted();
      this.expect(']');
    }
    const operator = this.match(/^(>=|<=|:|~|=|>|<)/) as SearchOperator;
    return { field, key, operator, value: this.value(), negated };
  }

  private value(): string | number | null {
    const next = this.text[this.at];
    if (next === '"' || next === "'") return this.quoted();
    const bare = this.match(/^[^\s]+/);
    if (/^-?\d+(\.\d+)?$/.test(bare)) return Number(bare);
    if (bare.toLowerCase() === 'null') return null;
    throw new Unparseable();
  }

  /** A string in single or double quotes; a backslash escapes the next character. */
  private quoted(): string {
    const quote = this.text[this.at];
    if (quote !== '"' && quote !== "'") throw new Unparseable();
    this.at++;
    let out = '';
    while (this.at < this.text.length) {
      const char = this.text[this.at++] as string;
      if (char === quote) return out;
      if (char === '\\' && this.at < this.text.length) {
        out += this.text[this.at++];
      } else {
        out += char;
      }
    }
    throw new Unparseable();
  }

  private match(pattern: RegExp): string {
    const found = pattern.exec(this.text.slice(this.at));
    if (found === null) throw new Unparseable();
    this.at += found[0].length;
    return found[0];
  }

  private expect(char: string): void {
    if (this.text[this.at] !== char) throw new Unparseable();
    this.at++;
  }
}

/**
 * Parses a query in Stripe's search query language (https://docs.stripe.com/search): clauses
 * `field:'value'`, `field~'sub'`, `created>1700000000`, `metadata['key']:'value'`, `field:null`,
 * each optionally negated with `-`, joined by spaces or `AND` (any case), or by `OR`, but not
 * both, up to ten of them, without parentheses. Strings must be quoted. It checks syntax only:
 * which fields a resource supports is the search operation's business.
 */
export function parseSearchQuery(text: string): SearchQueryParse {
  const reader = new Reader(text);
  const clauses: SearchClause[] = [];
  let combinator: 'and' | 'or' | null = null;
  try {
    reader.skipSpace();
    while (!reader.done()) {
      clauses.push(reader.clause());
      if (clauses.length > MAX_CLAUSES) throw new Unparseable();
      const spaced = reader.skipSpace();
      if (reader.done()) break;
      // A bare space between clauses means AND.
      const joiner = reader.connector() ?? (spaced ? 'and' : null);
      if (joiner === null || (combinator !== null && combinator !== joiner)) throw new Unparseable();
      combinator = joiner;
      reader.skipSpace();
      if (reader.done()) throw new Unparseable();
    }
  } catch (problem) {
    if (problem instanceof Unparseable) return { ok: false, error: unparseableQuery() };
    throw problem;
  }
  if (clauses.length === 0) {
    return { ok: false, error: unparseableQuery() };
  }
  return { ok: true, query: { clauses, combinator: combinator ?? 'and' } };
}
