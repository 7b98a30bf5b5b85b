/**
 * DOM side of legacy form sign-in, kept apart from Electron so the tab preload stays a few lines.
 * Fills with the element's native value setter and fires input/change, so frameworks that track
 * their own state (React, Angular) see the values as if typed.
 */
import type { FormFill } from '../main/core/ports/host.js';

export type FillResult = 'submitted' | 'fields-missing';

function setValue(input: HTMLInputElement, value: string): void {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  if (setter) setter.call(input, value);
  else input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

export function fillAndSubmit(doc: Document, fill: FormFill): FillResult {
  const user = doc.querySelector(fill.usernameSelector);
  const password = doc.querySelector(fill.passwordSelector);
  const submit = doc.querySelector(fill.submitSelector);
  if (!(user instanceof HTMLInputElement) || !(password instanceof HTMLInputElement) || !(submit instanceof HTMLElement)) {
    return 'fields-missing';
  }
  setValue(user, fill.username);
  setValue(password, fill.password);
  submit.click();
  return 'submitted';
}

/** The credentials of a login form being submitted by hand: a filled password field and a
 * text/email field. Read in the preload's isolated world, out of reach of the page's scripts. */
export function manualLoginCredentials(form: HTMLFormElement): { username: string; password: string } | null {
  const password = [...form.querySelectorAll('input[type="password"]')]
    .find((input): input is HTMLInputElement => input instanceof HTMLInputElement && input.value !== '');
  if (!password) return null;
  const user = form.querySelector('input[autocomplete="username"], input[type="email"], input[type="text"], input:not([type])');
  if (!(user instanceof HTMLInputElement)) return null;
  const username = user.value.trim();
  return username === '' ? null : { username, password: password.value };
}

/** A submit a person made: the browser's own event (a script's dispatchEvent is untrusted) while
 * the page has transient user activation (requestSubmit() with nobody at the keys has none). Main
 * still checks the sender's frame and origin (tab-ipc.ts). */
export function isHandSubmitted(event: Event, nav: { userActivation?: { isActive: boolean } }): boolean {
  return event.isTrusted && nav.userActivation?.isActive !== false;
}
