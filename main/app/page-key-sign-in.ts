/**
 * Security-key sign-in at a standard provider (its own login page, WebAuthn in the page): on the
 * person's "Sign in with your security key", the host shows the provider's page in a fresh,
 * non-persistent page whose navigator.credentials reaches the plugged key through Lanyard's CTAP
 * client (the host checks the page's origin and RP ID); the provider's redirect is redeemed by the
 * identity layer. The result is handed to the station like a touch sign-in (the credential the
 * key answered with binds the session). A card tapped, Cancel, or a session coming to the front
 * ends it; one at a time.
 */
import type { Host, PageKeyRequest } from '../core/ports/host.js';
import type { Log } from '../core/ports/log.js';
import type { CheckedPageRequest } from '../auth/fido/page-request.js';
import type { PageSignIn } from '../identity/standard/standard-client.js';
import type { TouchResult } from './touch-sign-in.js';
import { userMessageOf, type RoleChoice } from './sign-in-types.js';

export interface PageKeys {
  present(): string[];
  pageCeremony(path: string, request: CheckedPageRequest, signal: AbortSignal): Promise<{ id: string }>;
}

export interface PageKeyIdentity {
  beginPageKeySignIn(open: PageSignIn, signal?: AbortSignal): Promise<RoleChoice>;
}

export interface PageKeyEvents {
  signedIn(result: TouchResult): void;
  failed(message: string, code: string | undefined): void;
  /** Started or ended: the lock screen's button and the signing-in screen follow. */
  changed(): void;
}

export class PageKeySignIn {
  #running: AbortController | undefined;
  #path: string | undefined;

  constructor(private readonly keys: PageKeys, private readonly identity: PageKeyIdentity, private readonly host: Required<Pick<Host, 'keySignInPage'>>,
    private readonly events: PageKeyEvents, private readonly log: Log) {}

  get running(): boolean { return this.#running !== undefined; }

  /** A key is plugged in and nothing runs: the lock screen offers the button. */
  available(): boolean { return !this.#running && this.keys.present().length > 0; }

  start(): void {
    const path = this.keys.present()[0];
    if (this.#running || !path) return;
    const abort = new AbortController();
    this.#running = abort;
    this.#path = path;
    this.events.changed();
    void this.#run(path, abort);
  }

  cancel(): void {
    this.#running?.abort(new Error('security-key sign-in cancelled'));
  }

  /** The key this sign-in runs on was pulled: the sign-in ends (nothing may open without it). */
  keyRemoved(path: string): void {
    if (this.#path === path) this.cancel();
  }

  async #run(path: string, abort: AbortController): Promise<void> {
    let credentialId: string | undefined;
    const ceremony = {
      run: async (request: PageKeyRequest, signal: AbortSignal): Promise<unknown> => {
        const answer = await this.keys.pageCeremony(path, request as CheckedPageRequest, signal);
        credentialId = answer.id; // the credential that proved the person: it binds the session
        return answer;
      },
      observed: (id: string): void => { credentialId = id; },
    };
    try {
      const choice = await this.identity.beginPageKeySignIn((r) => this.host.keySignInPage({ ...r, ceremony }), abort.signal);
      // The key pulled before the code was redeemed: no session without the key that proved it.
      const keyGone = !this.keys.present().includes(path);
      if (abort.signal.aborted || !credentialId || keyGone) {
        // Giving back what was redeemed ends the provider session; a failure is IT's to know.
        await choice.abandon().catch((error: unknown) => this.log.warn('security-key sign-in not released at the provider', { error: String(error) }));
        if (abort.signal.aborted) return;
        if (keyGone) this.events.failed('Your security key was removed before sign-in finished. Plug it in and try again.', 'device-removed');
        else this.events.failed('The sign-in page finished without your security key. Please try again.', 'no-key-used');
        return;
      }
      this.events.signedIn({ path, credentialId, choice });
    } catch (error) {
      if (abort.signal.aborted) return;
      const code = (error as { code?: unknown } | null)?.code;
      this.log.warn('security-key sign-in failed', { error: String(error) });
      this.events.failed(userMessageOf(error, 'The security-key sign-in did not finish. Please try again.'), typeof code === 'string' ? code : undefined);
    } finally {
      if (this.#running === abort) { this.#running = undefined; this.#path = undefined; }
      this.events.changed();
    }
  }
}
