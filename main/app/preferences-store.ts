/**
 * The Preferences port on `conf` (electron-store's base, which runs in plain Node and so under the
 * Chromium host too): one file, `preferences.json` in the data folder, keyed by user ID. Every
 * read and write is checked against a closed schema, so nothing but the preference keys (a text
 * size, a flag, a role ID, app IDs) can be stored: no secret and nothing about a patient. A file
 * that is not valid JSON or breaks the schema is moved aside (`preferences.json.corrupt-<time>`),
 * logged and audited, and everyone starts from the defaults: a bad file is never fatal.
 */
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import type { AuditSink } from '../core/ports/audit.js';
import type { Log } from '../core/ports/log.js';
import type { PreferencesPolicy } from '../core/policy/types.js';
import {
  PreferenceError, TEXT_SIZES, type EffectivePreferences, type FixablePreference, type PreferencePatch, type Preferences, type UserPreferences,
} from '../core/ports/preferences.js';

const USER_ID = '^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$';
const ROLE_ID = '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$';
const APP_ID = '^[a-z0-9][a-z0-9-]{0,39}$';

const userSchema = {
  type: 'object', additionalProperties: false,
  properties: {
    textSize: { enum: [...TEXT_SIZES] },
    highContrast: { type: 'boolean' },
    lastRole: { type: 'string', pattern: ROLE_ID },
    tabOrder: { type: 'array', items: { type: 'string', pattern: APP_ID }, maxItems: 64, uniqueItems: true },
  },
} as const;

const KEYS: ReadonlySet<string> = new Set(Object.keys(userSchema.properties));
const FIXABLE: readonly FixablePreference[] = ['textSize', 'highContrast', 'tabOrder'];

type Stored = Partial<UserPreferences>;
interface StoreShape { users?: Record<string, Stored> }

export interface PreferencesStoreOptions {
  /** The data folder (defaultDataDir, or the test's temporary folder). */
  dir: string;
  policy: PreferencesPolicy;
  log: Log;
  audit: AuditSink;
  now?: () => Date;
  /** Opens the file store. Default: `conf`; the Electron host passes electron-store (conf's
   * Electron wrapper), which takes the same options with `name` for `configName`. */
  open?: PreferencesFileOpener;
}

/** What the store needs of conf / electron-store. */
export interface PreferencesFile { readonly store: StoreShape; readonly path: string; set(key: 'users', value: Record<string, Stored>): void }
export type PreferencesFileOpener = (options: ReturnType<typeof fileOptions>) => PreferencesFile;

export class PreferencesStore implements Preferences {
  #conf: PreferencesFile | undefined;

  constructor(private readonly options: PreferencesStoreOptions) {}

  get(userId: string): EffectivePreferences {
    return this.#effective(this.#read().users?.[userId] ?? {});
  }

  set(userId: string, patch: PreferencePatch): EffectivePreferences {
    if (!new RegExp(USER_ID).test(userId)) throw new PreferenceError('invalid-value', 'the user ID has the wrong form');
    const fixed = this.#fixed();
    const change: Stored = {};
    for (const [key, value] of Object.entries(patch)) {
      if (!KEYS.has(key)) throw new PreferenceError('not-a-preference', `"${key}" is not a preference`, key);
      if ((fixed as string[]).includes(key)) throw new PreferenceError('fixed-by-policy', `${key} is set by the organisation`, key);
      if (value !== undefined) Object.assign(change, { [key]: value });
    }
    const users = { ...this.#read().users };
    const next = { ...users[userId], ...change };
    users[userId] = next;
    try {
      this.#store().set('users', users);
    } catch (error) {
      if (schemaViolation(error)) throw new PreferenceError('invalid-value', `a value of ${Object.keys(change).join(', ')} has the wrong form`, Object.keys(change)[0], { cause: error });
      throw new PreferenceError('write-failed', `the preferences file could not be written (${codeOf(error)})`, undefined, { cause: error });
    }
    return this.#effective(next);
  }

  #effective(stored: Stored): EffectivePreferences {
    const { policy } = this.options;
    const values: UserPreferences = {
      textSize: policy.textSize ?? stored.textSize ?? 'normal',
      highContrast: policy.highContrast ?? stored.highContrast ?? false,
      tabOrder: policy.tabOrder ? [] : stored.tabOrder ?? [],
      ...(stored.lastRole ? { lastRole: stored.lastRole } : {}),
    };
    return { values, fixed: this.#fixed() };
  }

  #fixed(): FixablePreference[] {
    return FIXABLE.filter((key) => this.options.policy[key] !== undefined);
  }

  /** The file's contents; a corrupt file is moved aside and read as empty, an unreadable one as empty. */
  #read(): StoreShape {
    try {
      return this.#store().store;
    } catch (error) {
      if (corrupt(error)) {
        this.#moveAside(error);
        return {};
      }
      this.options.log.warn('preferences cannot be read; using the defaults', { code: codeOf(error) });
      return {};
    }
  }

  #store(): PreferencesFile {
    if (this.#conf) return this.#conf;
    try {
      this.#conf = this.#open();
    } catch (error) {
      if (!corrupt(error)) throw error;
      this.#moveAside(error, join(this.options.dir, 'preferences.json'));
      this.#conf = this.#open();
    }
    return this.#conf;
  }

  #open(): PreferencesFile {
    const options = fileOptions(this.options.dir);
    // conf's typings want its own JSON-schema type; the schema is plain draft 2020-12.
    return this.options.open?.(options) ?? new Conf<StoreShape>(options as unknown as ConstructorParameters<typeof Conf<StoreShape>>[0]);
  }

  #moveAside(error: unknown, path = this.#conf?.path): void {
    if (!path) return;
    const stamp = (this.options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
    const movedTo = `${path}.corrupt-${stamp}`;
    try {
      renameSync(path, movedTo);
    } catch (renameError) {
      this.options.log.error('a corrupt preferences file could not be moved aside', { code: codeOf(renameError) });
      return;
    }
    const why = error instanceof SyntaxError ? 'not valid JSON' : 'breaks the preferences schema';
    this.options.log.warn('the preferences file was corrupt and has been moved aside; everyone starts from the defaults', { movedTo, why });
    this.options.audit.record({ event: 'preferences-corrupt', reason: why, detail: { movedTo } });
  }
}

function schemaViolation(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('Config schema violation');
}

function corrupt(error: unknown): boolean {
  return error instanceof SyntaxError || schemaViolation(error);
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'error';
}

/** The file store's options: preferences.json in the data folder, checked against a closed schema. */
export function fileOptions(dir: string) {
  return {
    cwd: dir, configName: 'preferences', clearInvalidConfig: false, accessPropertiesByDotNotation: false, watch: false,
    schema: { users: { type: 'object', propertyNames: { pattern: USER_ID }, additionalProperties: userSchema } },
    rootSchema: { additionalProperties: false },
  } as const;
}
