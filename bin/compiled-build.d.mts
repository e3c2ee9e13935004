export declare const projectRoot: string;
export declare const distDir: string;
export declare const buildInfoPath: string;
export declare function sourceFingerprint(): string;
export declare function compiledBuildState(): { fresh: true } | { fresh: false; reason: string };
export declare function freshCompiledEntry(name: string): string | undefined;
