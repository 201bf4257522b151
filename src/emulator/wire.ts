import type { StripeApiError, StripeRequestError } from '../types/stripe-error.js';

/**
 * An HTTP request as the emulator sees it, independent of the server it came through: the Node
 * adapter builds one without allocating a WHATWG `Request`, and `Emulator.fetch` builds one from a
 * `Request`.
 */
export interface WireRequest {
  /** The HTTP method, upper case. */
  readonly method: string;
  /** The path, without the query string (`/v1/setup_intents/seti_123`). */
  readonly path: string;
  /** The raw query string, without `?` (empty when there is none). */
  readonly query: string;
  /** Reads a header by its lower-case name. */
  readonly header: (name: string) => string | undefined;
  /** The body as text (empty for none). */
  readonly body: string;
}

/** An HTTP response before it is written out. */
export interface WireResponse {
  /** The HTTP status. */
  readonly status: number;
  /** The response headers, by lower-case name. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body, serialised. */
  readonly body: string;
}

/** A handler's answer: an HTTP status and a JSON body (or HTML for pages). */
export interface Answer {
  /** The HTTP status. */
  readonly status: number;
  /** The JSON body, or the text of a page when `contentType` is set. */
  readonly body: unknown;
  /** Extra response headers (for example `Location` for a redirect). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Set for a text answer (HTML pages): the body is then a string sent as is. */
  readonly contentType?: string;
}

/** The answer for a Stripe request error: its HTTP status and `{ error }` envelope. */
export function failure(error: StripeRequestError): Answer {
  return { status: error.statusCode, body: { error: error.error } };
}

/** An `invalid_request_error` answer with the given status, message and optional code and param. */
export function invalidRequest(status: number, message: string, fields: { readonly code?: string; readonly param?: string } = {}): Answer {
  const error: { -readonly [K in keyof StripeApiError]: StripeApiError[K] } = { type: 'invalid_request_error' };
  if (fields.code !== undefined) {
    error.code = fields.code;
    error.doc_url = `https://stripe.com/docs/error-codes/${fields.code.replace(/_/g, '-')}`;
  }
  error.message = message;
  if (fields.param !== undefined) {
    error.param = fields.param;
  }
  return { status, body: { error } };
}

/** An `api_error` answer (the emulator itself failed, for example writing its data file). */
export function apiFailure(message: string): Answer {
  return { status: 500, body: { error: { type: 'api_error', message } } };
}
