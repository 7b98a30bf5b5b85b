/**
 * Main's own DevTools session on each app tab, for what Playwright's routing cannot do:
 * - every redirect hop of every document request (Playwright's route sees only a request's first
 *   URL and follows redirects by itself) is put to the navigation guard, in the top frame, in
 *   same-process subframes, and in out-of-process iframes (each gets a session of its own before
 *   it runs anything: frame-sessions.ts);
 * - the app bridge (app-bridge.ts) runs in an isolated world whose binding only that world sees,
 *   in every frame (out-of-process iframes too, before they run); a call carries that document's
 *   origin as Chromium knows it, not as the page says, and from any frame but the top one only the
 *   lock and F6 keys count.
 */
import type { BrowserContext, Page } from 'playwright-core';
import type { NavigationRequest } from '../../core/navigation.js';
import { channelOf, guardNewFrames, type DevtoolsChannel } from './frame-sessions.js';
import { APP_BRIDGE_BINDING, APP_BRIDGE_SCRIPT, APP_BRIDGE_WORLD, isKeyMessage, parseBridgeMessage, type BridgeMessage } from './app-bridge.js';

export interface TabSessionHandlers {
  /** The navigation guard's answer for a redirect hop: true lets it proceed. */
  redirect(request: NavigationRequest): boolean;
  /** A message of the app bridge (from a subframe: a key message only), whose document is on `origin`. */
  bridge(message: BridgeMessage, origin: string): void;
  /** Something failed in the session (logged by the host; the guard itself fails closed). */
  failed(error: unknown): void;
}

const DOCUMENTS = { patterns: [{ urlPattern: '*', resourceType: 'Document' as const, requestStage: 'Request' as const }] };

/** Resolves with the page's target id once every guard is in place. */
export async function attachTabSession(context: BrowserContext, page: Page, handlers: TabSessionHandlers): Promise<string> {
  const cdp = await context.newCDPSession(page);
  const { targetInfo } = await cdp.send('Target.getTargetInfo');
  const mainFrameId = targetInfo.targetId; // a page's top frame has its target's id
  const channel = channelOf(cdp);
  await guardRedirects(channel, (frameId) => frameId === mainFrameId, handlers);
  await bridgeFrames(channel, (frameId) => frameId === mainFrameId, handlers);
  // An out-of-process iframe is never the top frame: only its keys count.
  await guardNewFrames(channel, async (frame) => {
    await guardRedirects(frame, () => false, handlers);
    await bridgeFrames(frame, () => false, handlers);
  }, handlers.failed);
  return mainFrameId;
}

interface RequestPaused { requestId: string; frameId: string; request: { url: string }; redirectedRequestId?: string }

async function guardRedirects(cdp: DevtoolsChannel, isMainFrame: (frameId: string) => boolean, handlers: TabSessionHandlers): Promise<void> {
  cdp.on('Fetch.requestPaused', (event: RequestPaused) => {
    const { requestId } = event;
    const answer = async (): Promise<void> => {
      // First hops were decided by the host's route before they got here; redirects were not.
      if (event.redirectedRequestId === undefined) return void await cdp.send('Fetch.continueRequest', { requestId });
      const mainFrame = isMainFrame(event.frameId);
      if (handlers.redirect({ kind: 'redirect', url: event.request.url, isMainFrame: mainFrame })) {
        return void await cdp.send('Fetch.continueRequest', { requestId });
      }
      // 204 No Content keeps the top frame on its current page (and any unsaved work in it).
      if (mainFrame) await cdp.send('Fetch.fulfillRequest', { requestId, responseCode: 204, body: '' });
      else await cdp.send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' });
    };
    answer().catch((error: unknown) => {
      handlers.failed(error);
      void cdp.send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' }).catch(() => undefined);
    });
  });
  await cdp.send('Fetch.enable', DOCUMENTS);
}

interface ContextCreated { context: { id: number; name: string; origin: string; auxData?: { frameId?: unknown } } }

/**
 * The app bridge in every frame the channel's target runs. `isTopFrame` tells the tab's top frame,
 * whose bridge may send anything; every other frame (same-process iframes here, out-of-process ones
 * through their own channel) may send only its keys: an iframe's trusted Ctrl+Alt+L or F6 never
 * reaches the top window, and nothing else it could send (activity, a login report) is taken.
 */
async function bridgeFrames(cdp: DevtoolsChannel, isTopFrame: (frameId: unknown) => boolean, handlers: TabSessionHandlers): Promise<void> {
  /** The bridge world's execution contexts, with their documents' origins and whether each is the top frame's. */
  const contexts = new Map<number, { origin: string; top: boolean }>();
  cdp.on('Runtime.executionContextCreated', ({ context }: ContextCreated) => {
    if (context.name === APP_BRIDGE_WORLD) contexts.set(context.id, { origin: context.origin, top: isTopFrame(context.auxData?.frameId) });
  });
  cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }: { executionContextId: number }) => contexts.delete(executionContextId));
  cdp.on('Runtime.executionContextsCleared', () => contexts.clear());
  cdp.on('Runtime.bindingCalled', ({ name, payload, executionContextId }: { name: string; payload: string; executionContextId: number }) => {
    const from = contexts.get(executionContextId);
    if (name !== APP_BRIDGE_BINDING || from === undefined) return;
    const message = parseBridgeMessage(payload);
    if (message && (from.top || isKeyMessage(message))) handlers.bridge(message, from.origin);
  });
  await cdp.send('Runtime.enable');
  await cdp.send('Runtime.addBinding', { name: APP_BRIDGE_BINDING, executionContextName: APP_BRIDGE_WORLD });
  await cdp.send('Page.enable');
  await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: APP_BRIDGE_SCRIPT, worldName: APP_BRIDGE_WORLD });
}
