/**
 * Process-wide hardening, installed before the app is ready and so before any window exists: every
 * web contents Electron creates (shell, app tabs, anything unexpected) gets the navigation guard and
 * cannot attach a <webview>. Call once, before registering other whenReady work.
 */
import { app, session } from 'electron';
import type { Log } from '../../core/ports/log.js';
import { GuardRegistry, installNavigationGuard } from './navigation-wiring.js';
import { originForLog } from './origins.js';
import { buildPermissionAllowList } from './permissions.js';
import { hardenSession } from './session-hardening.js';
import { installClientCertificateHandler, type ClientCertificatePolicy } from './client-certificates.js';

export function hardenApp(log: Log, certificates: ClientCertificatePolicy = {}, registry: GuardRegistry = new GuardRegistry()): GuardRegistry {
  // No certificate to any server that asks, unless `certificates` (a card sign-in) says which.
  installClientCertificateHandler(certificates, log);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => {
      log.warn('webview attach refused');
      event.preventDefault();
    });
    installNavigationGuard(contents, registry, (url) => log.warn('navigation refused for unregistered contents', { origin: originForLog(url) }));
  });
  // Nothing should use the default (on-disk) session; if something does, it may do nothing. Sessions
  // exist only once the app is ready; this runs before main.ts's own whenReady work (registered later).
  void app.whenReady().then(() => hardenSession(session.defaultSession, () => buildPermissionAllowList([]), log));
  return registry;
}
