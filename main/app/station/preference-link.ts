/**
 * The signed-in user's preferences as the station uses them. When a role is chosen it remembers the
 * role (the picker offers it first next time) and puts the session's apps in the user's tab order
 * before they open; it takes the shell's set-preference for the user in front, refusing what policy
 * fixes, and moves a tab in the live strip at once. A store that fails never stops a sign-in.
 */
import { PreferenceError, type PreferenceErrorCode, type Preferences } from '../../core/ports/preferences.js';
import type { ShellCommand } from '../../core/shell-view.js';
import type { StationEvent, UserSession } from '../../core/session/types.js';
import type { Log } from '../../core/ports/log.js';
import type { OpenedApps } from '../app-tabs.js';
import type { LiveSession } from './session-resources.js';

export interface PreferenceLinkSurroundings {
  front(): UserSession | undefined;
  live(id: string): LiveSession | undefined;
  say(kind: 'info' | 'warning' | 'error', text: string): void;
}

/** What the person at the workstation reads when a change is not kept. */
const REFUSED: Record<PreferenceErrorCode, string> = {
  'fixed-by-policy': 'This setting is set by your organisation and cannot be changed here.',
  'not-a-preference': 'Lanyard does not keep that setting.',
  'invalid-value': 'Lanyard does not keep that setting.',
  'write-failed': 'Lanyard could not save your settings on this PC. They apply until you sign out; if it keeps happening, call the IT service desk.',
};

export class PreferenceLink {
  /** `deps` is read when used (the controller builds this before its deps are set). */
  constructor(private readonly deps: () => { preferences?: Preferences | undefined; log: Log }, private readonly around: PreferenceLinkSurroundings) {}

  /** Called with each station event before the station takes it. */
  event(event: StationEvent): void {
    if (event.type !== 'role-chosen') return;
    const { preferences } = this.deps();
    const live = this.around.live(event.sessionId);
    if (!preferences || !live || live.apps.started) return;
    const userId = live.signedIn.user.userId;
    const effective = this.kept(() => preferences.set(userId, { lastRole: live.signedIn.role.roleId })) ?? this.kept(() => preferences.get(userId));
    if (effective && !effective.fixed.includes('tabOrder')) arrange(live.apps, effective.values.tabOrder, true);
  }

  /** Takes set-preference; false for any other command. */
  command(command: ShellCommand): boolean {
    if (command.type !== 'set-preference') return false;
    const { preferences } = this.deps();
    const front = this.around.front();
    const live = front?.state === 'active' ? this.around.live(front.id) : undefined;
    if (!preferences || !live) return true;
    const userId = live.signedIn.user.userId;
    try {
      if (command.name === 'tabOrder') {
        const order = moved(live.apps.list.map((a) => a.id), command.appId, command.move);
        // Apps of the user's other roles keep their places among themselves, after these.
        const others = preferences.get(userId).values.tabOrder.filter((id) => !order?.includes(id));
        if (order) arrange(live.apps, preferences.set(userId, { tabOrder: [...order, ...others] }).values.tabOrder, false);
      } else if (command.name === 'textSize') preferences.set(userId, { textSize: command.value });
      else preferences.set(userId, { highContrast: command.value });
    } catch (error) {
      this.refused(error);
    }
    return true;
  }

  private kept<T>(step: () => T): T | undefined {
    try {
      return step();
    } catch (error) {
      this.deps().log.warn('preferences not kept', { code: error instanceof PreferenceError ? error.code : String(error) });
      return undefined;
    }
  }

  private refused(error: unknown): void {
    const code = error instanceof PreferenceError ? error.code : 'write-failed';
    this.deps().log.warn('preference refused', { code, ...(error instanceof PreferenceError && error.field ? { field: error.field } : {}) });
    this.around.say(code === 'fixed-by-policy' ? 'info' : 'warning', REFUSED[code]);
  }
}

/** The session's apps in the user's order (apps the order does not name keep policy order, after). */
export function arrange(apps: OpenedApps, order: readonly string[], opening: boolean): void {
  const rank = (id: string) => { const i = order.indexOf(id); return i < 0 ? order.length : i; };
  apps.list = apps.list.map((app, i) => ({ app, i })).sort((a, b) => rank(a.app.id) - rank(b.app.id) || a.i - b.i).map((x) => x.app);
  if (opening) apps.active = apps.list[0]?.id;
}

/** The order with `appId` one place to the left or right; undefined when it cannot move. */
export function moved(ids: readonly string[], appId: string, move: 'left' | 'right'): string[] | undefined {
  const at = ids.indexOf(appId);
  const to = move === 'left' ? at - 1 : at + 1;
  if (at < 0 || to < 0 || to >= ids.length) return undefined;
  const next = [...ids];
  [next[at], next[to]] = [next[to]!, next[at]!];
  return next;
}
