// Times every case with mitata in this process: ops/s from the median sample, and from the
// fastest sample (the least disturbed by other load on a shared machine).
import { bench, run } from 'mitata';
import { CASES } from './cases.mjs';

export async function measureThroughput() {
  for (const c of CASES) {
    if (!c.check(c.run())) {
      throw new Error(`benchmark case "${c.name}" does not produce the expected result`);
    }
    bench(c.key, c.run);
  }
  const { benchmarks } = await run({ format: 'quiet', throw: true });
  return CASES.map((c) => {
    const trial = benchmarks.find((b) => b.alias === c.key);
    const stats = trial?.runs[0]?.stats;
    if (stats === undefined) {
      throw new Error(`no result for "${c.name}"`);
    }
    return { key: c.key, name: c.name, nsPerOp: stats.p50, opsPerSec: 1e9 / stats.p50, bestOpsPerSec: 1e9 / stats.min };
  });
}
