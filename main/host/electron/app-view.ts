/**
 * One app tab: a sandboxed WebContentsView in the user's partition, with the tab preload, the
 * navigation guard's facts registered, and its events turned into the Host port's AppEvents.
 */
import { WebContentsView, type WebContents } from 'electron';
import type { AppEvent, AppSpec } from '../../core/ports/host.js';
import type { Log } from '../../core/ports/log.js';
import { installLanyardKeys, type LanyardKey } from './lanyard-keys.js';
import type { GuardRegistry } from './navigation-wiring.js';
import type { TabIdentity } from './tab-ipc.js';
import { originForLog } from './origins.js';

/** Input in a tab resets the idle timer; one event a second is plenty for that. */
const ACTIVITY_INTERVAL_MS = 1000;

/** What a person does at the keys, the mouse, the wheel or the screen. `before-input-event` fires
 * for keyboard events only, so it cannot see a clinician scrolling or clicking; `input-event`
 * (Electron docs, webContents "Event: 'input-event'", InputEvent.type) sees every kind, and comes
 * from the browser process, so a page's script cannot fake it. */
const PERSON_INPUT: ReadonlySet<string> = new Set([
  'mouseDown', 'mouseUp', 'mouseMove', 'mouseWheel', 'contextMenu', 'rawKeyDown', 'keyDown', 'keyUp', 'char',
  'gestureScrollBegin', 'gestureScrollUpdate', 'gestureTap', 'gesturePinchBegin', 'gesturePinchUpdate',
  'touchStart', 'touchMove', 'pointerDown', 'pointerMove',
]);

/** One open app tab as the host keeps it. */
export interface OpenApp extends TabIdentity {
  app: AppSpec;
  /** Replaced when its page closes itself (window.close()): the tab never goes away for good. */
  view: WebContentsView;
  /** The start page's load; a second openApp while it runs waits for the same one. */
  loading: Promise<void>;
}

export interface AppViewContext {
  partition: string;
  app: AppSpec;
  tabPreloadPath: string;
  registry: GuardRegistry;
  emit(event: AppEvent): void;
  log: Log;
  /** Ctrl+Alt+L or F6 pressed in this view; true when Lanyard acted on it (the page then never sees it). */
  onKey(key: LanyardKey): boolean;
  /** The view's contents went without Lanyard closing it (disposeAppView): its page closed itself. */
  onClosedByPage(): void;
}

/** Contents Lanyard closes itself; any other that goes was closed by its page. */
const disposing = new WeakSet<WebContents>();

/** Closes a view's contents as Lanyard's own doing (not reported as closed by its page). */
export function disposeAppView(view: WebContentsView): void {
  if (view.webContents.isDestroyed()) return;
  disposing.add(view.webContents);
  view.webContents.close();
}

export function createAppView(ctx: AppViewContext): WebContentsView {
  const { partition, app } = ctx;
  const view = new WebContentsView({
    webPreferences: {
      partition,
      preload: ctx.tabPreloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Remote app content never gets DevTools, in a checkout or installed (security review item 19).
      devTools: false,
    },
  });
  view.setVisible(false);
  const contents = view.webContents;
  ctx.registry.set(contents, {
    allowedOrigins: app.allowedOrigins,
    onRefused: (url, reason) => {
      ctx.log.warn('navigation refused', { partition, appId: app.id, reason, origin: originForLog(url) });
      ctx.emit({ type: 'navigation-refused', partition, appId: app.id, url });
    },
  });
  contents.on('did-finish-load', () => ctx.emit({ type: 'app-loaded', partition, appId: app.id, url: contents.getURL() }));
  contents.on('render-process-gone', (_event, details) => {
    ctx.log.error('app tab crashed', { partition, appId: app.id, reason: details.reason });
    ctx.emit({ type: 'app-crashed', partition, appId: app.id });
  });
  installLanyardKeys(contents, (key) => ctx.onKey(key));
  // window.close() in the page: Electron emits 'close' and destroys the contents, uncancellable.
  contents.once('destroyed', () => { if (!disposing.has(contents)) ctx.onClosedByPage(); });
  let lastActivity = 0;
  contents.on('input-event', (_event, input) => {
    if (!PERSON_INPUT.has(input.type)) return;
    const now = Date.now();
    if (now - lastActivity < ACTIVITY_INTERVAL_MS) return;
    lastActivity = now;
    ctx.emit({ type: 'activity', partition });
  });
  return view;
}
