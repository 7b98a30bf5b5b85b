/** How the shell's real window is laid out for a view (the whole screen or just its bar), split out of
 * chromium-host.ts. */
import type { Page } from 'playwright-core';
import { MESSAGE_ROW_HEIGHT, hasMessageRow, hasOfferRow, shellTopHeight, type ShellView } from '../../core/shell-view.js';

/** Real window: the whole screen, the bar alone, or the bar with a message just below it (over the
 * top of the app's area, until the message goes); '-offer': the bar has its Remember row (the app
 * area moves below it, shellTopHeight). */
export type ShellLayout = 'full' | 'bar' | 'bar-message' | 'bar-offer' | 'bar-offer-message';

export function shellLayoutFor(view: ShellView): ShellLayout {
  if (view.screen !== 'active') return 'full';
  const bar = hasOfferRow(view) ? 'bar-offer' : 'bar';
  return hasMessageRow(view) ? `${bar}-message` : bar;
}

/** Where the shell's window goes for a layout: its browser tab strip and address bar above the top of
 * the screen, its page the screen's height or the bar's. Undefined if the page cannot be asked. */
export async function shellWindowBounds(shell: Page, layout: ShellLayout): Promise<{ left: number; top: number; width: number; height: number } | undefined> {
  const size = await shell.evaluate(() => ({
    chrome: window.outerHeight - window.innerHeight, width: window.screen.width, height: window.screen.height,
  })).catch(() => undefined);
  if (!size) return undefined;
  const height = layout === 'full' ? size.height
    : shellTopHeight(size.width, layout.startsWith('bar-offer')) + (layout.endsWith('-message') ? MESSAGE_ROW_HEIGHT : 0);
  return { left: 0, top: -size.chrome, width: size.width, height: size.chrome + height };
}
