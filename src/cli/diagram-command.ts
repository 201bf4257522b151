import { writeFile } from 'node:fs/promises';
import { toDot } from '../diagram/dot.js';
import { describeMachine } from '../diagram/machine-definition.js';
import { toMermaid } from '../diagram/mermaid.js';
import { paymentIntentMachine } from '../machine/payment-intent-machine.js';
import { setupIntentMachine } from '../machine/setup-intent-machine.js';
import { argumentsOrExit, describeArgumentProblem, parseCommandArguments } from './command-io.js';
import type { ArgumentProblem, CommandIo, CommandOptions } from './command-io.js';

export const DIAGRAM_USAGE = `Usage: setup-intent-machine diagram [--machine setup_intent|payment_intent] [--format mermaid|dot|json] [--out FILE]

Prints the SetupIntent (or PaymentIntent) statechart, generated from the machine itself: a Mermaid
stateDiagram-v2 (the default), a Graphviz digraph (render it with \`dot -Tsvg\`), or the machine
definition as JSON.

  --machine NAME   setup_intent (default) or payment_intent
  --format FORMAT  mermaid (default), dot or json
  --out FILE       write to FILE instead of standard output

Exit status: 0 when the diagram is written, 2 for bad usage or when FILE cannot be written.`;

const FORMATS = ['mermaid', 'dot', 'json'] as const;
type DiagramFormat = (typeof FORMATS)[number];

const isFormat = (value: string): value is DiagramFormat => (FORMATS as readonly string[]).includes(value);

const MACHINES = { setup_intent: setupIntentMachine, payment_intent: paymentIntentMachine } as const;
type DiagramMachine = keyof typeof MACHINES;
const isMachine = (value: string): value is DiagramMachine => Object.prototype.hasOwnProperty.call(MACHINES, value);

function render(format: DiagramFormat, machine: DiagramMachine): string {
  const definition = describeMachine(MACHINES[machine]);
  switch (format) {
    case 'mermaid':
      return toMermaid(definition);
    case 'dot':
      return toDot(definition);
    case 'json':
      return `${JSON.stringify(definition, null, 2)}\n`;
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}

const OPTIONS = {
  machine: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies CommandOptions;

function describeProblem(problem: ArgumentProblem): string {
  return describeArgumentProblem(problem, { '--format': `one of ${FORMATS.join(', ')}`, '--machine': 'setup_intent or payment_intent', '--out': 'a FILE' });
}

/** Reads the arguments of `diagram`; throws with a message for bad ones. */
function parseDiagramArguments(
  args: readonly string[],
): { readonly format: DiagramFormat; readonly machine: DiagramMachine; readonly out: string | undefined } | 'help' {
  const { values } = parseCommandArguments(args, OPTIONS, false, describeProblem);
  if (values.help === true) return 'help';
  const format = values.format ?? 'mermaid';
  if (!isFormat(format)) throw new Error(`--format needs one of ${FORMATS.join(', ')}, not ${format}`);
  const machine = values.machine ?? 'setup_intent';
  if (!isMachine(machine)) throw new Error(`--machine needs setup_intent or payment_intent, not ${machine}`);
  if (values.out === '') throw new Error('--out needs a FILE');
  return { format, machine, out: values.out };
}

/** Runs `diagram`; returns the exit status. */
export async function runDiagram(args: readonly string[], io: CommandIo): Promise<number> {
  const checked = argumentsOrExit(() => parseDiagramArguments(args), 'diagram', DIAGRAM_USAGE, io);
  if (!checked.ok) return checked.code;
  const parsed = checked.value;
  const { format, machine, out } = parsed;
  const text = render(format, machine);
  if (out === undefined) {
    io.stdout(text);
    return 0;
  }
  try {
    await writeFile(out, text);
    return 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== undefined) {
      io.stderr(`setup-intent-machine diagram: ${out}: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
}
