// Preloaded into a measured child process with `node --import`: when the process exits, writes
// its peak resident set size and CPU time to the file named by BENCH_PROCESS_STATS, as JSON.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_PROCESS_STATS;
if (file !== undefined && file !== '') {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKiB: usage.maxRSS, userMicros: usage.userCPUTime, systemMicros: usage.systemCPUTime }));
  });
}
