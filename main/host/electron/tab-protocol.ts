/**
 * The whole conversation between main and an app tab's preload (preload/tab.ts). Three messages,
 * nothing else: main -> tab "fill this login form", tab -> main "this is what the fill did", and
 * tab -> main "someone signed in by hand".
 * Pure, shared by both sides, and validated on arrival in main.
 */
import type { FormFill } from '../../core/ports/host.js';

export const TAB_IPC = {
  /** main -> tab: a FormFillMessage. */
  formFill: 'lanyard-tab:form-fill',
  /** tab -> main: a FormFillReply, once the page has been looked at (after DOMContentLoaded). */
  formFillResult: 'lanyard-tab:form-fill-result',
  /** tab -> main: a ManualLoginReport. */
  manualLogin: 'lanyard-tab:manual-login',
} as const;

/** Sent only to a tab whose page is on `origin`; the preload checks the origin again before filling. */
export interface FormFillMessage {
  /** Names this fill, so main can match the preload's reply to it. */
  id: string;
  origin: string;
  fill: FormFill;
}

/** What the preload found: 'submitted' only when every field existed and the form was submitted. */
export type FormFillOutcome = 'submitted' | 'fields-missing' | 'wrong-origin';

export interface FormFillReply {
  id: string;
  outcome: FormFillOutcome;
}

const OUTCOMES: readonly string[] = ['submitted', 'fields-missing', 'wrong-origin'];

export function parseFormFillReply(payload: unknown): FormFillReply | null {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  const { id, outcome, ...rest } = payload as Record<string, unknown>;
  if (Object.keys(rest).length !== 0 || typeof id !== 'string' || id.length === 0 || id.length > 64) return null;
  if (typeof outcome !== 'string' || !OUTCOMES.includes(outcome)) return null;
  return { id, outcome: outcome as FormFillOutcome };
}

/** A person typed credentials into a login form by hand. They reach main only (never a renderer),
 * so Lanyard can offer to keep them in the keychain for this session and fill the form next time. */
export interface ManualLoginReport {
  username: string;
  password: string;
}

const MAX_USERNAME = 256;
const MAX_PASSWORD = 1024;

export function parseManualLoginReport(payload: unknown): ManualLoginReport | null {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  const record = payload as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  if (keys.length !== 2 || keys[0] !== 'password' || keys[1] !== 'username') return null;
  const { username, password } = record;
  if (typeof username !== 'string' || typeof password !== 'string') return null;
  const trimmed = username.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_USERNAME || password.length === 0 || password.length > MAX_PASSWORD) return null;
  return { username: trimmed, password };
}
