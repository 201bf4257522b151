import { refundCancelUnsupported } from '../core/refund-errors.js';
import { REFUND_RETRIEVE_PARAMS } from '../params/refund-param-specs.js';
import { checkParams } from '../params/validate-params.js';
import type { Refund } from '../types/refund.js';
import type { RefundResult } from './refund-result.js';
import { refundRefused } from './refund-result.js';

/**
 * Cancels a Refund (`POST /v1/refunds/:refund/cancel`): only refunds still waiting on the
 * customer's bank details may be canceled, and a card refund never does, so it is refused
 * (recorded: "Canceling this refund is unsupported.", exchange 15).
 */
export function cancelRefund(_refund: Refund, input: { readonly expand?: readonly string[] } = {}): RefundResult {
  const check = checkParams(input, REFUND_RETRIEVE_PARAMS);
  return refundRefused(check.ok ? refundCancelUnsupported() : check.error);
}
