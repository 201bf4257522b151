// Loopback load test of the emulator: the server runs in a child process
// (bench/load-server.mjs, --expose-gc), the load comes from this process (bench/load-client.mjs):
// 32 keep-alive connections, each running create -> confirm (pm_card_visa) -> retrieve flows back
// to back. Three servers, each in its own child: a bare node:http server answering a fixed
// SetupIntent (the baseline), the emulator in memory, and the emulator with a data file
// (persistence, in a temporary directory). Each is checked with one flow and warmed up, then the
// measured rounds alternate between them, so noise from other work on the machine falls on all
// three. The emulators' heap is read after forced garbage collections before the first and after
// the last round, and divided by the SetupIntents stored in between.
//
//   npm run build && node bench/emulator-load.mjs
//
// Environment: BENCH_SECONDS (measured seconds per round, default 10), BENCH_ROUNDS (default 3),
// BENCH_CPU_PROF (a directory: the server children run with --cpu-prof and write their profiles there).
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLoadClient } from './load-client.mjs';

const SERVER = fileURLToPath(new URL('./load-server.mjs', import.meta.url));

const positive = (value, fallback) => {
  const number = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(number) && number > 0 ? number : fallback;
};

/** The defaults (`npm run bench`); BENCH_SECONDS and BENCH_ROUNDS override them. */
export const LOAD_DEFAULTS = Object.freeze({
  seconds: positive(process.env.BENCH_SECONDS, 10),
  rounds: Math.round(positive(process.env.BENCH_ROUNDS, 3)),
  warmupSeconds: 2,
  rampSeconds: 1,
  connections: 32,
});

