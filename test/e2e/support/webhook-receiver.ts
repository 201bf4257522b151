// A webhook endpoint on 127.0.0.1 port 0 that keeps each request's raw body and headers and
// answers as the test scripts it, possibly only once the test lets it (to prove the API never
// waits on deliveries).
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One delivery as the endpoint received it. */
export interface ReceivedWebhook {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The body exactly as sent: what the signature covers. */
  readonly body: string;
}

/** A running endpoint. */
export interface WebhookReceiver {
  /** The endpoint URL, `http://127.0.0.1:<port>/webhooks`. */
  readonly url: string;
  /** Every request so far, in order of arrival. */
  readonly requests: readonly ReceivedWebhook[];
  /** Resolves once at least `count` requests have arrived. */
  received(count: number): Promise<void>;
  /** Drops every connection and stops listening. */
  close(): Promise<void>;
}

/** Starts an endpoint answering each request with the status `reply` gives (or resolves to). */
export async function startWebhookReceiver(
  reply: (request: ReceivedWebhook, index: number) => number | Promise<number> = () => 200,
): Promise<WebhookReceiver> {
  const requests: ReceivedWebhook[] = [];
  let waiters: { readonly count: number; readonly resolve: () => void }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedWebhook = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      waiters = waiters.filter((waiter) => {
        if (requests.length < waiter.count) {
          return true;
        }
        waiter.resolve();
        return false;
      });
      void Promise.resolve(reply(request, requests.length - 1)).then((status) => {
        res.statusCode = status;
        res.setHeader('content-type', 'application/json');
        res.end('{}');
      });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    requests,
    received: (count) => (requests.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve }))),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
