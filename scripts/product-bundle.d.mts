import type { Metafile } from 'esbuild';

export const PRODUCT_ENTRY: string;
export const PRODUCT_OUTFILE: string;
export const DEMO_MODULES: readonly RegExp[];
export function isDemoModule(path: string): boolean;
export function bundleProduct(options?: { outfile?: string; write?: boolean; production?: boolean }): Promise<Metafile>;
