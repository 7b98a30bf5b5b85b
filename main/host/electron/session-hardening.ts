/**
 * Locks down one Electron session (the shell's or a user's partition): permission request AND
 * check handlers answered by the same allow-list (default deny), no device access, no downloads
 * prompts that could write patient data to a shared disk without policy.
 */
import type { Session } from 'electron';
import type { Log } from '../../core/ports/log.js';
import { originForLog } from './origins.js';
import { isPermissionAllowed, type PermissionAllowList } from './permissions.js';

export function hardenSession(session: Session, allowList: () => PermissionAllowList, log: Log): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const requestingUrl = details.requestingUrl || contents.getURL();
    const allowed = isPermissionAllowed(allowList(), requestingUrl, permission);
    if (!allowed) log.info('permission refused', { permission, origin: originForLog(requestingUrl) });
    callback(allowed);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(allowList(), requestingOrigin, permission));
  // HID, USB, serial: the card reader and fingerprint key belong to main, never to a web page.
  session.setDevicePermissionHandler(() => false);
  session.on('will-download', (event, item) => {
    log.warn('download refused', { origin: originForLog(item.getURL()) });
    event.preventDefault();
  });
}

/** Electron has no way to delete an in-memory session: it stays in its partition map until quit.
 * Empties it of everything a browser keeps (storage and cookies, cache, auth and DNS caches,
 * open connections), so nothing of it is held. */
export async function emptySession(session: Session): Promise<void> {
  await session.clearStorageData();
  await session.clearData();
  await session.clearCache();
  await session.clearAuthCache();
  await session.clearHostResolverCache();
  await session.closeAllConnections();
}
