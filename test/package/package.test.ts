// The built package, imported by name from a separate project, as a consumer would: ESM `import`
// and CommonJS `require` both resolve through the `exports` map and run a create + confirm flow.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const BUILT_FILES = ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts'];

const FLOW = `
const store = createMemoryStore();
const created = store.apply(createSetupIntent({ payment_method_types: ['card'] }, store.env));
if (created.kind === 'refused') throw new Error('create was refused: ' + created.error.error.message);
const confirmed = store.apply(confirmSetupIntent(created.record, { payment_method: 'pm_card_visa' }, store.env));
if (confirmed.kind === 'refused') throw new Error('confirm was refused: ' + confirmed.error.error.message);
const [start] = initialTransition(setupIntentMachine);
const [withMethod] = transition(setupIntentMachine, start, { type: 'api.update', paymentMethod: 'set' });
let deepImport = 'allowed';
try {
  resolveDeep('setup-intent-machine/src/index.ts');
} catch (error) {
  deepImport = error.code;
}
const flow = {
  intent: confirmed.record.intent,
  createdStatus: created.record.intent.status,
  attemptStatuses: confirmed.changes.setupAttempts.map((attempt) => attempt.status),
  machine: { id: setupIntentMachine.id, start: start.value, afterUpdate: withMethod.value },
  deepImport,
};
`;

const ESM_SCRIPT = `import { createSetupIntent, confirmSetupIntent, setupIntentMachine, createMemoryStore } from 'setup-intent-machine';
import { initialTransition, transition } from 'xstate';
const resolveDeep = (specifier) => import.meta.resolve(specifier);
${FLOW}
console.log(JSON.stringify({ format: typeof require, resolved: import.meta.resolve('setup-intent-machine'), ...flow }));
`;

const CJS_SCRIPT = `const { createSetupIntent, confirmSetupIntent, setupIntentMachine, createMemoryStore } = require('setup-intent-machine');
const { initialTransition, transition } = require('xstate');
const resolveDeep = (specifier) => require.resolve(specifier);
${FLOW}
const manifest = require('setup-intent-machine/package.json');
console.log(JSON.stringify({ format: typeof require, resolved: require.resolve('setup-intent-machine'), name: manifest.name, ...flow }));
`;

interface ScriptOutput {
  readonly format: string;
  readonly resolved: string;
  readonly name?: string;
  readonly intent: { readonly id: string; readonly object: string; readonly status: string; readonly payment_method: string | null };
  readonly createdStatus: string;
  readonly attemptStatuses: readonly string[];
  readonly machine: { readonly id: string; readonly start: string; readonly afterUpdate: string };
  readonly deepImport: string;
}

let project = '';

async function runScript(file: string): Promise<ScriptOutput> {
  try {
    const { stdout } = await run(process.execPath, [file], { cwd: project, timeout: 20_000, encoding: 'utf8' });
    return JSON.parse(stdout.trim()) as ScriptOutput;
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`node ${file} failed in the consumer project: ${stderr ?? ''}${message}`, { cause: error });
  }
}

describe('the built package, imported by name', () => {
  beforeAll(async () => {
    const missing = BUILT_FILES.filter((file) => !existsSync(join(repoRoot, file)));
    if (missing.length > 0) {
      throw new Error(`The build output is missing (${missing.join(', ')}): run \`npm run build\` (or \`npm test\`, which builds first).`);
    }
    project = await mkdtemp(join(tmpdir(), 'setup-intent-machine-consumer-'));
    await mkdir(join(project, 'node_modules'));
    await symlink(repoRoot, join(project, 'node_modules', 'setup-intent-machine'), 'dir');
    await symlink(join(repoRoot, 'node_modules', 'xstate'), join(project, 'node_modules', 'xstate'), 'dir');
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    await writeFile(join(project, 'consumer.mjs'), ESM_SCRIPT);
    await writeFile(join(project, 'consumer.cjs'), CJS_SCRIPT);
  });

  afterAll(async () => {
    if (project !== '') {
      await rm(project, { recursive: true, force: true });
    }
  });

  function expectFlow(output: ScriptOutput): void {
    expect(output.createdStatus).toBe('requires_payment_method');
    expect(output.intent).toMatchObject({ object: 'setup_intent', status: 'succeeded' });
    expect(output.intent.id).toMatch(/^seti_[0-9A-Za-z]{24}$/);
    expect(output.intent.payment_method).toMatch(/^pm_/);
    expect(output.attemptStatuses).toEqual(['succeeded']);
    expect(output.machine).toEqual({ id: 'setupIntent', start: 'requires_payment_method', afterUpdate: 'requires_confirmation' });
    expect(output.deepImport).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
  }

  it('ESM: `import` resolves to dist/index.js and runs a flow', async () => {
    const output = await runScript('consumer.mjs');
    expect(output.format).toBe('undefined');
    expect(output.resolved).toMatch(/\/dist\/index\.js$/);
    expectFlow(output);
  });

  it('CommonJS: `require` resolves to dist/index.cjs and runs a flow', async () => {
    const output = await runScript('consumer.cjs');
    expect(output.format).toBe('function');
    expect(output.resolved).toMatch(/[/\\]dist[/\\]index\.cjs$/);
    expect(output.name).toBe('setup-intent-machine');
    expectFlow(output);
  });

  it('both builds behave identically', async () => {
    const [esm, cjs] = await Promise.all([runScript('consumer.mjs'), runScript('consumer.cjs')]);
    expect(cjs.intent).toEqual(esm.intent);
    expect(cjs.machine).toEqual(esm.machine);
  });
});
