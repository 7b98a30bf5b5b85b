/**
 * Minimises or restores the OS window of a page (each browser context has its own window), so a
 * locked station shows nothing of any app. One CDP session per page is kept, since opening one
 * per call made locking cost grow with every suspended user. Headless Chromium: a no-op.
 */
import type { CDPSession, Page } from 'playwright-core';

const OFF_SCREEN = { left: -32000, top: 0 };

export class WindowControl {
  private readonly sessions = new WeakMap<Page, Promise<{ cdp: CDPSession; windowId: number } | null>>();

  /** `place`: where a restored window goes (the screen below the shell's bar, in a real window). */
  async set(page: Page, state: 'minimized' | 'normal', place?: { left: number; top: number; width: number; height: number }): Promise<void> {
    const target = await this.target(page);
    if (!target) return;
    try {
      // Without a window manager (a kiosk X session, Xvfb) a minimised window stays on screen and
      // Chromium raises a window it activates (a bubble, a dialog): a hidden window goes off screen
      // first. Only a normal window takes a position: one minimised already refuses, and stays off screen.
      if (state === 'minimized') await target.cdp.send('Browser.setWindowBounds', { windowId: target.windowId, bounds: OFF_SCREEN }).catch(() => undefined);
      await target.cdp.send('Browser.setWindowBounds', { windowId: target.windowId, bounds: { windowState: state } });
      // Chromium takes a position only from a window in the normal state, so it comes second.
      if (state === 'normal' && place) await target.cdp.send('Browser.setWindowBounds', { windowId: target.windowId, bounds: place });
    } catch {
      // the page is closing: there is no window to move
    }
  }

  private target(page: Page): Promise<{ cdp: CDPSession; windowId: number } | null> {
    let target = this.sessions.get(page);
    if (!target) {
      target = (async () => {
        const cdp = await page.context().newCDPSession(page);
        const { windowId } = await cdp.send('Browser.getWindowForTarget');
        return { cdp, windowId };
      })().catch(() => null);
      this.sessions.set(page, target);
    }
    return target;
  }
}
