import type { ShellCommand, ShellView } from '../../main/core/shell-view.js';
import { useDisplayPreferences } from '../preferences.js';

function opensText(opens: string[]): string {
  if (opens.length === 0) return 'Opens no apps on this PC';
  if (opens.length === 1) return `Opens ${opens[0]}`;
  return `Opens ${opens.slice(0, -1).join(', ')} and ${opens[opens.length - 1]}`;
}

export function RolePicker({ roles, user, preferences, send }: {
  roles: NonNullable<ShellView['roles']>; user: ShellView['user']; preferences?: ShellView['preferences']; send: (c: ShellCommand) => void;
}) {
  useDisplayPreferences(preferences); // the person is known from here on: their text size and contrast apply
  return (
    <section className="panel roles" aria-labelledby="screen-title">
      <h1 id="screen-title">{user ? `${user.display}, choose your role` : 'Choose your role'}</h1>
      <ul className="role-list">
        {roles.map((r) => (
          <li key={r.id}>
            {/* The role this person chose last time on this PC is marked and has focus first. */}
            <button type="button" className={r.lastChosen ? 'role last-chosen' : 'role'} onClick={() => send({ type: 'choose-role', roleId: r.id })}
              {...(r.lastChosen ? { 'data-autofocus': true, 'data-last-chosen': true } : {})}>
              <span className="role-name">{r.name}{r.lastChosen && <span className="last-chosen-tag">Last used</span>}</span>
              <span className="role-org">{r.orgName}</span>
              <span className="role-opens">{opensText(r.opens)}</span>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="secondary" aria-keyshortcuts="Escape" onClick={() => send({ type: 'cancel' })}>Cancel</button>
    </section>
  );
}
