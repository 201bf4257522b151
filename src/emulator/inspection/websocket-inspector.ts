import type { InspectionSink } from './inspect-options.js';

/** How long the emulator waits before reconnecting to an inspector it lost or could not reach. */
export const RECONNECT_MS = 5_000;

/** A sink the emulator created and therefore stops. */
export interface OwnedInspectionSink extends InspectionSink {
  /** Closes the connection and cancels any reconnection. */
  readonly stop: () => void;
}

type Handler = ((event: unknown) => void) | null;

/** The parts of `@statelyai/inspect`'s WebSocket adapter whose behaviour the emulator replaces. */
interface AdapterInternals {
  ws?: { onopen: Handler; onerror: Handler; onclose: Handler };
  deferredEvents?: unknown[];
}

/**
 * Connects an `@statelyai/inspect` WebSocket inspector to `url` (for example the relay of
 * `@statelyai/inspect/server`), loading the package only now: it is ESM-only and needed only with
 * inspection on. Events sent before the connection opens are held (the package keeps the latest
 * 200) and sent once it does. Connection problems go to `onUnreachable` and never to the caller.
 *
 * @remarks The package's adapter reconnects every 5 s after any socket error, forever, even after
 * `stop()`, with a timer that keeps Node running, and replays the same held events on every
 * reconnection. Here reconnection happens after a close, on a timer that does not hold the
 * process, never after `stop()`, and held events are dropped once sent. This reaches into the
 * adapter's fields, which is why package.json names the package's exact version (an optional peer
 * dependency: only `--inspect URL` needs it).
 */
export async function connectWebSocketInspector(url: string, onUnreachable: (error: unknown) => void): Promise<OwnedInspectionSink> {
  const { createWebSocketInspector } = await import('@statelyai/inspect').catch((cause: unknown) => {
    throw new Error('inspection over a WebSocket needs the optional peer dependency @statelyai/inspect: npm install @statelyai/inspect@0.7.2', { cause });
  });
  const inspector = createWebSocketInspector({ url, autoStart: false });
  const internals = inspector.adapter as unknown as AdapterInternals;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const connect = (): void => {
    try {
      inspector.start();
    } catch (error) {
      onUnreachable(error);
      return;
    }
    const socket = internals.ws;
    if (socket === undefined) {
      return;
    }
    const opened = socket.onopen;
    const closed = socket.onclose;
    socket.onopen = (event) => {
      opened?.(event);
      internals.deferredEvents?.splice(0);
    };
    // Closing a socket that is still connecting reports an error too; after stop() that is expected.
    socket.onerror = (event) => {
      if (!stopped) {
        onUnreachable(event);
      }
    };
    socket.onclose = (event) => {
      closed?.(event);
      if (!stopped) {
        retry = setTimeout(connect, RECONNECT_MS);
        retry.unref();
      }
    };
  };
  connect();

  return {
    actor: (actor, snapshot) => inspector.actor(actor, snapshot),
    event: (sessionId, event) => inspector.event(sessionId, event),
    snapshot: (sessionId, snapshot, info) => inspector.snapshot(sessionId, snapshot, info),
    stop: () => {
      stopped = true;
      clearTimeout(retry);
      inspector.stop();
    },
  };
}
