/**
 * `npm run admx`: writes the Group Policy templates build/admx/lanyard.admx and
 * build/admx/en-GB/lanyard.adml from the policy schema, and the settings table in
 * docs/deployment.md (between its settings-table markers). test/unit/policy/admx.test.ts fails
 * when the committed files differ from what this writes.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderAdml, renderAdmx, renderSettingsTable } from '../main/policy/admx.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ADMX_FILE = 'build/admx/lanyard.admx';
export const ADML_FILE = 'build/admx/en-GB/lanyard.adml';
export const DOCS_FILE = 'docs/deployment.md';
const START = '<!-- settings-table:start (npm run admx) -->';
const END = '<!-- settings-table:end -->';

/** docs/deployment.md with its settings table regenerated. */
export function withSettingsTable(doc: string): string {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${DOCS_FILE} has no ${START} … ${END} markers`);
  return `${doc.slice(0, start + START.length)}\n${renderSettingsTable()}\n${doc.slice(end)}`;
}

/** Every generated file, as it should be on disk. */
export function generatedFiles(): { file: string; text: string }[] {
  return [
    { file: ADMX_FILE, text: renderAdmx() },
    { file: ADML_FILE, text: renderAdml() },
    { file: DOCS_FILE, text: withSettingsTable(readFileSync(path.join(ROOT, DOCS_FILE), 'utf8')) },
  ];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const { file, text } of generatedFiles()) {
    mkdirSync(path.dirname(path.join(ROOT, file)), { recursive: true });
    writeFileSync(path.join(ROOT, file), text);
    process.stdout.write(`admx: wrote ${file}\n`);
  }
}
