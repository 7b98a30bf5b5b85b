// The packaged product's main process as one esbuild bundle (dist/app/main.js), built from the
// Electron entry with demo mode cut out: start.ts loads ./demo.js only in demo mode, and here that
// import resolves to a stub that refuses, so the reference identity provider, the demo apps and
// directory, the virtual PIV card and the virtual FIDO key are not in the bundle at all.
// Packages stay external (native modules cannot be bundled); electron-builder packs
// package.json's `dependencies`, so demo-only packages are devDependencies.
// test/unit/packaging/product-files.test.ts checks the bundle and the packaged file set.
import { build } from 'esbuild';

export const PRODUCT_ENTRY = 'main/host/electron/main.ts';
export const PRODUCT_OUTFILE = 'dist/app/main.js';

/** Source modules that exist for demo mode and tests only (paths relative to the checkout). */
export const DEMO_MODULES = [
  /^main\/idp\//,
  /^main\/auth\/smartcard\/virtual\//,
  /^main\/auth\/fido\/virtual\//,
  /^main\/auth\/smartcard\/software-readers\.ts$/,
  /^main\/app\/demo\.ts$/,
  /^main\/app\/demo-cards\.ts$/,
];

export const isDemoModule = (path) => DEMO_MODULES.some((pattern) => pattern.test(path));

const STUB = `export async function startDemo() {
  throw new Error('Demo mode is not part of an installed Lanyard: this PC is not set up for Lanyard, ask IT.');
}`;

/** Resolves start.ts's `import('./demo.js')` to the refusing stub. */
const withoutDemo = {
  name: 'lanyard-without-demo',
  setup(b) {
    b.onResolve({ filter: /^\.\/demo\.js$/ }, (args) =>
      /main[\\/]app[\\/]start\.ts$/.test(args.importer) ? { path: 'demo-mode-removed', namespace: 'lanyard-no-demo' } : undefined);
    b.onLoad({ filter: /.*/, namespace: 'lanyard-no-demo' }, () => ({ contents: STUB, loader: 'js' }));
  },
};

/** Builds the product bundle; `write: false` only computes it (tests). Returns esbuild's metafile. */
export async function bundleProduct({ outfile = PRODUCT_OUTFILE, write = true, production = false } = {}) {
  const result = await build({
    entryPoints: [PRODUCT_ENTRY], outfile, bundle: true, format: 'esm', platform: 'node', target: 'node20',
    packages: 'external', minify: production, sourcemap: !production, metafile: true, write,
    plugins: [withoutDemo], logLevel: 'warning',
  });
  return result.metafile;
}
