/** Minimises or restores the OS window of a page (each browser context has its own window), so a
 * locked station shows nothing of any app. Headless Chromium has no windows to speak of: no-op. */
import type { Page } from 'playwright-core';

export async function setWindowState(page: Page, state: 'minimized' | 'normal'): Promise<void> {
  try {
    const cdp = await page.context().newCDPSession(page);
    const { windowId } = await cdp.send('Browser.getWindowForTarget');
    await cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState: state } });
    await cdp.detach();
  } catch {
    // Headless, or the page is closing: there is no window to move.
  }
}
