#!/usr/bin/env node
// The setup-intent-machine command line.
import { DIAGRAM_USAGE, runDiagram } from './diagram-command.js';
import { runServe, SERVE_USAGE } from './serve-command.js';
import { runValidate, VALIDATE_USAGE } from './validate-command.js';

const USAGE = `Usage: setup-intent-machine <command> [options]

Commands:
  serve      run the emulator of Stripe's SetupIntents API (see: setup-intent-machine serve --help)
  validate   judge a log of Stripe events (see: setup-intent-machine validate --help)
  diagram    print the statechart as Mermaid, DOT or JSON (see: setup-intent-machine diagram --help)

${SERVE_USAGE}

${VALIDATE_USAGE}

${DIAGRAM_USAGE}`;

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const io = { stdout: (text: string) => process.stdout.write(text), stderr: (text: string) => process.stderr.write(text) };
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

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 2;
  },
);
