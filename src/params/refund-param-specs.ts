// The parameters of the Refund operations this library models, and their types. Written by hand
// from https://docs.stripe.com/api/refunds (create, retrieve, update, cancel, list) and the
// Charge-scoped paths (https://docs.stripe.com/api/charges), for refunds of card payments:
// parameters of other flows (customer balance, Connect transfers, instructions emails) are refused
// as unknown.
import type { CreatedFilter, MetadataParam } from '../types/params.js';
import type { RefundReason } from '../types/refund.js';
import { REFUND_REASONS } from '../types/refund.js';
import type { ParamSpec, ParamSpecs } from './param-spec.js';

const ID: ParamSpec = { kind: 'string', max: 5000 };
const EXPAND: ParamSpec = { kind: 'string_array' };

/** `POST /v1/refunds`. */
export const REFUND_CREATE_PARAMS: ParamSpecs = {
  amount: { kind: 'integer' },
  charge: ID,
  expand: EXPAND,
  metadata: { kind: 'metadata', emptyUnsets: false },
  payment_intent: ID,
  reason: { kind: 'string', enum: REFUND_REASONS },
};

/** `POST /v1/charges/:charge/refund` and `POST /v1/charges/:charge/refunds`: the Charge comes from the path. */
export const CHARGE_REFUND_PARAMS: ParamSpecs = {
  amount: { kind: 'integer' },
  expand: EXPAND,
  metadata: { kind: 'metadata', emptyUnsets: false },
  payment_intent: ID,
  reason: { kind: 'string', enum: REFUND_REASONS },
};

/** `POST /v1/refunds/:refund`. */
export const REFUND_UPDATE_PARAMS: ParamSpecs = { expand: EXPAND, metadata: { kind: 'metadata', emptyUnsets: true } };

/** `GET /v1/refunds/:refund`, `GET /v1/charges/:charge/refunds/:refund` and `POST /v1/refunds/:refund/cancel`. */
export const REFUND_RETRIEVE_PARAMS: ParamSpecs = { expand: EXPAND };

/** `GET /v1/refunds`. */
export const REFUND_LIST_PARAMS: ParamSpecs = {
  charge: ID,
  created: { kind: 'created_filter' },
  ending_before: ID,
  expand: EXPAND,
  limit: { kind: 'integer' },
  payment_intent: ID,
  starting_after: ID,
};

/** `GET /v1/charges/:charge/refunds`. */
export const CHARGE_REFUND_LIST_PARAMS: ParamSpecs = { ending_before: ID, expand: EXPAND, limit: { kind: 'integer' }, starting_after: ID };

/** The parameters of {@link createRefund} (`POST /v1/refunds`). */
export interface RefundCreateParams {
  /** How much to refund, in the smallest currency unit; all that is left when absent. */
  readonly amount?: number;
  /** The Charge to refund (this or `payment_intent`). */
  readonly charge?: string;
  /** Fields to expand in the answer. */
  readonly expand?: readonly string[];
  /** Key-value pairs to attach. */
  readonly metadata?: MetadataParam;
  /** The PaymentIntent whose Charge to refund (this or `charge`). */
  readonly payment_intent?: string;
  /** Why: `duplicate`, `fraudulent` or `requested_by_customer`. */
  readonly reason?: RefundReason;
}

/** The parameters of {@link updateRefund} (`POST /v1/refunds/:refund`). */
export interface RefundUpdateParams {
  /** Fields to expand in the answer. */
  readonly expand?: readonly string[];
  /** Key-value pairs to merge; `''` unsets them all. */
  readonly metadata?: MetadataParam | '';
}

/** The parameters of {@link listRefunds} (`GET /v1/refunds`). */
export interface RefundListParams {
  /** Only the Refunds of this Charge. */
  readonly charge?: string;
  /** Only the Refunds created in this range. */
  readonly created?: CreatedFilter;
  /** A cursor: the page before this Refund. */
  readonly ending_before?: string;
  /** Fields to expand in the answer. */
  readonly expand?: readonly string[];
  /** The page size, 1 to 100 (10 by default). */
  readonly limit?: number;
  /** Only the Refunds of this PaymentIntent's Charges. */
  readonly payment_intent?: string;
  /** A cursor: the page after this Refund. */
  readonly starting_after?: string;
}
