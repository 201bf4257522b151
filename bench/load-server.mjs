// The server side of the emulator load test, run as a child process (forked with an IPC channel
// and --expose-gc) so it does not share an event loop with the load generator:
//
//   node --expose-gc bench/load-server.mjs emulator [DATA_FILE]   the emulator from dist/
//   node --expose-gc bench/load-server.mjs baseline               a bare node:http server that
//     keeps SetupIntents in a Map and answers them as JSON of the same size
//
// It listens on 127.0.0.1, port 0, and prints its URL as the first line of standard output.
// Over IPC it answers `stats` (CPU time so far), `memory` (heap after forced garbage
// collections, and how many objects the emulator stores) and `stop` (closes and exits).
import { createServer } from 'node:http';

const [kind, dataFile] = process.argv.slice(2);

// The baseline's objects: a SetupIntent as the emulator renders it after a successful confirm
// (the emulator's create and retrieve answers are within 40 bytes of it), with a fresh id per create.
const TEMPLATE = Object.freeze({
    id: 'seti_000000011lenpi5parGi01Rh',
    object: 'setup_intent',
    allowed_payment_method_types: null,
    application: null,
    automatic_payment_methods: null,
    cancellation_reason: null,
    client_secret: 'seti_000000011lenpi5parGi01Rh_secret_qH2SAQsb9HN93XFh1dCxVpJV0',
    created: 1795369896,
    customer: null,
    description: null,
    excluded_payment_method_types: null,
    last_setup_error: null,
    latest_attempt: 'setatt_000000041lenpi5parGx2pl1',
    livemode: false,
    mandate: null,
    metadata: {},
    next_action: null,
    on_behalf_of: null,
    payment_method: 'pm_000000031lenpi5parG3AyQ1',
    payment_method_configuration_details: null,
    payment_method_options: { card: { mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
    payment_method_types: ['card'],
    single_use_mandate: null,
    status: 'succeeded',
    usage: 'off_session',
});

function startBaseline() {
  const intents = new Map();
  let sequence = 0;
  const answer = (response, status, object) => {
    const body = JSON.stringify(object);
    response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  };
  const server = createServer({ keepAliveTimeout: 5_000 }, (request, response) => {
    // Read and parse the body, as the emulator does; create, confirm and retrieve from the Map.
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const [, , , id, action] = (request.url ?? '').split('?')[0].split('/');
      if (request.method === 'POST' && id === undefined) {
        const created = `seti_${String(++sequence).padStart(24, '0')}`;
        const intent = { ...TEMPLATE, id: created, client_secret: `${created}_secret_${'x'.repeat(25)}`, payment_method: null, latest_attempt: null, status: 'requires_payment_method', payment_method_types: params.getAll('payment_method_types[]') };
        intents.set(created, intent);
        return answer(response, 200, intent);
      }
      const intent = intents.get(id);
      if (intent === undefined) return answer(response, 404, { error: { type: 'invalid_request_error', code: 'resource_missing' } });
      if (request.method === 'POST' && action === 'confirm') {
        const confirmed = { ...intent, status: 'succeeded', payment_method: `pm_${String(sequence).padStart(24, '0')}`, latest_attempt: `setatt_${String(sequence).padStart(24, '0')}` };
        intents.set(id, confirmed);
        return answer(response, 200, confirmed);
      }
      return answer(response, 200, intent);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        counts: () => ({ setupIntents: intents.size }),
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

async function startEmulator() {
  const { createEmulator, listen } = await import('../dist/emulator.js');
  const emulator = await createEmulator({
    ...(dataFile === undefined ? {} : { dataFile }),
    log: (message) => process.stderr.write(`emulator: ${message}\n`),
  });
  const running = await listen(emulator, { port: 0, host: '127.0.0.1' });
  const { store, state } = emulator;
  return {
    url: running.url,
    counts: () => ({
      setupIntents: store.setupIntents.size,
      setupAttempts: store.setupAttempts.size,
      paymentMethods: store.paymentMethods.size,
      events: store.events.length,
      eventsById: state.eventsById.size,
      idempotencyKeys: state.idempotency.size,
    }),
    close: async () => {
      running.server.closeAllConnections();
      await running.close();
    },
  };
}

function settledMemory() {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage();
}

if (typeof globalThis.gc !== 'function' || typeof process.send !== 'function') {
  console.error('load-server.mjs must be forked with an IPC channel and --expose-gc');
  process.exit(2);
}
if (kind !== 'emulator' && kind !== 'baseline') {
  console.error('usage: node --expose-gc bench/load-server.mjs emulator [DATA_FILE] | baseline');
  process.exit(2);
}

const server = kind === 'baseline' ? await startBaseline() : await startEmulator();
// Without the parent there is nobody to stop us.
process.on('disconnect', () => process.exit(0));
process.on('message', async (message) => {
  switch (message?.type) {
    case 'stats':
      process.send({ type: 'stats', cpu: process.cpuUsage() });
      break;
    case 'memory':
      process.send({ type: 'memory', memory: settledMemory(), counts: server.counts() });
      break;
    case 'stop':
      await server.close();
      // Exit normally (not by a signal) so --cpu-prof, when given, writes its profile.
      process.exit(0);
  }
});
process.stdout.write(`${server.url}\n`);
