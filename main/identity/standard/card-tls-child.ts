/**
 * Child process: HTTPS requests to the provider's certificate endpoint, the TLS client signature
 * made by the card through OpenSSL's pkcs11 engine (libp11) and OpenSC's PKCS#11 module.
 * A process of its own per sign-in because PKCS#11 calls block their thread for the whole card
 * round trip (the shell's event loop keeps reading taps and pulls), libp11 enumerates readers only
 * when it loads, and libp11 prints failing key URIs (with the PIN in them) to stderr, which the
 * parent reads and never passes on.
 */
import { createSecureContext, type TLSSocket } from 'node:tls';
import { request, Agent } from 'node:https';
import type { CardTlsReply, CardTlsRequest, CardTlsStart } from './card-tls-protocol.js';
import { classifyTlsFailure } from './tls-failures.js';

let agent: Agent | undefined;

function send(reply: CardTlsReply): void {
  process.send?.(reply);
}

function open(start: CardTlsStart): void {
  try {
    // C_Login with the PIN happens here, once: every connection of this sign-in reuses the context.
    const secureContext = createSecureContext({
      cert: start.certificatePem,
      privateKeyEngine: 'pkcs11',
      privateKeyIdentifier: start.keyUri,
      ...(start.ca ? { ca: start.ca } : {}),
      minVersion: 'TLSv1.2',
      ...(start.maxVersion ? { maxVersion: start.maxVersion } : {}),
    });
    agent = new Agent({ keepAlive: true, maxSockets: 1, secureContext });
    send({ kind: 'ready' });
  } catch (err) {
    send({ kind: 'failed', failure: classifyTlsFailure(err, 'opening the card key') });
  }
}

function perform(message: CardTlsRequest): void {
  if (!agent) return;
  const url = new URL(message.url);
  const fail = (err: unknown): void => send({ kind: 'answer', id: message.id, failure: classifyTlsFailure(err, url.pathname) });
  const req = request(url, { method: message.method, headers: message.headers, agent, timeout: message.timeoutMs }, (res) => {
    const socket = res.socket as TLSSocket;
    const local = socket.getCertificate();
    const localFingerprint = local && 'fingerprint256' in local ? local.fingerprint256 : '';
    const protocol = socket.getProtocol() ?? '';
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('error', fail);
    res.on('end', () => {
      const headers: [string, string][] = [];
      for (const [name, value] of Object.entries(res.headers)) {
        if (name === 'set-cookie' || value === undefined) continue;
        headers.push([name, Array.isArray(value) ? value.join(', ') : value]);
      }
      send({
        kind: 'answer', id: message.id,
        response: { status: res.statusCode ?? 0, headers, setCookie: res.headers['set-cookie'] ?? [], body: Buffer.concat(chunks).toString('utf8'), localFingerprint, protocol },
      });
    });
  });
  req.on('timeout', () => req.destroy(Object.assign(new Error('no answer in time'), { code: 'ETIMEDOUT' })));
  req.on('error', fail);
  req.end(message.body);
}

process.on('message', (message: { kind: 'start'; start: CardTlsStart } | CardTlsRequest | { kind: 'close' }) => {
  if (message.kind === 'start') open(message.start);
  else if (message.kind === 'request') perform(message);
  else { agent?.destroy(); process.disconnect?.(); }
});
process.on('disconnect', () => process.exit(0));
