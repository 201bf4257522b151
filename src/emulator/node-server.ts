import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Emulator } from './create-emulator.js';
import { tooLarge } from './dispatch.js';
import { newRequestId } from './request-ids.js';
import type { WireRequest, WireResponse } from './wire.js';

/** Options of {@link listen}. */
export interface ListenOptions {
  /** The port; 0 picks a free one. Defaults to 12111. */
  readonly port?: number;
  /** The interface; defaults to loopback `127.0.0.1`. */
  readonly host?: string;
  /** How often due Stripe-side steps are checked, in ms; defaults to 1000. */
  readonly tickIntervalMs?: number;
  /** How long a client may take to send a request's headers, in ms; defaults to 10 000 (capped at `requestTimeoutMs`). */
  readonly headersTimeoutMs?: number;
  /** How long a client may take to send a whole request, body included, in ms; defaults to 30 000. */
  readonly requestTimeoutMs?: number;
  /** How long an idle keep-alive connection is kept open, in ms; defaults to 5 000. */
  readonly keepAliveTimeoutMs?: number;
  /**
   * On `close()`, how long requests still running get to finish before every connection is cut,
   * in ms; defaults to 5 000.
   */
  readonly shutdownGraceMs?: number;
  /** For tests: starts the shutdown grace timer and returns its cancel (default `setTimeout`). */
  readonly setTimer?: (callback: () => void, ms: number) => () => void;
}

/** The defaults of the {@link ListenOptions} timeouts, in ms. */
export const DEFAULT_SERVER_TIMEOUTS = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  shutdownGraceMs: 5_000,
} as const;

/** A running server. */
export interface RunningEmulator {
  /** The base URL, for example `http://127.0.0.1:12111`. */
  readonly url: string;
  /** The host the server listens on. */
  readonly host: string;
  /** The port the server listens on (the one chosen when 0 was asked for). */
  readonly port: number;
  /** The Node HTTP server. */
  readonly server: Server;
  /**
   * Stops accepting connections, lets running requests finish (answering them with
   * `Connection: close`), closes idle keep-alive connections at once and every other one after the
   * shutdown grace, then stops the emulator, which flushes its data file.
   */
  readonly close: () => Promise<void>;
}

function send(response: ServerResponse, answer: WireResponse, closing: boolean): void {
  try {
    // Object.assign: a spread copy of the headers was measurably slower on Node 20.
    const headers = Object.assign({}, answer.headers, { 'content-length': Buffer.byteLength(answer.body) });
    // While shutting down, a busy keep-alive connection would otherwise never become idle.
    if (closing) Object.assign(headers, { connection: 'close' });
    response.writeHead(answer.status, headers);
    response.end(answer.body);
  } catch {
    // A header Node refuses to write (a bug upstream): drop the connection, never the process.
    response.destroy();
  }
}

/**
 * Headers every answer written here (outside the dispatcher) carries, as the dispatcher's do; the
 * CORS ones only for an origin that may read answers (none is known for a request that could not
 * be parsed).
 */
function commonHeaders(apiVersion: string, cors: Readonly<Record<string, string>>): Record<string, string> {
  return {
    'content-type': 'application/json',
    'request-id': newRequestId(),
    'stripe-version': apiVersion,
    'cache-control': 'no-cache, no-store',
    ...cors,
  };
}

/**
 * How much of an oversized body is read and dropped before the 413, in multiples of the limit:
 * answering while the client still sends, then closing, makes the kernel reset the connection,
 * and the client may see the reset instead of the answer. Past this, the answer goes at once.
 */
const DRAIN_FACTOR = 16;

