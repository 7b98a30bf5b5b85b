/**
 * A TLS client whose certificate is the tapped card's and whose signature the card makes: one
 * child process per sign-in (card-tls-child.ts), ended when the sign-in is done. Aborting the
 * signal (card pulled, lock) kills the child and fails whatever was waiting on it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { IdentityError } from '../identity-error.js';
import type { CardTlsFailure, CardTlsReply, CardTlsRequest, CardTlsResponse, CardTlsStart } from './card-tls-protocol.js';

export interface CardTlsOptions {
  certificateDer: Uint8Array;
  keyUri: string;
  /** The PKCS#11 module the engine loads (OpenSC's for PIV cards). */
  modulePath?: string;
  /** The folder of OpenSSL's pkcs11 engine (default: Debian's libengine-pkcs11-openssl). */
  enginesDir?: string;
  ca?: string[];
  maxVersion?: 'TLSv1.2' | 'TLSv1.3';
  signal?: AbortSignal;
}

export const OPENSC_PKCS11_MODULE = '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so';
export const OPENSSL_ENGINES_DIR = '/usr/lib/x86_64-linux-gnu/engines-3';
/** The child's own start-up and the card's PIN login. */
const OPEN_TIMEOUT_MS = 30_000;

/** Source runs have the .ts beside this file (run with tsx); a build has the .js. */
function childEntry(): { path: string; execArgv: string[] } {
  const ts = fileURLToPath(new URL('./card-tls-child.ts', import.meta.url));
  if (existsSync(ts)) return { path: ts, execArgv: ['--import', 'tsx'] };
  return { path: fileURLToPath(new URL('./card-tls-child.js', import.meta.url)), execArgv: [] };
}

export function identityErrorOf(failure: CardTlsFailure): IdentityError {
  return new IdentityError(failure.code, failure.message);
}

export class CardTlsClient {
  #next = 1;
  #waiting = new Map<number, { resolve(r: CardTlsResponse): void; reject(e: unknown): void }>();
  #closed: unknown;
  /** SHA-256 fingerprint (Node's colon form) of the card's certificate. */
  readonly fingerprint: string;

  private constructor(private readonly child: ChildProcess, fingerprint: string) {
    this.fingerprint = fingerprint;
  }

  /** Opens the card key (PKCS#11 login with the PIN); rejects with IdentityError ('card-middleware', ...). */
  static async open(opts: CardTlsOptions): Promise<CardTlsClient> {
    opts.signal?.throwIfAborted();
    const cert = new X509Certificate(opts.certificateDer);
    const entry = childEntry();
    const child = fork(entry.path, [], {
      execArgv: entry.execArgv,
      // stderr is read and dropped: libp11 prints the key URI, PIN included, when a key is not found.
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, OPENSSL_ENGINES: opts.enginesDir ?? OPENSSL_ENGINES_DIR, PKCS11_MODULE_PATH: opts.modulePath ?? OPENSC_PKCS11_MODULE },
      serialization: 'json',
    });
    child.stderr?.resume();
    const client = new CardTlsClient(child, cert.fingerprint256);
    const start: CardTlsStart = {
      certificatePem: cert.toString(), keyUri: opts.keyUri,
      ...(opts.ca ? { ca: opts.ca } : {}), ...(opts.maxVersion ? { maxVersion: opts.maxVersion } : {}),
    };
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new IdentityError('card-middleware', 'the card middleware did not open the card key in time')), OPEN_TIMEOUT_MS);
        const settle = (fn: () => void): void => { clearTimeout(timer); opts.signal?.removeEventListener('abort', onAbort); fn(); };
        const onAbort = (): void => settle(() => reject(opts.signal?.reason));
        opts.signal?.addEventListener('abort', onAbort, { once: true });
        child.once('error', (err) => settle(() => reject(new IdentityError('card-middleware', `card TLS process failed: ${err.message}`, { cause: err }))));
        child.once('exit', (code) => settle(() => reject(new IdentityError('card-middleware', `card TLS process ended (${String(code)})`))));
        child.once('message', (reply: CardTlsReply) => settle(() => {
          if (reply.kind === 'ready') resolve();
          else reject(reply.kind === 'failed' ? identityErrorOf(reply.failure) : new IdentityError('card-middleware', 'card TLS process answered out of turn'));
        }));
        child.send({ kind: 'start', start });
      });
    } catch (err) {
      child.kill('SIGKILL');
      throw err;
    }
    client.#listen(opts.signal);
    return client;
  }

  #listen(signal: AbortSignal | undefined): void {
    this.child.removeAllListeners('exit');
    this.child.on('message', (reply: CardTlsReply) => {
      if (reply.kind !== 'answer') return;
      const waiter = this.#waiting.get(reply.id);
      this.#waiting.delete(reply.id);
      if (reply.response) waiter?.resolve(reply.response);
      else waiter?.reject(identityErrorOf(reply.failure ?? { code: 'card-middleware', message: 'empty answer' }));
    });
    this.child.on('exit', () => this.#fail(new IdentityError('card-middleware', 'card TLS process ended')));
    const onAbort = (): void => { this.#fail(signal?.reason); this.child.kill('SIGKILL'); };
    signal?.addEventListener('abort', onAbort, { once: true });
    this.child.once('exit', () => signal?.removeEventListener('abort', onAbort));
  }

  #fail(error: unknown): void {
    this.#closed ??= error;
    for (const waiter of this.#waiting.values()) waiter.reject(error);
    this.#waiting.clear();
  }

  async request(method: 'GET' | 'POST', url: URL, headers: Record<string, string>, body: string | undefined, timeoutMs: number): Promise<CardTlsResponse> {
    if (this.#closed !== undefined) throw this.#closed;
    if (url.protocol !== 'https:') throw new IdentityError('idp-protocol', 'the certificate endpoint must be https');
    const id = this.#next++;
    const message: CardTlsRequest = { kind: 'request', id, method, url: url.href, headers, timeoutMs, ...(body === undefined ? {} : { body }) };
    const response = await new Promise<CardTlsResponse>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.child.send(message);
    });
    if (response.localFingerprint !== this.fingerprint) {
      throw new IdentityError('card-middleware', 'the TLS connection presented another certificate than the tapped card\'s');
    }
    return response;
  }

  /** Ends the child (and with it the card's PKCS#11 session). Safe to call more than once. */
  async close(): Promise<void> {
    this.#fail(new IdentityError('card-middleware', 'card TLS client closed'));
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const gone = new Promise((resolve) => this.child.once('exit', resolve));
    if (this.child.connected) this.child.send({ kind: 'close' }); else this.child.kill('SIGKILL');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 2_000);
    await gone;
    clearTimeout(timer);
  }
}
