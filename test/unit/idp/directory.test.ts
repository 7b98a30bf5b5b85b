import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { DirectoryError, DirectoryIndex, loadDirectory, parseDirectory } from '../../../main/idp/directory.js';

const ORG = { code: 'RLD', name: 'Lanyard Demo Hospital NHS Trust' };
const role = (roleId: string) => ({ roleId, orgCode: 'RLD', roleCode: 'R8000', roleName: 'Clinical Practitioner Access Role' });

test('the demo directory has a doctor with two roles and a receptionist with one, at the demo trust', async () => {
  const dir = await loadDirectory(fileURLToPath(new URL('../../../main/idp/demo-directory.json', import.meta.url)));
  const index = new DirectoryIndex(dir);
  assert.equal(dir.users.length, 2);
  assert.equal(index.user('555000000001')?.roles.length, 2);
  assert.equal(index.user('555000000002')?.roles.length, 1);
  assert.equal(index.organisation('RLD')?.name, 'Lanyard Demo Hospital NHS Trust');
  assert.equal(index.role('555000000001', '555000000002-01'), undefined, 'a role of someone else is not yours');
});

test('bad directories are refused with a message naming the entry', () => {
  const cases: [unknown, RegExp][] = [
    [{ organisations: [ORG], users: [{ userId: '12345', name: 'A', roles: [] }] }, /users\[0\]\.userId must be 12 digits/],
    [{ organisations: [ORG], users: [{ userId: '555000000001', name: 'A', roles: [] }, { userId: '555000000001', name: 'B', roles: [] }] }, /appears twice/],
    [{ organisations: [ORG], users: [{ userId: '555000000001', name: 'A', roles: [{ ...role('x'), orgCode: 'ZZZ' }] }] }, /orgCode ZZZ is not in organisations/],
    [{ organisations: [ORG], users: [{ userId: '555000000001', name: 'A', roles: [role('x'), role('x')] }] }, /roleId x appears twice/],
    [{ organisations: [ORG], users: [{ userId: '555000000001', name: '', roles: [] }] }, /users\[0\]\.name/],
    [{ users: [] }, /organisations must be an array/],
    ['nope', /directory must be an object/],
  ];
  for (const [input, message] of cases) {
    assert.throws(() => parseDirectory(input), (e: unknown) => e instanceof DirectoryError && message.test(e.message));
  }
});

test('an unreadable or non-JSON file is a DirectoryError that keeps the cause', async () => {
  await assert.rejects(loadDirectory('/nonexistent/directory.json'), (e: unknown) => e instanceof DirectoryError && e.cause instanceof Error);
});
