/**
 * Permission allow-lists per origin, default deny. One decision function answers both Electron's
 * permission *request* handler and its permission *check* handler, so the two can never disagree.
 */
import { originOf } from './origins.js';

/** origin -> permissions that origin may use. Anything not listed is denied. */
export type PermissionAllowList = ReadonlyMap<string, ReadonlySet<string>>;

/** What clinical web apps need by default: copying text out (e.g. an NHS number into a letter)
 * and full-screen image viewers. Camera, microphone, location, notifications, devices: not granted. */
export const DEFAULT_APP_PERMISSIONS: readonly string[] = ['clipboard-sanitized-write', 'fullscreen'];

/** Builds the allow-list: every app origin gets `defaults`; `extra` adds per-origin grants from policy. */
export function buildPermissionAllowList(
  appOrigins: readonly string[],
  defaults: readonly string[] = DEFAULT_APP_PERMISSIONS,
  extra: Readonly<Record<string, readonly string[]>> = {},
): PermissionAllowList {
  const list = new Map<string, Set<string>>();
  const grant = (origin: string, permissions: readonly string[]): void => {
    const normal = originOf(origin);
    if (normal === null) return;
    const set = list.get(normal) ?? new Set<string>();
    for (const permission of permissions) set.add(permission);
    list.set(normal, set);
  };
  for (const origin of appOrigins) grant(origin, defaults);
  for (const [origin, permissions] of Object.entries(extra)) grant(origin, permissions);
  return list;
}

/** True only when `requestingUrl`'s origin is listed with `permission`. Unknown or opaque origins: false. */
export function isPermissionAllowed(list: PermissionAllowList, requestingUrl: string, permission: string): boolean {
  const origin = originOf(requestingUrl);
  if (origin === null) return false;
  return list.get(origin)?.has(permission) ?? false;
}
