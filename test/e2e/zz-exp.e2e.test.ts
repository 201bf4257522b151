import { connect } from 'node:net';
import { it } from 'vitest';
import { createEmulator, listen } from '../../src/emulator.js';

function exchange(port: number, head: string, body: Buffer | null, chunkSize = 16384): Promise<{ text: string; events: string[] }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const events: string[] = [];
    let text = '';
    let answered = false;
    socket.on('data', (d) => { text += d.toString('latin1'); answered = true; events.push('data'); });
    socket.on('end', () => events.push('end'));
    socket.on('error', (e) => events.push('error ' + (e as NodeJS.ErrnoException).code));
    socket.on('close', () => { events.push('close'); resolve({ text, events }); });
    socket.write(Buffer.from(head, 'latin1'));
    if (body) {
      let offset = 0;
      const pump = () => {
        while (offset < body.length && !answered) {
          const ok = socket.write(body.subarray(offset, offset + chunkSize));
          offset += chunkSize;
          if (!ok) { socket.once('drain', pump); return; }
        }
        events.push(`wrote ${Math.min(offset, body.length)}`);
      };
      pump();
    }
  });
}

it('exp', async () => {
  const emulator = await createEmulator({ maxBodyBytes: 64 * 1024, log: (l) => console.log('LOG', l) });
  const server = await listen(emulator, { port: 0 });
  const big = Buffer.alloc(2 * 1024 * 1024, 'a');
  let r = await exchange(server.port, `POST /v1/customers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk_test_x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${big.length}\r\n\r\n`, big);
  console.log('CL:', JSON.stringify(r.text.slice(0, 800)), r.events.join(','));
  r = await exchange(server.port, `POST /v1/customers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk_test_x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n`, Buffer.concat(Array.from({ length: 40 }, () => Buffer.from(`4000\r\n${'a'.repeat(0x4000)}\r\n`))));
  console.log('chunked:', JSON.stringify(r.text.slice(0, 800)), r.events.join(','));
  r = await exchange(server.port, `GET /v1/\x01 HTTP/1.1\r\nHost: x\r\n\r\n`, null);
  console.log('bad line:', JSON.stringify(r.text.slice(0, 400)), r.events.join(','));
  r = await exchange(server.port, `FOO /v1/customers HTTP/1.1\r\nHost: x\r\n\r\n`, null);
  console.log('bad method:', JSON.stringify(r.text.slice(0, 400)), r.events.join(','));
  r = await exchange(server.port, `GET /v1/customers HTTP/1.1\r\nHost: x\r\nX: a\x00b\r\n\r\n`, null);
  console.log('bad header:', JSON.stringify(r.text.slice(0, 400)), r.events.join(','));
  r = await exchange(server.port, `POST /v1/customers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk_test_x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nname=\xff\xfe`, null);
  console.log('bad utf8:', JSON.stringify(r.text.slice(0, 600)), r.events.join(','));
  r = await exchange(server.port, `GET /v1/customers/\xff\xfe HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk_test_x\r\nConnection: close\r\n\r\n`, null);
  console.log('bad utf8 path:', JSON.stringify(r.text.slice(0, 600)), r.events.join(','));
  r = await exchange(server.port, `PUT /v1/customers HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, null);
  console.log('PUT:', JSON.stringify(r.text.slice(0, 600)), r.events.join(','));
  r = await exchange(server.port, `POST /v1/customers HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`, null);
  console.log('CL+TE:', JSON.stringify(r.text.slice(0, 600)), r.events.join(','));
  r = await exchange(server.port, `POST /v1/customers HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n`, null);
  console.log('CL abc:', JSON.stringify(r.text.slice(0, 600)), r.events.join(','));
  const res = await fetch(`${server.url}/v1/customers`, { headers: { authorization: 'Bearer sk_test_x' } });
  console.log('after', res.status);
  await server.close();
}, 20000);
