/** The shell's view of the station right now: gathers what buildView (pure) needs. No side effects. */
import type { ShellView } from '../../core/shell-view.js';
import type { Station } from '../../core/session/station.js';
import { buildView } from '../view.js';
import type { Attempt } from './attempt.js';
import type { SessionResources } from './session-resources.js';
import type { StationDeps } from './deps.js';
import type { StationStatus } from './status.js';
import type { LegacyOfferView } from '../legacy-logins.js';

export interface PresenterInput {
  deps: StationDeps;
  station: Station;
  attempt: Attempt | undefined;
  resources: SessionResources;
  status: StationStatus;
  offer: LegacyOfferView | undefined;
  /** The patient banner and "did not follow" warning (PatientContextLink.view). */
  context?: Pick<ShellView, 'patient' | 'contextWarning'>;
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
  });
  return view.screen === 'active' ? { ...view, ...input.context } : view;
}
