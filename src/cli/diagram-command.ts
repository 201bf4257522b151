import { writeFile } from 'node:fs/promises';
import { toDot } from '../diagram/dot.js';
import { describeMachine } from '../diagram/machine-definition.js';
import { toMermaid } from '../diagram/mermaid.js';
import type { CommandIo } from './command-io.js';

export const DIAGRAM_USAGE = `Usage: setup-intent-machine diagram [--format mermaid|dot|json] [--out FILE]

Prints the SetupIntent statechart, generated from the machine itself: a Mermaid stateDiagram-v2
(the default), a Graphviz digraph (render it with \`dot -Tsvg\`), or the machine definition as JSON.

  --format FORMAT  mermaid (default), dot or json
  --out FILE       write to FILE instead of standard output

Exit status: 0 when the diagram is written, 2 for bad usage or when FILE cannot be written.`;

const FORMATS = ['mermaid', 'dot', 'json'] as const;
type DiagramFormat = (typeof FORMATS)[number];

const isFormat = (value: string | undefined): value is DiagramFormat =>
  (FORMATS as readonly (string | undefined)[]).includes(value);

function render(format: DiagramFormat): string {
  const definition = describeMachine();
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

/** Runs `diagram`; returns the exit status. */
export async function runDiagram(args: readonly string[], io: CommandIo): Promise<number> {
  let format: DiagramFormat = 'mermaid';
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--format') {
      const value = args[++i];
      if (!isFormat(value)) {
        io.stderr(`--format needs one of ${FORMATS.join(', ')}${value === undefined ? '' : `, not ${value}`}\n\n${DIAGRAM_USAGE}\n`);
        return 2;
      }
      format = value;
    } else if (arg === '--out') {
      out = args[++i];
      if (out === undefined || out === '') {
        io.stderr(`--out needs a FILE\n\n${DIAGRAM_USAGE}\n`);
        return 2;
      }
    } else if (arg === '--help' || arg === '-h') {
      io.stdout(`${DIAGRAM_USAGE}\n`);
      return 0;
    } else {
      io.stderr(`unexpected argument: ${String(arg)}\n\n${DIAGRAM_USAGE}\n`);
      return 2;
    }
  }
  const text = render(format);
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
