/**
 * `npm run bench`: runs every test/bench/*.bench.ts (or those named on the command line) and prints
 * their results as JSON, one block per benchmark. Figures are distributions over repeated runs.
 */
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = (await readdir(here)).filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w))).sort();

let failed = 0;
for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, '');
  process.stderr.write(`bench: ${name}…\n`);
  try {
    const mod = (await import(join(here, file))) as { run(): Promise<Record<string, unknown>> };
    const result = await mod.run();
    process.stdout.write(`${JSON.stringify({ bench: name, ...result }, null, 2)}\n`);
  } catch (error) {
    failed++;
    process.stdout.write(`${JSON.stringify({ bench: name, error: String(error) })}\n`);
  }
}
process.exit(failed ? 1 : 0);
