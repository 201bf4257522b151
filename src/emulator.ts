// The `setup-intent-machine/emulator` entry: the reference emulator (Node only).

export { createEmulator } from './emulator/create-emulator.js';
export type { Emulator, EmulatorOptions } from './emulator/create-emulator.js';
export { listen, serveNode } from './emulator/node-server.js';
export type { ListenOptions, RunningEmulator } from './emulator/node-server.js';
export type { EmulatorClock } from './emulator/clock.js';
export type { EmulatorState, WebhookEndpoint } from './emulator/emulator-state.js';
export type { WireRequest, WireResponse } from './emulator/wire.js';
export type { StaticWebhookTarget } from './emulator/webhook-fanout.js';
export type { ReplaySummary } from './emulator/replay.js';
export type { LoggedOperation, LoggedRequest, LoggedDueSteps } from './emulator/logged-request.js';
export { signatureHeader } from './emulator/webhooks/signature.js';
export { endpointWantsEvent } from './emulator/webhooks/event-matching.js';
export type {
  WebhookDeliverer,
  WebhookDeliveryOptions,
  DeliveryRecord,
  WebhookTarget,
  ChaosOptions,
} from './emulator/webhooks/webhook-deliverer.js';
