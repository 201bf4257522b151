/** True when `root/dist/cli.js` is missing or older than any file under `root/src` or `root/tsup.config.ts`. */
export declare function isBuildStale(root: string): boolean;
