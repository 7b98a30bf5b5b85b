/** A demo app's own sessions: who is signed in, in which role, and their saved notes. */
import { randomBytes } from 'node:crypto';

export interface AppSession {
  id: string;
  userId: string;
  name: string;
  roleName: string;
  roleCode: string;
  orgName: string;
  /** The provider's session id (`sid`), for back-channel logout. */
  providerSid?: string;
  /** SMART launch context for FHIRcast (hub.url, hub.topic) and the access token the page uses there. */
  launch?: { url: string; topic: string; token: string };
  notes: string;
}

export class AppSessionStore {
  readonly #sessions = new Map<string, AppSession>();

  create(data: Omit<AppSession, 'id' | 'notes'>): AppSession {
    const session: AppSession = { ...data, id: randomBytes(24).toString('base64url'), notes: '' };
    this.#sessions.set(session.id, session);
    return session;
  }

  get(id: string | undefined): AppSession | undefined {
    return id ? this.#sessions.get(id) : undefined;
  }

  delete(id: string): void {
    this.#sessions.delete(id);
  }

  /** Ends every session of the provider session `sid`, or of `sub` when no sid is given. */
  endMatching(target: { sub?: string; sid?: string }): number {
    let ended = 0;
    for (const [id, s] of this.#sessions) {
      const match = target.sid ? s.providerSid === target.sid : target.sub !== undefined && s.userId === target.sub;
      if (match) { this.#sessions.delete(id); ended++; }
    }
    return ended;
  }

  get size(): number {
    return this.#sessions.size;
  }
}