/** The issue's target: flows per second and p99 request latency with 32 keep-alive connections. */
export const LOAD_TARGET = Object.freeze({ flowsPerSecond: 5000, p99Ms: 20 });

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Forks a server child and waits for the URL it prints. */
function startServer(args, profileDir) {
  const execArgv = ['--expose-gc', ...(profileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', profileDir])];
  const child = fork(SERVER, args, { execArgv, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const url = new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk) => {
      output += chunk;
      const newline = output.indexOf('\n');
      if (newline !== -1) {
        child.stdout.off('data', onData);
        resolve(output.slice(0, newline).trim());
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`the server child (${args.join(' ')}) exited before listening (${signal ?? code})`)));
    child.once('error', reject);
  });
  const ask = (type) =>
    new Promise((resolve, reject) => {
      const done = () => {
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      const onMessage = (message) => {
        if (message?.type === type) {
          done();
          resolve(message);
        }
      };
      const onExit = (code, signal) => {
        done();
        reject(new Error(`the server child (${args.join(' ')}) exited (${signal ?? code}) before answering ${type}`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send({ type }, (error) => {
        if (error) {
          done();
          reject(error);
        }
      });
    });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.connected) child.send({ type: 'stop' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  return { child, url, ask, stop };
}

function checkFlow(variant, { created, confirmed, retrieved }) {
  if (variant.kind === 'baseline') {
    if (typeof created.id !== 'string') throw new Error('the baseline answered without an id');
    return;
  }
  if (confirmed.status !== 'succeeded' || retrieved.id !== created.id || retrieved.status !== 'succeeded') {
    throw new Error(`${variant.name}: the check flow ended in ${retrieved.status} (confirm said ${confirmed.status}), not succeeded`);
  }
}

/** Runs the load test; resolves with per-variant rounds, medians and memory readings. */
export async function measureEmulatorLoad(options = {}) {
  const settings = { ...LOAD_DEFAULTS, ...options };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'setup-intent-machine-load-'));
  const profileDir = process.env.BENCH_CPU_PROF || undefined;
  const variants = [
    { key: 'baseline', kind: 'baseline', name: 'bare node:http server (SetupIntents in a Map, JSON answers)', args: ['baseline'] },
    { key: 'emulator', kind: 'emulator', name: 'emulator, in memory', args: ['emulator'] },
    { key: 'persistent', kind: 'emulator', name: 'emulator with a data file (fsync per commit)', args: ['emulator', path.join(dir, 'data.jsonl')] },
  ];
  const servers = [];
  const clients = [];
  const cleanUp = async () => {
    for (const client of clients) client.close();
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = () => {
    for (const server of servers) server.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const started = performance.now();
  try {
    for (const variant of variants) {
      const server = startServer(variant.args, profileDir);
      servers.push(server);
      variant.server = server;
      variant.url = await server.url;
      variant.client = createLoadClient(variant.url, { connections: settings.connections });
      clients.push(variant.client);
      try {
        const flow = await variant.client.flow();
        checkFlow(variant, flow);
        variant.responseBytes = Buffer.byteLength(JSON.stringify(flow.retrieved));
        await variant.client.run({ rampMs: settings.warmupSeconds * 1000, measureMs: 0 });
      } catch (error) {
        throw new Error(`emulator load test, ${variant.name}, check and warm-up: ${error.message}`, { cause: error });
      }
      if (variant.kind === 'emulator') variant.memoryBefore = await server.ask('memory');
      variant.rounds = [];
    }
    for (let round = 0; round < settings.rounds; round++) {
      // Rotate the order each round, so no server is always measured right after another.
      for (let i = 0; i < variants.length; i++) {
        const variant = variants[(round + i) % variants.length];
        const readings = {};
        const onWindow = (edge) => {
          readings[edge] = variant.server.ask('stats');
        };
        const result = await variant.client
          .run({ rampMs: settings.rampSeconds * 1000, measureMs: settings.seconds * 1000, onWindow })
          .catch((error) => {
            throw new Error(`emulator load test, ${variant.name}, round ${round + 1}: ${error.message}`, { cause: error });
          });
        const [start, end] = await Promise.all([readings.start, readings.end]);
        const serverUser = (end.cpu.user - start.cpu.user) / 1e6 / settings.seconds;
        const serverSystem = (end.cpu.system - start.cpu.system) / 1e6 / settings.seconds;
        variant.rounds.push({ round: round + 1, ...result, serverCpu: serverUser + serverSystem, serverUser, serverSystem });
      }
    }
    for (const variant of variants) {
      if (variant.kind === 'emulator') variant.memoryAfter = await variant.server.ask('memory');
    }
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await cleanUp();
  }
  const results = variants.map((variant) => summarise(variant));
  const baseline = results.find((r) => r.key === 'baseline');
  for (const r of results) {
    r.ratio = r.flowsPerSecond / baseline.flowsPerSecond;
    const paired = r.rounds.map((round, i) => round.flowsPerSecond / baseline.rounds[i].flowsPerSecond).sort((a, b) => a - b);
    r.pairedRatios = { min: paired[0], max: paired[paired.length - 1] };
  }
  return { settings, results, seconds: (performance.now() - started) / 1000, profileDir };
}

function summarise(variant) {
  const rounds = variant.rounds;
  const of = (pick) => median(rounds.map(pick));
  const result = {
    key: variant.key,
    name: variant.name,
    responseBytes: variant.responseBytes,
    rounds,
    flowsPerSecond: of((r) => r.flowsPerSecond),
    requestsPerSecond: of((r) => r.requestsPerSecond),
    request: { p50: of((r) => r.request.p50), p99: of((r) => r.request.p99), max: Math.max(...rounds.map((r) => r.request.max)) },
    flow: { p50: of((r) => r.flow.p50), p99: of((r) => r.flow.p99), max: Math.max(...rounds.map((r) => r.flow.max)) },
    serverCpu: of((r) => r.serverCpu),
    serverMicrosPerRequest: of((r) => (r.serverCpu * 1e6) / r.requestsPerSecond),
    clientCpu: of((r) => r.clientCpu),
    memory: null,
  };
  if (variant.memoryBefore !== undefined && variant.memoryAfter !== undefined) {
    const before = variant.memoryBefore;
    const after = variant.memoryAfter;
    const intents = after.counts.setupIntents - before.counts.setupIntents;
    const perIntent = (key) => (after.counts[key] - before.counts[key]) / intents;
    result.memory = {
      intents,
      storedIntents: after.counts.setupIntents,
      heapBefore: before.memory.heapUsed,
      heapAfter: after.memory.heapUsed,
      rssAfter: after.memory.rss,
      bytesPerIntent: (after.memory.heapUsed - before.memory.heapUsed) / intents,
      perIntent: { setupAttempts: perIntent('setupAttempts'), paymentMethods: perIntent('paymentMethods'), events: perIntent('events') },
    };
  }
  return result;
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const ms = (value) => value.toFixed(value < 10 ? 2 : 1);
const percent = (value) => `${(value * 100).toFixed(0)}%`;

/** The measurements as markdown: the medians, the rounds, memory and the target. */
export function emulatorLoadTables({ settings, results, seconds, profileDir }) {
  const lines = [
    `${settings.connections} keep-alive connections, one flow = create + confirm (pm_card_visa) + retrieve; ${settings.rounds} rounds of ${settings.seconds} s per server after a ${settings.warmupSeconds} s warm-up (each round starts with ${settings.rampSeconds} s unrecorded); medians of the rounds, max over all rounds.`,
    '',
    '| server | flows/s | requests/s | vs baseline (paired range) | request p50 / p99 / max ms | flow p50 / p99 / max ms | server CPU (µs per request) | client CPU |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of results) {
    const vs = r.key === 'baseline' ? '1.00' : `**${r.ratio.toFixed(2)}** (${r.pairedRatios.min.toFixed(2)}-${r.pairedRatios.max.toFixed(2)})`;
    lines.push(
      `| ${r.name} | ${integer.format(r.flowsPerSecond)} | ${integer.format(r.requestsPerSecond)} | ${vs} | ${ms(r.request.p50)} / ${ms(r.request.p99)} / ${ms(r.request.max)} | ${ms(r.flow.p50)} / ${ms(r.flow.p99)} / ${ms(r.flow.max)} | ${percent(r.serverCpu)} (${integer.format(r.serverMicrosPerRequest)}) | ${percent(r.clientCpu)} |`,
    );
  }
  lines.push('', '| round | ' + results.map((r) => `${r.key} flows/s (req p99 ms)`).join(' | ') + ' |', '| ---: |' + ' ---: |'.repeat(results.length));
  for (let i = 0; i < settings.rounds; i++) {
    lines.push(`| ${i + 1} | ${results.map((r) => `${integer.format(r.rounds[i].flowsPerSecond)} (${ms(r.rounds[i].request.p99)})`).join(' | ')} |`);
  }
  lines.push('', '| server | SetupIntents added (stored at the end) | heap before -> after, MB | bytes per stored SetupIntent | kept per SetupIntent |', '| --- | ---: | ---: | ---: | --- |');
  for (const r of results) {
    if (r.memory === null) continue;
    const m = r.memory;
    lines.push(
      `| ${r.name} | ${integer.format(m.intents)} (${integer.format(m.storedIntents)}) | ${(m.heapBefore / 1e6).toFixed(0)} -> ${(m.heapAfter / 1e6).toFixed(0)} | **${integer.format(m.bytesPerIntent)}** | ${m.perIntent.setupAttempts.toFixed(2)} SetupAttempts, ${m.perIntent.paymentMethods.toFixed(2)} PaymentMethods, ${m.perIntent.events.toFixed(2)} events |`,
    );
  }
  const emulator = results.find((r) => r.key === 'emulator');
  const baseline = results.find((r) => r.key === 'baseline');
  const met = emulator.flowsPerSecond >= LOAD_TARGET.flowsPerSecond && emulator.request.p99 < LOAD_TARGET.p99Ms;
  lines.push(
    '',
    `Answer sizes: ${results.map((r) => `${r.key} ${r.responseBytes} B`).join(', ')} (the retrieve's JSON body).`,
    'Errors: 0 (any answer that is not 2xx, or any socket error, stops the test and fails `npm run bench`).',
    `The emulator reaches ${percent(emulator.ratio)} of a bare node:http server's flows/s (same client, same run).`,
    `Server CPU per request: the emulator takes ${(emulator.serverMicrosPerRequest / baseline.serverMicrosPerRequest).toFixed(2)}x the bare server's (target at most 1.2x): ${emulator.serverMicrosPerRequest <= 1.2 * baseline.serverMicrosPerRequest ? 'met' : 'not met'}.`,
    `Target (${integer.format(LOAD_TARGET.flowsPerSecond)}+ flows/s with request p99 under ${LOAD_TARGET.p99Ms} ms, in memory): ${met ? 'met' : 'not met'} (${integer.format(emulator.flowsPerSecond)} flows/s, p99 ${ms(emulator.request.p99)} ms).`,
    ...(profileDir === undefined ? [] : [`CPU profiles of the server children: ${profileDir}`]),
    `Load test run time: ${seconds.toFixed(1)} s`,
  );
  return lines.join('\n');
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { machineInfo } = await import('./report.mjs');
  const result = await measureEmulatorLoad();
  console.log(['## Machine', machineInfo(), '', '## Emulator load (loopback, server in a child process)', emulatorLoadTables(result)].join('\n'));
}
