export declare const inputsListOf: (bundle: string) => string;
export declare function freshBundle(bundle: string, root: string): string | null;
