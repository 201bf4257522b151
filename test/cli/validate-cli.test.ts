// The command line, in process (and once as the built `dist/cli.js`): `setup-intent-machine validate` on files and standard input, its exit
// status (0 consistent, 1 issues, 2 unreadable input or bad usage) and what it prints.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runBuiltCli, runCli as run } from '../support/run-cli.js';
import type { LogEvent } from '../support/event-log.js';
import { createThenCancel, declineThenCancel, ofType, shifted, threeDSecureSetup } from '../unit/validation/fixtures.js';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const jsonLines = (events: readonly unknown[]): string => `${events.map((event) => JSON.stringify(event)).join('\n')}\n`;

let dir = '';
let file = (name: string): string => join(dir, name);

async function writeLog(name: string, text: string): Promise<string> {
  const path = file(name);
  await writeFile(path, text);
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'setup-intent-machine-cli-'));
  file = (name) => join(dir, name);
});

afterAll(async () => {
  if (dir !== '') {
    await rm(dir, { recursive: true, force: true });
  }
});

/** A 3D Secure setup and a declined-then-canceled SetupIntent: a consistent log of seven events. */
function validLog(): LogEvent[] {
  return [...threeDSecureSetup('succeeded', 31).events, ...shifted(declineThenCancel(32).events, 60)];
}

