/**
 * No DevTools window in any Lanyard Chromium process, as `devTools: false` does for Electron's app
 * views: a person at a ward PC must not inspect another user's app, run script in it or read its
 * storage. Chromium's own switch (the `devtools.availability` preference, policy
 * DeveloperToolsAvailability=2) cannot be used: it also refuses main's DevTools connection to every
 * page, so Playwright never sees the first window. Instead main watches the process's targets and
 * closes every DevTools front end the moment it appears, however it was opened (F12,
 * Ctrl+Shift+I/J/C, the context menu's Inspect); app tabs' bridges also swallow those keys
 * (app-bridge.ts), so nothing opens from the keyboard at all.
 */
import type { BrowserContext } from 'playwright-core';
import { ChromiumHostError } from './errors.js';

interface TargetEvent { targetInfo: { targetId: string; url: string } }

export const DEVTOOLS_URL_PREFIX = 'devtools://';

export async function refuseDevtoolsWindows(context: BrowserContext): Promise<void> {
  const browser = context.browser();
  if (!browser) throw new ChromiumHostError('BROWSER_NOT_STARTED', 'no browser session to watch for DevTools windows');
  const cdp = await browser.newBrowserCDPSession();
  // A front end's target may be created blank and get its devtools:// address a moment later.
  const check = ({ targetInfo }: TargetEvent): void => {
    if (!targetInfo.url.startsWith(DEVTOOLS_URL_PREFIX)) return;
    void cdp.send('Target.closeTarget', { targetId: targetInfo.targetId }).catch(() => undefined);
  };
  cdp.on('Target.targetCreated', check);
  cdp.on('Target.targetInfoChanged', check);
  await cdp.send('Target.setDiscoverTargets', { discover: true });
}
