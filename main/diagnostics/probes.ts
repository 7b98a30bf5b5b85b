/**
 * The live checks of a support bundle, each bounded by a short timeout and each reporting its
 * failure as data: a missing pcscd, a locked keychain or an unreachable provider is what IT needs
 * to see, not a reason for the bundle to fail.
 */
import { existsSync } from 'node:fs';
import type { Keychain } from '../core/ports/keychain.js';
import { probeKeychain } from '../identity/keychain/probe.js';

export const PCSCD_SOCKET = '/run/pcscd/pcscd.comm';

export interface ReaderSeen { name: string; atr: string | null; state: number | null }
export type ReadersReport = { available: true; readers: ReaderSeen[] } | { available: false; error: string };

interface PcscReader { name: string; on(event: 'status', cb: (s: { state: number; atr?: Buffer }) => void): void; close(): void }
interface Pcsc { on(event: 'reader', cb: (r: PcscReader) => void): void; on(event: 'error', cb: (e: Error) => void): void; close(): void }

/** Readers and ATRs pcscd reports within `ms`. */
export async function probeReaders(ms: number, load: () => Promise<() => Pcsc> = async () => (await import('pcsclite')).default as unknown as () => Pcsc): Promise<ReadersReport> {
  let pcsc: Pcsc;
  try {
    pcsc = (await load())();
  } catch (error) {
    return { available: false, error: String((error as Error).message ?? error) };
  }
  const readers = new Map<string, ReaderSeen>();
  const opened: PcscReader[] = [];
  let failure: string | null = null;
  pcsc.on('error', (error) => { failure = error.message; });
  pcsc.on('reader', (reader) => {
    opened.push(reader);
    readers.set(reader.name, { name: reader.name, atr: null, state: null });
    reader.on('status', (status) => {
      readers.set(reader.name, { name: reader.name, atr: status.atr && status.atr.length ? status.atr.toString('hex').toUpperCase() : null, state: status.state });
    });
  });
  await new Promise((resolve) => setTimeout(resolve, ms));
  for (const reader of opened) reader.close(); // pcsclite keeps the process alive otherwise
  pcsc.close();
  if (failure !== null && readers.size === 0) return { available: false, error: failure };
  return { available: true, readers: [...readers.values()] };
}

export function pcscdState(): { platform: string; socket?: string; socketPresent?: boolean } {
  if (process.platform !== 'linux') return { platform: process.platform };
  return { platform: process.platform, socket: PCSCD_SOCKET, socketPresent: existsSync(PCSCD_SOCKET) };
}

export async function probeKeychainReport(keychain: Keychain | null, ms: number): Promise<unknown> {
  if (!keychain) return { ok: false, reason: 'unavailable', detail: 'keychain module could not be loaded' };
  const result = await probeKeychain(keychain, { timeoutMs: ms });
  return result.ok ? { ok: true, ms: Math.round(result.ms) } : { ok: false, reason: result.reason, detail: result.detail, ms: Math.round(result.ms) };
}

/** The provider's discovery document (reachability, issuer match, endpoints). */
export async function probeIdentityProvider(issuer: string | undefined, ms: number): Promise<unknown> {
  if (!issuer) return { checked: false, reason: 'no policy: no identity provider to check' };
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const started = performance.now();
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(ms), redirect: 'error' });
    const elapsed = Math.round(performance.now() - started);
    if (!response.ok) return { checked: true, reachable: true, url, status: response.status, ms: elapsed };
    const discovery = await response.json() as Record<string, unknown>;
    const keep = ['issuer', 'authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri', 'end_session_endpoint',
      'revocation_endpoint', 'scopes_supported', 'response_types_supported', 'code_challenge_methods_supported'];
    return {
      checked: true, reachable: true, url, status: response.status, ms: elapsed, issuerMatches: discovery['issuer'] === issuer,
      discovery: Object.fromEntries(keep.filter((k) => k in discovery).map((k) => [k, discovery[k]])),
    };
  } catch (error) {
    return { checked: true, reachable: false, url, error: String((error as Error).message ?? error), ms: Math.round(performance.now() - started) };
  }
}
