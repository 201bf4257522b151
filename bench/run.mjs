// `npm run bench`: throughput of the reducers and the statechart, then memory, as markdown.
// Needs a fresh build (dist/) and node --expose-gc.
import { measureMemory } from './memory.mjs';
import { machineInfo, memoryTable, targetSummary, throughputTable } from './report.mjs';
import { measureThroughput } from './throughput.mjs';

const started = performance.now();
const throughput = await measureThroughput();
const memory = measureMemory();
const seconds = ((performance.now() - started) / 1000).toFixed(1);

console.log(['## Machine', machineInfo(), '', '## Throughput (ratios use the medians)', throughputTable(throughput), '', '## Memory (heap growth / count, after forced GC)', memoryTable(memory), '', '## Targets', targetSummary(throughput), '', `Run time: ${seconds} s`].join('\n'));
