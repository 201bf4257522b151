// docs/testing-your-app.md runs as written against the built package, imported by name from a
// separate project: the MSW example as a script that prints what its comments say, and the vitest
// files (configuration, global setup, test files, each named by its first line) through vitest
// itself in that project, after TypeScript has checked them.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT as root, createConsumerProject, promisedOutput } from '../support/consumer-project.js';
import type { ConsumerProject } from '../support/consumer-project.js';

const execute = promisify(execFile);
const TIMEOUT = 120_000;

interface Block {
  readonly lang: string;
  readonly code: string;
}

const doc = readFileSync(join(root, 'docs', 'testing-your-app.md'), 'utf8');
const blocks: Block[] = [...doc.matchAll(/```(js|ts)\n([\s\S]*?)```/g)].map((match) => ({ lang: match[1] ?? '', code: match[2] ?? '' }));
const scripts = blocks.filter((block) => block.lang === 'js');
/** The TypeScript blocks, each a file named by its first line (`// vitest.config.ts`). */
const files = blocks
  .filter((block) => block.lang === 'ts')
  .map((block) => ({ name: /^\/\/ ([\w.-]+\.ts)\n/.exec(block.code)?.[1], code: block.code }));

/** The environment of a nested run, without what this vitest run set for its own workers. */
function nestedEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'NODE_OPTIONS' && name !== 'TEST'));
}

async function runIn(dir: string, args: readonly string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await execute(process.execPath, args, { cwd: dir, timeout: TIMEOUT, encoding: 'utf8', env: nestedEnv() });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const { stdout = '', stderr = '', code } = error as { stdout?: string; stderr?: string; code?: number };
    return { stdout, stderr, code: typeof code === 'number' ? code : 1 };
  }
}

describe('docs/testing-your-app.md', () => {
  let project: ConsumerProject | undefined;

  beforeAll(() => {
    project = createConsumerProject('sim-testing-your-app-doc-', ['dist/msw.js', 'dist/testing.js', 'dist/testing.d.ts']);
  });

  afterAll(() => {
    project?.remove();
  });

  it('has a JavaScript example and vitest files, every TypeScript block named by its first line', () => {
    expect(scripts.length).toBe(1);
    expect(files.map((file) => file.name)).toEqual(['vitest.config.ts', 'stripe-global-setup.ts', 'save-card.test.ts', 'accounts.test.ts', 'webhooks.test.ts']);
  });

  it('runs the MSW example as written and prints what its comments say', async () => {
    const code = scripts[0]?.code ?? '';
    const expected = promisedOutput(code);
    expect(expected.length).toBeGreaterThan(3);
    const stdout = (await project?.run('msw-example.mjs', code)) ?? '';
    expect(stdout.trim().split('\n')).toEqual(expected);
  });

  it('type-checks the vitest files and runs them with vitest: every test passes', async () => {
    const dir = project?.dir ?? '';
    for (const file of files) writeFileSync(join(dir, file.name ?? 'unnamed.ts'), file.code);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: ['node'], skipLibCheck: true },
        include: ['*.ts'],
      }),
    );
    // A module project, as the files' top-level imports and vitest's config expect.
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    // Side by side: the check reads the files, the run only adds results.json.
    const [checked, ran] = await Promise.all([
      runIn(dir, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']),
      runIn(dir, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=json', '--outputFile=results.json']),
    ]);
    expect(checked.stdout + checked.stderr, 'tsc reports nothing').toBe('');
    expect(ran.code, `${ran.stderr}${ran.stdout}`).toBe(0);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as {
      numTotalTests: number;
      numPassedTests: number;
      testResults: readonly { readonly name: string; readonly status: string }[];
    };
    expect(results.testResults.map((result) => [result.name.slice(dir.length + 1), result.status]).sort()).toEqual([
      ['accounts.test.ts', 'passed'],
      ['save-card.test.ts', 'passed'],
      ['webhooks.test.ts', 'passed'],
    ]);
    expect(results.numPassedTests).toBe(5);
    expect(results.numTotalTests).toBe(5);
  }, TIMEOUT);
});
