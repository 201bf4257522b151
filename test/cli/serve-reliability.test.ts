// `serve --data` under stress, run as the built command: a second server on the same file refuses
// to start (and a lock left by a killed one is taken over), SIGTERM stops a server whose keep-alive
// connections are kept busy without losing an acknowledged write, and a client too slow to send
// its body is cut off.
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from './support/serve-child.js';
import { get, KEY, post, run, serve, stopChildren } from './support/serve-child.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-serve-reliability-'));
});
// Every child is stopped by its handle, whatever the test did.
afterEach(stopChildren);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('serve --data FILE', () => {
  it('refuses a second server on the same file, naming it and the pid holding it, and takes over the lock of a killed one', async () => {
    const file = join(dir, 'shared.jsonl');
    const first = await serve(['--data', file]);
    const second = run(['--data', file]);
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toContain(`cannot start: data file ${file} is in use by process ${first.process.pid}`);

    first.process.kill('SIGKILL');
    await first.exited;
    const third = await serve(['--data', file]);
    expect(third.stderr()).toContain(`took over the lock of process ${first.process.pid}, which is no longer running`);
    third.process.kill('SIGTERM');
    expect(await third.exited).toBe(0);
  });

  it('stops on SIGTERM while keep-alive clients keep it busy, and keeps every acknowledged write', async () => {
    const file = join(dir, 'busy.jsonl');
    const served = await serve(['--data', file, '--shutdown-grace', '2000']);
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    const acknowledged: string[] = [];
    let signalled: (() => void) | undefined;
    const enoughAcknowledged = new Promise<void>((resolve) => {
      signalled = resolve;
    });
    // Each client sends request after request on its connection until the server goes away.
    const client = async (n: number): Promise<void> => {
      for (let i = 0; ; i += 1) {
        let answer: Answer;
        try {
          answer = await post(served.url, '/v1/customers', { email: `c${n}-${i}@example.com` }, agent);
        } catch {
          return;
        }
        if (answer.status !== 200) return;
        acknowledged.push((JSON.parse(answer.body) as { id: string }).id);
        if (acknowledged.length >= 40) signalled?.();
      }
    };
    const clients = Promise.all([0, 1, 2, 3].map(client));
    await enoughAcknowledged;
    const started = performance.now();
    served.process.kill('SIGTERM');
    expect(await served.exited).toBe(0);
    // Well under the 12 s seen before; the grace alone is 2 s.
    expect(performance.now() - started).toBeLessThan(4_000);
    await clients;
    agent.destroy();

    const restarted = await serve(['--data', file]);
    for (const id of acknowledged) {
      expect((await get(restarted.url, `/v1/customers/${id}`)).status, id).toBe(200);
    }
    restarted.process.kill('SIGTERM');
    expect(await restarted.exited).toBe(0);
  }, 20_000);

  it('cuts off a client that is too slow to send its body', async () => {
    const served = await serve(['--request-timeout', '300', '--headers-timeout', '300']);
    const socket = connect(Number(served.url.port), served.url.hostname);
    await once(socket, 'connect');
    let received = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      received += chunk;
    });
    socket.write(`POST /v1/customers HTTP/1.1\r\nHost: ${served.url.host}\r\nAuthorization: Bearer ${KEY}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nemail=slow`);
    await once(socket, 'close');
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    served.process.kill('SIGTERM');
    expect(await served.exited).toBe(0);
  });
});
