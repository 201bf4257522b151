import type { ParamSpecs } from './param-spec.js';

/** The parameters of `POST /v1/customers` and `POST /v1/customers/:id`, as far as setup flows need them. */
export const CUSTOMER_PARAMS: ParamSpecs = {
  email: { kind: 'string', max: 512, emptyUnsets: true },
  name: { kind: 'string', max: 256, emptyUnsets: true },
  metadata: { kind: 'metadata', emptyUnsets: true },
  expand: { kind: 'string_array' },
};
