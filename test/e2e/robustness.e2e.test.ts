// Robustness of the emulator over a real socket: oversized bodies (declared and chunked), chunked
// bodies, invalid UTF-8, malformed HTTP, clients that hang up mid-body, wrong methods and unknown
// routes, and many concurrent keep-alive connections. Every refusal is a Stripe error envelope,
// nothing is stored by a refused or abandoned request, and the server keeps answering.
import { Agent, request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator, listen } from '../../src/emulator.js';
import type { Emulator, RunningEmulator } from '../../src/emulator.js';
import { OFFLINE_WEBHOOKS, envelopeProblem, snapshot } from '../support/emulator-arbitraries.js';

const LIMIT = 64 * 1024;
const KEY = 'sk_test_robustness';
const FORM = 'application/x-www-form-urlencoded';

interface Started {
  readonly server: RunningEmulator;
  readonly emulator: Emulator;
  readonly logs: string[];
  /** Server-side sockets, in the order they connected. */
  readonly sockets: Socket[];
}

const started: Started[] = [];

afterEach(async () => {
  const servers = started.splice(0);
  await Promise.all(servers.map(({ server }) => server.close()));
  for (const { logs } of servers) {
    expect(logs.filter((line) => line.includes('Unexpected error'))).toEqual([]);
  }
});

async function start(maxBodyBytes = LIMIT): Promise<Started> {
  const logs: string[] = [];
  const emulator = await createEmulator({ seed: 9, maxBodyBytes, webhookDelivery: OFFLINE_WEBHOOKS, log: (line) => logs.push(line) });
  const server = await listen(emulator, { port: 0 });
  const sockets: Socket[] = [];
  server.server.on('connection', (socket: Socket) => sockets.push(socket));
  const running = { server, emulator, logs, sockets };
  started.push(running);
  return running;
}

interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

interface Call {
  readonly method?: string;
  readonly path: string;
  readonly headers?: Record<string, string | number>;
  readonly body?: string | Buffer | readonly (string | Buffer)[];
  readonly agent?: Agent | false;
}

/** One request over `node:http`; an array body is sent chunk by chunk (chunked encoding unless a length is set). */
function call(port: number, { method = 'GET', path, headers = {}, body, agent = false }: Call): Promise<Reply> {
  return new Promise((resolve, reject) => {
    // A whole body goes with its length: Node sends the body of a DELETE unframed otherwise.
    const length = body === undefined || Array.isArray(body) ? {} : { 'content-length': Buffer.byteLength(body as string | Buffer) };
    const outgoing = request({ host: '127.0.0.1', port, method, path, headers: { authorization: `Bearer ${KEY}`, ...length, ...headers }, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    if (Array.isArray(body)) {
      for (const chunk of body) {
        outgoing.write(chunk);
      }
      outgoing.end();
    } else {
      outgoing.end(body as string | Buffer | undefined);
    }
  });
}

function expectEnvelope(reply: Reply, status: number): Record<string, unknown> {
  expect(reply.status, reply.body).toBe(status);
  const requestId = reply.headers['request-id'];
  expect(envelopeProblem({ status: reply.status, body: reply.body, requestId: typeof requestId === 'string' ? requestId : undefined }), reply.body).toBeNull();
  expect(reply.headers['content-type']).toMatch(/^application\/json/);
  return (JSON.parse(reply.body) as { error: Record<string, unknown> }).error;
}

/** What a raw socket received, and how it ended. */
interface RawExchange {
  readonly text: string;
  /** `end` when the server closed its side, `error CODE` when the connection broke, then `close`. */
  readonly endings: string[];
  /** Bytes of the body written before the answer arrived. */
  readonly written: number;
}

/**
 * Writes `head` then `body` in chunks over a raw socket, stops writing as soon as an answer
 * arrives, and resolves when the connection closes.
 */
/** Writes the whole request whatever comes back (as simple clients do), then reads until the server closes. */
function sendAllThenRead(port: number, head: string, body: Buffer): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const endings: string[] = [];
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('end', () => endings.push('end'));
    socket.on('error', (error: NodeJS.ErrnoException) => endings.push(`error ${error.code ?? error.message}`));
    socket.on('close', () => {
      endings.push('close');
      resolve({ text: Buffer.concat(received).toString('latin1'), endings, written: body.length });
    });
    socket.write(Buffer.from(head, 'latin1'));
    socket.end(body);
  });
}

