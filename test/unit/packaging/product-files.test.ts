/**
 * The packaged product carries no demo: not the reference identity provider, demo apps or directory,
 * not the virtual PIV card or FIDO key, and no package only they need. Checked three ways: the
 * product bundle's own module graph (esbuild's metafile), electron-builder's file set as its
 * `files` config resolves it (app-builder-lib's matcher over the build layout), and the production
 * dependency closure electron-builder packs from node_modules (package-lock.json).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinModules, createRequire } from 'node:module';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Metafile } from 'esbuild';
import { bundleProduct, isDemoModule, PRODUCT_OUTFILE } from '../../../scripts/product-bundle.mjs';
import { loadBuilderConfig, ROOT } from './builder-config.js';

interface PackageJson { dependencies: Record<string, string>; devDependencies: Record<string, string> }
interface LockEntry { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as PackageJson;
const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };

const metafile: Promise<Metafile> = (async () => {
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    return await bundleProduct({ outfile: path.join(tmpdir(), 'lanyard-product-check', 'main.js'), write: false });
  } finally {
    process.chdir(cwd);
  }
})();

const packageName = (specifier: string): string =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
const isBuiltin = (specifier: string): boolean => specifier.startsWith('node:') || builtinModules.includes(specifier);

async function productPackages(): Promise<Set<string>> {
  const externals = new Set<string>();
  for (const output of Object.values((await metafile).outputs)) {
    for (const imported of output.imports) if (imported.external && !isBuiltin(imported.path)) externals.add(packageName(imported.path));
  }
  return externals;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    return entry.isDirectory() ? sourceFiles(rel) : rel.endsWith('.ts') ? [rel] : [];
  });
}

/** Packages that demo modules load at run time (type-only imports need nothing at run time). */
function demoPackages(): Set<string> {
  const found = new Set<string>();
  for (const file of sourceFiles('main').filter(isDemoModule)) {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    for (const match of text.matchAll(/^import\s+(?!type\s)[^;]*?from\s+'([^'.][^']*)'/gm)) {
      if (!isBuiltin(match[1]!)) found.add(packageName(match[1]!));
    }
  }
  return found;
}

/** What npm installs for `dependencies` only, as electron-builder collects it into the package. */
function productionClosure(roots: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string, from: string): void => {
    let at = from;
    let entry: LockEntry | undefined;
    for (;;) { // Node's lookup: nested node_modules first, then each parent up to the top
      const key = `${at ? `${at}/` : ''}node_modules/${name}`;
      entry = lock.packages[key];
      if (entry) { at = key; break; }
      if (!at) return; // optional dependency not installed on this platform
      const up = at.lastIndexOf('/node_modules/');
      at = up < 0 ? '' : at.slice(0, up);
    }
    if (seen.has(at)) return;
    seen.add(at);
    for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) visit(dep, at);
  };
  for (const name of roots) visit(name, '');
  return new Set([...seen].map((key) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length)));
}

test('the product bundle reaches no demo or emulator module', async () => {
  const inputs = Object.keys((await metafile).inputs);
  assert.ok(inputs.includes('main/app/start.ts') && inputs.includes('main/host/electron/main.ts'), 'the bundle is the product');
  assert.ok(inputs.some((input) => input.startsWith('lanyard-no-demo:')), 'start.ts\'s demo import resolves to the refusing stub');
  assert.deepEqual(inputs.filter(isDemoModule), []);
});

test('every package the product loads is a production dependency', async () => {
  const missing = [...await productPackages()].filter((name) => name !== 'electron' && !(name in pkg.dependencies));
  assert.deepEqual(missing, [], 'an installed Lanyard would fail to load these: move them to dependencies');
});

test('no package that only the demo needs is a production dependency or packed', async () => {
  const product = await productPackages();
  const demoOnly = [...demoPackages()].filter((name) => !product.has(name));
  assert.ok(demoOnly.includes('oidc-provider'), 'the scan sees the reference provider\'s imports');
  assert.deepEqual(demoOnly.filter((name) => name in pkg.dependencies), [], 'make these devDependencies');
  const packed = productionClosure(Object.keys(pkg.dependencies));
  const neededByProduct = productionClosure(product);
  assert.deepEqual(demoOnly.filter((name) => packed.has(name) && !neededByProduct.has(name)), []);
});

interface FileMatcherModule {
  getFileMatchers(config: unknown, name: 'files', destination: string, options: {
    macroExpander: (pattern: string) => string; customBuildOptions: object; globalOutDir: string; defaultSrc: string;
  }): { createFilter(): (file: string, stat: ReturnType<typeof statSync>) => boolean }[] | null;
}

test('electron-builder\'s file set holds the product bundle and no demo or emulator module', () => {
  // The build layout: tsc's dist/main for checkouts (demo included), the product bundle, UI, preloads.
  const app = mkdtempSync(path.join(tmpdir(), 'lanyard-files-'));
  try {
    const built = [
      ...sourceFiles('main').map((file) => `dist/${file.replace(/\.ts$/, '.js')}`),
      'dist/main/idp/demo-directory.json', PRODUCT_OUTFILE, `${PRODUCT_OUTFILE}.map`,
      'dist/renderer/app.js', 'dist/renderer/index.html', 'dist/preload/shell.cjs', 'dist/preload/tab.cjs',
      'package.json', 'main/app/demo.ts', 'test/fixtures/vpcd-card.ts',
    ];
    for (const file of built) {
      mkdirSync(path.dirname(path.join(app, file)), { recursive: true });
      writeFileSync(path.join(app, file), '');
    }
    const builderLib = path.dirname(createRequire(path.join(ROOT, 'package.json')).resolve('app-builder-lib/package.json'));
    const { getFileMatchers } = createRequire(path.join(builderLib, 'package.json'))(path.join(builderLib, 'out/fileMatcher.js')) as FileMatcherModule;
    const matchers = getFileMatchers(loadBuilderConfig(), 'files', '/app', {
      macroExpander: (pattern) => pattern, customBuildOptions: {}, globalOutDir: path.join(app, 'release'), defaultSrc: app,
    });
    assert.ok(matchers?.length === 1);
    const filter = matchers[0]!.createFilter();
    const packed: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        const stat = statSync(full);
        if (!filter(full, stat)) continue;
        if (stat.isDirectory()) walk(full); else packed.push(path.relative(app, full).split(path.sep).join('/'));
      }
    };
    walk(app);
    assert.ok(packed.includes(PRODUCT_OUTFILE) && packed.includes('dist/renderer/app.js') && packed.includes('dist/preload/tab.cjs'), packed.join(' '));
    const demo = packed.filter((file) => /(^|\/)(idp|virtual)\/|demo/.test(file) || file.startsWith('dist/main/') || file.startsWith('test/'));
    assert.deepEqual(demo, []);
    assert.equal((loadBuilderConfig()['extraMetadata'] as { main?: string } | undefined)?.main, PRODUCT_OUTFILE, 'the package starts the product bundle');
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
});
