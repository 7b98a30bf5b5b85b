/**
 * Asks the OCSP responder a card certificate names (Authority Information Access, id-ad-ocsp)
 * whether the certificate is still good: RFC 6960 over HTTP POST (Appendix A.1), with a nonce and
 * a short timeout. Every way of not getting a trustworthy answer is an OcspError.
 */
// @peculiar/x509 resolves to its CommonJS build under Node, whose DI container needs this polyfill.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { buildOcspRequest } from './ocsp-request.js';
import { checkOcspResponse, OcspError, type OcspCertStatus } from './ocsp-response.js';

/** A responder that does not answer within this stops the sign-in (fail closed) rather than the clinician. */
export const DEFAULT_OCSP_TIMEOUT_MS = 3000;
/** An OCSP answer about one certificate is a few KiB; anything much larger is not one. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** The first http(s) OCSP responder URL in the certificate's AIA, if it names one. */
export function ocspResponderUrl(cert: x509.X509Certificate): string | undefined {
  const aia = cert.getExtension(x509.AuthorityInfoAccessExtension);
  for (const name of aia?.ocsp ?? []) {
    if (name.type !== 'url') continue;
    try {
      const url = new URL(name.value);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
    } catch {
      // Not a URL: look at the next one.
    }
  }
  return undefined;
}

export interface OcspQueryOptions {
  /** The verifier's clock, for the freshness checks. */
  now: Date;
  timeoutMs?: number;
}

/** Asks `url` about `cert` (issued by `issuer`) and checks the answer (ocsp-response.ts). */
export async function queryOcsp(url: string, cert: x509.X509Certificate, issuer: x509.X509Certificate, opts: OcspQueryOptions): Promise<OcspCertStatus> {
  const question = buildOcspRequest(cert.rawData, issuer.rawData);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_OCSP_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  let body: Uint8Array;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
      body: Buffer.from(question.der),
      // Not followed: the card's CA named this URL, not the one a redirect points to (a 3xx is an http-error).
      redirect: 'manual',
      signal,
    });
    const type = res.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
    if (res.status !== 200 || type !== 'application/ocsp-response') {
      await res.body?.cancel();
      throw new OcspError('http-error', res.status !== 200 ? `HTTP ${res.status}` : `content-type ${type ?? 'none'}`);
    }
    body = await readCapped(res);
  } catch (err) {
    if (err instanceof OcspError) throw err;
    if (signal.aborted) throw new OcspError('timeout', `no answer from ${new URL(url).origin} within ${timeoutMs} ms`, { cause: err });
    throw new OcspError('unreachable', `${new URL(url).origin}: ${String(err)}`, { cause: err });
  }
  return checkOcspResponse(body, { certId: question.certId, issuer, nonce: question.nonce, now: opts.now });
}

async function readCapped(res: Response): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body?.getReader();
  if (!reader) return new Uint8Array(0);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      throw new OcspError('malformed', `response larger than ${MAX_RESPONSE_BYTES} bytes`);
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
