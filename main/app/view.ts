/** Builds the shell's view model from the station and the sign-in in progress. Pure. */
import type { Policy } from '../core/policy/types.js';
import type { Screen, ShellMessage, ShellView } from '../core/shell-view.js';
import type { UserSession } from '../core/session/types.js';
import type { EffectivePreferences } from '../core/ports/preferences.js';
import type { PresentedCard } from './card-watcher.js';
import type { RoleChoice, SignedInSession } from './sign-in-types.js';
import { appsForRole, type OpenedApps } from './app-tabs.js';
import { cardHolderName } from './card-holder.js';
import type { LegacyOfferView } from './legacy-logins.js';

export type SignInPhase = 'pin' | 'signing-in' | 'choose-role';

export interface ViewInput {
  policy: Policy;
  front: UserSession | undefined;
  suspended: UserSession[];
  /** The attempt in front (main/app/station/attempt.ts). */
  pending: { card?: PresentedCard | undefined; roleChoice?: RoleChoice | undefined; phase: SignInPhase; triesLeft: number | null } | undefined;
  live: { signedIn: SignedInSession; apps: OpenedApps; remembered?: ReadonlySet<string> | undefined } | undefined;
  message: ShellMessage | undefined;
  idleSeconds: number | undefined;
  cardService: 'ok' | 'unavailable';
  demoCards: { id: string; label: string; inserted: boolean }[] | undefined;
  /** A card is in a reader (CardWatcher); demo mode also knows it from its software cards. */
  cardInReader?: boolean | undefined;
  /** A hand sign-in to a form app: offered to remember, or refused (not this person's account). */
  offer: LegacyOfferView | undefined;
  demoKeys: { id: string; label: string }[] | undefined;
  fido: { canEnrol: boolean; canRemove: boolean } | undefined;
  /** The preferences of the user choosing a role or signed in (Preferences port). */
  preferences?: EffectivePreferences | undefined;
  /** The last Lock or Log out of a session in front (StationStatus.transition): shown on the lock screen. */
  transition?: ShellView['lastTransition'] | undefined;
}

export function buildView(input: ViewInput): ShellView {
  const { policy, front, pending, live } = input;
  const screen = screenOf(front, pending);
  const view: ShellView = {
    screen,
    stationName: policy.station.name,
    suspended: input.suspended.map((s) => lockLabel(s.display ?? 'Someone', policy.session.lockScreenShows)),
    tabs: [],
    methods: [
      ...(policy.authenticators.smartcard ? ['smartcard' as const] : []),
      ...(policy.authenticators.fido ? ['fido' as const] : []),
    ],
    cardService: input.cardService,
  };
  if (input.message && belongsOn(input.message, screen)) view.message = input.message;
  if (screen === 'locked' && input.transition) view.lastTransition = input.transition;
  if (screen === 'pin' && pending?.card) {
    const { min, max } = pending.card.credential.pinLength;
    const holder = cardHolderName(pending.card.credential.certificateDer);
    view.pin = { minLength: min, maxLength: max, triesLeft: pending.triesLeft, ...(holder ? { holder } : {}) };
  }
  if (screen === 'choose-role' && pending?.roleChoice) {
    view.user = { display: pending.roleChoice.user.name };
    view.roles = pending.roleChoice.roles.map((r) => ({
      id: r.roleId, name: r.roleName, orgName: r.orgName,
      opens: appsForRole(policy, r.roleCode, policy.identityProvider.issuer).map((a) => a.name),
      ...(r.roleId === input.preferences?.values.lastRole ? { lastChosen: true } : {}),
    }));
  }
  if (screen === 'active' && live) {
    view.user = { display: live.signedIn.user.name, roleName: live.signedIn.role.roleName, orgName: live.signedIn.role.orgName };
    view.tabs = live.apps.list.map((a) => ({
      id: a.id, name: a.name, active: a.id === live.apps.active, loaded: live.apps.loaded.has(a.id), ...(live.remembered?.has(a.id) ? { remembered: true } : {}),
    }));
    if (input.idleSeconds !== undefined) view.idleWarning = { secondsLeft: input.idleSeconds };
    const offered = input.offer && live.apps.list.find((a) => a.id === input.offer?.appId);
    if (input.offer && offered) {
      const { username, verdict } = input.offer;
      if (verdict === 'verified' || verdict === 'unverified') view.rememberOffer = { appId: offered.id, appName: offered.name, username, verified: verdict === 'verified' };
      else view.rememberRefused = { appId: offered.id, appName: offered.name, username, reason: verdict };
    }
  }
  if (screen === 'active' && input.fido) view.fido = input.fido;
  if ((screen === 'active' || screen === 'choose-role') && input.preferences) {
    const { values, fixed } = input.preferences;
    view.preferences = { textSize: values.textSize, highContrast: values.highContrast, fixed };
  }
  if (screen === 'locked' && (input.cardInReader ?? input.demoCards?.some((c) => c.inserted))) view.cardInReader = true;
  if (input.demoCards) view.demo = { cards: input.demoCards, keys: input.demoKeys ?? [] };
  return view;
}

/** A message is shown only on the screens it belongs to: what was said about a session's apps never
 * reaches the lock screen, and what was said at sign-in never lingers over the apps. */
function belongsOn(message: ShellMessage, screen: Screen): boolean {
  if (message.scope === 'session') return screen === 'active';
  if (message.scope === 'station') return screen !== 'active';
  return true;
}

function screenOf(front: UserSession | undefined, pending: ViewInput['pending']): Screen {
  if (!front) return 'locked';
  if (front.state === 'active') return 'active';
  if (front.state === 'choosing-role') return pending?.phase === 'signing-in' ? 'signing-in' : 'choose-role';
  if (!pending) return 'reading-card';
  return pending.phase === 'pin' && pending.card ? 'pin' : 'signing-in';
}

/** What the lock screen may show of a suspended user: initials by default (shoulder-surfing). */
export function lockLabel(name: string, shows: 'initials' | 'name'): string {
  if (shows === 'name') return name;
  const words = name.replace(/^(Dr|Mr|Mrs|Ms|Miss|Prof)\.?\s+/i, '').split(/\s+/).filter(Boolean);
  return words.map((w) => `${w[0]!.toUpperCase()}.`).join('');
}
