import { CUSTOMER_PARAMS } from '../params/customer-param-specs.js';
import { checkParams } from '../params/validate-params.js';
import type { Customer } from '../types/payment-method.js';
import type { CustomerResult } from './customer-result.js';
import { mergeMetadata } from './metadata-updates.js';

/** Parameters of `POST /v1/customers/:id`, as far as setup flows need them. */
export interface CustomerUpdateParams {
  /** The new email address; empty unsets it. */
  readonly email?: string;
  /** The new name; empty unsets it. */
  readonly name?: string;
  /** Keys to set; an empty value unsets its key, and `''` unsets them all. */
  readonly metadata?: Readonly<Record<string, string>> | '';
  /** Fields to expand in the answer. */
  readonly expand?: readonly string[];
}

function text(value: string | undefined, current: string | null): string | null {
  return value === undefined ? current : value === '' ? null : value;
}

/**
 * Updates a Customer (`POST /v1/customers/:id`): fields left out keep their values, an empty
 * `email` or `name` unsets it, and `metadata` merges as on every Stripe object (spec §8).
 */
export function updateCustomer(customer: Customer, input: CustomerUpdateParams): CustomerResult {
  const check = checkParams(input, CUSTOMER_PARAMS);
  if (!check.ok) {
    return { kind: 'refused', error: check.error };
  }
  const params = check.params as CustomerUpdateParams;
  return {
    kind: 'applied',
    customer: {
      ...customer,
      email: text(params.email, customer.email),
      name: text(params.name, customer.name ?? null),
      metadata: params.metadata === undefined ? { ...customer.metadata } : mergeMetadata(customer.metadata, params.metadata),
    },
  };
}
