// Validating event logs: the validate command against a baseline that only reads and parses the
// same file. Both run as child processes (`node dist/cli.js validate --json FILE` and
// `node bench/parse-only.mjs FILE`, standard output to /dev/null), timed from the parent with
// process.hrtime, in alternating order; every run also reports its CPU time and peak RSS from
// inside (bench/process-stats.mjs, preloaded with --import into both).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeEventLog } from './event-log-fixture.mjs';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const PARSE_ONLY = fileURLToPath(new URL('./parse-only.mjs', import.meta.url));
const PROCESS_STATS = new URL('./process-stats.mjs', import.meta.url).href;

/** The default sizes and repetitions (`npm run bench` and `npm run bench:validate`). */
export const VALIDATION_DEFAULTS = Object.freeze({ events: 100_000, repetitions: 7, largeEvents: 1_000_000, largeRepetitions: 3 });

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Runs `node ARGS` once; standard output is discarded unless `capture`. */
function runOnce(args, statsFile, { capture = false } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', PROCESS_STATS, ...args], {
      stdio: ['ignore', capture ? 'pipe' : 'ignore', 'inherit'],
      env: { ...process.env, BENCH_PROCESS_STATS: statsFile },
    });
    const chunks = [];
    child.stdout?.on('data', (chunk) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const stats = JSON.parse(readFileSync(statsFile, 'utf8'));
      resolve({
        code,
        seconds,
        cpuSeconds: (stats.userMicros + stats.systemMicros) / 1e6,
        maxRssMiB: stats.maxRssKiB / 1024,
        stdout: capture ? Buffer.concat(chunks).toString('utf8') : '',
      });
    });
  });
}

/** Runs both once, checking that the command judges the log valid and both saw every event. */
async function check(dir, log) {
  const statsFile = path.join(dir, 'check.json');
  const cli = await runOnce([CLI, 'validate', '--json', log.file], statsFile, { capture: true });
  const report = JSON.parse(cli.stdout);
  if (cli.code !== 0 || !report.valid || report.stats.events !== log.events) {
    const first = report.issues?.[0];
    throw new Error(`the validate command did not accept the generated log (exit ${cli.code}, ${report.stats?.events} events${first ? `, first issue: ${first.code} ${first.message}` : ''})`);
  }
  const base = await runOnce([PARSE_ONLY, log.file], statsFile, { capture: true });
  if (base.code !== 0 || JSON.parse(base.stdout).values !== log.events) {
    throw new Error(`the parse-only baseline did not read the generated log (exit ${base.code})`);
  }
  return report.stats;
}

/** Alternating runs of the baseline and the command (ABBA order), after one untimed check run of each. */
async function compare(dir, log, repetitions) {
  const statsFile = path.join(dir, 'stats.json');
  const stats = await check(dir, log);
  const runs = { baseline: [], cli: [] };
  const run = async (which) => {
    const args = which === 'cli' ? [CLI, 'validate', '--json', log.file] : [PARSE_ONLY, log.file];
    const result = await runOnce(args, statsFile);
    if (result.code !== 0) throw new Error(`${which} exited ${result.code}`);
    runs[which].push(result);
  };
  for (let i = 0; i < repetitions; i++) {
    const order = i % 2 === 0 ? ['baseline', 'cli'] : ['cli', 'baseline'];
    for (const which of order) await run(which);
  }
  const summary = (list) => ({
    seconds: median(list.map((r) => r.seconds)),
    cpuSeconds: median(list.map((r) => r.cpuSeconds)),
    maxRssMiB: Math.max(...list.map((r) => r.maxRssMiB)),
    eventsPerSecond: log.events / median(list.map((r) => r.seconds)),
  });
  const baseline = summary(runs.baseline);
  const cli = summary(runs.cli);
  const pairs = runs.cli.map((r, i) => r.seconds / runs.baseline[i].seconds).sort((a, b) => a - b);
  return {
    log,
    report: stats,
    repetitions,
    baseline,
    cli,
    ratio: cli.seconds / baseline.seconds,
    cpuRatio: cli.cpuSeconds / baseline.cpuSeconds,
    pairedRatios: { min: pairs[0], max: pairs[pairs.length - 1] },
    samples: runs,
  };
}

/**
 * Generates the logs in a temporary directory (removed afterwards, also on Ctrl-C) and measures:
 * the main comparison on `events` events, then throughput and peak memory on `largeEvents`.
 */
export async function measureValidation(options = {}) {
  const { events, repetitions, largeEvents, largeRepetitions } = { ...VALIDATION_DEFAULTS, ...options };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'setup-intent-machine-bench-'));
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });
  const onSignal = () => {
    cleanUp();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const results = [];
    for (const [count, reps] of [
      [events, repetitions],
      [largeEvents, largeRepetitions],
    ]) {
      if (!(count > 0) || !(reps > 0)) continue;
      const log = writeEventLog(path.join(dir, `events-${count}.jsonl`), { events: count });
      results.push(await compare(dir, log, reps));
      rmSync(log.file, { force: true });
    }
    return results;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    cleanUp();
  }
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const fixed = (value, digits) => value.toFixed(digits);

/** The measurements as markdown. */
export function validationTables(results) {
  const lines = [
    '| log | size | run | wall s (median) | CPU s (median) | events/s (wall) | peak RSS MiB | command / baseline (wall) | (CPU) | paired wall ratios |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const r of results) {
    const label = `${integer.format(r.log.events)} events, ${r.repetitions} runs each`;
    const size = `${fixed(r.log.bytes / 1e6, 0)} MB`;
    lines.push(
      `| ${label} | ${size} | parse only | ${fixed(r.baseline.seconds, 2)} | ${fixed(r.baseline.cpuSeconds, 2)} | ${integer.format(r.baseline.eventsPerSecond)} | ${integer.format(r.baseline.maxRssMiB)} | | | |`,
      `| | | validate --json | ${fixed(r.cli.seconds, 2)} | ${fixed(r.cli.cpuSeconds, 2)} | ${integer.format(r.cli.eventsPerSecond)} | ${integer.format(r.cli.maxRssMiB)} | **${fixed(r.ratio, 2)}x** | ${fixed(r.cpuRatio, 2)}x | ${fixed(r.pairedRatios.min, 2)}-${fixed(r.pairedRatios.max, 2)}x |`,
    );
  }
  const logs = results.map(
    (r) =>
      `- ${integer.format(r.log.events)} events (${integer.format(r.log.unique)} distinct, ${integer.format(r.log.duplicates)} redelivered, ${integer.format(r.log.swaps)} neighbour swaps), ${integer.format(r.log.intents)} SetupIntents, ${fixed(r.log.spanSeconds / 86400, 1)} days of \`created\`, ${fixed(r.log.bytes / 1e6, 0)} MB; generated in ${fixed(r.log.seconds, 1)} s. Report: valid, ${integer.format(r.report.duplicates)} duplicate deliveries recognised, ${integer.format(r.report.setup_intents)} SetupIntents.`,
  );
  const target = results[0];
  const verdict =
    target === undefined
      ? ''
      : `\n\nTarget (command within 1.3x of reading and parsing, ${integer.format(target.log.events)} events): ${target.ratio <= 1.3 ? 'met' : 'not met'} (${fixed(target.ratio, 2)}x).`;
  return `${lines.join('\n')}\n\n${logs.join('\n')}${verdict}`;
}
