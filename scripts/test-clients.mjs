// `npm run test:clients`: SDKs this project did not write, against the emulator as they ship.
// Installs Debian's stripe-python 5.0.0 (python3-stripe) with apt-get when it is missing, builds
// dist/ when src/ is newer, serves the emulator on a free loopback port, runs
// test/clients/python/setup_intent_scenarios.py against it and prints one line per scenario and
// a total. `--tryton` also runs Tryton's account_payment_stripe scenario
// (scripts/run-tryton-scenario.mjs). Not part of `npm test`: it needs apt-get and Debian's Python.
//
//   npm run test:clients [-- [--tryton] [--trace FILE] [SCENARIO ...]]
//
// --trace FILE writes every HTTP exchange the SDK had with the emulator (method, path, headers,
// body, answer) to FILE as JSON. PYTHON names the interpreter (default: Debian's /usr/bin/python3
// when present, since apt installs python3-stripe for it, else python3 on PATH).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, ensureBuild, ensureDebianPackages, run, say, startEmulator, startRecordingProxy } from './client-harness.mjs';

const PYTHON = process.env.PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

const args = process.argv.slice(2);
const tryton = args.includes('--tryton');
const traceAt = args.indexOf('--trace');
const tracePath = traceAt === -1 ? undefined : args[traceAt + 1];
if (traceAt !== -1 && tracePath === undefined) {
  process.stderr.write('--trace needs a FILE\n');
  process.exit(2);
}
const scenarios = args.filter((arg, index) => arg !== '--tryton' && (traceAt === -1 || (index !== traceAt && index !== traceAt + 1)));

ensureDebianPackages(['python3-stripe'], `${PYTHON} -c 'import stripe'`, `stripe-python for ${PYTHON} (Debian package python3-stripe)`);
ensureBuild();

const version = (await import('node:child_process')).spawnSync(PYTHON, ['-c', 'import stripe.version; print(stripe.version.VERSION)'], { encoding: 'utf8' }).stdout.trim();
const emulator = await startEmulator();
const proxy = tracePath === undefined ? undefined : await startRecordingProxy(emulator.url);
const base = proxy?.url ?? emulator.url;
say(`emulator (pid ${emulator.pid}) on ${emulator.url}${proxy === undefined ? '' : `, recorded through ${proxy.url}`}; stripe-python ${version}`);

const scratch = mkdtempSync(join(tmpdir(), 'sim-clients-'));
const resultsFile = join(scratch, 'python.json');
let results = [];
try {
  const script = join(ROOT, 'test', 'clients', 'python', 'setup_intent_scenarios.py');
  await run(PYTHON, [script, '--json', resultsFile, ...scenarios], { env: { ...process.env, STRIPE_API_BASE: base } });
  if (existsSync(resultsFile)) results = JSON.parse(readFileSync(resultsFile, 'utf8'));
} finally {
  if (proxy !== undefined) {
    writeFileSync(tracePath, `${JSON.stringify(proxy.exchanges, null, 2)}\n`);
    say(`${proxy.exchanges.length} exchanges written to ${tracePath}`);
    await proxy.close();
  }
  await emulator.stop();
  rmSync(scratch, { recursive: true, force: true });
}

const passed = results.filter((result) => result.ok).length;
const failed = results.length - passed;
let trytonCode = 0;
if (tryton) {
  say('running Tryton account_payment_stripe scenario (scripts/run-tryton-scenario.mjs)');
  trytonCode = await run(process.execPath, [join(ROOT, 'scripts', 'run-tryton-scenario.mjs')], { cwd: ROOT });
}
console.log(`clients: ${passed} passed, ${failed} failed (stripe-python ${version})`);
if (results.length === 0) console.log('clients: no scenario ran (see the output above)');
process.exit(failed > 0 || results.length === 0 || trytonCode !== 0 ? 1 : 0);
