// `npm run bench`: throughput of the reducers and the statechart, then memory, the lifecycle in a
// fresh and in a mixed process, then validating
// event logs, then the emulator under HTTP load, as markdown. Needs a fresh build (dist/) and
// node --expose-gc.
import { emulatorLoadTables, measureEmulatorLoad } from './emulator-load.mjs';
import { measureMemory } from './memory.mjs';
import { measureMixedLifecycle, mixedLifecycleTable } from './mixed-lifecycle.mjs';
import { machineInfo, memoryTable, targetSummary, throughputTable } from './report.mjs';
import { measureThroughput } from './throughput.mjs';
import { measureValidation, validationTables } from './validation.mjs';

const started = performance.now();
const throughput = await measureThroughput();
const memory = measureMemory();
const mixed = await measureMixedLifecycle();
const validation = await measureValidation();
const load = await measureEmulatorLoad();
const seconds = ((performance.now() - started) / 1000).toFixed(1);

console.log(
  [
    '## Machine',
    machineInfo(),
    '',
    '## Throughput (ratios use the medians)',
    throughputTable(throughput),
    '',
    '## Memory (heap growth / count, after forced GC)',
    memoryTable(memory),
    '',
    '## Targets',
    targetSummary(throughput),
    '',
    '## The lifecycle in a fresh process and after varied flows (child processes)',
    mixedLifecycleTable(mixed),
    '',
    '## Validating event logs (child processes; ratios use the medians of the same run)',
    validationTables(validation),
    '',
    '## Emulator load (loopback HTTP, each server in a child process; ratios use the medians of the same run)',
    emulatorLoadTables(load),
    '',
    `Run time: ${seconds} s`,
  ].join('\n'),
);
