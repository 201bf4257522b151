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
}

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
  /** Stops accepting connections, closes idle ones, and stops the emulator. */
  readonly close: () => Promise<void>;
}

function send(response: ServerResponse, answer: WireResponse): void {
  try {
    // Object.assign: a spread copy of the headers was measurably slower on Node 20.
    response.writeHead(answer.status, Object.assign({}, answer.headers, { 'content-length': Buffer.byteLength(answer.body) }));
    response.end(answer.body);
  } catch {
    // A header Node refuses to write (a bug upstream): drop the connection, never the process.
    response.destroy();
  }
}

/** Headers every answer written here (outside the dispatcher) carries, as the dispatcher's do. */
function commonHeaders(apiVersion: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'request-id': newRequestId(),
    'stripe-version': apiVersion,
    'cache-control': 'no-cache, no-store',
    'access-control-allow-origin': '*',
  };
}

function refuseTooLarge(request: IncomingMessage, response: ServerResponse, limit: number, apiVersion: string): void {
  const answer = tooLarge(limit);
  const body = JSON.stringify(answer.body);
  response.writeHead(413, { ...commonHeaders(apiVersion), connection: 'close', 'content-length': Buffer.byteLength(body) });
  response.end(body);
  // Stop reading the rest of an oversized body; the connection closes after the answer.
  request.pause();
  request.unpipe();
}

/**
 * Serves an emulator over `node:http`: reads each request (refusing bodies over the limit with
 * 413 before reading them whole), hands it to the emulator, and writes the answer.
 */
export function serveNode(emulator: Emulator): Server {
  const limit = emulator.maxBodyBytes;
  const server = createServer({ keepAliveTimeout: 5_000 }, (request, response) => {
    const declared = Number(request.headers['content-length'] ?? '0');
    if (declared > limit) {
      refuseTooLarge(request, response, limit, emulator.apiVersion);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit && !refused) {
        refused = true;
        refuseTooLarge(request, response, limit, emulator.apiVersion);
        return;
      }
      if (!refused) {
        chunks.push(chunk);
      }
    });
    request.on('error', () => {
      response.destroy();
    });
    request.on('end', () => {
      if (refused) {
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
      emulator.handle(wire).then(
        (answer) => send(response, answer),
        () => response.destroy(),
      );
    });
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => answerMalformed(error, socket, emulator.apiVersion));
  return server;
}

/**
 * Requests Node cannot parse (bad request line, bad headers, bad chunking) get a Stripe-style
 * envelope instead of Node's bare 400, then the connection closes.
 */
function answerMalformed(error: NodeJS.ErrnoException, socket: Duplex, apiVersion: string): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const reason = status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
  const body = JSON.stringify({ error: { type: 'invalid_request_error', message: 'The request could not be parsed as HTTP/1.1.' } });
  const headers = Object.entries({ ...commonHeaders(apiVersion), connection: 'close', 'content-length': String(Buffer.byteLength(body)) })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.end(`HTTP/1.1 ${status} ${reason}\r\n${headers}\r\n${body}`);
}

/**
 * Starts serving an emulator on a port (loopback by default) and points its hosted page links at
 * the address it listens on.
 */
export async function listen(emulator: Emulator, options: ListenOptions = {}): Promise<RunningEmulator> {
  const server = serveNode(emulator);
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
  return {
    url,
    host,
    port,
    server,
    close: async () => {
      clearInterval(timer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await emulator.close();
    },
  };
}
