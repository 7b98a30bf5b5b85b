import type { ShellCommand, ShellView } from '../../main/core/shell-view.js';

type Send = (c: ShellCommand) => void;

/** "Remember Staff Rota sign-in as ‘sjones’?" in the top bar. When nothing could check that the
 * account is the person's own, the offer says so in words (not only in colour). */
export function RememberOffer({ offer, send }: { offer: NonNullable<ShellView['rememberOffer']>; send: Send }) {
  const answer = (remember: boolean) => send({ type: 'remember-login', appId: offer.appId, remember });
  return (
    <div className={offer.verified ? 'offer' : 'offer unverified'} role="group" aria-label="Remember sign-in" data-verified={offer.verified}>
      <span role="status">
        Remember {offer.appName} sign-in as ‘{offer.username}’?
        {!offer.verified && <> <strong className="caution">Unverified:</strong> Lanyard cannot check this account is yours.</>}
      </span>
      <button type="button" className="primary" onClick={() => answer(true)}>Remember</button>
      <button type="button" className="secondary" onClick={() => answer(false)}>Not now</button>
    </div>
  );
}

/** A hand sign-in Lanyard will not remember: said at once (an alert), with nothing to accept. */
export function RememberRefused({ refused, send }: { refused: NonNullable<ShellView['rememberRefused']>; send: Send }) {
  const text = refused.reason === 'not-yours'
    ? `You signed in to ${refused.appName} as ‘${refused.username}’, which is not your account; Lanyard will not remember it.`
    : `Lanyard cannot check that ‘${refused.username}’ is your ${refused.appName} account, so it will not remember it.`;
  return (
    <div className="offer refused" role="group" aria-label="Sign-in not remembered">
      <span role={refused.reason === 'not-yours' ? 'alert' : 'status'}>{text}</span>
      <button type="button" className="secondary" onClick={() => send({ type: 'remember-login', appId: refused.appId, remember: false })}>OK</button>
    </div>
  );
}