function rawExchange(port: number, head: string, body: Buffer = Buffer.alloc(0), chunkSize = 16 * 1024): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const endings: string[] = [];
    const received: Buffer[] = [];
    let answered = false;
    let written = 0;
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      answered = true;
    });
    socket.on('end', () => endings.push('end'));
    socket.on('error', (error: NodeJS.ErrnoException) => endings.push(`error ${error.code ?? error.message}`));
    socket.on('close', () => {
      endings.push('close');
      resolve({ text: Buffer.concat(received).toString('latin1'), endings, written });
    });
    socket.write(Buffer.from(head, 'latin1'));
    const pump = (): void => {
      while (written < body.length && !answered && !socket.destroyed) {
        const chunk = body.subarray(written, written + chunkSize);
        written += chunk.length;
        if (!socket.write(chunk)) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

interface RawReply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Parses the first HTTP/1.1 answer of a raw exchange (bodies with a Content-Length). */
function parseRaw(text: string): RawReply {
  const split = text.indexOf('\r\n\r\n');
  const head = split === -1 ? text : text.slice(0, split);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? '0');
  const rest = split === -1 ? '' : text.slice(split + 4);
  return { status: Number(statusLine.split(' ')[1]), headers, body: Buffer.from(rest, 'latin1').subarray(0, length).toString('utf8') };
}

function expectRawEnvelope(reply: RawReply, status: number): void {
  expect(reply.status, JSON.stringify(reply)).toBe(status);
  expect(envelopeProblem({ status: reply.status, body: reply.body, requestId: reply.headers['request-id'] }), JSON.stringify(reply)).toBeNull();
  expect(reply.headers['content-type']).toMatch(/^application\/json/);
}

function postHead(path: string, extra: string): string {
  return `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${KEY}\r\nContent-Type: ${FORM}\r\n${extra}\r\n`;
}

function chunked(body: Buffer, size: number): Buffer {
  const parts: Buffer[] = [];
  for (let offset = 0; offset < body.length; offset += size) {
    const piece = body.subarray(offset, offset + size);
    parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`, 'latin1'), piece, Buffer.from('\r\n', 'latin1'));
  }
  parts.push(Buffer.from('0\r\n\r\n', 'latin1'));
  return Buffer.concat(parts);
}

/** Resolves when a server-side socket has closed. */
function closed(socket: Socket): Promise<void> {
  return socket.destroyed ? Promise.resolve() : new Promise((resolve) => socket.once('close', () => resolve()));
}

/** Resolves once the server has received `count` connections. */
function connections(running: Started, count: number): Promise<Socket[]> {
  if (running.sockets.length >= count) {
    return Promise.resolve(running.sockets.slice(0, count));
  }
  return new Promise((resolve) => {
    const check = (): void => {
      if (running.sockets.length >= count) {
        running.server.server.off('connection', check);
        resolve(running.sockets.slice(0, count));
      }
    };
    running.server.server.on('connection', check);
  });
}

async function expectStillServing(running: Started): Promise<void> {
  const reply = await call(running.server.port, { method: 'POST', path: '/v1/customers', headers: { 'content-type': FORM }, body: 'email=next%40example.com' });
  expect(reply.status, reply.body).toBe(200);
  expect((JSON.parse(reply.body) as { email: string }).email).toBe('next@example.com');
}

describe('oversized bodies', () => {
  it('a 2 MiB body with Content-Length: 413 envelope before it is read, connection closed, nothing stored, next request answered', async () => {
    const running = await start();
    const before = snapshot(running.emulator);
    const body = Buffer.alloc(2 * 1024 * 1024, 'a');
    const exchange = await rawExchange(running.server.port, postHead('/v1/customers', `Content-Length: ${body.length}\r\n`), body);
    const reply = parseRaw(exchange.text);
    expectRawEnvelope(reply, 413);
    expect(reply.body).toContain(`${LIMIT} bytes`);
    expect(reply.headers['connection']).toBe('close');
    expect(exchange.endings.at(-1)).toBe('close');
    expect(snapshot(running.emulator)).toBe(before);
    await expectStillServing(running);
  });

  it('a 2 MiB chunked body without Content-Length: 413 envelope once past the limit, connection closed, nothing stored', async () => {
    const running = await start();
    const before = snapshot(running.emulator);
    const body = chunked(Buffer.from(`name=${'a'.repeat(2 * 1024 * 1024)}`, 'latin1'), 8 * 1024);
    const exchange = await rawExchange(running.server.port, postHead('/v1/customers', 'Transfer-Encoding: chunked\r\n'), body);
    const reply = parseRaw(exchange.text);
    expectRawEnvelope(reply, 413);
    expect(reply.headers['connection']).toBe('close');
    expect(exchange.endings.at(-1)).toBe('close');
    expect(snapshot(running.emulator)).toBe(before);
    await expectStillServing(running);
  });

  it('a 2 MiB body sent as clients send it (node:http with a length, node:http chunked, fetch): a 413 envelope each time', async () => {
    const running = await start();
    const port = running.server.port;
    const body = `description=${'x'.repeat(2 * 1024 * 1024)}`;
    const headers = { 'content-type': FORM };
    expectEnvelope(await call(port, { method: 'POST', path: '/v1/setup_intents', headers, body }), 413);
    expectEnvelope(await call(port, { method: 'POST', path: '/v1/setup_intents', headers, body: [body.slice(0, LIMIT), body.slice(LIMIT)] }), 413);
    const response = await fetch(`${running.server.url}/v1/setup_intents`, { method: 'POST', headers: { ...headers, authorization: `Bearer ${KEY}` }, body });
    const text = await response.text();
    expect(response.status).toBe(413);
    expect(envelopeProblem({ status: response.status, body: text, requestId: response.headers.get('request-id') ?? undefined })).toBeNull();
    expect(running.emulator.store.setupIntents.size).toBe(0);
    await expectStillServing(running);
  });

  it('a body up to 16 times the limit is read and dropped before the 413, so a client that sends it all still reads the answer, not a reset', async () => {
    // With the default 1 MiB limit, 12 MiB outgrow the socket buffers: closing with them unread reset the connection.
    const running = await start(1024 * 1024);
    const body = Buffer.alloc(12 * 1024 * 1024, 'x');
    for (let attempt = 0; attempt < 3; attempt++) {
      const exchange = await sendAllThenRead(running.server.port, postHead('/v1/customers', `Content-Length: ${body.length}\r\n`), body);
      expect(exchange.endings.filter((ending) => ending.startsWith('error'))).toEqual([]);
      const reply = parseRaw(exchange.text);
      expectRawEnvelope(reply, 413);
      expect(reply.headers['connection']).toBe('close');
    }
    expect(running.emulator.store.customers.size).toBe(0);
    await expectStillServing(running);
  });

  it("a 413 carries CORS headers only for an origin that may call the API, as the dispatcher's answers do", async () => {
    const running = await start();
    const port = running.server.port;
    const body = `description=${'x'.repeat(2 * LIMIT)}`;
    const page = await call(port, { method: 'POST', path: '/v1/setup_intents', headers: { 'content-type': FORM, origin: 'http://localhost:3000' }, body });
    expectEnvelope(page, 413);
    expect(page.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    const hostile = await call(port, { method: 'POST', path: '/v1/setup_intents', headers: { 'content-type': FORM, origin: 'https://attacker.example' }, body });
    expectEnvelope(hostile, 413);
    expect(hostile.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('the limit is exact: a body of exactly the limit is parsed, one byte more is 413, declared or chunked', async () => {
    const running = await start();
    const at = `name=${'x'.repeat(LIMIT - 'name='.length)}`;
    const over = `${at}x`;
    const port = running.server.port;
    const headers = { 'content-type': FORM };
    // Parsed and checked: the name is too long for a Customer, a 400 rather than a 413.
    expect(expectEnvelope(await call(port, { method: 'POST', path: '/v1/customers', headers, body: at }), 400)['param']).toBe('name');
    expectEnvelope(await call(port, { method: 'POST', path: '/v1/customers', headers, body: over }), 413);
    expect(expectEnvelope(await call(port, { method: 'POST', path: '/v1/customers', headers, body: [at.slice(0, 1000), at.slice(1000)] }), 400)['param']).toBe('name');
    expectEnvelope(await call(port, { method: 'POST', path: '/v1/customers', headers, body: [over.slice(0, 1000), over.slice(1000)] }), 413);
    expect(running.emulator.store.customers.size).toBe(0);
    await expectStillServing(running);
  });

  it('a multi-byte body over the limit in bytes (under it in characters) is 413', async () => {
    const running = await start();
    const body = `name=${'é'.repeat(LIMIT / 2)}`;
    expect(body.length).toBeLessThan(LIMIT);
    expectEnvelope(await call(running.server.port, { method: 'POST', path: '/v1/customers', headers: { 'content-type': FORM }, body }), 413);
    expect(running.emulator.store.customers.size).toBe(0);
  });
});

describe('chunked bodies and bytes that are not UTF-8', () => {
  it('a chunked body split inside a percent escape and inside a multi-byte character is read whole', async () => {
    const running = await start();
    const body = Buffer.from('email=a%40example.com&name=Zo%C3%AB+%E2%82%AC&metadata[city]=Z\u00fcrich', 'utf8');
    // One byte per chunk: every escape and every UTF-8 sequence is cut.
    const pieces = [...body].map((byte) => Buffer.from([byte]));
    const reply = await call(running.server.port, { method: 'POST', path: '/v1/customers', headers: { 'content-type': FORM }, body: pieces });
    expect(reply.status, reply.body).toBe(200);
    const customer = JSON.parse(reply.body) as { email: string; name: string; metadata: Record<string, string> };
    expect(customer).toMatchObject({ email: 'a@example.com', name: 'Zoë €', metadata: { city: 'Zürich' } });
  });

  it('a JSON body sent in chunks is read whole', async () => {
    const running = await start();
    const body = JSON.stringify({ email: 'j@example.com', metadata: { note: 'ünïcödé' } });
    const reply = await call(running.server.port, { method: 'POST', path: '/v1/customers', headers: { 'content-type': 'application/json' }, body: [...Buffer.from(body)].map((byte) => Buffer.from([byte])) });
    expect(reply.status, reply.body).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ email: 'j@example.com', metadata: { note: 'ünïcödé' } });
  });

  const invalidUtf8: readonly (readonly [string, Buffer, string])[] = [
    ['raw 0xFF 0xFE in a form value', Buffer.concat([Buffer.from('name=', 'latin1'), Buffer.from([0xff, 0xfe])]), FORM],
    ['a truncated sequence at the end of the body', Buffer.concat([Buffer.from('name=ab', 'latin1'), Buffer.from([0xe2, 0x82])]), FORM],
    ['an overlong encoding of "/"', Buffer.concat([Buffer.from('name=', 'latin1'), Buffer.from([0xc0, 0xaf])]), FORM],
    ['UTF-16 surrogate bytes', Buffer.concat([Buffer.from('name=', 'latin1'), Buffer.from([0xed, 0xa0, 0x80])]), FORM],
    ['raw bytes in a key', Buffer.concat([Buffer.from([0xff]), Buffer.from('=1', 'latin1')]), FORM],
    ['percent-encoded invalid bytes', Buffer.from('name=%FF%FE&email=%C0%AF', 'latin1'), FORM],
    ['malformed percent escapes', Buffer.from('name=%E0%A4%A&email=%', 'latin1'), FORM],
    ['raw 0xFF inside a JSON string', Buffer.concat([Buffer.from('{"name":"', 'latin1'), Buffer.from([0xff]), Buffer.from('"}', 'latin1')]), 'application/json'],
    ['raw 0xFF outside any JSON string', Buffer.concat([Buffer.from('{"name":', 'latin1'), Buffer.from([0xff]), Buffer.from('}', 'latin1')]), 'application/json'],
    ['a UTF-16 body declared as JSON', Buffer.from('{"name":"x"}', 'utf16le'), 'application/json'],
  ];

  it.each(invalidUtf8)('%s: answered without a 5xx, refusals as Stripe errors that store nothing', async (_name, body, contentType) => {
    const running = await start();
    const before = snapshot(running.emulator);
    const reply = await call(running.server.port, { method: 'POST', path: '/v1/customers', headers: { 'content-type': contentType, 'content-length': body.length }, body });
    expect(reply.status, reply.body).toBeLessThan(500);
    if (reply.status === 200) {
      // Accepted: the bytes were decoded with replacement characters, and the Customer answered is the one stored.
      const customer = JSON.parse(reply.body) as { id: string };
      expect(running.emulator.store.customers.get(customer.id)).toEqual(JSON.parse(reply.body));
    } else {
      expectEnvelope(reply, reply.status);
      expect(snapshot(running.emulator)).toBe(before);
    }
    await expectStillServing(running);
  });

  it('an Authorization header with bytes that are not UTF-8 is a 401 envelope', async () => {
    const running = await start();
    const exchange = await rawExchange(running.server.port, `GET /v1/customers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sk_test_\xff\xfe\r\nConnection: close\r\n\r\n`);
    expectRawEnvelope(parseRaw(exchange.text), 401);
  });
});

describe('requests that are not HTTP', () => {
  const malformed: readonly (readonly [string, string])[] = [
    ['a control character in the request target', 'GET /v1/\x01 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'],
    ['bytes that are not ASCII in the request target', 'GET /v1/customers/\xff\xfe HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'],
    ['an unknown method token', 'FOO /v1/customers HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'],
    ['a NUL in a header value', 'GET /v1/customers HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Test: a\x00b\r\n\r\n'],
    ['Content-Length and Transfer-Encoding together', 'POST /v1/customers HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
    ['a Content-Length that is not a number', 'POST /v1/customers HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n'],
    ['a broken chunk size', 'POST /v1/customers HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n'],
    ['binary noise', '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n'],
  ];

  it.each(malformed)('%s: a 400 Stripe error envelope, the connection closed, and the server still serving', async (_name, text) => {
    const running = await start();
    const before = snapshot(running.emulator);
    const exchange = await rawExchange(running.server.port, text);
    expect(exchange.endings.at(-1)).toBe('close');
    expectRawEnvelope(parseRaw(exchange.text), 400);
    expect(snapshot(running.emulator)).toBe(before);
    await expectStillServing(running);
  });
});

describe('clients that hang up', () => {
  it('half a declared body, then the socket destroyed: the server closes its side, stores nothing, and goes on', async () => {
    const running = await start();
    const before = snapshot(running.emulator);
    const client = connect(running.server.port, '127.0.0.1');
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
    const [serverSide] = await Promise.all([
      connections(running, 1).then((sockets) => sockets[0] as Socket),
      new Promise<void>((resolve) => client.write(Buffer.from(`${postHead('/v1/customers', 'Content-Length: 1000\r\n')}email=half%40exa`, 'latin1'), () => resolve())),
    ]);
    client.destroy();
    await closed(serverSide);
    expect(snapshot(running.emulator)).toBe(before);
    await expectStillServing(running);
  });

  it('half a chunked body, then the socket destroyed: nothing stored, the server goes on', async () => {
    const running = await start();
    const before = snapshot(running.emulator);
    const client = connect(running.server.port, '127.0.0.1');
    const [serverSide] = await Promise.all([
      connections(running, 1).then((sockets) => sockets[0] as Socket),
      new Promise<void>((resolve) => client.write(Buffer.from(`${postHead('/v1/setup_intents', 'Transfer-Encoding: chunked\r\n')}10\r\npayment_method_t`, 'latin1'), () => resolve())),
    ]);
    client.destroy();
    await closed(serverSide);
    expect(snapshot(running.emulator)).toBe(before);
    await expectStillServing(running);
  });

  it('half the headers, then the socket destroyed: the server goes on', async () => {
    const running = await start();
    const client = connect(running.server.port, '127.0.0.1');
    const [serverSide] = await Promise.all([
      connections(running, 1).then((sockets) => sockets[0] as Socket),
      new Promise<void>((resolve) => client.write('POST /v1/customers HTTP/1.1\r\nHost: 127.0', () => resolve())),
    ]);
    client.destroy();
    await closed(serverSide);
    await expectStillServing(running);
  });

  it('a complete request whose client leaves before the answer: the request applies once and the server goes on', async () => {
    const running = await start();
    const client = connect(running.server.port, '127.0.0.1');
    const body = 'email=gone%40example.com';
    const [serverSide] = await Promise.all([
      connections(running, 1).then((sockets) => sockets[0] as Socket),
      new Promise<void>((resolve) => client.end(Buffer.from(`${postHead('/v1/customers', `Content-Length: ${body.length}\r\n`)}${body}`, 'latin1'), () => resolve())),
    ]);
    client.destroy();
    await closed(serverSide);
    const list = await call(running.server.port, { path: '/v1/customers?email=gone%40example.com' });
    expect((JSON.parse(list.body) as { data: unknown[] }).data.length).toBeLessThanOrEqual(1);
    await expectStillServing(running);
  });

  it('fifty clients abandoning bodies at once, then fifty good requests: all good ones answered', async () => {
    const running = await start();
    const before = snapshot(running.emulator);
    const clients = Array.from({ length: 50 }, () => connect(running.server.port, '127.0.0.1'));
    const serverSides = connections(running, 50);
    await Promise.all(clients.map((client, i) => new Promise<void>((resolve) => client.write(Buffer.from(`${postHead('/v1/customers', 'Content-Length: 500\r\n')}email=${i}`, 'latin1'), () => resolve()))));
    const sockets = await serverSides;
    for (const client of clients) {
      client.destroy();
    }
    await Promise.all(sockets.map(closed));
    expect(snapshot(running.emulator)).toBe(before);
    const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => call(running.server.port, { method: 'POST', path: '/v1/customers', headers: { 'content-type': FORM }, body: `email=c${i}%40example.com` })));
    expect(replies.map((reply) => reply.status)).toEqual(replies.map(() => 200));
    expect(running.emulator.store.customers.size).toBe(50);
  });
});

describe('wrong methods and unknown routes over the socket', () => {
  const refused: readonly (readonly [string, string, number])[] = [
    ['PUT', '/v1/setup_intents', 404],
    ['PATCH', '/v1/setup_intents', 404],
    ['DELETE', '/v1/setup_intents', 404],
    ['DELETE', '/v1/customers', 404],
    ['POST', '/v1/events', 404],
    ['GET', '/v1/charges', 404],
    ['GET', '/v2/setup_intents', 404],
    ['GET', '/v1/setup_intents/../customers', 404],
    ['GET', '/v1/setup_intents/%2e%2e%2fcustomers', 404],
    ['GET', '/v1/setup_intents/%00', 404],
    ['GET', '/v1/setup_intents/__proto__', 404],
    ['GET', '/v1/setup_intents/%E0%A4%A', 404],
    ['GET', `/v1/${'a/'.repeat(2000)}`, 404],
    ['GET', '/v1/s%C3%A9tup_intents', 404],
    ['POST', '/v1/setup_intents/seti_missing/confirm', 404],
  ];

  const shown = refused.map(([method, path, status]) => [method, path.length > 80 ? `${path.slice(0, 24)}... (${path.length} chars)` : path, status, path] as const);

  it.each(shown)('%s %s: a %i envelope, nothing stored', async (method, _shown, status, path) => {
    const running = await start();
    const before = snapshot(running.emulator);
    const reply = await call(running.server.port, { method, path, headers: { 'content-type': FORM }, ...(method === 'GET' ? {} : { body: 'payment_method_types[]=card' }) });
    expectEnvelope(reply, status);
    expect(snapshot(running.emulator)).toBe(before);
  });

  it('HEAD of an API path: a 404 with a request id and no body', async () => {
    const running = await start();
    const reply = await call(running.server.port, { method: 'HEAD', path: '/v1/setup_intents' });
    expect(reply.status).toBe(404);
    expect(reply.headers['request-id']).toMatch(/^req_/);
    expect(reply.body).toBe('');
    await expectStillServing(running);
  });

  it('OPTIONS (a CORS preflight) from a loopback origin: 204 with the origin, the allowed methods and headers', async () => {
    const running = await start();
    const reply = await call(running.server.port, { method: 'OPTIONS', path: '/v1/setup_intents', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' } });
    expect(reply.status).toBe(204);
    expect(reply.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(reply.headers['vary']).toBe('Origin');
    expect(reply.headers['access-control-allow-methods']).toContain('POST');
    expect(reply.headers['request-id']).toMatch(/^req_/);
  });

  it('OPTIONS (a CORS preflight) from another origin: 403, without CORS headers', async () => {
    const running = await start();
    const reply = await call(running.server.port, { method: 'OPTIONS', path: '/v1/setup_intents', headers: { origin: 'https://example.com', 'access-control-request-method': 'POST' } });
    expect(reply.status).toBe(403);
    expect(reply.headers['access-control-allow-origin']).toBeUndefined();
    expect(JSON.parse(reply.body)).toMatchObject({ error: { type: 'invalid_request_error' } });
  });

  it('a request target in absolute form is answered by path, never with a bare error', async () => {
    const running = await start();
    const exchange = await rawExchange(running.server.port, `GET http://127.0.0.1/v1/customers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${KEY}\r\nConnection: close\r\n\r\n`);
    const reply = parseRaw(exchange.text);
    // Either routed (200) or refused as an unknown URL (404 envelope): never a 5xx or a bare error.
    if (reply.status !== 200) {
      expectRawEnvelope(reply, 404);
    }
  });
});

