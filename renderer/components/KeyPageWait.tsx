import type { ShellCommand } from '../../main/core/shell-view.js';

/** While the identity provider's own sign-in page is open for a security key (standard profile). */
export function KeyPageWait({ send }: { send: (c: ShellCommand) => void }) {
  return (
    <section className="panel" aria-busy="true">
      <h1 id="screen-title">Sign in on your organisation&apos;s page</h1>
      <p className="hint">Follow the sign-in page, then touch your security key when it asks.</p>
      <button type="button" className="secondary" onClick={() => send({ type: 'cancel' })}>Cancel</button>
    </section>
  );
}
