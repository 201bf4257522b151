/** Renders DOT with Graphviz's `dot` layout (WebAssembly); throws with Graphviz's messages on any error or warning. */
export declare function renderDot(dot: string, format?: 'svg' | 'dot' | 'json'): Promise<string>;
