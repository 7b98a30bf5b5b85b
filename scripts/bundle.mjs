// Bundles the shell renderer (React), the preloads and the packaged product's main process
// (scripts/product-bundle.mjs, without demo mode) with esbuild; tsc builds main for checkouts.
import { build } from 'esbuild';
import { bundleProduct } from './product-bundle.mjs';
import { copyFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';

// Production (React's production build, minified, no source maps) unless a developer asks for
// NODE_ENV=development: `npm run dist` must never ship the development build.
const production = process.env.NODE_ENV !== 'development';
await mkdir('dist/renderer', { recursive: true });
await build({
  entryPoints: ['renderer/main.tsx'], outfile: 'dist/renderer/app.js', bundle: true, format: 'iife',
  platform: 'browser', target: 'chrome120', minify: production, sourcemap: !production, jsx: 'automatic',
  define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') }, logLevel: 'warning',
});
await copyFile('renderer/index.html', 'dist/renderer/index.html');
await copyFile('renderer/styles.css', 'dist/renderer/styles.css');

// Sandboxed preloads must be single CommonJS files.
const preloads = ['preload/shell.ts', 'preload/tab.ts', 'preload/webauthn.ts', 'preload/webauthn-observe.ts'].filter((p) => existsSync(p));
if (preloads.length) {
  await build({
    entryPoints: preloads, outdir: 'dist/preload', outExtension: { '.js': '.cjs' }, bundle: true, format: 'cjs',
    platform: 'node', target: 'node20', external: ['electron'], logLevel: 'warning',
  });
}

await bundleProduct({ production });
