/** Which apps a role sees, and opening them all at once in the user's partition. */
import type { AppSpec, Host } from '../core/ports/host.js';
import type { Policy } from '../core/policy/types.js';

export interface OpenedApps {
  list: AppSpec[];
  loaded: Set<string>;
  active: string | undefined;
  /** Set once the apps have been asked to open (they open once per session, not per resume). */
  started: boolean;
}

/** Apps for a role code. OIDC apps may also navigate to the identity provider (their sign-in). */
export function appsForRole(policy: Policy, roleCode: string, issuer: string): AppSpec[] {
  const idpOrigin = new URL(issuer).origin;
  return policy.apps
    .filter((app) => !app.roles || app.roles.includes(roleCode))
    .map((app) => ({
      id: app.id, name: app.name, url: app.url,
      allowedOrigins: app.signIn === 'oidc' && !app.allowedOrigins.includes(idpOrigin) ? [...app.allowedOrigins, idpOrigin] : app.allowedOrigins,
    }));
}

export async function openAppsFor(host: Host, partition: string, apps: OpenedApps,
  events: { loaded(appId: string): void; failed(appId: string, error: unknown): void }): Promise<void> {
  apps.started = true;
  await Promise.all(apps.list.map(async (app) => {
    try {
      await host.openApp(partition, app);
      apps.loaded.add(app.id);
      events.loaded(app.id);
    } catch (error) {
      events.failed(app.id, error);
    }
  }));
}
