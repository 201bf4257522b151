// The setup-intent-machine command line, callable in process: `main.ts` runs it with the process's streams.
import type { CommandIo } from './command-io.js';
import { DIAGRAM_USAGE, runDiagram } from './diagram-command.js';
import { runServe, SERVE_USAGE } from './serve-command.js';
import { runValidate, VALIDATE_USAGE } from './validate-command.js';

/** The usage text of the whole command. */
const USAGE = `Usage: setup-intent-machine <command> [options]

Commands:
  serve      run the emulator of Stripe's SetupIntents API (see: setup-intent-machine serve --help)
  validate   judge a log of Stripe events (see: setup-intent-machine validate --help)
  diagram    print the statechart as Mermaid, DOT or JSON (see: setup-intent-machine diagram --help)

${SERVE_USAGE}

${VALIDATE_USAGE}

${DIAGRAM_USAGE}`;

/** Runs `setup-intent-machine <command> ...` with `argv` (the arguments after the program name); resolves with the exit status. */
export async function runCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return runServe(rest, io);
    case 'validate':
      return runValidate(rest, io);
    case 'diagram':
      return runDiagram(rest, io);
    case '--help':
    case '-h':
    case 'help':
      io.stdout(`${USAGE}\n`);
      return 0;
    default:
      io.stderr(`${command === undefined ? 'a command is needed' : `unknown command: ${command}`}\n\n${USAGE}\n`);
      return 2;
  }
}

