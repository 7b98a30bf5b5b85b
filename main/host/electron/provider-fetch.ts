/**
 * The identity client's fetch (ProviderFetch) on Chromium's network stack, so the shell reaches
 * the provider the way the app tabs do: the OS trust store (a trust's internal CA), the system
 * proxy and PAC. Node's fetch has neither, and the fuses turn NODE_EXTRA_CA_CERTS off.
 *
 * Built on `net.request`, not `net.fetch`: the identity client follows redirects itself
 * (redirect: 'manual', to catch the loopback redirect URI), and net.fetch rejects a manual
 * redirect ("Redirect was cancelled", Electron lib/common/api/net-client-request.ts) instead of
 * answering with the 3xx as the Fetch standard does. Here a redirect becomes that 3xx answer.
 * The requests run in an in-memory session of their own with credentials omitted: the client
 * keeps its own cookie jar per sign-in, and no user's browsing partition sees this traffic.
 */
import { net, session, type ClientRequest, type IncomingMessage } from 'electron';
import type { ProviderFetch } from '../../identity/provider-http.js';

const PROVIDER_PARTITION = 'lanyard-provider';

function headersOf(raw: Record<string, string | string[]>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

function bodyOf(message: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    message.on('error', reject);
  });
}

export function electronProviderFetch(): ProviderFetch {
  const ses = session.fromPartition(PROVIDER_PARTITION);
  return (url, init) => new Promise<Response>((resolve, reject) => {
    const request: ClientRequest = net.request({
      url, method: init.method, session: ses, credentials: 'omit', redirect: 'manual', cache: 'no-store',
    });
    const signal = init.signal;
    const onAbort = (): void => {
      request.abort();
      reject(signal?.reason instanceof Error ? signal.reason : new DOMException('The operation was aborted.', 'AbortError'));
    };
    if (signal?.aborted === true) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (): void => signal?.removeEventListener('abort', onAbort);
    for (const [name, value] of Object.entries(init.headers)) request.setHeader(name, value);
    request.on('redirect', (statusCode, _method, redirectUrl, responseHeaders) => {
      settle();
      const headers = headersOf(responseHeaders);
      if (!headers.has('location')) headers.set('location', redirectUrl);
      request.abort();
      resolve(new Response(null, { status: statusCode, headers }));
    });
    request.on('response', (message) => {
      bodyOf(message).then((body) => {
        settle();
        const empty = [101, 204, 205, 304].includes(message.statusCode) || init.method === 'HEAD';
        resolve(new Response(empty ? null : body, { status: message.statusCode, statusText: message.statusMessage, headers: headersOf(message.headers) }));
      }, (error: unknown) => { settle(); reject(error); });
    });
    request.on('error', (error) => { settle(); reject(error); });
    const body = init.body;
    if (typeof body === 'string') request.write(body);
    else if (body instanceof URLSearchParams) request.write(body.toString());
    else if (body instanceof Uint8Array) request.write(Buffer.from(body));
    else if (body instanceof ArrayBuffer) request.write(Buffer.from(body));
    else if (body != null) {
      settle();
      return reject(new TypeError('the provider fetch sends string or byte bodies only'));
    }
    request.end();
  });
}
