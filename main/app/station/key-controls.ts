/** Enrolling and removing a card holder's fingerprint keys from the active session. The ceremony
 * waits for a finger, so it runs outside the queue; a lock or a pulled card abandons it. */
import type { UserSession } from '../../core/session/types.js';
import { enrolKey, removeKeys, type EnrolmentContext } from '../key-enrolment.js';
import type { AuditRecorder } from './audit-recorder.js';
import type { LiveSession } from './session-resources.js';
import type { StationDeps } from './deps.js';

export class KeyControls {
  #abort: AbortController | undefined;

  constructor(private readonly deps: StationDeps, private readonly recorder: AuditRecorder,
    private readonly say: (kind: 'info' | 'warning' | 'error', text: string) => void, private readonly changed: () => void,
    private readonly keyEnrolled: (path: string) => void) {}

  /** The session came to the front: learn how many keys it has (for Remove keys). */
  shown(live: LiveSession): void {
    if (live.enrolledKeys !== undefined || !this.deps.policy.authenticators.fido) return;
    live.signedIn.fidoCredentials().then((keys) => { live.enrolledKeys = keys.length; this.changed(); }, () => undefined);
  }

  enrol(front: UserSession, live: LiveSession): void {
    if (front.method !== 'smartcard' || this.#abort) return;
    const abort = this.#abort = new AbortController();
    void enrolKey(this.context(front, abort.signal), live.signedIn).then((ok) => {
      if (ok && !abort.signal.aborted) live.enrolledKeys = (live.enrolledKeys ?? 0) + 1;
    }).finally(() => { if (this.#abort === abort) this.#abort = undefined; this.changed(); });
  }

  remove(front: UserSession, live: LiveSession): void {
    void removeKeys(this.context(front, new AbortController().signal), live.signedIn)
      .then(() => { live.enrolledKeys = 0; this.changed(); });
  }

  /** The session left the screen: an enrolment waiting for a finger is abandoned. */
  abort(): void {
    this.#abort?.abort();
    this.#abort = undefined;
  }

  private context(front: UserSession, signal: AbortSignal): EnrolmentContext {
    return {
      keys: this.deps.fido, signal,
      touchDemoKeys: () => this.deps.demo?.touchKeys(),
      enrolled: (path) => this.keyEnrolled(path),
      record: (event, _userId, reason) => this.recorder.session(front.id, event, { reason }),
      say: (kind, text) => { if (!signal.aborted) this.say(kind, text); },
    };
  }
}
