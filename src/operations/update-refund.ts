import type { RefundUpdateParams } from '../params/refund-param-specs.js';
import { REFUND_UPDATE_PARAMS } from '../params/refund-param-specs.js';
import { checkParams } from '../params/validate-params.js';
import type { Refund } from '../types/refund.js';
import type { RefundResult } from './refund-result.js';
import { refundRefused } from './refund-result.js';
import { mergeMetadata, tooManyMetadataKeys } from './metadata-updates.js';

/**
 * Updates a Refund's `metadata` (`POST /v1/refunds/:refund`), merged as everywhere (`''` unsets a
 * key, or all of them), at most 50 keys in all. No event (recorded: the update answers the Refund
 * with the new metadata, stripe-world-05-refunds-disputes.json, exchange 14; Stripe lists no
 * `refund.updated` for a metadata change, UNCONFIRMED).
 */
export function updateRefund(refund: Refund, input: RefundUpdateParams = {}): RefundResult {
  const check = checkParams(input, REFUND_UPDATE_PARAMS);
  if (!check.ok) {
    return refundRefused(check.error);
  }
  const params = check.params as RefundUpdateParams;
  if (params.metadata === undefined) {
    return { kind: 'applied', refund, charge: null, response: refund, events: [] };
  }
  const metadata = mergeMetadata(refund.metadata, params.metadata as Readonly<Record<string, string>> | '');
  const tooMany = tooManyMetadataKeys(metadata);
  if (tooMany !== null) {
    return refundRefused(tooMany);
  }
  const next: Refund = { ...refund, metadata };
  return { kind: 'applied', refund: next, charge: null, response: next, events: [] };
}
