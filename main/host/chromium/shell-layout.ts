/** How the shell's real window is laid out for a view (the whole screen or just its bar), split out of
 * chromium-host.ts. */
import type { Page } from 'playwright-core';
import { MESSAGE_ROW_HEIGHT, hasMessageRow, hasOfferRow, hasSettingsRow, shellTopHeight, type ShellView } from '../../core/shell-view.js';

/** Real window: the whole screen, the bar alone, or the bar with a message just below it (over the
 * top of the app's area, until the message goes); '-offer' / '-settings': the bar has its Remember
 * or Display settings row (the app area moves below them, shellTopHeight). */
export type ShellLayout = 'full' | `bar${'' | '-offer'}${'' | '-settings'}${'' | '-message'}`;

export function shellLayoutFor(view: ShellView): ShellLayout {
  if (view.screen !== 'active') return 'full';
  return `bar${hasOfferRow(view) ? '-offer' : ''}${hasSettingsRow(view) ? '-settings' : ''}${hasMessageRow(view) ? '-message' : ''}`;
}

/** Where the shell's window goes for a layout: its browser tab strip and address bar above the top of
 * the screen, its page the screen's height or the bar's. Undefined if the page cannot be asked. */
export async function shellWindowBounds(shell: Page, layout: ShellLayout): Promise<{ left: number; top: number; width: number; height: number } | undefined> {
  const size = await shell.evaluate(() => ({
    chrome: window.outerHeight - window.innerHeight, width: window.screen.width, height: window.screen.height,
  })).catch(() => undefined);
  if (!size) return undefined;
  const height = layout === 'full' ? size.height
    : shellTopHeight(size.width, layout.includes('-offer'), layout.includes('-settings')) + (layout.endsWith('-message') ? MESSAGE_ROW_HEIGHT : 0);
  return { left: 0, top: -size.chrome, width: size.width, height: size.chrome + height };
}
