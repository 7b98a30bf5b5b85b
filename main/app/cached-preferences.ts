/** The shell reads a user's preferences on every render (each step of the station's queue, the
 * idle countdown's every second): served from memory after the first read, so none of that touches
 * the disk. Lanyard is the file's only writer, and every write goes through `set` here. */
import type { EffectivePreferences, PreferencePatch, Preferences } from '../core/ports/preferences.js';

export class CachedPreferences implements Preferences {
  readonly #byUser = new Map<string, EffectivePreferences>();

  constructor(private readonly store: Preferences) {}

  get(userId: string): EffectivePreferences {
    let found = this.#byUser.get(userId);
    if (!found) this.#byUser.set(userId, found = this.store.get(userId));
    return found;
  }

  set(userId: string, patch: PreferencePatch): EffectivePreferences {
    this.#byUser.delete(userId); // a refused set leaves the next read to the store
    const effective = this.store.set(userId, patch);
    this.#byUser.set(userId, effective);
    return effective;
  }
}
