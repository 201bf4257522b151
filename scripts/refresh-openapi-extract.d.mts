/** A copy of an OpenAPI schema node without long (prose) descriptions. */
export declare function trimSchema<T>(node: T): T;
/** The extract refreshed from a full spec3.json: same schema names and paths, the spec's content; `kept` names what the spec lacks. */
export declare function refreshExtract(
  current: Record<string, unknown>,
  spec: Record<string, unknown>,
  commit?: string,
): { readonly extract: Record<string, unknown>; readonly kept: readonly string[] };
