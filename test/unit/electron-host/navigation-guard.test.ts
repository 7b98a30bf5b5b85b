import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideNavigation } from '../../../main/host/electron/navigation-guard.js';

const EPR = ['https://epr.trust.example', 'https://sso.trust.example:8443'];

test('main-frame navigation inside an allowed origin is allowed, for every kind but window-open', () => {
  for (const kind of ['navigate', 'redirect', 'frame-navigate'] as const) {
    assert.deepEqual(decideNavigation({ kind, url: 'https://epr.trust.example/patients?id=1', isMainFrame: true }, EPR), { action: 'allow' });
  }
});

test('window.open inside the allowed origins loads in the same tab', () => {
  assert.deepEqual(
    decideNavigation({ kind: 'window-open', url: 'https://sso.trust.example:8443/login', isMainFrame: true }, EPR),
    { action: 'load-in-tab', url: 'https://sso.trust.example:8443/login' },
  );
});

test('anything outside the allowed origins is refused, whatever the kind', () => {
  const outside = [
    'https://evil.example/',
    'https://epr.trust.example.evil.example/', // suffix trick
    'http://epr.trust.example/', // scheme differs
    'https://sso.trust.example/', // port differs
    'https://epr.trust.example:444/',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'file:///etc/passwd',
    'about:blank',
    'not a url',
    'https://user:pw@epr.trust.example/', // credentials in the URL
  ];
  for (const kind of ['navigate', 'redirect', 'frame-navigate', 'window-open'] as const) {
    for (const url of outside) {
      const decision = decideNavigation({ kind, url, isMainFrame: true }, EPR);
      assert.equal(decision.action, 'refuse', `${kind} ${url}`);
    }
  }
});

test('subframes may be about:blank/about:srcdoc but not outside origins', () => {
  assert.equal(decideNavigation({ kind: 'frame-navigate', url: 'about:blank', isMainFrame: false }, EPR).action, 'allow');
  assert.equal(decideNavigation({ kind: 'frame-navigate', url: 'about:srcdoc', isMainFrame: false }, EPR).action, 'allow');
  assert.equal(decideNavigation({ kind: 'frame-navigate', url: 'https://ads.example/', isMainFrame: false }, EPR).action, 'refuse');
});

test('an empty allow-list (the shell, unknown contents) refuses everything', () => {
  assert.equal(decideNavigation({ kind: 'navigate', url: 'https://epr.trust.example/', isMainFrame: true }, []).action, 'refuse');
  assert.equal(decideNavigation({ kind: 'window-open', url: 'https://epr.trust.example/', isMainFrame: true }, []).action, 'refuse');
});

test('policy origins are normalised (case, default port, trailing slash)', () => {
  const decision = decideNavigation({ kind: 'navigate', url: 'https://epr.trust.example/x', isMainFrame: true }, ['HTTPS://EPR.Trust.Example:443/']);
  assert.equal(decision.action, 'allow');
});
