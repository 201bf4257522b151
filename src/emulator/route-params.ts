import type { ParamSpec, ParamSpecs } from '../params/param-spec.js';
import { checkParams } from '../params/validate-params.js';
import type { StripeRequestError } from '../types/stripe-error.js';
import type { RouteContext } from './router.js';

/** An id parameter. */
export const ID_PARAM: ParamSpec = { kind: 'string', max: 5000 };
/** `expand[]`. */
export const EXPAND_PARAM: ParamSpec = { kind: 'string_array' };
/** The pagination parameters every list takes. */
export const PAGE_PARAMS: ParamSpecs = {
  limit: { kind: 'integer' },
  starting_after: ID_PARAM,
  ending_before: ID_PARAM,
  expand: EXPAND_PARAM,
};

/** Checked parameters, or the error to answer with. */
export type CheckedRouteParams<T> = { readonly ok: true; readonly params: T } | { readonly ok: false; readonly error: StripeRequestError };

/**
 * Checks a route's parameters with the core's checker (unknown parameters, types, enums, metadata
 * limits), the same rules the SetupIntent operations apply.
 */
export function checkRouteParams<T>(context: RouteContext, specs: ParamSpecs): CheckedRouteParams<T> {
  const check = checkParams(context.params, specs);
  return check.ok ? { ok: true, params: check.params as unknown as T } : check;
}
