import { homedir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where Lanyard keeps its audit log and preferences: never secrets (those live in the keychain). */
export function defaultDataDir(): string {
  const state = process.env['XDG_STATE_HOME'] ?? join(homedir(), '.local', 'state');
  return process.platform === 'win32' ? join(process.env['PROGRAMDATA'] ?? 'C:\\ProgramData', 'Lanyard') : join(state, 'lanyard');
}

/** The built shell UI (scripts/bundle.mjs). Works from main/ under tsx and from dist/main/. */
export function rendererDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // dist/app is the packaged product's single bundle (scripts/product-bundle.mjs).
  const root = here.endsWith(join('dist', 'app')) ? join(here, '..', '..')
    : here.includes(`${join('dist', 'main')}`) ? join(here, '..', '..', '..') : join(here, '..', '..');
  return join(root, 'dist', 'renderer');
}
