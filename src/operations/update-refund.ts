import { refundCancelUnsupported } from '../core/refund-errors.js';
import type { RefundUpdateParams } from '../params/refund-param-specs.js';
import { REFUND_RETRIEVE_PARAMS, REFUND_UPDATE_PARAMS } from '../params/refund-param-specs.js';
import { checkParams } from '../params/validate-params.js';
import type { Refund } from '../types/refund.js';
import type { ReadResult } from './read-result.js';
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

/** Retrieves a Refund (`GET /v1/refunds/:refund`, `GET /v1/charges/:charge/refunds/:refund`). */
export function retrieveRefund(refund: Refund, input: { readonly expand?: readonly string[] } = {}): ReadResult<Refund> {
  const check = checkParams(input, REFUND_RETRIEVE_PARAMS);
  return check.ok ? { kind: 'found', value: refund } : { kind: 'refused', error: check.error };
}

/**
 * Cancels a Refund (`POST /v1/refunds/:refund/cancel`): only refunds still waiting on the
 * customer's bank details may be canceled, and a card refund never does, so it is refused
 * (recorded: "Canceling this refund is unsupported.", exchange 15).
 */
export function cancelRefund(_refund: Refund, input: { readonly expand?: readonly string[] } = {}): RefundResult {
  const check = checkParams(input, REFUND_RETRIEVE_PARAMS);
  return refundRefused(check.ok ? refundCancelUnsupported() : check.error);
}
