/**
 * Lanyard's keys work wherever focus is, iframes included: a person's Ctrl+Alt+L in a same-origin
 * iframe or in a cross-site one (out of process) locks, F6 there moves focus to the shell's bar. A
 * frame's script can do neither, and nothing but those two keys is taken from a subframe.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import { appSpec, html, serve, startRig, type Rig, type Server } from './rig.js';

let app: Server;
let other: Server;
let rig: Rig;

/** An iframe's page: a field to type in, and a script that tries to lock by itself. */
const INNER = `<input id="field"><script>
  try { window.__lanyardTab?.(JSON.stringify({ kind: 'lock' })); } catch {}
  window.dispatchEvent(new KeyboardEvent('keydown', { key: 'l', code: 'KeyL', ctrlKey: true, altKey: true }));
  document.title = 'forged';
</script>`;

before(async () => {
  other = await serve((_req, res) => html(res, INNER), 'localhost');
  app = await serve((req, res) => {
    if (req.url === '/inner') return html(res, INNER);
    html(res, `<h1>app</h1><iframe id="same" src="/inner"></iframe><iframe id="cross" src="${other.origin}/inner"></iframe>`);
  });
  rig = await startRig();
});

after(async () => {
  await rig?.close();
  await Promise.all([app, other].map((s) => s?.close()));
});

function frames(page: Page): { same: Frame; cross: Frame } {
  const same = page.frames().find((f) => f.url() === `${app.origin}/inner`);
  const cross = page.frames().find((f) => f.url() === `${other.origin}/inner`);
  assert.ok(same && cross, 'both iframes loaded');
  return { same, cross };
}

const locks = () => rig.commands.filter((c) => c.type === 'lock').length;

async function waitFor(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('Ctrl+Alt+L typed in a same-origin iframe and in an out-of-process one locks; the frames\' own scripts never do', async () => {
  const page = await rig.open('frames', appSpec('frames', app.origin, '/', [other.origin]));
  const { same, cross } = frames(page);
  assert.equal(await same.title(), 'forged', 'the same-origin frame ran its forgeries');
  assert.equal(await cross.title(), 'forged', 'the cross-site frame ran its forgeries');
  // The cross-site frame really is out of process: a target of its own.
  const cdp = await page.context().newCDPSession(page);
  const { targetInfos } = await cdp.send('Target.getTargets');
  await cdp.detach();
  assert.ok(targetInfos.some((t) => t.type === 'iframe' && t.url.startsWith(other.origin)), 'the localhost frame runs out of process');

  assert.equal(locks(), 0, 'no forged lock');
  await same.locator('#field').focus();
  await page.keyboard.press('Control+Alt+KeyL');
  await waitFor(() => locks() === 1, 'a lock from the same-origin frame');
  await cross.locator('#field').focus();
  await page.keyboard.press('Control+Alt+KeyL');
  await waitFor(() => locks() === 2, 'a lock from the out-of-process frame');
  assert.equal(await cross.locator('#field').inputValue(), '', 'the frame never saw the key');
});

test('F6 in either iframe of the app on screen moves focus to the shell\'s bar', async () => {
  const page = await rig.open('focus', appSpec('focus', app.origin, '/', [other.origin]));
  await rig.host.showApp('focus', 'focus');
  const shell = rig.host.shellPage();
  await shell.evaluate(() => {
    const button = document.createElement('button');
    button.id = 'bar-button';
    document.body.append(button);
  });
  const shellFocus = () => shell.evaluate(() => document.activeElement?.id ?? '');
  for (const frame of Object.values(frames(page))) {
    await shell.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await frame.locator('#field').focus();
    await page.keyboard.press('F6');
    await waitFor(async () => await shellFocus() === 'bar-button', `F6 from ${frame.url()}`);
  }
});

test('from an iframe\'s bridge, nothing but the two keys is taken: no activity, no login report', async () => {
  const page = await rig.open('only-keys', appSpec('only-keys', app.origin, '/', [other.origin]));
  const before = locks();
  for (const frame of Object.values(frames(page))) {
    // Act as if a script had reached the bridge's own world in the frame (no page script can).
    const cdp = await page.context().newCDPSession(frame === frames(page).same ? page : frame);
    const worlds: { id: number; frameId: unknown }[] = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) => {
      if (context.name === 'lanyard-app-bridge') worlds.push({ id: context.id, frameId: (context.auxData as { frameId?: unknown } | undefined)?.frameId });
    });
    await cdp.send('Runtime.enable');
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const frameId = frame === frames(page).same ? frameTree.childFrames?.find((c) => c.frame.url === frame.url())?.frame.id : frameTree.frame.id;
    const world = worlds.find((w) => w.frameId === frameId);
    assert.ok(world, `the bridge runs in ${frame.url()}`);
    for (const message of [{ kind: 'activity' }, { kind: 'login', username: 'x', password: 'y' }, { kind: 'lock' }]) {
      await cdp.send('Runtime.evaluate', { contextId: world.id, expression: `__lanyardTab(${JSON.stringify(JSON.stringify(message))})` });
    }
    await cdp.detach();
  }
  // The lock, sent last from each frame, arrives after whatever came before it from there.
  await waitFor(() => locks() === before + 2, 'the two locks sent last');
  assert.equal(rig.events.filter((e) => (e.type === 'activity' || e.type === 'manual-login') && e.partition === 'only-keys').length, 0);
});
