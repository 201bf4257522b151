// The soak test: the emulator in a child process under a steady load for a long run, with its
// clock moved so that weeks of emulator time pass, to show whether memory stays bounded once
// events age out (Stripe keeps them 30 days).
//
//   npm run bench:soak
//   SOAK_SECONDS=120 node --expose-gc bench/soak.mjs
//
// Settings (environment variables):
//   SOAK_SECONDS          length of the run in real seconds (default 600)
//   SOAK_RATE             flows started per second (default 40); a flow creates a SetupIntent,
//                         confirms it with pm_card_visa and retrieves it
//   SOAK_EMULATOR_DAYS    emulator days that pass over the run (default 60: the first half fills
//                         the 30-day event window, the second half runs with events ageing out)
//   SOAK_SAMPLE_SECONDS   how often the heap is sampled, after forced GCs (default 30)
//   SOAK_EMULATOR_MODULE  the module createEmulator and listen come from (default dist/emulator.js)
//
// The child is this file run with `server`: it listens on 127.0.0.1, port 0, prints its URL and
// answers `memory` (heap after forced GCs, and what the emulator holds) and `stop` over IPC.
import { fork } from 'node:child_process';
import http from 'node:http';
import { once } from 'node:events';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';

const DAY = 24 * 60 * 60;
const AUTHORIZATION = 'Bearer sk_test_soak';
const FORM = 'application/x-www-form-urlencoded';

const numberSetting = (name, fallback) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(Number.isFinite(value) && value > 0)) {
    console.error(`${name} must be a positive number, not ${raw}`);
    process.exit(2);
  }
  return value;
};

async function serve() {
  if (typeof globalThis.gc !== 'function' || typeof process.send !== 'function') {
    console.error('soak.mjs server must be forked with an IPC channel and --expose-gc');
    process.exit(2);
  }
  const module = process.env.SOAK_EMULATOR_MODULE ?? new URL('../dist/emulator.js', import.meta.url).href;
  const { createEmulator, listen } = await import(module.startsWith('file:') ? module : pathToFileURL(module).href);
  const emulator = await createEmulator({ log: (message) => process.stderr.write(`emulator: ${message}\n`) });
  const running = await listen(emulator, { port: 0, host: '127.0.0.1' });
  const { store, state } = emulator;
  process.on('disconnect', () => process.exit(0));
  process.on('message', async (message) => {
    if (message?.type === 'memory') {
      globalThis.gc();
      globalThis.gc();
      process.send({
        type: 'memory',
        heapUsed: process.memoryUsage().heapUsed,
        counts: {
          setupIntents: store.setupIntents.size,
          events: store.events.length,
          eventsById: state.eventsById.size,
          idempotencyKeys: state.idempotency.size,
          deliveries: emulator.deliveries.length,
        },
        time: state.time,
      });
    } else if (message?.type === 'stop') {
      running.server.closeAllConnections();
      await running.close();
      await emulator.close();
      process.exit(0);
    }
  });
  process.stdout.write(`${running.url}\n`);
}

/** Starts the server child; resolves with its URL, a memory sampler and a stop function. */
async function startServer() {
  const child = fork(fileURLToPath(import.meta.url), ['server'], { execArgv: ['--expose-gc'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout });
  const [url] = await Promise.race([once(lines, 'line'), exited.then(([code]) => Promise.reject(new Error(`the server exited with ${code}`)))]);
  const replies = [];
  child.on('message', (message) => replies.shift()?.(message));
  return {
    url,
    memory: () =>
      new Promise((resolve) => {
        replies.push(resolve);
        child.send({ type: 'memory' });
      }),
    stop: async () => {
      if (child.exitCode === null) {
        child.send({ type: 'stop' });
        await exited;
      }
    },
  };
}

function createClient(url) {
  const { hostname, port } = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const send = (method, path, body) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(body);
      const headers = { authorization: AUTHORIZATION, ...(payload === undefined ? {} : { 'content-type': FORM, 'content-length': String(payload.length) }) };
      const request = http.request({ agent, host: hostname, port, method, path, headers }, (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = response.statusCode ?? 0;
          if (status < 200 || status > 299) reject(new Error(`${method} ${path} answered ${status}: ${text.slice(0, 300)}`));
          else resolve(JSON.parse(text));
        });
      });
      request.on('error', reject);
      request.end(payload);
    });
  return {
    async flow() {
      const created = await send('POST', '/v1/setup_intents', 'payment_method_types[]=card');
      await send('POST', `/v1/setup_intents/${created.id}/confirm`, 'payment_method=pm_card_visa');
      await send('GET', `/v1/setup_intents/${created.id}`);
    },
    advance: (seconds) => send('POST', '/v1/test_helpers/advance_clock', `seconds=${seconds}`),
    close: () => agent.destroy(),
  };
}

