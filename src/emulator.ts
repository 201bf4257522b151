// The `setup-intent-machine/emulator` entry: the reference emulator (Node only).

/**
 * The reference emulator of Stripe's SetupIntents API, for Node: an in-process `fetch`-style
 * handler, a Node HTTP server, signed webhook delivery, hosted pages and persistence.
 *
 * @packageDocumentation
 * @module setup-intent-machine/emulator
 */

export { createEmulator } from './emulator/create-emulator.js';
export type { Emulator, EmulatorOptions } from './emulator/create-emulator.js';
export { DEFAULT_SERVER_TIMEOUTS, listen, serveNode } from './emulator/node-server.js';
export type { ListenOptions, RunningEmulator, ServerTimeouts } from './emulator/node-server.js';
export type { EmulatorClock } from './emulator/clock.js';
export type { EmulatorState, WebhookEndpoint, IdempotencyEntry, WebhookDeliveryProgress } from './emulator/emulator-state.js';
export type { Dispatch } from './emulator/dispatch.js';
export type { WireRequest, WireResponse, Answer } from './emulator/wire.js';
export type { StaticWebhookTarget } from './emulator/webhook-fanout.js';
export type { ReplaySummary } from './emulator/replay.js';
export type { InspectOptions, InspectionSink, InspectedActor, InspectedEvent, InspectedSnapshot } from './emulator/inspection/inspect-options.js';
export type { LoggedOperation, LoggedRequest, LoggedDueSteps, LoggedKey, LoggedWebhookDelivery, LoggedSnapshot, LoggedCompaction, SnapshotObjects } from './emulator/logged-request.js';
export { signatureHeader } from './emulator/webhooks/signature.js';
export { endpointWantsEvent } from './emulator/webhooks/event-matching.js';
export type {
  WebhookDeliverer,
  WebhookDeliveryOptions,
  DeliveryRecord,
  WebhookTarget,
  ChaosOptions,
} from './emulator/webhooks/webhook-deliverer.js';
