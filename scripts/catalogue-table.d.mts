import type { TestPaymentMethod } from '../src/index.js';

/** Renders the catalogue as the Markdown table embedded in docs/operations.md. */
export declare function catalogueTable(entries: readonly TestPaymentMethod[]): string;
/** The marker opening the generated section. */
export declare const START: string;
/** The marker closing the generated section. */
export declare const END: string;
/** Replaces the generated section of a document. */
export declare function withCatalogue(document: string, table: string): string;
