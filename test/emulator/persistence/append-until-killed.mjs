// Child process for the crash tests. Usage: node append-until-killed.mjs MODULE_DIR LOG_PATH [TEAR_AFTER]
// Appends numbered entries of varied sizes through the real operation log, several in flight at a
// time, and prints each entry's number once its append has resolved, until it is killed. With
// TEAR_AFTER, once that many entries are acknowledged and nothing is in flight, it writes half of
// the next line straight to the file (as a crash mid-write would leave it) and SIGKILLs itself.
import { appendFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [moduleDir, logPath, tearAfter] = process.argv.slice(2);
const { openOperationLog } = await import(pathToFileURL(join(moduleDir, 'operation-log.js')).href);
const log = await openOperationLog(logPath, {
  header: { format: 'setup-intent-machine/operation-log', version: 2 },
});

// Large entries make it more likely that an external kill lands in the middle of a write.
const sizes = [16, 300, 5_000, 400_000];
const entry = (n) => ({ n, pad: 'x'.repeat(sizes[n % sizes.length]) });
// A bound, so a child the parent fails to kill still ends.
const limit = 20_000;
for (let n = 0; n < limit; n += 1) {
  // writeSync: an acknowledgement must reach the parent even if the process dies right after.
  const acknowledged = log.append(entry(n)).then(() => {
    writeSync(1, `${n}\n`);
  });
  if (n % 8 === 7) {
    // Appends resolve in order, so once this one has, nothing is in flight.
    await acknowledged;
    if (tearAfter !== undefined && n + 1 >= Number(tearAfter)) {
      const line = `${JSON.stringify(entry(n + 1))}\n`;
      appendFileSync(logPath, line.slice(0, Math.floor(line.length / 2)));
      process.kill(process.pid, 'SIGKILL');
    }
  }
}
await log.close();
