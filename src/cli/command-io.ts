import type { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';

/** What a command reads and writes, and what stops it: the process's own streams and signals by default. */
export interface CommandIo {
  /** Writes to standard output. */
  readonly stdout: (text: string) => void;
  /** Writes to standard error. */
  readonly stderr: (text: string) => void;
  /** Standard input, read by `validate -` (default `process.stdin`). */
  readonly stdin?: Readable;
  /**
   * Stops a long-running command (`serve`) when it aborts. Without it, `serve` runs until SIGINT or
   * SIGTERM.
   */
  readonly signal?: AbortSignal;
  /** The environment variables a command reads (`events` reads `STRIPE_SECRET_KEY`; default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The option declarations handed to `parseArgs`. */
export type CommandOptions = NonNullable<ParseArgsConfig['options']>;

/**
 * Why `parseArgs` refused a command's arguments: an option it does not declare (as typed, e.g. `-x`),
 * a value option without its value (named in its long form, e.g. `--format`), or an argument it does
 * not take (a positional, or a value given to a flag: `--json=yes`).
 */
export type ArgumentProblem =
  | { readonly kind: 'unknown-option'; readonly option: string }
  | { readonly kind: 'missing-value'; readonly option: string }
  | { readonly kind: 'unexpected-argument'; readonly argument: string };

const PARSE_ARGS_ERRORS: ReadonlySet<unknown> = new Set([
  'ERR_PARSE_ARGS_UNKNOWN_OPTION',
  'ERR_PARSE_ARGS_INVALID_OPTION_VALUE',
  'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL',
]);

/**
 * Turns what a strict `parseArgs` threw for `args` into an {@link ArgumentProblem}; rethrows anything else.
 *
 * @remarks `parseArgs` names the culprit only inside its English message, so the arguments are
 * tokenized again without strictness and the first token the strict pass refuses is found by the
 * same rules: undeclared option, value option without a value (or with one that looks like an
 * option, `--format --out`), flag with a value, positional where none is allowed.
 */
function argumentProblem(error: unknown, args: readonly string[], options: CommandOptions, allowPositionals: boolean): ArgumentProblem {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (!PARSE_ARGS_ERRORS.has(code)) throw error;
  const { tokens } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind === 'positional' && !allowPositionals) return { kind: 'unexpected-argument', argument: token.value };
    if (token.kind !== 'option') continue;
    const type = Object.hasOwn(options, token.name) ? options[token.name]?.type : undefined;
    if (type === undefined) return { kind: 'unknown-option', option: token.rawName };
    const looksLikeOption = !token.inlineValue && token.value !== undefined && token.value.length > 1 && token.value.startsWith('-');
    if (type === 'string' && (token.value === undefined || looksLikeOption)) return { kind: 'missing-value', option: `--${token.name}` };
    if (type === 'boolean' && token.value !== undefined) return { kind: 'unexpected-argument', argument: args[token.index] ?? token.rawName };
  }
  // Unreachable while the rules above are parseArgs' own; its message is then the best there is.
  return { kind: 'unexpected-argument', argument: (error as Error).message };
}

/**
 * Takes the bare occurrences of `flag` (those not followed by a value `takesValue` accepts) out of
 * `args`, and says whether there were any; `--flag VALUE` and `--flag=VALUE` stay for `parseArgs`.
 *
 * @remarks `parseArgs` has no option whose value is optional: a string option always takes the next
 * argument, so `--inspect --port 0` would read `--port` as the URL. Arguments after `--` are left alone.
 */
export function takeBareFlag(
  args: readonly string[],
  flag: string,
  takesValue: (next: string) => boolean,
): { readonly args: string[]; readonly present: boolean } {
  const rest: string[] = [];
  let present = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      rest.push(...args.slice(i));
      break;
    }
    const next = args[i + 1];
    if (arg === flag && (next === undefined || !takesValue(next))) present = true;
    else rest.push(arg);
  }
  return { args: rest, present };
}

/**
 * The words every command uses for an {@link ArgumentProblem}; `needs` says what a missing value
 * should have been (`a FILE`, `a number of seconds`), by option.
 */
export function describeArgumentProblem(problem: ArgumentProblem, needs: Readonly<Record<string, string>> = {}): string {
  switch (problem.kind) {
    case 'missing-value':
      return `${problem.option} needs ${needs[problem.option] ?? 'a value'}`;
    case 'unknown-option':
      return `unknown option: ${problem.option}`;
    case 'unexpected-argument':
      return `unexpected argument: ${problem.argument}`;
  }
}

/**
 * Parses `args` with a strict `parseArgs`; for arguments it refuses, throws an `Error` whose message
 * `describe` words from the {@link ArgumentProblem} (by default {@link describeArgumentProblem}).
 */
export function parseCommandArguments<const O extends CommandOptions, const P extends boolean>(
  args: readonly string[],
  options: O,
  allowPositionals: P,
  describe: (problem: ArgumentProblem) => string = (problem) => describeArgumentProblem(problem),
): ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: P }>> {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals });
  } catch (error) {
    throw new Error(describe(argumentProblem(error, args, options, allowPositionals)));
  }
}

/**
 * Runs the argument parser of `setup-intent-machine <command>`: its result, or the exit status after
 * answering `--help` (0, the usage on stdout) or bad arguments (2, one line on stderr naming the
 * problem and pointing at `--help`; the whole usage would bury the one thing that is wrong).
 */
export function argumentsOrExit<T>(
  parse: () => T | 'help',
  command: string,
  usage: string,
  io: CommandIo,
): { readonly ok: true; readonly value: T } | { readonly ok: false; readonly code: number } {
  let parsed: T | 'help';
  try {
    parsed = parse();
  } catch (error) {
    io.stderr(`${usageProblem(command, (error as Error).message)}\n`);
    return { ok: false, code: 2 };
  }
  if (parsed === 'help') {
    io.stdout(`${usage}\n`);
    return { ok: false, code: 0 };
  }
  return { ok: true, value: parsed };
}

/**
 * The line that answers bad usage of `setup-intent-machine <command>` (`command` empty for the
 * program itself): the program, the problem and where the usage is.
 *
 * @example usageProblem('validate', 'a FILE is needed')
 * // 'setup-intent-machine validate: a FILE is needed; see `setup-intent-machine validate --help`'
 */
export function usageProblem(command: string, problem: string): string {
  const program = command === '' ? 'setup-intent-machine' : `setup-intent-machine ${command}`;
  return `${program}: ${problem}; see \`${program} --help\``;
}
