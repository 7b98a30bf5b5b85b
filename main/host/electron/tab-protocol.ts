/**
 * The whole conversation between main and an app tab's preload (preload/tab.ts). Two messages,
 * nothing else: main -> tab "fill this login form", tab -> main "someone signed in by hand".
 * Pure, shared by both sides, and validated on arrival in main.
 */
import type { FormFill } from '../../core/ports/host.js';

export const TAB_IPC = {
  /** main -> tab: a FormFillMessage. */
  formFill: 'lanyard-tab:form-fill',
  /** tab -> main: a ManualLoginReport. */
  manualLogin: 'lanyard-tab:manual-login',
} as const;

/** Sent only to a tab whose page is on `origin`; the preload checks the origin again before filling. */
export interface FormFillMessage {
  origin: string;
  fill: FormFill;
}

/** A person typed credentials into a login form by hand. The password never leaves the page:
 * main only learns the username, to offer remembering this app's sign-in. */
export interface ManualLoginReport {
  username: string;
}

const MAX_USERNAME = 256;

export function parseManualLoginReport(payload: unknown): ManualLoginReport | null {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  const record = payload as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length !== 1 || keys[0] !== 'username') return null;
  const username = record['username'];
  if (typeof username !== 'string') return null;
  const trimmed = username.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_USERNAME) return null;
  return { username: trimmed };
}
