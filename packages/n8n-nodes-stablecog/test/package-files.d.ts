/** The package on disk (paths relative to the package root, with forward slashes). */
export declare function readText(file: string): string;
export declare function exists(file: string): boolean;
/** Every file below `dir`, recursively. */
export declare function listFiles(dir: string): string[];
/** Where `reference` (relative to `file`) points, relative to the package root. */
export declare function resolveFrom(file: string, reference: string): string;
/** `require` of a package file, as n8n loads it. */
export declare function loadFromPackage(file: string): unknown;
