import type { MachineDefinition } from '../src/index.js';

/** The functions of the package that the generated docs come from. */
export interface LifecycleDocLibrary {
  readonly toMermaid: (definition: MachineDefinition) => string;
  readonly toDot: (definition: MachineDefinition) => string;
  readonly toOverviewDot: (definition: MachineDefinition) => string;
  readonly statusEventTable: (definition: MachineDefinition) => string;
  readonly transitionTables: (definition: MachineDefinition) => string;
}
/** The generated sections of docs/lifecycle.md, by marker name. */
export declare const SECTIONS: readonly string[];
/** The text of each generated section, from the machine's definition. */
export declare function sectionTexts(lib: LifecycleDocLibrary, definition: MachineDefinition): Record<string, string>;
/** What lies between a section's markers; throws unless there is exactly one such section. */
export declare function section(document: string, name: string): { readonly before: string; readonly inside: string; readonly after: string };
/** The document with every generated section replaced. */
export declare function withSections(document: string, texts: Record<string, string>): string;
/** The diagram files of docs/, by name, as DOT. */
export declare function dotFiles(lib: LifecycleDocLibrary, definition: MachineDefinition): Record<string, string>;
