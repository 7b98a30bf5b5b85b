/** The shell's view of the station right now: gathers what buildView (pure) needs. No side effects. */
import type { ShellView } from '../../core/shell-view.js';
import type { Station } from '../../core/session/station.js';
import { buildView } from '../view.js';
import type { Attempt } from './attempt.js';
import type { SessionResources } from './session-resources.js';
import type { StationDeps } from './deps.js';
import type { StationStatus } from './status.js';
import type { LegacyOfferView } from '../legacy-logins.js';
import type { PageKeySignIn } from '../page-key-sign-in.js';

export interface PresenterInput {
  deps: StationDeps;
  station: Station;
  attempt: Attempt | undefined;
  resources: SessionResources;
  status: StationStatus;
  offer: LegacyOfferView | undefined;
  /** The patient banner and "did not follow" warning (PatientContextLink.view). */
  context?: Pick<ShellView, 'patient' | 'contextWarning'>;
  /** Key sign-in on the provider's page (standard profile), when this station does it that way. */
  pageKey?: Pick<PageKeySignIn, 'available' | 'running'>;
}

export function presentStation(input: PresenterInput): ShellView {
  const { deps, station } = input;
  const front = station.front();
  const live = input.resources.get(front?.id);
  const fidoOn = deps.policy.authenticators.fido && front?.state === 'active';
  const userId = front?.state === 'active' ? live?.signedIn.user.userId : input.attempt?.roleChoice?.user.userId;
  const view = buildView({
    policy: deps.policy, front, suspended: station.suspended(), pending: input.attempt,
    live, message: input.status.message, idleSeconds: input.status.idleSeconds, offer: input.offer, cardService: input.status.cardService,
    demoCards: deps.demo?.cards(), demoKeys: deps.demo?.keys(), cardInReader: deps.cards.inReader?.(),
    fido: fidoOn ? {
      canEnrol: front.method === 'smartcard' && (deps.fido?.present().length ?? 0) > 0,
      canRemove: front.method === 'smartcard' && (live?.enrolledKeys ?? 0) > 0,
    } : undefined,
    preferences: userId === undefined ? undefined : deps.preferences?.get(userId),
    transition: input.status.transition,
  });
  if (view.screen === 'active') {
    return { ...view, ...input.context, ...(front && input.status.settingsFor === front.id ? { displaySettings: true } : {}) };
  }
  const page = input.pageKey;
  if (!page || front) return view;
  // While the provider's page is open the shell says so (and offers Cancel) instead of the lock screen.
  return { ...view, keyPage: { available: page.available(), running: page.running }, ...(page.running && view.screen === 'locked' ? { screen: 'signing-in' as const } : {}) };
}
