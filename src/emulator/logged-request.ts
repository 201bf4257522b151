import type { ApiKeyKind } from '../core/access.js';
import type { SeededIdGeneratorState } from '../core/ids.js';

/**
 * One entry of the emulator's operation log: a request that changed the state, with everything
 * needed to apply it again exactly (its time, the id generator's state, its parsed parameters).
 */
export interface LoggedRequest {
  readonly kind: 'request';
  /** The emulator time the request was handled at. */
  readonly time: number;
  /** The id generator's state before the request. */
  readonly ids: SeededIdGeneratorState;
  readonly method: string;
  readonly path: string;
  readonly params: Record<string, unknown>;
  /** The API key (absent for hosted pages). */
  readonly key: { readonly value: string; readonly kind: ApiKeyKind } | null;
  readonly requestId: string;
  readonly idempotencyKey: string | null;
  /** The HTTP status answered, checked again on replay. */
  readonly status: number;
  /** The base URL hosted page links were built with (a restart may listen elsewhere). */
  readonly baseUrl: string;
}

/** Stripe-side steps that fell due before a request (timeouts, settlements). */
export interface LoggedDueSteps {
  readonly kind: 'due_steps';
  readonly time: number;
  readonly ids: SeededIdGeneratorState;
}

/** An entry of the operation log. */
export type LoggedOperation = LoggedRequest | LoggedDueSteps;
