import type { SetupIntentEnvironment } from '../core/environment.js';
import { parameterInvalidEmpty } from '../core/stripe-errors.js';
import { CUSTOMER_PARAMS } from '../params/customer-param-specs.js';
import { checkParams } from '../params/validate-params.js';
import type { Customer } from '../types/payment-method.js';
import type { CustomerResult } from './customer-result.js';
import { withoutEmptyValues } from './metadata-updates.js';

/** Parameters of `POST /v1/customers`, as far as setup flows need them. */
export interface CustomerCreateParams {
  /** The Customer's email address; empty for none. */
  readonly email?: string;
  /** The Customer's name; empty for none. */
  readonly name?: string;
  /** Key-value pairs; keys with empty values are dropped. */
  readonly metadata?: Readonly<Record<string, string>> | '';
  /** Fields to expand in the answer. */
  readonly expand?: readonly string[];
}

/**
 * Creates a Customer (`POST /v1/customers`) with an `email`, a `name` and `metadata`. An empty
 * `email` or `name` is the same as none; `metadata=''` is refused, since there is nothing to unset.
 */
export function createCustomer(input: CustomerCreateParams, env: SetupIntentEnvironment): CustomerResult {
  const check = checkParams(input, CUSTOMER_PARAMS);
  if (!check.ok) {
    return { kind: 'refused', error: check.error };
  }
  const params = check.params as CustomerCreateParams;
  if (params.metadata === '') {
    return { kind: 'refused', error: parameterInvalidEmpty('metadata') };
  }
  const customer: Customer = {
    id: env.ids.id('cus'),
    object: 'customer',
    created: env.now(),
    email: params.email === undefined || params.email === '' ? null : params.email,
    name: params.name === undefined || params.name === '' ? null : params.name,
    livemode: env.livemode,
    metadata: params.metadata === undefined ? {} : withoutEmptyValues(params.metadata),
  };
  return { kind: 'applied', customer };
}
