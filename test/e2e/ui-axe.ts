/**
 * axe-core (WCAG 2.2 A and AA) on the shell page. axe runs inside the page through Playwright's
 * evaluate, which the shell's Content-Security-Policy does not block (it is not a page script).
 * Items axe cannot decide ("incomplete") count too for the rules an earlier review flagged.
 */
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
/** Reviewed before (issue 11): left undecided, they count as failures. */
const MUST_DECIDE = ['color-contrast', 'label-content-name-mismatch', 'aria-prohibited-attr'];

let source: Promise<string | undefined> | undefined;

/** axe-core's browser build, or undefined when the package is not installed. */
export function axeSource(): Promise<string | undefined> {
  source ??= (async () => {
    try {
      return await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    } catch {
      return undefined;
    }
  })();
  return source;
}

interface AxeNode { target: unknown[]; failureSummary?: string }
interface AxeResult { id: string; nodes: AxeNode[] }

/** Violations (and undecided reviewed items) on the page as it is now, one line each. */
export async function axeProblems(page: Page, axe: string): Promise<string[]> {
  await page.evaluate(axe);
  const result = await page.evaluate(async (tags) => {
    const { axe } = window as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<{ violations: AxeResult[]; incomplete: AxeResult[] }> } };
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return { violations: r.violations, incomplete: r.incomplete };
  }, TAGS);
  const line = (kind: string) => (r: AxeResult) => `${kind} ${r.id}: ${r.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`;
  return [
    ...result.violations.map(line('violation')),
    ...result.incomplete.filter((r) => MUST_DECIDE.includes(r.id)).map(line('undecided')),
  ];
}
