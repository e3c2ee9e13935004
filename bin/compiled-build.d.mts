export declare const projectRoot: string;
export declare const distDir: string;
/** A fingerprint of `root`/src (paths, sizes, modification times). @default root the project */
export declare function sourceFingerprint(root?: string): string;
/** Whether `root`/dist holds a build of `root`/src as it is now. */
export declare function compiledBuildState(root?: string): { fresh: true } | { fresh: false; reason: string };
export declare function freshCompiledEntry(name: string): string | undefined;
