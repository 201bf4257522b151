// Runs a doctest scenario of Tryton's account_payment_stripe module (Debian's
// tryton-modules-account-payment-stripe), unmodified, against the emulator.
//
//   node scripts/run-tryton-scenario.mjs [--scenario FILE.rst] [--trace OUT.json] [--api-version V]
//   npm run test:clients -- --tryton
//
// - installs tryton-modules-account-payment-stripe and tryton-proteus with apt-get when missing;
// - builds dist/ when src/ is newer, serves the emulator on a free loopback port, and puts a
//   recording proxy in front of it, so every request Tryton's stripe-python makes is kept with
//   its headers (Stripe-Version included) and the emulator's answer;
// - runs the scenario (default scenario_account_payment_stripe_intent.rst, the SetupIntent one)
//   with test/clients/python/tryton/run_doctest.py on an in-memory SQLite database
//   (DB_NAME=:memory:, TRYTOND_DATABASE_URI=sqlite://), the keys the scenario reads
//   (STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY), and stripe.api_base pointed at the emulator by
//   test/clients/python/tryton/sitecustomize.py (on PYTHONPATH; it reads STRIPE_API_BASE);
// - prints each section of the scenario with its examples passed, then the Stripe requests made.
// Exit status 1 when an example fails.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, ensureBuild, ensureDebianPackages, fail, run, say, startEmulator, startRecordingProxy } from './client-harness.mjs';

const PYTHON = process.env.PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

const args = process.argv.slice(2);
function option(name) {
  const at = args.indexOf(name);
  if (at === -1) return undefined;
  const value = args[at + 1];
  if (value === undefined) fail(`${name} needs a value`);
  return value;
}
const scenarioName = option('--scenario') ?? 'scenario_account_payment_stripe_intent.rst';
// Tryton sends no Stripe-Version, so the account's version decides. Tryton 6.0 and stripe-python 5
// were written against 2022-11-15, before SetupIntents defaulted to automatic payment methods.
const accountVersion = option('--api-version') ?? '2022-11-15';
const tracePath = option('--trace');

ensureDebianPackages(
  ['tryton-modules-account-payment-stripe', 'tryton-proteus'],
  `${PYTHON} -c 'import proteus, stripe, trytond.modules.account_payment_stripe'`,
  `Tryton's account_payment_stripe and proteus for ${PYTHON}`,
);
ensureBuild();

const located = spawnSync(PYTHON, ['-c', 'import os, trytond.modules.account_payment_stripe as m; print(os.path.join(os.path.dirname(m.__file__), "tests"))'], { encoding: 'utf8' });
if (located.status !== 0) fail(`cannot find the module's tests folder:\n${located.stderr}`);
const scenarioPath = join(located.stdout.trim(), scenarioName);
if (!existsSync(scenarioPath)) fail(`no scenario ${scenarioName} in ${located.stdout.trim()}`);
const versions = spawnSync(
  PYTHON,
  ['-c', "import stripe.version, trytond, proteus; print('stripe-python', stripe.version.VERSION, '/ trytond', trytond.__version__, '/ proteus', proteus.__version__)"],
  { encoding: 'utf8' },
).stdout.trim();

const emulator = await startEmulator(['--api-version', accountVersion]);
const proxy = await startRecordingProxy(emulator.url);
say(`emulator (pid ${emulator.pid}) on ${emulator.url} at account API version ${accountVersion}, Tryton's requests recorded through ${proxy.url}`);
say(`running ${scenarioName} (${versions})`);

const scratch = mkdtempSync(join(tmpdir(), 'sim-tryton-'));
const resultsFile = join(scratch, 'doctest.json');
let code = 1;
let results;
try {
  const pythonPath = [join(ROOT, 'test', 'clients', 'python', 'tryton'), process.env.PYTHONPATH].filter(Boolean).join(':');
  code = await run(PYTHON, [join(ROOT, 'test', 'clients', 'python', 'tryton', 'run_doctest.py'), scenarioPath, '--trytond', '--json', resultsFile], {
    cwd: scratch,
    env: {
      ...process.env,
      PYTHONPATH: pythonPath,
      STRIPE_API_BASE: proxy.url,
      STRIPE_SECRET_KEY: process.env.STRIPE_SECRET_KEY ?? 'sk_test_tryton_scenario',
      STRIPE_PUBLISHABLE_KEY: process.env.STRIPE_PUBLISHABLE_KEY ?? 'pk_test_tryton_scenario',
      DB_NAME: ':memory:',
      TRYTOND_DATABASE_URI: 'sqlite://',
    },
  });
  if (existsSync(resultsFile)) results = JSON.parse(readFileSync(resultsFile, 'utf8'));
} finally {
  await proxy.close();
  await emulator.stop();
  rmSync(scratch, { recursive: true, force: true });
}

console.log(`\nStripe requests made during ${scenarioName} (${proxy.exchanges.length}):`);
for (const exchange of proxy.exchanges) {
  const version = exchange.headers['stripe-version'] ?? '(none)';
  let answer = '';
  if ((exchange.status ?? 0) >= 400) {
    try {
      answer = ` ${JSON.parse(exchange.response).error.message}`;
    } catch {
      answer = ` ${String(exchange.response).slice(0, 200)}`;
    }
  }
  const body = exchange.body === '' ? '' : ` body: ${exchange.body}`;
  console.log(`  ${exchange.method} ${exchange.path} [Stripe-Version: ${version}] -> ${exchange.status}${answer}${body}`);
}
if (tracePath !== undefined) {
  writeFileSync(tracePath, `${JSON.stringify({ scenario: scenarioName, versions, doctest: results ?? null, exchanges: proxy.exchanges }, null, 2)}\n`);
  say(`trace written to ${tracePath}`);
}
if (results === undefined) say('the doctest runner wrote no results (see its output above)');
process.exit(code === 0 && results !== undefined ? 0 : 1);
