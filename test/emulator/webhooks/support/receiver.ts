// A real HTTP endpoint on 127.0.0.1 that records what it receives and answers as a test scripts it.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the endpoint received it. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** How the endpoint answers: an HTTP status, or `'hang'` to never answer. */
export type Reply = number | 'hang';

/** A running endpoint. */
export interface Receiver {
  /** The base URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Every request so far, in order of arrival. */
  readonly requests: readonly ReceivedRequest[];
  /** Resolves once at least `count` requests have arrived. */
  received(count: number): Promise<void>;
  /** Drops every connection and stops listening. */
  close(): Promise<void>;
}

/** Starts an endpoint on 127.0.0.1 port 0 that answers each request with `reply(request, index)`. */
export async function startReceiver(reply: (request: ReceivedRequest, index: number) => Reply): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  let waiters: { count: number; resolve: () => void }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      const answer = reply(request, requests.length - 1);
      waiters = waiters.filter((waiter) => {
        if (requests.length < waiter.count) return true;
        waiter.resolve();
        return false;
      });
      if (answer === 'hang') return;
      if (answer >= 300 && answer < 400) res.setHeader('Location', '/elsewhere');
      res.statusCode = answer;
      res.end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    received: (count) =>
      requests.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** A URL on 127.0.0.1 where nothing listens: a port that was free a moment ago. */
export async function refusedUrl(): Promise<string> {
  const receiver = await startReceiver(() => 200);
  await receiver.close();
  return receiver.url;
}
