// The command line, in process (and once as the built `dist/cli.js`): `setup-intent-machine diagram` prints the statechart as Mermaid, DOT or
// JSON, writes it to a file with --out, and exits 2 on bad usage.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runBuiltCli, runCli as run } from '../support/run-cli.js';
import { describeMachine, paymentIntentMachine } from '../../src/index.js';
import { toDot } from '../../src/diagram/dot.js';
import { toMermaid } from '../../src/diagram/mermaid.js';

const definition = describeMachine();
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'setup-intent-machine-diagram-'));
});

afterAll(async () => {
  if (dir !== '') {
    await rm(dir, { recursive: true, force: true });
  }
});

describe('diagram', () => {
  it('prints the Mermaid diagram by default', async () => {
    expect(await run(['diagram'])).toEqual({ code: 0, stdout: toMermaid(definition), stderr: '' });
  });

  it('prints the PaymentIntent statechart with --machine payment_intent, and refuses an unknown machine', async () => {
    const paymentIntent = describeMachine(paymentIntentMachine);
    expect(await run(['diagram', '--machine', 'payment_intent'])).toEqual({ code: 0, stdout: toMermaid(paymentIntent), stderr: '' });
    expect(await run(['diagram', '--machine', 'payment_intent', '--format', 'dot'])).toEqual({ code: 0, stdout: toDot(paymentIntent), stderr: '' });
    expect(await run(['diagram', '--machine', 'setup_intent'])).toEqual({ code: 0, stdout: toMermaid(definition), stderr: '' });
    const bad = await run(['diagram', '--machine', 'charge']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--machine needs setup_intent or payment_intent, not charge');
  });

  it('prints the Mermaid diagram with --format mermaid', async () => {
    expect(await run(['diagram', '--format', 'mermaid'])).toEqual({ code: 0, stdout: toMermaid(definition), stderr: '' });
  });

  it('prints the DOT diagram with --format dot', async () => {
    expect(await run(['diagram', '--format', 'dot'])).toEqual({ code: 0, stdout: toDot(definition), stderr: '' });
    expect(await run(['diagram', '--format=dot'])).toEqual({ code: 0, stdout: toDot(definition), stderr: '' });
  });

  it('prints the machine definition with --format json', async () => {
    const outcome = await run(['diagram', '--format', 'json']);
    expect(outcome.code).toBe(0);
    expect(outcome.stderr).toBe('');
    expect(JSON.parse(outcome.stdout)).toEqual(definition);
  });

  it('writes the diagram to FILE with --out, and prints nothing', async () => {
    const path = join(dir, 'lifecycle.dot');
    expect(await run(['diagram', '--format', 'dot', '--out', path])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await readFile(path, 'utf8')).toBe(toDot(definition));
  });

  it('accepts --out before --format', async () => {
    const path = join(dir, 'machine.json');
    expect((await run(['diagram', '--out', path, '--format', 'json'])).code).toBe(0);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(definition);
  });

  it.each([
    [['--format', 'png'], '--format needs one of mermaid, dot, json, not png'],
    [['--format'], '--format needs one of mermaid, dot, json'],
    [['--out'], '--out needs a FILE'],
    [['extra'], 'unexpected argument: extra'],
    [['--format', '--out', 'x.dot'], '--format needs one of mermaid, dot, json'],
    [['--out='], '--out needs a FILE'],
    [['-x'], 'unknown option: -x'],
    [['--help=yes'], 'unexpected argument: --help=yes'],
  ])('exits 2 for %j with one line saying %j and pointing at --help', async (args, message) => {
    const outcome = await run(['diagram', ...args]);
    expect(outcome).toEqual({
      code: 2,
      stdout: '',
      stderr: `setup-intent-machine diagram: ${message}; see \`setup-intent-machine diagram --help\`\n`,
    });
  });

  it('exits 2 when FILE cannot be written', async () => {
    const outcome = await run(['diagram', '--out', join(dir, 'missing', 'lifecycle.mmd')]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('setup-intent-machine diagram:');
    expect(outcome.stderr).toContain('ENOENT');
  });

  it('prints its usage with --help, and is listed in the top-level usage', async () => {
    const help = await run(['diagram', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--format FORMAT  mermaid (default), dot or json');
    const top = await run(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/^ {2}diagram {4}print the statechart/m);
  });
});

describe('the built dist/cli.js', () => {
  it('prints the DOT diagram, and answers bad usage with exit status 2', async () => {
    expect(existsSync(CLI), 'the build output is missing: run `npm run build` (or `npm test`, which builds first)').toBe(true);
    expect(await runBuiltCli(['diagram', '--format', 'dot'])).toEqual({ code: 0, stdout: toDot(definition), stderr: '' });
    const bad = await runBuiltCli(['diagram', '--format', 'png']);
    expect(bad).toEqual({
      code: 2,
      stdout: '',
      stderr: 'setup-intent-machine diagram: --format needs one of mermaid, dot, json, not png; see `setup-intent-machine diagram --help`\n',
    });
  });
});
