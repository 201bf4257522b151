// Formats measurements as markdown.
import os from 'node:os';
import { FLOOR, MACHINE_LIFECYCLE } from './cases.mjs';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function ratio(value) {
  if (value >= 100) return `${integer.format(value)}x`;
  if (value >= 1) return `${value.toFixed(1)}x`;
  return `${value.toPrecision(2)}x`;
}

export function machineInfo() {
  const cpus = os.cpus();
  return [
    `- CPU: ${cpus[0]?.model ?? 'unknown'} (${cpus.length} logical cores)`,
    `- Node.js: ${process.version} (V8 ${process.versions.v8}), ${process.platform}-${process.arch}`,
    `- Date: ${new Date().toISOString()}`,
  ].join('\n');
}

export function throughputTable(rows) {
  const floor = rows.find((r) => r.key === FLOOR);
  const machine = rows.find((r) => r.key === MACHINE_LIFECYCLE);
  const lines = [
    '| operation | ops/s (median) | ns/op (median) | ops/s (best sample) | vs machine lifecycle | vs floor |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.name} | ${integer.format(r.opsPerSec)} | ${integer.format(r.nsPerOp)} | ${integer.format(r.bestOpsPerSec)} | ${ratio(r.opsPerSec / machine.opsPerSec)} | ${ratio(r.opsPerSec / floor.opsPerSec)} |`,
    );
  }
  return lines.join('\n');
}

export function memoryTable(rows) {
  const lines = ['| stored object | count | bytes each |', '| --- | ---: | ---: |'];
  for (const r of rows) {
    lines.push(`| ${r.name} | ${integer.format(r.count)} | ${integer.format(r.bytes)} |`);
  }
  return lines.join('\n');
}

export function targetSummary(rows) {
  const by = (key) => rows.find((r) => r.key === key);
  const success = by('confirm-success');
  const speedup = by('reducer-lifecycle').opsPerSec / by(MACHINE_LIFECYCLE).opsPerSec;
  const stepSpeedup = success.opsPerSec / by('machine-confirm').opsPerSec;
  return [
    `- confirm (success): ${integer.format(success.opsPerSec)} ops/s median, ${integer.format(success.bestOpsPerSec)} best sample (target 1,000,000): ${success.opsPerSec >= 1e6 ? 'met' : success.bestOpsPerSec >= 1e6 ? 'met by the best sample only' : 'not met'}`,
    `- reducer lifecycle vs machine lifecycle: ${ratio(speedup)} (target 50x): ${speedup >= 50 ? 'met' : 'not met'}`,
    `- reducer confirm vs machine confirm step: ${ratio(stepSpeedup)}`,
  ].join('\n');
}
