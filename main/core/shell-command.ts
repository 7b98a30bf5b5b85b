/**
 * Validates what the shell renderer sends over IPC before main acts on it: an exact ShellCommand
 * or nothing. A compromised or buggy renderer cannot smuggle extra fields or wrong types through.
 * The reason never quotes values, so a PIN never reaches a log.
 */
import type { PreferenceCommand, ShellCommand } from './shell-view.js';
import { TEXT_SIZES } from './ports/preferences.js';

export type CommandCheck = { ok: true; command: ShellCommand } | { ok: false; reason: string };

/** Longest string field accepted (ids, PINs); anything longer is not a real command. */
const MAX_FIELD = 256;

/** A field's kind: a non-empty string, a boolean, or one of a fixed list of strings. */
type Fields = Record<string, 'string' | 'boolean' | readonly string[]>;
const SHAPES: Record<Exclude<ShellCommand['type'], 'set-preference'>, Fields> = {
  'ready': {},
  'submit-pin': { pin: 'string' },
  'choose-role': { roleId: 'string' },
  'select-tab': { appId: 'string' },
  'cancel': {},
  'lock': {},
  'logout': {},
  'activity': {},
  'demo-tap': { cardId: 'string' },
  'demo-pull': { cardId: 'string' },
  'demo-touch': { keyId: 'string' },
  'remember-login': { appId: 'string', remember: 'boolean' },
  'forget-login': { appId: 'string' },
  'fido-enrol': {},
  'dismiss-message': { text: 'string' },
  'display-settings': { open: 'boolean' },
  'fido-remove': {},
  'key-sign-in': {},
  'close-patient': {},
};
/** set-preference has one shape per preference, chosen by its `name`. */
const PREFERENCE_SHAPES: Record<PreferenceCommand['name'], Fields> = {
  textSize: { name: 'string', value: TEXT_SIZES },
  highContrast: { name: 'string', value: 'boolean' },
  tabOrder: { name: 'string', appId: 'string', move: ['left', 'right'] },
};

function isCommandType(value: unknown): value is ShellCommand['type'] {
  return typeof value === 'string' && (value === 'set-preference' || Object.hasOwn(SHAPES, value));
}

function shapeOf(type: ShellCommand['type'], record: Record<string, unknown>): Fields | undefined {
  if (type !== 'set-preference') return SHAPES[type];
  const name = record['name'];
  return typeof name === 'string' && Object.hasOwn(PREFERENCE_SHAPES, name) ? PREFERENCE_SHAPES[name as PreferenceCommand['name']] : undefined;
}

export function parseShellCommand(payload: unknown): CommandCheck {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { ok: false, reason: 'command is not an object' };
  }
  const record = payload as Record<string, unknown>;
  const type = record['type'];
  if (!isCommandType(type)) return { ok: false, reason: 'unknown command type' };
  const shape = shapeOf(type, record);
  if (!shape) return { ok: false, reason: 'unknown preference' };
  for (const key of Object.keys(record)) {
    if (key !== 'type' && !Object.hasOwn(shape, key)) return { ok: false, reason: `unexpected field "${key}" in ${type}` };
  }
  for (const [field, kind] of Object.entries(shape)) {
    const value = record[field];
    if (kind === 'boolean') {
      if (typeof value !== 'boolean') return { ok: false, reason: `field "${field}" of ${type} must be true or false` };
    } else if (typeof kind !== 'string') {
      if (typeof value !== 'string' || !kind.includes(value)) return { ok: false, reason: `field "${field}" of ${type} must be one of ${kind.join(', ')}` };
    } else if (typeof value !== 'string' || value.length === 0 || value.length > MAX_FIELD) {
      return { ok: false, reason: `field "${field}" of ${type} must be a non-empty string` };
    }
  }
  // Every field was checked against SHAPES, which mirrors the ShellCommand union.
  return { ok: true, command: { ...record } as ShellCommand };
}
