// `running.close()`: an idle keep-alive connection is closed at once, a request still arriving keeps
// its connection until the shutdown grace ends, and then every connection is cut, so close never
// waits on a client. The grace timer is injected, so nothing here waits on the clock.
import { once } from 'node:events';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createEmulator, listen } from '../../src/emulator.js';

async function open(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.setEncoding('utf8');
  return socket;
}

describe('closing a running emulator', () => {
  it('closes idle connections at once and cuts a slow one when the grace ends', async () => {
    const timers: { readonly ms: number; readonly fire: () => void }[] = [];
    const running = await listen(await createEmulator(), {
      port: 0,
      shutdownGraceMs: 1234,
      setTimer: (fire, ms) => {
        timers.push({ ms, fire });
        return () => undefined;
      },
    });
    const idle = await open(running.port);
    idle.write(`GET /v1/customers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sk_test_close\r\n\r\n`);
    await once(idle, 'data');
    const slow = await open(running.port);
    slow.write(`POST /v1/customers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sk_test_close\r\nContent-Length: 50\r\n\r\nemail=`);

    let closed = false;
    const closing = running.close().then(() => {
      closed = true;
    });
    await once(idle, 'close');
    expect(timers.map((timer) => timer.ms)).toEqual([1234]);
    expect(slow.destroyed).toBe(false);
    expect(closed).toBe(false);

    timers[0]?.fire();
    await once(slow, 'close');
    await closing;
    expect(closed).toBe(true);
  });

  it('answers a request that arrives while closing with Connection: close', async () => {
    const running = await listen(await createEmulator(), { port: 0, setTimer: () => () => undefined });
    const socket = await open(running.port);
    // Headers first, so the connection is busy (not idle) when close() starts.
    socket.write(`POST /v1/customers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sk_test_close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 6\r\n\r\n`);
    let received = '';
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    await once(running.server, 'request');
    const closing = running.close();
    socket.write('name=a');
    await once(socket, 'close');
    await closing;
    expect(received).toMatch(/^HTTP\/1\.1 200 /);
    expect(received.toLowerCase()).toContain('connection: close');
  });
});
