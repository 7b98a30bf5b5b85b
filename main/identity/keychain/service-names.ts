/** Keychain service names: each says it is Lanyard's and what it holds, so IT can recognise (and
 * clear) the entries in any keychain viewer. The account is always the user's id. */
import { KeychainError } from './keychain-error.js';

export const REFRESH_TOKEN_SERVICE = 'Lanyard refresh-token';
/** Per user: the services that hold that user's entries, so forgetUser finds app entries too. */
export const INDEX_SERVICE = 'Lanyard index';
const APP_PREFIX = 'Lanyard app:';
/** A sign-in the user asked Lanyard to remember across sessions, sealed (sealed-entry.ts). Never a
 * session secret: not in the index, not removed at session end or start-up. */
const REMEMBERED_PREFIX = 'Lanyard remembered:';

export function rememberedService(appId: string): string {
  return `${REMEMBERED_PREFIX}${checkName(appId, 'app id')}`;
}

export function appService(appId: string): string {
  return `${APP_PREFIX}${checkName(appId, 'app id')}`;
}

export function isLanyardUserService(service: string): boolean {
  return service === REFRESH_TOKEN_SERVICE || service.startsWith(APP_PREFIX);
}

/** Ids become keychain attributes and labels: printable, no control characters, bounded. */
export function checkName(value: string, what: string): string {
  if (value.length === 0 || value.length > 200 || /[\u0000-\u001f\u007f]/.test(value)) {
    throw new KeychainError('invalid-name', `${what} ${JSON.stringify(value.slice(0, 40))} cannot name a keychain entry`);
  }
  return value;
}