function refuseTooLarge(request: IncomingMessage, response: ServerResponse, emulator: Emulator): void {
  if (response.headersSent) return;
  const body = JSON.stringify(tooLarge(emulator.maxBodyBytes).body);
  const origin = request.headers.origin;
  response.writeHead(413, { ...commonHeaders(emulator.apiVersion, emulator.corsHeaders(origin)), connection: 'close', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

/** The timeouts of {@link serveNode}, in ms; each defaults to the one in {@link DEFAULT_SERVER_TIMEOUTS}. */
export type ServerTimeouts = Pick<ListenOptions, 'headersTimeoutMs' | 'requestTimeoutMs' | 'keepAliveTimeoutMs'>;

/** A node server of the emulator, and a switch that makes its later answers close their connections. */
interface NodeServer {
  readonly server: Server;
  readonly startClosing: () => void;
}

function createNodeServer(emulator: Emulator, timeouts: ServerTimeouts): NodeServer {
  const limit = emulator.maxBodyBytes;
  const requestTimeout = timeouts.requestTimeoutMs ?? DEFAULT_SERVER_TIMEOUTS.requestTimeoutMs;
  // Node refuses a headers timeout longer than the request timeout.
  const headersTimeout = Math.min(timeouts.headersTimeoutMs ?? DEFAULT_SERVER_TIMEOUTS.headersTimeoutMs, requestTimeout);
  let closing = false;
  const options = {
    headersTimeout,
    requestTimeout,
    keepAliveTimeout: timeouts.keepAliveTimeoutMs ?? DEFAULT_SERVER_TIMEOUTS.keepAliveTimeoutMs,
    // Node checks the two timeouts above only this often (30 s by default), which would let a short timeout run long.
    connectionsCheckingInterval: Math.max(1, Math.min(1_000, headersTimeout, requestTimeout)),
  };
  const server = createServer(options, (request, response) => {
    const declared = Number(request.headers['content-length'] ?? '0');
    const drainLimit = limit * DRAIN_FACTOR;
    if (declared > drainLimit) {
      refuseTooLarge(request, response, emulator);
      // Not worth reading: stop, and let the connection close after the answer.
      request.pause();
      request.unpipe();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = declared > limit;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Read on and drop, to answer once the client has sent everything (see DRAIN_FACTOR).
        refused = true;
        chunks.length = 0;
        if (size > drainLimit) {
          refuseTooLarge(request, response, emulator);
          request.pause();
          request.unpipe();
        }
        return;
      }
      chunks.push(chunk);
    });
    request.on('error', () => {
      response.destroy();
    });
    request.on('end', () => {
      if (refused) {
        refuseTooLarge(request, response, emulator);
        return;
      }
      const url = request.url ?? '/';
      const question = url.indexOf('?');
      const headers = request.headers;
      const wire: WireRequest = {
        method: (request.method ?? 'GET').toUpperCase(),
        path: question === -1 ? url : url.slice(0, question),
        query: question === -1 ? '' : url.slice(question + 1),
        header: (name) => {
          const value = headers[name];
          return Array.isArray(value) ? value.join(', ') : value;
        },
        body: chunks.length === 0 ? '' : Buffer.concat(chunks).toString('utf8'),
      };
      // `network`: the dispatcher checks the Host header of requests that came over a socket.
      emulator.handle(wire, { network: true }).then(
        (answer) => send(response, answer, closing),
        () => response.destroy(),
      );
    });
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => answerMalformed(error, socket, emulator.apiVersion));
  return {
    server,
    startClosing: () => {
      closing = true;
    },
  };
}

/**
 * Serves an emulator over `node:http`: reads each request (refusing bodies over the limit with
 * 413 before reading them whole), hands it to the emulator, and writes the answer. Clients slower
 * than the timeouts are cut off.
 */
export function serveNode(emulator: Emulator, timeouts: ServerTimeouts = {}): Server {
  return createNodeServer(emulator, timeouts).server;
}

/**
 * Requests Node cannot parse (bad request line, bad headers, bad chunking) or that arrive too
 * slowly get a Stripe-style envelope instead of Node's bare 400 or 408, then the connection closes.
 */
function answerMalformed(error: NodeJS.ErrnoException, socket: Duplex, apiVersion: string): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const timedOut = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
  const status = timedOut ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const reason = status === 408 ? 'Request Timeout' : status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
  const message = timedOut ? 'The request was not received in time.' : 'The request could not be parsed as HTTP/1.1.';
  const body = JSON.stringify({ error: { type: 'invalid_request_error', message } });
  const headers = Object.entries({ ...commonHeaders(apiVersion, { vary: 'Origin' }), connection: 'close', 'content-length': String(Buffer.byteLength(body)) })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.end(`HTTP/1.1 ${status} ${reason}\r\n${headers}\r\n${body}`);
}

/**
 * Starts serving an emulator on a port (loopback by default) and points its hosted page links at
 * the address it listens on.
 */
export async function listen(emulator: Emulator, options: ListenOptions = {}): Promise<RunningEmulator> {
  const { server, startClosing } = createNodeServer(emulator, options);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 12111, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}`;
  emulator.setBaseUrl(url);
  const timer = setInterval(() => {
    // tick() reports its own failures through the emulator's log; a timer has nobody to answer.
    void emulator.tick().catch(() => undefined);
  }, options.tickIntervalMs ?? 1000);
  timer.unref();
  const setTimer = options.setTimer ?? startGraceTimer;
  let closed: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    clearInterval(timer);
    startClosing();
    await new Promise<void>((resolve) => {
      const cancel = setTimer(() => server.closeAllConnections(), options.shutdownGraceMs ?? DEFAULT_SERVER_TIMEOUTS.shutdownGraceMs);
      server.close(() => {
        cancel();
        resolve();
      });
      server.closeIdleConnections();
    });
    await emulator.close();
  };
  return {
    url,
    host,
    port,
    server,
    close: () => (closed ??= close()),
  };
}

function startGraceTimer(callback: () => void, ms: number): () => void {
  const handle = setTimeout(callback, ms);
  // The grace must not keep a process alive that has nothing else left to do.
  handle.unref();
  return () => clearTimeout(handle);
}
