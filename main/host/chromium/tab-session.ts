/**
 * Main's own DevTools session on each app tab, for what Playwright's routing cannot do:
 * - every redirect hop of every document request (Playwright's route sees only a request's first
 *   URL and follows redirects by itself) is put to the navigation guard, in the top frame, in
 *   same-process subframes, and in out-of-process iframes (each gets a session of its own before
 *   it runs anything: frame-sessions.ts);
 * - the app bridge (app-bridge.ts) runs in an isolated world whose binding only that world sees;
 *   a call counts only from the tab's top frame, and carries that document's origin as Chromium
 *   knows it, not as the page says.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import type { NavigationRequest } from '../../core/navigation.js';
import { channelOf, guardNewFrames, type DevtoolsChannel } from './frame-sessions.js';
import { APP_BRIDGE_BINDING, APP_BRIDGE_SCRIPT, APP_BRIDGE_WORLD, parseBridgeMessage, type BridgeMessage } from './app-bridge.js';

export interface TabSessionHandlers {
  /** The navigation guard's answer for a redirect hop: true lets it proceed. */
  redirect(request: NavigationRequest): boolean;
  /** A message of the app bridge from the tab's top frame, whose document is on `origin`. */
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
  await guardRedirects(channelOf(cdp), (frameId) => frameId === mainFrameId, handlers);
  await bridgeTopFrame(cdp, mainFrameId, handlers);
  await guardNewFrames(channelOf(cdp), (frame) => guardRedirects(frame, () => false, handlers), handlers.failed);
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

async function bridgeTopFrame(cdp: CDPSession, mainFrameId: string, handlers: TabSessionHandlers): Promise<void> {
  /** The bridge world's execution contexts in the top frame, with their documents' origins. */
  const topFrameContexts = new Map<number, string>();
  cdp.on('Runtime.executionContextCreated', ({ context }) => {
    const aux = context.auxData as { frameId?: unknown } | undefined;
    if (context.name === APP_BRIDGE_WORLD && aux?.frameId === mainFrameId) topFrameContexts.set(context.id, context.origin);
  });
  cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) => topFrameContexts.delete(executionContextId));
  cdp.on('Runtime.executionContextsCleared', () => topFrameContexts.clear());
  cdp.on('Runtime.bindingCalled', ({ name, payload, executionContextId }) => {
    const origin = topFrameContexts.get(executionContextId);
    if (name !== APP_BRIDGE_BINDING || origin === undefined) return;
    const message = parseBridgeMessage(payload);
    if (message) handlers.bridge(message, origin);
  });
  await cdp.send('Runtime.enable');
  await cdp.send('Runtime.addBinding', { name: APP_BRIDGE_BINDING, executionContextName: APP_BRIDGE_WORLD });
  await cdp.send('Page.enable');
  await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: APP_BRIDGE_SCRIPT, worldName: APP_BRIDGE_WORLD });
}
