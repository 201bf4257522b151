import { CHARGE_RETRIEVE_PARAMS } from '../params/payment-intent-param-specs.js';
import { checkParams } from '../params/validate-params.js';
import type { Charge } from '../types/charge.js';
import type { ReadResult } from './read-result.js';

/** Retrieves a Charge (`GET /v1/charges/:id`). */
export function retrieveCharge(charge: Charge, input: { readonly expand?: readonly string[] } = {}): ReadResult<Charge> {
  const check = checkParams(input, CHARGE_RETRIEVE_PARAMS);
  return check.ok ? { kind: 'found', value: charge } : { kind: 'refused', error: check.error };
}
