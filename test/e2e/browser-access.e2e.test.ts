// What a web page may make the emulator do, over a real socket: which origins may read answers
// (CORS), which Host names are answered (DNS rebinding), and where webhooks may be sent.
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { parseServeArguments } from '../../src/cli/serve-command.js';
import { createEmulator, listen } from '../../src/emulator.js';
import type { EmulatorOptions, RunningEmulator } from '../../src/emulator.js';

const KEY = 'sk_test_browser_access';
const OFFLINE_WEBHOOKS = { fetch: async () => new Response('', { status: 200 }), retryDelaysMs: [] } as const;

const running: RunningEmulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = await createEmulator({ seed: 5, log: () => undefined, webhookDelivery: OFFLINE_WEBHOOKS, ...options });
  const server = await listen(emulator, { port: 0 });
  running.push(server);
  return server;
}

interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

function call(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const length = body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) };
    const outgoing = request({ host: '127.0.0.1', port, method, path, agent: false, headers: { authorization: `Bearer ${KEY}`, ...length, ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

describe('CORS: which origins may read answers', () => {
  it.each(['http://localhost:5173', 'https://localhost', 'http://127.0.0.1:3000', 'http://[::1]:8080', 'http://shop.localhost:4000'])('a loopback origin (%s) gets its own origin back, and Vary: Origin', async (origin) => {
    const server = await start();
    const reply = await call(server.port, 'GET', '/v1/customers', { origin });
    expect(reply.status).toBe(200);
    expect(reply.headers['access-control-allow-origin']).toBe(origin);
    expect(reply.headers['vary']).toBe('Origin');
  });

  it.each(['https://evil.example', 'http://localhost.evil.example', 'http://127.0.0.1.nip.io', 'null', 'file://'])('another origin (%s) gets no CORS headers, and its preflight is 403', async (origin) => {
    const server = await start();
    const reply = await call(server.port, 'GET', '/v1/customers', { origin });
    expect(reply.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await call(server.port, 'OPTIONS', '/v1/customers', { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(JSON.parse(preflight.body)).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining('--allow-origin') } });
  });

  it('a request without Origin (an SDK, curl) gets no CORS headers and is answered as before', async () => {
    const server = await start();
    const reply = await call(server.port, 'GET', '/v1/customers');
    expect(reply.status).toBe(200);
    expect(reply.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allowedOrigins adds origins; * restores Access-Control-Allow-Origin: * for every origin', async () => {
    const listed = await start({ allowedOrigins: ['https://shop.test:8443/'] });
    expect((await call(listed.port, 'GET', '/v1/customers', { origin: 'https://shop.test:8443' })).headers['access-control-allow-origin']).toBe('https://shop.test:8443');
    expect((await call(listed.port, 'OPTIONS', '/v1/customers', { origin: 'https://shop.test:8443' })).status).toBe(204);
    expect((await call(listed.port, 'GET', '/v1/customers', { origin: 'https://other.test' })).headers['access-control-allow-origin']).toBeUndefined();
    const any = await start({ allowedOrigins: ['*'] });
    const reply = await call(any.port, 'OPTIONS', '/v1/customers', { origin: 'https://evil.example' });
    expect(reply.status).toBe(204);
    expect(reply.headers['access-control-allow-origin']).toBe('*');
  });

  it('refuses an allowed origin that is not one', async () => {
    await expect(createEmulator({ allowedOrigins: ['javascript:alert(1)'] })).rejects.toThrow(/allowed origin/);
  });
});

describe('Host: which names are answered', () => {
  it.each(['evil.example', 'evil.example:12111', 'localhost.evil.example', '169.254.169.254'])('a request for %s (DNS rebinding) is refused with 403 and a Stripe-style error', async (host) => {
    const server = await start();
    const reply = await call(server.port, 'GET', '/v1/customers', { host });
    expect(reply.status).toBe(403);
    expect(reply.headers['request-id']).toMatch(/^req_/);
    expect(reply.headers['access-control-allow-origin']).toBeUndefined();
    expect(JSON.parse(reply.body)).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining('--allow-host') } });
    // Pages and the script are refused too: a rebound page must not read them either.
    expect((await call(server.port, 'GET', '/js/v3', { host })).status).toBe(403);
  });

  it.each(['localhost', 'LOCALHOST:1', '127.0.0.1:12111', '[::1]:80', 'app.localhost'])('a loopback name (%s) is answered', async (host) => {
    const server = await start();
    expect((await call(server.port, 'GET', '/v1/customers', { host })).status).toBe(200);
  });

  it('the names given with allowedHosts are answered, and the host it listens on', async () => {
    const server = await start({ allowedHosts: ['emulator.internal'] });
    expect((await call(server.port, 'GET', '/v1/customers', { host: 'emulator.internal:12111' })).status).toBe(200);
    expect((await call(server.port, 'GET', '/v1/customers', { host: 'other.internal' })).status).toBe(403);
    expect((await call(server.port, 'GET', '/v1/customers', { host: new URL(server.url).host })).status).toBe(200);
  });

  it('in-process calls (emulator.fetch, the MSW handlers) are not checked: nothing reached them over a network', async () => {
    const emulator = await createEmulator({ seed: 5, baseUrl: 'https://api.stripe.com', log: () => undefined });
    const response = await emulator.fetch(new Request('https://api.stripe.com/v1/customers', { headers: { authorization: `Bearer ${KEY}`, host: 'api.stripe.com' } }));
    expect(response.status).toBe(200);
    await emulator.close();
  });
});

describe('webhook endpoint URLs', () => {
  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://2852039166/',
    'http://169.254.1.1:8080/hook',
    'http://[fe80::1]/hook',
    'http://[febf::1]/hook',
    'http://[::ffff:169.254.169.254]/',
    'http://0.0.0.0:8080/hook',
    'http://[::]/hook',
    'ftp://127.0.0.1/hook',
  ])('refuses %s with a 400 on url, and creates nothing', async (url) => {
    const server = await start();
    const reply = await call(server.port, 'POST', '/v1/webhook_endpoints', {}, new URLSearchParams({ url, 'enabled_events[0]': '*' }).toString());
    expect(reply.status, reply.body).toBe(400);
    expect(JSON.parse(reply.body)).toMatchObject({ error: { type: 'invalid_request_error', param: 'url', message: expect.stringMatching(/^Invalid URL: /) } });
    const list = await call(server.port, 'GET', '/v1/webhook_endpoints');
    expect(JSON.parse(list.body)).toMatchObject({ data: [] });
  });

  it('refuses updating an endpoint to such a URL', async () => {
    const server = await start();
    const created = JSON.parse((await call(server.port, 'POST', '/v1/webhook_endpoints', {}, 'url=http%3A%2F%2F127.0.0.1%3A3000%2Fhook&enabled_events[0]=*')).body) as { id: string };
    const reply = await call(server.port, 'POST', `/v1/webhook_endpoints/${created.id}`, {}, 'url=http%3A%2F%2F169.254.169.254%2F');
    expect(reply.status).toBe(400);
    expect(JSON.parse((await call(server.port, 'GET', `/v1/webhook_endpoints/${created.id}`)).body)).toMatchObject({ url: 'http://127.0.0.1:3000/hook' });
  });

  it.each(['http://127.0.0.1:3000/hook', 'http://localhost:9999/hook', 'http://[::1]:3000/hook', 'https://hooks.example.com/stripe', 'http://10.0.0.5/hook'])('accepts %s', async (url) => {
    const server = await start();
    const reply = await call(server.port, 'POST', '/v1/webhook_endpoints', {}, new URLSearchParams({ url, 'enabled_events[0]': '*' }).toString());
    expect(reply.status, reply.body).toBe(200);
  });

  it('a static target (serve --webhook-url) on a link-local address is refused unless allowPrivateWebhookTargets is set', async () => {
    const webhooks = [{ url: 'http://169.254.169.254/hook', secret: 'whsec_test' }];
    await expect(createEmulator({ webhooks, log: () => undefined })).rejects.toThrow(/allowPrivateWebhookTargets/);
    await expect(createEmulator({ webhooks: [{ url: 'javascript:alert(1)', secret: 'whsec_test' }], allowPrivateWebhookTargets: true, log: () => undefined })).rejects.toThrow(/http or https/);
    const allowed = await createEmulator({ webhooks, allowPrivateWebhookTargets: true, log: () => undefined });
    await allowed.close();
  });
});

describe('serve flags', () => {
  it('--allow-origin and --allow-host repeat; --allow-webhook-target allows private webhook targets', () => {
    const parsed = parseServeArguments(['--allow-origin', 'https://a.test', '--allow-origin', 'https://b.test', '--allow-host', 'emulator.internal', '--allow-webhook-target']);
    if (parsed === 'help') throw new Error('expected arguments');
    expect(parsed.options).toMatchObject({ allowedOrigins: ['https://a.test', 'https://b.test'], allowedHosts: ['emulator.internal'], allowPrivateWebhookTargets: true });
    const plain = parseServeArguments([]);
    if (plain === 'help') throw new Error('expected arguments');
    expect(plain.options).not.toHaveProperty('allowedOrigins');
    expect(plain.options).not.toHaveProperty('allowPrivateWebhookTargets');
  });
});
