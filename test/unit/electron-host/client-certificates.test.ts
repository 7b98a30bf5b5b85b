/** Security review item 10: no TLS client certificate is offered unless the station decides so. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { register } from 'node:module';
import type { Certificate } from 'electron';
import type { Log } from '../../../main/core/ports/log.js';

register('./fake-electron/loader.mjs', import.meta.url);
const { fake, FakeEvent } = await import('./fake-electron/electron.js');
const { app } = await import('./fake-electron/electron.js');
const { decideClientCertificate } = await import('../../../main/host/electron/client-certificates.js');
const { hardenApp } = await import('../../../main/host/electron/app-hardening.js');

const cert = (fingerprint: string) => ({ fingerprint, subjectName: fingerprint }) as unknown as Certificate;
const logs: string[] = [];
const log: Log = { traffic() {}, debug() {}, info() {}, warn: (m, f) => { logs.push(`${m} ${JSON.stringify(f)}`); }, error() {}, child: () => log };

test('by default every request for a client certificate is answered with none, and logged by origin only', () => {
  fake.reset();
  hardenApp(log);
  const event = new FakeEvent();
  let answered: Certificate | undefined | 'unanswered' = 'unanswered';
  app.emit('select-client-certificate', event, {}, 'https://any.example/path?patient=9990000018', [cert('card-a'), cert('other')],
    (c?: Certificate) => { answered = c; });
  assert.equal(event.defaultPrevented, true, 'Electron must not pick the first certificate itself');
  assert.equal(answered, undefined);
  assert.ok(logs.some((l) => l.includes('https://any.example') && !l.includes('9990000018')), logs.join('\n'));
});

test('a chooser may present only one of the certificates actually offered, only over https', () => {
  const offered = [cert('card-a'), cert('other')];
  const chooser = { choose: (origin: string) => (origin === 'https://certauth.idp.example' ? cert('card-a') : cert('forged')) };
  assert.equal(decideClientCertificate('https://certauth.idp.example/x', offered, chooser)?.fingerprint, 'card-a');
  assert.equal(decideClientCertificate('https://elsewhere.example/', offered, chooser), undefined, 'not offered: never presented');
  assert.equal(decideClientCertificate('http://certauth.idp.example/', offered, chooser), undefined);
  assert.equal(decideClientCertificate('not a url', offered, chooser), undefined);
});
