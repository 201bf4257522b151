/** The absolute path of a headless Chromium executable: `CHROMIUM_PATH`, or the build @sparticuz/chromium ships. */
export declare function chromiumPath(): Promise<string>;
/** Flags for launching it headless without a sandbox or background network traffic. */
export declare const CHROMIUM_ARGS: readonly string[];
