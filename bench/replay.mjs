// Start-up from a data file: replaying a whole operation log against starting from its compacted
// form (a snapshot of the same state), measured in the same run so the ratio holds on a noisy
// machine. Also reports the file sizes and the heap once started. Two workloads:
//   - `creations`: every flow kept, every event within 30 days (the snapshot outweighs the log:
//     automatic compaction keeps the log; the snapshot here is forced with emulator.compact());
//   - `resets`: a suite that resets its account every 100 flows (the state is the last 100 flows).
//
//   npm run bench:replay
//   REPLAY_FLOWS=20000 node --expose-gc bench/replay.mjs
//
// Settings (environment variables):
//   REPLAY_FLOWS    card flows written to the log (default 10000): a Customer, a SetupIntent
//                   confirmed with pm_card_visa for it, and a retrieve
//   REPLAY_ROUNDS   how many times each start is measured, the fastest kept (default 3)
//   REPLAY_BASELINE_MODULE
//                   another build's emulator module (a path): the whole log's start is also
//                   measured with it, in the same run, and the ratio reported
import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createEmulator } from '../dist/emulator.js';

const baselinePath = process.env.REPLAY_BASELINE_MODULE;
const baseline = baselinePath === undefined || baselinePath === '' ? null : await import(pathToFileURL(resolve(baselinePath)).href);

const FLOWS = Number(process.env.REPLAY_FLOWS ?? 10_000);
const ROUNDS = Number(process.env.REPLAY_ROUNDS ?? 3);
const headers = { authorization: 'Bearer sk_test_replay_bench', 'content-type': 'application/x-www-form-urlencoded' };

async function call(emulator, method, path, body = '') {
  const response = await emulator.fetch(new Request(`http://127.0.0.1:12111${path}`, { method, headers, ...(method === 'GET' ? {} : { body }) }));
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

async function writeLog(file, resetEvery) {
  const emulator = await createEmulator({ dataFile: file, seed: 11, compactAfterEntries: null, log: () => undefined });
  const batch = 50;
  for (let done = 0; done < FLOWS; done += batch) {
    if (resetEvery !== null && done > 0 && done % resetEvery === 0) await call(emulator, 'POST', '/v1/test_helpers/reset');
    await Promise.all(
      Array.from({ length: Math.min(batch, FLOWS - done) }, async (_, i) => {
        const customer = await call(emulator, 'POST', '/v1/customers', `email=c${done + i}%40example.com`);
        const intent = await call(emulator, 'POST', '/v1/setup_intents', `customer=${customer.id}&confirm=true&payment_method=pm_card_visa&payment_method_types[0]=card`);
        await call(emulator, 'GET', `/v1/setup_intents/${intent.id}`);
      }),
    );
  }
  await emulator.close();
}

/** The fastest of ROUNDS starts from `file` (a copy each time, so a start cannot change the next). */
async function timeStart(file, dir, expected, create = createEmulator) {
  let best = Infinity;
  let heap = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const copy = join(dir, `start-${round}.jsonl`);
    await copyFile(file, copy);
    globalThis.gc?.();
    const started = performance.now();
    const emulator = await create({ dataFile: copy, compactAfterEntries: null, log: () => undefined });
    best = Math.min(best, performance.now() - started);
    globalThis.gc?.();
    heap = process.memoryUsage().heapUsed;
    if (emulator.store.setupIntents.size !== expected) throw new Error(`started with ${emulator.store.setupIntents.size} SetupIntents, not ${expected}`);
    await emulator.close();
    await rm(copy, { force: true });
  }
  return { ms: best, heap };
}

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const dir = await mkdtemp(join(tmpdir(), 'sim-bench-replay-'));
try {
  console.log(`flows: ${FLOWS} per workload, fastest of ${ROUNDS} starts, Node ${process.version}`);
  for (const [name, resetEvery] of [
    ['creations', null],
    ['resets', 100],
  ]) {
    const whole = join(dir, `${name}.jsonl`);
    const compacted = join(dir, `${name}-compacted.jsonl`);
    await writeLog(whole, resetEvery);
    await copyFile(whole, compacted);
    const compacting = await createEmulator({ dataFile: compacted, compactAfterEntries: null, log: () => undefined });
    if (!(await compacting.compact())) throw new Error('could not compact');
    await compacting.close();
    const expected = resetEvery === null ? FLOWS : FLOWS % resetEvery || resetEvery;
    const fromLog = await timeStart(whole, dir, expected);
    const fromSnapshot = await timeStart(compacted, dir, expected);
    console.log(`${name}:`);
    console.log(`  whole log: ${mib((await stat(whole)).size)}, start ${fromLog.ms.toFixed(0)} ms, heap after start ${mib(fromLog.heap)}`);
    console.log(`  snapshot:  ${mib((await stat(compacted)).size)}, start ${fromSnapshot.ms.toFixed(0)} ms, heap after start ${mib(fromSnapshot.heap)}`);
    console.log(`  start from the snapshot: ${(fromLog.ms / fromSnapshot.ms).toFixed(2)}x the speed of replaying the log`);
    if (baseline !== null) {
      const before = await timeStart(whole, dir, expected, baseline.createEmulator);
      console.log(`  whole log with ${baselinePath}: start ${before.ms.toFixed(0)} ms; this build replays it ${(before.ms / fromLog.ms).toFixed(2)}x as fast`);
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
