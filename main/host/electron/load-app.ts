/**
 * Loads an app tab's start page. `webContents.loadURL` rejects with ERR_ABORTED (-3) as soon as
 * another main-frame document navigation starts before the first has finished (Electron's
 * lib/browser/api/web-contents.ts, loadURL's did-start-navigation listener): exactly what a
 * JavaScript SSO hop, a meta refresh or a form_post auto-submit does. That is not a failure of the
 * app: the tab is then waited on until its loading stops, and fails only if the page it ends on
 * failed to load.
 */
import type { WebContents } from 'electron';

/** net::ERR_ABORTED, as loadURL's error carries it in `errno`. */
const ERR_ABORTED = -3;

export class PageLoadError extends Error {
  constructor(readonly errno: number, readonly errorCode: string, options?: { cause?: unknown }) {
    super(`page did not load (${errorCode})`, options);
    this.name = 'PageLoadError';
  }
}

function isAborted(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { errno?: unknown }).errno === ERR_ABORTED;
}

type LoadingContents = Pick<WebContents, 'loadURL' | 'isLoading' | 'isDestroyed' | 'on' | 'removeListener'>;

export async function loadAppPage(contents: LoadingContents, url: string): Promise<void> {
  let failure: PageLoadError | undefined;
  // Listen before loading: the replacing navigation may settle before loadURL's rejection is seen.
  const onFail = (_event: unknown, errno: number, errorCode: string, _url: string, isMainFrame: boolean): void => {
    if (isMainFrame && errno !== ERR_ABORTED) failure = new PageLoadError(errno, errorCode);
    else if (isMainFrame) failure = undefined;
  };
  const onFinish = (): void => { failure = undefined; };
  contents.on('did-fail-load', onFail);
  contents.on('did-finish-load', onFinish);
  try {
    try {
      await contents.loadURL(url);
      return;
    } catch (error) {
      if (!isAborted(error)) throw error;
    }
    // A navigation replaced the first one: wait for the tab to stop loading, then judge the page it is on.
    if (contents.isDestroyed()) throw new PageLoadError(ERR_ABORTED, 'ERR_ABORTED');
    if (contents.isLoading()) await stopped(contents);
    if (failure !== undefined) throw failure;
  } finally {
    contents.removeListener('did-fail-load', onFail);
    contents.removeListener('did-finish-load', onFinish);
  }
}

function stopped(contents: LoadingContents): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (): void => { cleanup(); resolve(); };
    const gone = (): void => { cleanup(); reject(new PageLoadError(ERR_ABORTED, 'ERR_ABORTED')); };
    const cleanup = (): void => {
      contents.removeListener('did-stop-loading', done);
      contents.removeListener('destroyed', gone);
    };
    contents.on('did-stop-loading', done);
    contents.on('destroyed', gone);
  });
}
