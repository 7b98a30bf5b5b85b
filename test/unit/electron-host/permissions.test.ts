import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPermissionAllowList, isPermissionAllowed } from '../../../main/host/electron/permissions.js';

test('app origins get the default grants and nothing more', () => {
  const list = buildPermissionAllowList(['https://epr.trust.example']);
  assert.equal(isPermissionAllowed(list, 'https://epr.trust.example/page', 'clipboard-sanitized-write'), true);
  assert.equal(isPermissionAllowed(list, 'https://epr.trust.example/page', 'media'), false);
  assert.equal(isPermissionAllowed(list, 'https://epr.trust.example/page', 'geolocation'), false);
  assert.equal(isPermissionAllowed(list, 'https://epr.trust.example/page', 'notifications'), false);
});

test('unknown and opaque origins are denied everything (default deny)', () => {
  const list = buildPermissionAllowList(['https://epr.trust.example']);
  assert.equal(isPermissionAllowed(list, 'https://evil.example/', 'clipboard-sanitized-write'), false);
  assert.equal(isPermissionAllowed(list, 'file:///C:/lanyard/index.html', 'clipboard-sanitized-write'), false);
  assert.equal(isPermissionAllowed(list, '', 'fullscreen'), false);
  assert.equal(isPermissionAllowed(list, 'null', 'fullscreen'), false);
});

test('policy can grant extra permissions per origin, only to that origin', () => {
  const list = buildPermissionAllowList(['https://epr.trust.example', 'https://video.trust.example'], [], {
    'https://video.trust.example': ['media'],
  });
  assert.equal(isPermissionAllowed(list, 'https://video.trust.example/call', 'media'), true);
  assert.equal(isPermissionAllowed(list, 'https://epr.trust.example/', 'media'), false);
  assert.equal(isPermissionAllowed(list, 'https://epr.trust.example/', 'clipboard-sanitized-write'), false);
});
