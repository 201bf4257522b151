import type { PaymentIntentRecord } from '../core/payment-intent-record.js';
import type { PaymentIntentRetrieveParams } from '../params/payment-intent-param-specs.js';
import { PAYMENT_INTENT_RETRIEVE_PARAMS } from '../params/payment-intent-param-specs.js';
import { checkParams } from '../params/validate-params.js';
import type { PaymentIntent } from '../types/payment-intent.js';
import type { ReadResult } from './read-result.js';

/** Retrieves a PaymentIntent (`GET /v1/payment_intents/:id`), with a secret key. */
export function retrievePaymentIntent(record: PaymentIntentRecord, input: PaymentIntentRetrieveParams = {}): ReadResult<PaymentIntent> {
  const check = checkParams(input, PAYMENT_INTENT_RETRIEVE_PARAMS);
  return check.ok ? { kind: 'found', value: record.intent } : { kind: 'refused', error: check.error };
}
