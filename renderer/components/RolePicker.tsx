import type { ShellCommand, ShellView } from '../../main/core/shell-view.js';

export function RolePicker({ roles, user, send }: {
  roles: NonNullable<ShellView['roles']>; user: ShellView['user']; send: (c: ShellCommand) => void;
}) {
  return (
    <section className="panel roles" aria-label="Choose a role">
      <h1 id="screen-title">{user ? `${user.display}, choose your role` : 'Choose your role'}</h1>
      <ul className="role-list">
        {roles.map((r) => (
          <li key={r.id}>
            <button type="button" className="role" onClick={() => send({ type: 'choose-role', roleId: r.id })}>
              <span className="role-name">{r.name}</span>
              <span className="role-org">{r.orgName}</span>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="secondary" onClick={() => send({ type: 'cancel' })}>Cancel</button>
    </section>
  );
}
