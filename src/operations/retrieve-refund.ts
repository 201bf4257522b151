import { REFUND_RETRIEVE_PARAMS } from '../params/refund-param-specs.js';
import { checkParams } from '../params/validate-params.js';
import type { Refund } from '../types/refund.js';
import type { ReadResult } from './read-result.js';

/** Retrieves a Refund (`GET /v1/refunds/:refund`, `GET /v1/charges/:charge/refunds/:refund`). */
export function retrieveRefund(refund: Refund, input: { readonly expand?: readonly string[] } = {}): ReadResult<Refund> {
  const check = checkParams(input, REFUND_RETRIEVE_PARAMS);
  return check.ok ? { kind: 'found', value: refund } : { kind: 'refused', error: check.error };
}
