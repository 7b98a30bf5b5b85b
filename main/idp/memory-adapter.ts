/**
 * The provider's storage: in memory, one store per provider (not module-global, so tests and demo
 * mode can run several). It differs from oidc-provider's quick-start adapter in one way that
 * matters here: app tabs open together, so several authorization requests of one provider session
 * run at once, each reading the session, adding its client to `authorizations` and writing it back.
 * Writing the session merges `authorizations` with what is stored, so no app is dropped from the
 * session and every app still receives back-channel logout.
 */
import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  expiresAt?: number;
}

export function memoryAdapterFactory(now: () => number = Date.now): AdapterFactory {
  const entries = new Map<string, Entry>();
  const grants = new Map<string, Set<string>>();
  const alive = (key: string): AdapterPayload | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= now()) { entries.delete(key); return undefined; }
    return entry.payload;
  };

  return (name: string): Adapter => {
    const key = (id: string) => `${name}:${id}`;
    const lookup = new Map<string, string>(); // uid / userCode → id, per model
    return {
      async upsert(id, payload, expiresIn) {
        let stored = payload;
        const previous = alive(key(id));
        if (name === 'Session' && previous && previous.accountId === payload.accountId && payload.authorizations) {
          stored = { ...payload, authorizations: { ...previous.authorizations, ...payload.authorizations } };
        }
        entries.set(key(id), { payload: stored, ...(expiresIn ? { expiresAt: now() + expiresIn * 1000 } : {}) });
        if (payload.uid) lookup.set(`uid:${payload.uid}`, id);
        if (payload.userCode) lookup.set(`code:${payload.userCode}`, id);
        if (payload.grantId) {
          const set = grants.get(payload.grantId) ?? new Set<string>();
          set.add(key(id));
          grants.set(payload.grantId, set);
        }
      },
      async find(id) {
        return alive(key(id));
      },
      async findByUid(uid) {
        const id = lookup.get(`uid:${uid}`);
        return id ? alive(key(id)) : undefined;
      },
      async findByUserCode(userCode) {
        const id = lookup.get(`code:${userCode}`);
        return id ? alive(key(id)) : undefined;
      },
      async consume(id) {
        const payload = alive(key(id));
        if (payload) payload.consumed = Math.floor(now() / 1000);
      },
      async destroy(id) {
        entries.delete(key(id));
      },
      async revokeByGrantId(grantId) {
        for (const k of grants.get(grantId) ?? []) entries.delete(k);
        grants.delete(grantId);
      },
    };
  };
}
