/**
 * One screen of the shell checked as a person meets it: axe-core (WCAG 2.2 A/AA), then the layout
 * checks at 1366x768 and at 200 % zoom, with a screenshot of each. Screenshots go to
 * test-results/screens/; with LANYARD_UPDATE_SCREENS=1 they replace the ones in docs/screens/.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { FULL, layoutProblems, ZOOM_200 } from './ui-layout.js';
import { axeProblems, axeSource } from './ui-axe.js';

const OUT = process.env['LANYARD_UPDATE_SCREENS'] === '1' ? 'docs/screens' : join('test-results', 'screens');

/** Every problem found on the shell page as it is now, one line each (empty when it passes). */
export async function check(app: { shell: Page }, name: string): Promise<string[]> {
  await mkdir(OUT, { recursive: true });
  const found: string[] = [];
  const axe = await axeSource();
  if (!axe) throw new Error('axe-core is not installed: run npm ci');
  for (const p of await axeProblems(app.shell, axe)) found.push(`${name}: ${p}`);
  for (const [size, viewport, mustFit] of [['', FULL, true], ['-200', ZOOM_200, false]] as const) {
    await app.shell.setViewportSize(viewport);
    // Let layout settle on the new size: one frame is enough for the page to reflow.
    await app.shell.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined))));
    for (const p of await layoutProblems(app.shell, mustFit)) found.push(`${name}${size}: ${p.control} ${p.problem}`);
    await app.shell.screenshot({ path: join(OUT, `${name}${size}.png`), fullPage: true });
  }
  await app.shell.setViewportSize(FULL);
  return found;
}