describe('many connections at once', () => {
  it('200 concurrent keep-alive requests are all answered, and a second round reuses the connections', async () => {
    const running = await start();
    const agent = new Agent({ keepAlive: true, maxSockets: 200 });
    try {
      const round = (tag: string): Promise<Reply[]> =>
        Promise.all(
          Array.from({ length: 200 }, (_, i) =>
            i % 4 === 3
              ? call(running.server.port, { agent, method: 'PUT', path: '/v1/customers' })
              : i % 4 === 2
                ? call(running.server.port, { agent, path: '/v1/customers?limit=1' })
                : call(running.server.port, { agent, method: 'POST', path: '/v1/customers', headers: { 'content-type': FORM }, body: `email=${tag}${i}%40example.com` }),
          ),
        );
      for (const tag of ['a', 'b']) {
        const replies = await round(tag);
        replies.forEach((reply, i) => {
          if (i % 4 === 3) {
            expectEnvelope(reply, 404);
          } else {
            expect(reply.status, reply.body).toBe(200);
          }
        });
      }
      expect(running.emulator.store.customers.size).toBe(200);
      expect(running.sockets.length).toBeLessThanOrEqual(200);
    } finally {
      agent.destroy();
    }
  });

  it('20 parallel confirms of one SetupIntent over separate connections: exactly one succeeds, one SetupAttempt', async () => {
    const running = await start();
    const port = running.server.port;
    const created = await call(port, { method: 'POST', path: '/v1/setup_intents', headers: { 'content-type': FORM }, body: 'payment_method_types[0]=card' });
    const intent = (JSON.parse(created.body) as { id: string }).id;
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => call(port, { method: 'POST', path: `/v1/setup_intents/${intent}/confirm`, headers: { 'content-type': FORM }, body: 'payment_method=pm_card_visa' })),
    );
    const succeeded = replies.filter((reply) => reply.status === 200);
    expect(succeeded).toHaveLength(1);
    for (const reply of replies.filter((candidate) => candidate.status !== 200)) {
      expect(expectEnvelope(reply, 400)['code']).toBe('setup_intent_unexpected_state');
    }
    expect([...running.emulator.store.setupAttempts.values()].filter((attempt) => attempt.setup_intent === intent)).toHaveLength(1);
  });

  it('oversized and good requests interleaved on 100 connections: each gets its own answer', async () => {
    const running = await start();
    const port = running.server.port;
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        i % 2 === 0
          ? call(port, { method: 'POST', path: '/v1/customers', headers: { 'content-type': FORM }, body: [`email=big${i}&name=`, 'x'.repeat(LIMIT)] })
          : call(port, { method: 'POST', path: '/v1/customers', headers: { 'content-type': FORM }, body: `email=ok${i}%40example.com` }),
      ),
    );
    replies.forEach((reply, i) => {
      if (i % 2 === 0) {
        expectEnvelope(reply, 413);
      } else {
        expect(reply.status, reply.body).toBe(200);
        expect((JSON.parse(reply.body) as { email: string }).email).toBe(`ok${i}@example.com`);
      }
    });
    expect(running.emulator.store.customers.size).toBe(50);
  });
});
