import type { PaymentIntentStatus } from '../../types/payment-intent.js';
import type { SetupIntentStatus } from '../../types/setup-intent.js';

/**
 * A SetupIntent as an inspector shows it: shaped like an xstate snapshot, with the Stripe status
 * as the state value and the SetupIntent as the context.
 */
export interface InspectedSnapshot {
  /** `done` once the SetupIntent is final (`succeeded` or `canceled`), as xstate reports final states. */
  readonly status: 'active' | 'done';
  /** The SetupIntent's or PaymentIntent's status, which is the statechart's state. */
  readonly value: SetupIntentStatus | PaymentIntentStatus;
  /** The SetupIntent as Stripe renders it. */
  readonly context: unknown;
}

/** An event as the inspector receives it: a statechart event, plus the causing request's id when Stripe records one. */
export interface InspectedEvent {
  /** The event type (`xstate.init`, `api.confirm`, `stripe.action_succeeded`, ...). */
  readonly type: string;
  /** The payload: the statechart event's fields, and `request` (the `req_` id) when known. */
  readonly [field: string]: unknown;
}

/** The actor-like object an inspector registers: one SetupIntent, with the statechart as its definition. */
export interface InspectedActor {
  /** The SetupIntent id. */
  readonly sessionId: string;
  /** The SetupIntent id. */
  readonly id: string;
  /** The statechart definition the inspector draws (its `config`, with the SetupIntent id as its id). */
  readonly logic: { readonly config: unknown };
  /** Ignores events: the emulator, not the inspector, changes SetupIntents. */
  readonly send: (event: unknown) => void;
  /** The snapshot the actor was registered with. */
  readonly getSnapshot: () => unknown;
}

/**
 * Where the emulator sends inspection: the `actor`, `event` and `snapshot` calls of an
 * `@statelyai/inspect` inspector, which satisfies this interface as it is.
 */
export interface InspectionSink {
  /** Registers a SetupIntent as an actor. */
  actor(actor: InspectedActor, snapshot: InspectedSnapshot): void;
  /** Reports an event sent to a SetupIntent, by SetupIntent id. */
  event(sessionId: string, event: InspectedEvent): void;
  /** Reports a SetupIntent's snapshot after an event, by SetupIntent id. */
  snapshot(sessionId: string, snapshot: InspectedSnapshot, info: { readonly event: InspectedEvent }): void;
}

/**
 * Live inspection of the emulator's SetupIntents: either a WebSocket URL (an `@statelyai/inspect`
 * WebSocket inspector is created, such as the relay of `@statelyai/inspect/server` at
 * `ws://localhost:8080`, and stopped when the emulator closes), or a ready sink the caller owns
 * (and stops).
 *
 * @example
 * ```ts
 * const emulator = await createEmulator({ inspect: { url: 'ws://localhost:8080' } });
 * ```
 */
export type InspectOptions = { readonly url: string } | { readonly inspector: InspectionSink };
