// The setup-intent-machine command line, callable in process: `main.ts` runs it with the process's streams.
import { usageProblem } from './command-io.js';
import type { CommandIo } from './command-io.js';
import { DIAGRAM_USAGE, runDiagram } from './diagram-command.js';
import { EVENTS_USAGE, runEvents } from './events-command.js';
import { packageVersion } from './package-version.js';
import { runServe, SERVE_USAGE } from './serve-command.js';
import { runValidate, VALIDATE_USAGE } from './validate-command.js';

/** The usage text of the whole command. */
const USAGE = `Usage: setup-intent-machine <command> [options]
       setup-intent-machine --version

Commands:
  serve      run the emulator of Stripe's SetupIntents API (see: setup-intent-machine serve --help)
  events     export an API's events as JSON Lines, oldest first (see: setup-intent-machine events --help)
  validate   judge a log of Stripe events (see: setup-intent-machine validate --help)
  diagram    print the statechart as Mermaid, DOT or JSON (see: setup-intent-machine diagram --help)

${SERVE_USAGE}

${EVENTS_USAGE}

${VALIDATE_USAGE}

${DIAGRAM_USAGE}`;

/** Runs `setup-intent-machine <command> ...` with `argv` (the arguments after the program name); resolves with the exit status. */
export async function runCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return runServe(rest, io);
    case 'events':
      return runEvents(rest, io);
    case 'validate':
      return runValidate(rest, io);
    case 'diagram':
      return runDiagram(rest, io);
    case '--help':
    case '-h':
    case 'help':
      io.stdout(`${USAGE}\n`);
      return 0;
    case '--version':
      io.stdout(`${packageVersion()}\n`);
      return 0;
    case undefined:
      // No command at all: the whole usage is the answer to "what can this do?".
      io.stderr(`a command is needed\n\n${USAGE}\n`);
      return 2;
    default:
      io.stderr(`${usageProblem('', command.startsWith('-') ? `unknown option: ${command}` : `unknown command: ${command}`)}\n`);
      return 2;
  }
}