describe('validate on a consistent log', () => {
  it('exits 0 with the text report for JSON Lines', async () => {
    const path = await writeLog('valid.jsonl', jsonLines(validLog()));
    const outcome = await run(['validate', path]);
    expect(outcome).toEqual({
      code: 0,
      stdout: 'VALID: every SetupIntent history in the log is possible.\n7 event(s), 7 distinct, 0 duplicate deliveries, 2 SetupIntent(s), 0 event(s) of unchecked types.\n',
      stderr: '',
    });
  });

  it('reads a pretty-printed JSON array the same way', async () => {
    const lines = await run(['validate', await writeLog('valid-lines.jsonl', jsonLines(validLog()))]);
    const array = await run(['validate', await writeLog('valid.json', `${JSON.stringify(validLog(), null, 2)}\n`)]);
    expect(array.code).toBe(0);
    expect(array.stderr).toBe('');
    expect(array.stdout).toBe(lines.stdout);
  });

  it('reads standard input for -', async () => {
    const outcome = await run(['validate', '-'], jsonLines(validLog()));
    expect(outcome.code).toBe(0);
    expect(outcome.stdout.startsWith('VALID:')).toBe(true);
    expect(outcome.stdout).toContain('7 event(s)');
  });

  it('reports an empty file as a valid, empty log', async () => {
    const outcome = await run(['validate', await writeLog('empty.jsonl', '')]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain('0 event(s)');
    expect(outcome.stdout).toContain('empty_log: The log holds no event.');
    const json = await run(['validate', '--json', file('empty.jsonl')]);
    expect((JSON.parse(json.stdout) as { notes: { code: string }[] }).notes.map((note) => note.code)).toEqual(['empty_log']);
  });
});

describe('validate on an inconsistent log', () => {
  function lateLog(): { readonly events: LogEvent[]; readonly culprit: LogEvent; readonly intent: string } {
    const { events, intent } = threeDSecureSetup('succeeded', 33);
    const culprit = ofType(events, 'setup_intent.requires_action');
    culprit.created = ofType(events, 'setup_intent.succeeded').created + 5;
    return { events, culprit, intent };
  }

  it('exits 1 and names the culprit event in the text report', async () => {
    const { events, culprit, intent } = lateLog();
    const outcome = await run(['validate', await writeLog('late.jsonl', jsonLines(events))]);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toBe('');
    expect(outcome.stdout).toContain('INVALID: 1 issue(s) in 1 SetupIntent(s).');
    expect(outcome.stdout).toContain(`\n${intent}:\n`);
    expect(outcome.stdout).toMatch(new RegExp(`✗ .*setup_intent\\.requires_action .*${culprit.id}\\n`));
    expect(outcome.stdout).toContain(`issue event_after_final at ${culprit.id}: `);
  });

  it('prints the report as one JSON object with --json', async () => {
    const { events, culprit, intent } = lateLog();
    const outcome = await run(['validate', '--json', await writeLog('late.json', JSON.stringify(events))]);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout.endsWith('}\n')).toBe(true);
    const report = JSON.parse(outcome.stdout) as Record<string, unknown>;
    expect(Object.keys(report).sort()).toEqual(['issues', 'notes', 'stats', 'timelines', 'valid']);
    expect(report['valid']).toBe(false);
    expect(report['issues']).toEqual([{ code: 'event_after_final', message: expect.any(String) as unknown, event_id: culprit.id, setup_intent: intent }]);
    expect(report['notes']).toEqual([]);
    expect(report['stats']).toEqual({
      events: 4,
      unique_events: 4,
      duplicates: 0,
      setup_intents: 1,
      setup_intents_with_issues: 1,
      unchecked_events: 0,
      notes_omitted: 0,
      by_type: { 'setup_intent.created': 1, 'setup_intent.requires_action': 1, 'payment_method.attached': 1, 'setup_intent.succeeded': 1 },
    });
    expect((report['timelines'] as Record<string, { event_id: string; issues: string[] }[]>)[intent]?.map((entry) => [entry.event_id, entry.issues])).toEqual(
      [
        [ofType(events, 'setup_intent.created').id, []],
        [ofType(events, 'setup_intent.succeeded').id, []],
        [culprit.id, ['event_after_final']],
      ],
    );
  });

  it('exits 1 for valid JSON that is not an event, and 1 through standard input too', async () => {
    const outcome = await run(['validate', await writeLog('not-event.jsonl', '{"hello":"world"}\n')]);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toContain('malformed_event');
    const piped = await run(['validate', '-'], jsonLines(lateLog().events));
    expect(piped.code).toBe(1);
  });

  it('judges the order of arrival with --strict-order', async () => {
    const { events } = declineThenCancel(34);
    const backwards = [...events].reverse();
    const path = await writeLog('backwards.jsonl', jsonLines(backwards));
    expect((await run(['validate', path])).code).toBe(0);
    const strict = await run(['validate', '--strict-order', path]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain(`issue event_after_final at ${backwards[1]?.id ?? ''}`);
    expect(strict.stdout).toContain(`issue event_after_final at ${backwards[2]?.id ?? ''}`);
    expect(strict.stdout).toContain('INVALID: 2 issue(s) in 1 SetupIntent(s).');
  });

  it('lets --window set how late a delivery may come', async () => {
    const first = threeDSecureSetup('succeeded', 35);
    const requiresAction = ofType(first.events, 'setup_intent.requires_action');
    const log = [...first.events.filter((event) => event !== requiresAction), ...shifted(createThenCancel(36).events, 10_000), requiresAction];
    const path = await writeLog('late-delivery.jsonl', jsonLines(log));
    const byDefault = await run(['validate', path]);
    expect(byDefault.code).toBe(1);
    expect(byDefault.stdout).toContain(`event_after_final at ${requiresAction.id}`);
    expect((await run(['validate', '--window', '20000', path])).code).toBe(0);
  });
});

describe('validate --diagram', () => {
  /** A 3D Secure setup whose requires_action is dated after its success, beside a consistent SetupIntent. */
  function mixedLog(): { readonly events: LogEvent[]; readonly broken: string; readonly clean: string; readonly culprit: LogEvent } {
    const broken = threeDSecureSetup('succeeded', 38);
    const culprit = ofType(broken.events, 'setup_intent.requires_action');
    culprit.created = ofType(broken.events, 'setup_intent.succeeded').created + 5;
    const clean = declineThenCancel(39);
    return { events: [...broken.events, ...shifted(clean.events, 60)], broken: broken.intent, clean: clean.intent, culprit };
  }

  it('prints the Mermaid state diagram of one SetupIntent instead of the text report, exit status unchanged', async () => {
    const { events, broken, culprit } = mixedLog();
    const path = await writeLog('diagram-one.jsonl', jsonLines(events));
    for (const args of [['validate', '--diagram', broken, path], ['validate', `--diagram=${broken}`, path], ['validate', path, '--diagram', broken]]) {
      const outcome = await run(args);
      expect(outcome.code).toBe(1);
      expect(outcome.stderr).toBe('');
      const lines = outcome.stdout.split('\n');
      expect(lines[0]).toBe('stateDiagram-v2');
      expect(lines).toContain(`  succeeded --> requires_action : setup_intent.requires_action (${culprit.id}) ✗ event_after_final`);
      expect(lines).toContain('  class requires_action bad');
      expect(outcome.stdout).not.toContain('INVALID');
      expect(outcome.stdout.endsWith('\n')).toBe(true);
    }
  });

  it('prints a Markdown document of every SetupIntent with issues when no id is given', async () => {
    const { events, broken, clean } = mixedLog();
    const outcome = await run(['validate', '--diagram', await writeLog('diagram-all.jsonl', jsonLines(events))]);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toBe('');
    expect(outcome.stdout.startsWith(`## \`${broken}\`\n\n\`\`\`mermaid\nstateDiagram-v2\n`)).toBe(true);
    expect(outcome.stdout.match(/^```mermaid$/gm)).toHaveLength(2);
    expect(outcome.stdout).toContain('\n```mermaid\nsequenceDiagram\n');
    expect(outcome.stdout).not.toContain(clean);
  });

  it('says there is nothing to draw for a consistent log, and exits 0', async () => {
    const { events, intent } = declineThenCancel(41);
    const path = await writeLog('diagram-valid.jsonl', jsonLines(events));
    expect(await run(['validate', '--diagram', path])).toEqual({ code: 0, stdout: 'No SetupIntent has issues: there is nothing to draw.\n', stderr: '' });
    const one = await run(['validate', '--diagram', intent, path]);
    expect(one.code).toBe(0);
    expect(one.stdout).toBe('');
    expect(one.stderr).toBe(`${intent}: the report keeps no timeline of it (only of SetupIntents with issues or notes when judged), so there is nothing to draw.\n`);
    const missing = await run(['validate', '--diagram', 'seti_missing', path]);
    expect(missing).toEqual({ code: 0, stdout: '', stderr: 'seti_missing is not in the log, so there is nothing to draw.\n' });
  });

  it('adds diagrams (SetupIntent id -> Mermaid) to the JSON report with --json', async () => {
    const { events, broken } = mixedLog();
    const path = await writeLog('diagram-json.jsonl', jsonLines(events));
    const all = await run(['validate', '--json', '--diagram', path]);
    expect(all.code).toBe(1);
    const report = JSON.parse(all.stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(['valid', 'issues', 'notes', 'stats', 'timelines', 'diagrams']);
    const diagrams = report['diagrams'] as Record<string, string>;
    expect(Object.keys(diagrams)).toEqual([broken]);
    expect(diagrams[broken]?.startsWith('stateDiagram-v2\n')).toBe(true);
    expect(diagrams[broken]).toContain('✗ event_after_final');
    const one = await run(['validate', `--diagram=${broken}`, '--json', path]);
    expect(Object.keys((JSON.parse(one.stdout) as { diagrams: Record<string, string> }).diagrams)).toEqual([broken]);
    const none = await run(['validate', '--json', '--diagram', 'seti_missing', path]);
    expect((JSON.parse(none.stdout) as { diagrams: Record<string, string> }).diagrams).toEqual({});
    expect(none.stderr).toBe('seti_missing is not in the log, so there is nothing to draw.\n');
  });

  it('reads standard input for - after a bare --diagram, and takes --window=SECONDS', async () => {
    const { events } = declineThenCancel(42);
    expect(await run(['validate', '--diagram', '-', '--window=60'], jsonLines(events))).toEqual({
      code: 0,
      stdout: 'No SetupIntent has issues: there is nothing to draw.\n',
      stderr: '',
    });
  });

  it('still exits 2 for input it cannot read', async () => {
    const outcome = await run(['validate', '--diagram', file('missing-for-diagram.jsonl')]);
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toContain('ENOENT');
  });
});

describe('validate on input it cannot read', () => {
  it('exits 2 naming FILE:LINE of a malformed JSON line, with the JSON error', async () => {
    const [first, second] = createThenCancel(37).events;
    const path = await writeLog('malformed.jsonl', `${JSON.stringify(first)}\n{"id": "evt_1", oops\n${JSON.stringify(second)}\n`);
    const outcome = await run(['validate', path]);
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toMatch(new RegExp(`^${escapeRegExp(path)}:2: .*JSON.*\\n$`));
  });

  it('answers with { error: { message, line } } on stdout under --json, and nothing on stderr', async () => {
    const lines = [...Array.from({ length: 16 }, (_, i) => JSON.stringify({ id: `evt_${i}` })), '{"id": "evt_16",', ''];
    const path = await writeLog('events.jsonl', lines.join('\n'));
    const text = await run(['validate', path]);
    const json = await run(['validate', '--json', path]);
    expect(json.code).toBe(2);
    expect(json.stderr).toBe('');
    const answer = JSON.parse(json.stdout) as { error: { message: string; line: number | null } };
    expect(answer).toEqual({ error: { message: expect.any(String) as unknown, line: 17 } });
    expect(text).toEqual({ code: 2, stdout: '', stderr: `${path}:17: ${answer.error.message}\n` });
    const missing = await run(['validate', '--json', file('missing-for-json.jsonl')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('');
    expect(JSON.parse(missing.stdout)).toEqual({ error: { message: expect.stringContaining('ENOENT') as unknown, line: null } });
  });

  it('exits 2 for a JSON array that is not closed', async () => {
    const outcome = await run(['validate', await writeLog('unclosed.json', JSON.stringify(validLog(), null, 2).replace(/\]\s*$/, ''))]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('the JSON array is not closed');
  });

  it('exits 2 for content after a JSON array', async () => {
    const path = await writeLog('trailing.json', `${JSON.stringify(validLog())}\n{"id":"evt_more"}\n`);
    const outcome = await run(['validate', path]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toBe(`${path}:2: unexpected content after the JSON array\n`);
  });

  it('exits 2 naming a missing file', async () => {
    const path = file('missing.jsonl');
    const outcome = await run(['validate', path]);
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toMatch(new RegExp(`^setup-intent-machine validate: ${escapeRegExp(path)}: cannot read the log: ENOENT`));
  });

  it('exits 2 for malformed JSON on standard input, naming it <stdin>', async () => {
    const outcome = await run(['validate', '-'], '{"id":\n');
    expect(outcome.code).toBe(2);
    expect(outcome.stderr.startsWith('<stdin>:1: ')).toBe(true);
  });
});

describe('validate on what GET /v1/events answers', () => {
  /** A page as Stripe answers it: the events newest first. */
  const page = (events: readonly LogEvent[], hasMore = false): Record<string, unknown> => ({
    object: 'list',
    data: [...events].reverse(),
    has_more: hasMore,
    url: '/v1/events',
  });

  it('reads a pretty-printed page (as Stripe answers it) like the log of its events', async () => {
    const expected = await run(['validate', await writeLog('page-events.jsonl', jsonLines(validLog()))]);
    const outcome = await run(['validate', '--strict-order', await writeLog('page.json', `${JSON.stringify(page(validLog()), null, 2)}\n`)]);
    expect(outcome).toEqual(expected);
  });

  it('reads JSON Lines of pages and events, and pages in a JSON array', async () => {
    const [a, b] = [threeDSecureSetup('succeeded', 43).events, shifted(declineThenCancel(44).events, 60)];
    const mixed = `${JSON.stringify(page(a.slice(0, 2), true))}\n${JSON.stringify(a[2])}\n${JSON.stringify(page([...a.slice(3), ...b]))}\n`;
    const lines = await run(['validate', '--strict-order', await writeLog('pages.jsonl', mixed)]);
    expect(lines.code).toBe(0);
    expect(lines.stdout).toContain('7 event(s), 7 distinct');
    const array = await run(['validate', '--strict-order', await writeLog('pages.json', JSON.stringify([page(a), page(b)], null, 2))]);
    expect(array.stdout).toBe(lines.stdout);
  });

  it('reads pretty-printed pages one after the other, and names the line a broken one starts on', async () => {
    const two = `${JSON.stringify(page(threeDSecureSetup('succeeded', 45).events), null, 2)}\n${JSON.stringify(page(shifted(declineThenCancel(46).events, 60)), null, 2)}\n`;
    expect((await run(['validate', await writeLog('two-pages.json', two)])).code).toBe(0);
    const broken = `${JSON.stringify(page([]), null, 2)}\n{\n  "object": "list",\n  "data": [oops]\n}\n`;
    const path = await writeLog('broken-page.json', broken);
    const outcome = await run(['validate', path]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr.startsWith(`${path}:7: `)).toBe(true);
    const unclosed = await run(['validate', await writeLog('unclosed-page.json', '{\n  "object": "list",\n')]);
    expect(unclosed.stderr).toContain(':1: the JSON object is not closed');
  });
});

describe('usage', () => {
  it.each([
    [['validate'], 'a FILE is needed (use - for standard input)'],
    [['validate', 'a.jsonl', 'b.jsonl'], 'unexpected argument: b.jsonl'],
    [['validate', '--colour', 'a.jsonl'], 'unknown option: --colour'],
    [['validate', '--window', 'soon', 'a.jsonl'], '--window needs a number of seconds'],
    [['validate', 'a.jsonl', '--window'], '--window needs a number of seconds'],
    [['validate', '--diagram=', 'a.jsonl'], '--diagram= needs a SetupIntent id'],
    [['validate', '--diagram', 'seti_1'], 'a FILE is needed (use - for standard input)'],
    [['validate', '--json=yes', 'a.jsonl'], 'unexpected argument: --json=yes'],
    [['validate', '--window=', 'a.jsonl'], '--window needs a number of seconds'],
    [['validate', '--window', '-5', 'a.jsonl'], '--window needs a number of seconds'],
  ])('exits 2 for %j with one line naming the problem and pointing at --help', async (args, message) => {
    expect(await run(args)).toEqual({
      code: 2,
      stdout: '',
      stderr: `setup-intent-machine validate: ${message}; see \`setup-intent-machine validate --help\`\n`,
    });
  });

  it('answers an unknown command or option with one line, and no command with the whole usage', async () => {
    expect(await run(['frobnicate'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'setup-intent-machine: unknown command: frobnicate; see `setup-intent-machine --help`\n',
    });
    expect((await run(['--bogus'])).stderr).toBe('setup-intent-machine: unknown option: --bogus; see `setup-intent-machine --help`\n');
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.stderr.startsWith('a command is needed\n\nUsage: setup-intent-machine <command> [options]\n')).toBe(true);
  });

  it.each([[['--help']], [['-h']], [['help']]])('prints the usage and exits 0 for %j', async (args) => {
    const outcome = await run(args);
    expect(outcome.code).toBe(0);
    expect(outcome.stderr).toBe('');
    expect(outcome.stdout).toContain('Usage: setup-intent-machine <command> [options]');
    expect(outcome.stdout).toContain('validate   judge a log of Stripe events');
    expect(outcome.stdout).toContain('events     export an API\'s events as JSON Lines, oldest first');
  });

  it('prints the validate usage for validate --help, without reading anything', async () => {
    const outcome = await run(['validate', '--help']);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain('Usage: setup-intent-machine validate [--json] [--strict-order] [--window SECONDS] [--diagram [SETI_ID]] FILE');
    expect(outcome.stdout).toContain('--diagram [SETI_ID]');
    expect(outcome.stdout).toContain('Exit status: 0 when the log is consistent, 1 when any issue is found, 2 when the input cannot be');
  });
});

describe('the built dist/cli.js', () => {
  it('validates a log from a file and one from standard input, with the same exit statuses', async () => {
    expect(existsSync(CLI), 'the build output is missing: run `npm run build` (or `npm test`, which builds first)').toBe(true);
    const path = await writeLog('built.jsonl', jsonLines(validLog()));
    expect(await runBuiltCli(['validate', path])).toEqual(await run(['validate', path]));
    const { events, intent } = threeDSecureSetup('succeeded', 35);
    ofType(events, 'setup_intent.requires_action').created = ofType(events, 'setup_intent.succeeded').created + 5;
    const built = await runBuiltCli(['validate', '--json', '-'], jsonLines(events));
    expect(built.code).toBe(1);
    expect((JSON.parse(built.stdout) as { issues: { setup_intent: string }[] }).issues[0]?.setup_intent).toBe(intent);
    expect(await runBuiltCli(['validate'])).toEqual(await run(['validate']));
  });
});
