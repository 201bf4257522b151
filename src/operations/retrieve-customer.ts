import { resourceMissing } from '../core/stripe-errors.js';
import { checkParams } from '../params/validate-params.js';
import type { Customer, DeletedCustomer } from '../types/payment-method.js';
import type { ReadResult } from './read-result.js';

/**
 * Retrieves a Customer (`GET /v1/customers/:id`). A deleted Customer is still answered, as the
 * stub `{ id, object: 'customer', deleted: true }` with 200: "Unlike other objects, deleted
 * customers can still be retrieved through the API" (https://docs.stripe.com/api/customers/delete).
 * An id never created is 404 `resource_missing`.
 *
 * @param found - the stored Customer or the deleted stub the id names, if any.
 */
export function retrieveCustomer(
  id: string,
  found: Customer | DeletedCustomer | undefined,
  input: { readonly expand?: readonly string[] } = {},
): ReadResult<Customer | DeletedCustomer> {
  if (found === undefined) {
    return { kind: 'refused', error: resourceMissing('customer', id, 'id', 404) };
  }
  const check = checkParams(input, { expand: { kind: 'string_array' } });
  return check.ok ? { kind: 'found', value: found } : { kind: 'refused', error: check.error };
}
