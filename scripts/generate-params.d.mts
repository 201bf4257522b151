/** A parameter as the overlay declares it: a `ParamSpec` plus the keys that name and type it. */
export interface OverlayNode {
  readonly kind: string;
  readonly [key: string]: unknown;
}

/** One operation the generated file declares specs and a type for. */
export interface OverlayOperation {
  readonly key: string;
  readonly path: string;
  readonly method: 'get' | 'post';
  readonly specs: string;
  readonly specsDoc: string;
  readonly type: string;
  readonly typeDoc: string;
}

/** What scripts/params-overlay.mjs adds to the OpenAPI extract. */
export interface ParamsOverlay {
  readonly operations: readonly OverlayOperation[];
  readonly hashes: Readonly<Record<string, OverlayNode>>;
  readonly patches: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
  readonly typeImports: Readonly<Record<string, string>>;
}

/** The overlay the generator applies by default. */
export declare const PARAMS_OVERLAY: ParamsOverlay;
/** The OpenAPI extract the parameters are read from. */
export declare const EXTRACT_FILE: string;
/** The generated TypeScript file. */
export declare const GENERATED_FILE: string;
/** Reads the OpenAPI extract. */
export declare function readExtract(): Record<string, unknown>;
/** The source of the generated file, from the extract and the overlay; throws on a stale or unknown overlay entry. */
export declare function generateParamsSource(extract?: Record<string, unknown>, overlay?: ParamsOverlay): string;
