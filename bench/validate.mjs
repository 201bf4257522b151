// `npm run bench:validate`: the validation benchmark alone, as markdown. Needs a fresh build.
// Options: --events N (default 100,000), --repetitions N (7), --large-events N (1,000,000; 0 skips
// the large log), --large-repetitions N (3).
import { machineInfo } from './report.mjs';
import { VALIDATION_DEFAULTS, measureValidation, validationTables } from './validation.mjs';

const options = { ...VALIDATION_DEFAULTS };
const names = { '--events': 'events', '--repetitions': 'repetitions', '--large-events': 'largeEvents', '--large-repetitions': 'largeRepetitions' };
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i += 2) {
  const name = names[args[i]];
  const value = Number(args[i + 1]);
  if (name === undefined || !Number.isInteger(value) || value < 0) {
    console.error(`usage: node bench/validate.mjs ${Object.keys(names).map((flag) => `[${flag} N]`).join(' ')}`);
    process.exit(2);
  }
  options[name] = value;
}

const started = performance.now();
const results = await measureValidation(options);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(['## Machine', machineInfo(), '', '## Validating event logs', validationTables(results), '', `Run time: ${seconds} s`].join('\n'));
