import type { AnyStateMachine } from 'xstate';
import type { MachineDefinition } from '../src/index.js';

/** The functions of the package that the generated docs come from. */
export interface LifecycleDocLibrary {
  readonly toMermaid: (definition: MachineDefinition) => string;
  readonly toDot: (definition: MachineDefinition) => string;
  readonly toOverviewDot: (definition: MachineDefinition) => string;
  readonly statusEventTable: (definition: MachineDefinition) => string;
  readonly transitionTables: (definition: MachineDefinition) => string;
}
/** The package functions {@link lifecycleDocuments} needs besides the drawing ones. */
export interface LifecycleDocumentsLibrary extends LifecycleDocLibrary {
  readonly describeMachine: (machine?: AnyStateMachine) => MachineDefinition;
  readonly paymentIntentMachine: AnyStateMachine;
}
/** One generated document: its markdown file (under docs/), the machine's definition and its DOT files by name. */
export interface LifecycleDocument {
  readonly markdown: string;
  readonly definition: MachineDefinition;
  readonly files: Record<string, string>;
}
/** The generated documents, one per statechart (SetupIntent, PaymentIntent). */
export declare function lifecycleDocuments(lib: LifecycleDocumentsLibrary): readonly LifecycleDocument[];
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