const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);

/** Heap bytes per flow between two samples, or '-' when no flow ran between them. */
const perFlow = (from, to) => (to.flows > from.flows ? String(Math.round((to.heapUsed - from.heapUsed) / (to.flows - from.flows))) : '-');

async function soak() {
  const seconds = numberSetting('SOAK_SECONDS', 600);
  const rate = numberSetting('SOAK_RATE', 40);
  const days = numberSetting('SOAK_EMULATOR_DAYS', 60);
  const sampleSeconds = numberSetting('SOAK_SAMPLE_SECONDS', 30);
  const advancePerSecond = Math.max(1, Math.round((days * DAY) / seconds));
  console.log(`Soak: ${seconds} s at ${rate} flows/s, ${days} emulator days (${advancePerSecond} s of emulator time per real second), heap sampled every ${sampleSeconds} s`);

  const server = await startServer();
  const client = createClient(server.url);
  let flows = 0;
  let failure = null;
  let inFlight = 0;
  let start = 0;
  const samples = [];
  const sample = async () => {
    const memory = await server.memory();
    samples.push({ elapsed: (performance.now() - start) / 1000, flows, heapUsed: memory.heapUsed, counts: memory.counts, time: memory.time });
  };
  try {
    await client.flow();
    flows += 1;
    start = performance.now();
    await sample();
    const startTime = samples[0].time;
    const stepMs = 100;
    const perStep = rate / (1000 / stepMs);
    let owed = 0;
    let advanceOwed = 0;
    let nextSample = sampleSeconds;
    let sampling = null;
    let advancing = Promise.resolve();
    for (let step = 1; failure === null; step++) {
      const dueAt = start + step * stepMs;
      const wait = dueAt - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const elapsed = (performance.now() - start) / 1000;
      if (elapsed >= seconds) break;
      // Flows are started on a fixed schedule, not back to back: a steady rate, as in production.
      owed += perStep;
      while (owed >= 1 && inFlight < 256) {
        owed -= 1;
        inFlight += 1;
        client.flow().then(
          () => {
            flows += 1;
            inFlight -= 1;
          },
          (error) => {
            failure ??= error;
            inFlight -= 1;
          },
        );
      }
      advanceOwed += advancePerSecond / (1000 / stepMs);
      if (advanceOwed >= advancePerSecond) {
        const by = Math.floor(advanceOwed);
        advanceOwed -= by;
        advancing = advancing.then(() => client.advance(by)).catch((error) => (failure ??= error));
      }
      if (elapsed >= nextSample && sampling === null) {
        nextSample += sampleSeconds;
        sampling = sample().finally(() => (sampling = null));
      }
    }
    await advancing;
    await sampling;
    while (inFlight > 0 && failure === null) await new Promise((resolve) => setTimeout(resolve, 50));
    if (failure !== null) throw failure;
    await sample();

    console.log('');
    console.log('| elapsed (s) | emulator days | flows | SetupIntents | events held | deliveries kept | heap used (MB) | heap per flow since last sample (bytes) |');
    console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
    samples.forEach((row, index) => {
      const previous = samples[index - 1];
      const emulatorDays = ((row.time - startTime) / DAY).toFixed(1);
      console.log(
        `| ${row.elapsed.toFixed(0)} | ${emulatorDays} | ${row.flows} | ${row.counts.setupIntents} | ${row.counts.events} | ${row.counts.deliveries} | ${mb(row.heapUsed)} | ${previous === undefined ? '-' : perFlow(previous, row)} |`,
      );
    });
    // Before: while every event is still inside the 30-day window. After: once the oldest age out.
    const window = startTime + 30 * DAY;
    const filling = samples.filter((row) => row.time <= window);
    const ageing = samples.filter((row) => row.time >= window);
    const first = samples[0];
    const lastFilling = filling[filling.length - 1];
    console.log('');
    console.log(`Heap per flow before events age out: ${lastFilling === first ? '-' : perFlow(first, lastFilling)} bytes (${first.elapsed.toFixed(0)}-${lastFilling.elapsed.toFixed(0)} s)`);
    if (ageing.length >= 2) {
      const from = ageing[0];
      const to = ageing[ageing.length - 1];
      console.log(`Heap per flow after events age out: ${perFlow(from, to)} bytes (${from.elapsed.toFixed(0)}-${to.elapsed.toFixed(0)} s)`);
    } else {
      console.log('Heap per flow after events age out: - (the run ended before two samples past 30 emulator days; raise SOAK_EMULATOR_DAYS or SOAK_SECONDS)');
    }
  } finally {
    client.close();
    await server.stop();
  }
}

if (process.argv[2] === 'server') {
  await serve();
} else {
  await soak();
}
