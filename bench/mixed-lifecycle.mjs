// The reducer lifecycle (create + confirm pm_card_visa) timed in a fresh process and in a process
// that first ran varied flows: varied shapes at the reducers' call sites (polymorphism) must not
// slow the common path down much. Each runs in its own child process, alternating, three times.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const WORKER = fileURLToPath(new URL('./lifecycle-worker.mjs', import.meta.url));
const run = promisify(execFile);

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function once(mode) {
  const { stdout } = await run(process.execPath, [WORKER, mode], { encoding: 'utf8', timeout: 300_000 });
  return JSON.parse(stdout).nsPerOp;
}

/** Median ns per lifecycle in fresh and in mixed processes, and their ratio. */
export async function measureMixedLifecycle(repetitions = 3) {
  const fresh = [];
  const mixed = [];
  for (let i = 0; i < repetitions; i++) {
    fresh.push(await once('fresh'));
    mixed.push(await once('mixed'));
  }
  const f = median(fresh);
  const m = median(mixed);
  return { freshNsPerOp: f, mixedNsPerOp: m, ratio: m / f, fresh, mixed };
}

/** The result as markdown. */
export function mixedLifecycleTable(result) {
  const format = (ns) => `${Math.round(ns).toLocaleString('en-US')} ns (${Math.round(1e9 / ns).toLocaleString('en-US')}/s)`;
  return [
    '| process | lifecycle, median of 3 processes |',
    '| --- | ---: |',
    `| fresh (only this lifecycle) | ${format(result.freshNsPerOp)} |`,
    `| mixed (after 60,000 varied flows) | ${format(result.mixedNsPerOp)} |`,
    '',
    `- mixed / fresh: ${result.ratio.toFixed(2)}x (target at most 1.5x): ${result.ratio <= 1.5 ? 'met' : 'not met'}`,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(mixedLifecycleTable(await measureMixedLifecycle()));
}
