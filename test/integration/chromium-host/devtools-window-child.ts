/**
 * Run inside `xvfb-run` by devtools-window.test.ts: a headed ChromiumHost with one app on screen,
 * driven by real X key presses and clicks (XTest), while a DevTools session of the test's own
 * watches which targets the partition's Chromium creates. Prints one JSON line.
 */
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChromiumHost } from '../../../main/host/chromium/chromium-host.js';
import { consoleLog } from '../../../main/app/console-log.js';
import { rendererDir } from '../../../main/app/paths.js';

/** XTest: `keys` like "Control_L+Shift_L+i" pressed together, or "button3" for a right click where the pointer is. */
function x(...actions: string[]): void {
  const script = `import ctypes,sys,time
x=ctypes.CDLL('libX11.so.6');t=ctypes.CDLL('libXtst.so.6');x.XOpenDisplay.restype=ctypes.c_void_p
d=ctypes.c_void_p(x.XOpenDisplay(None))
for a in sys.argv[1:]:
  if a.startswith('move:'):
    px,py=a[5:].split(','); t.XTestFakeMotionEvent(d,-1,int(px),int(py),0)
  elif a.startswith('button'):
    b=int(a[6:]); t.XTestFakeButtonEvent(d,b,1,0); t.XTestFakeButtonEvent(d,b,0,0)
  else:
    codes=[x.XKeysymToKeycode(d,x.XStringToKeysym(n.encode())) for n in a.split('+')]
    for c in codes: t.XTestFakeKeyEvent(d,c,1,0)
    for c in reversed(codes): t.XTestFakeKeyEvent(d,c,0,0)
  x.XFlush(d); time.sleep(0.3)
x.XCloseDisplay(d)`;
  execFileSync('/usr/bin/python3', ['-c', script, ...actions]);
}

const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end('<!doctype html><input id="field" style="width:600px;height:80px">');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const host = new ChromiumHost({ headless: false, rendererDir: rendererDir(), log: consoleLog('devtools', 'warn', (line) => process.stderr.write(line)) });
await host.openShell(async () => undefined);
await host.createPartition('p');
await host.openApp('p', { id: 'app', name: 'App', url: `${origin}/`, allowedOrigins: [origin] });
await host.showApp('p', 'app');
const page = host.appPage('p', 'app')!;

const cdp = await page.context().browser()!.newBrowserCDPSession();
const opened = new Set<string>();
const closed = new Set<string>();
let onClosed = (): void => undefined;
cdp.on('Target.targetCreated', ({ targetInfo }) => { if (targetInfo.url.startsWith('devtools://')) opened.add(targetInfo.targetId); });
cdp.on('Target.targetInfoChanged', ({ targetInfo }) => { if (targetInfo.url.startsWith('devtools://')) opened.add(targetInfo.targetId); });
cdp.on('Target.targetDestroyed', ({ targetId }) => { if (opened.has(targetId)) { closed.add(targetId); onClosed(); } });
await cdp.send('Target.setDiscoverTargets', { discover: true });

// Nothing has placed the shell (no view is rendered), so the app's window is moved on screen here.
const placing = await page.context().newCDPSession(page);
const { windowId } = await placing.send('Browser.getWindowForTarget');
await placing.send('Browser.setWindowBounds', { windowId, bounds: { left: 0, top: 0, width: 1000, height: 600 } });
await page.bringToFront();
await page.locator('#field').focus();
const box = (await page.locator('#field').boundingBox())!;
const screen = await page.evaluate(() => ({ x: window.screenX, y: window.screenY }));
const overField = `move:${Math.round(screen.x + box.x + 20)},${Math.round(screen.y + box.y + 20)}`;
// A real click first: without a window manager, X gives the keys to the window last clicked.
x(overField, 'button1', 'F12', 'Control_L+Shift_L+i', 'Control_L+Shift_L+j', 'Control_L+Shift_L+c', 'Escape', 'a');
// The last key reached the page: the keys before it were all delivered (unless a DevTools window took them).
const keysDelivered = await page.waitForFunction(() => (document.getElementById('field') as HTMLInputElement).value === 'a', undefined, { timeout: 5000 })
  .then(() => true, () => false);
// What the keys could open has had its chance (without the bridge, DevTools opened within 300 ms of F12).
await page.waitForTimeout(1000);
const byKeys = opened.size;

// The context menu's last item is Inspect: DevTools opens, and main closes it.
const allClosed = new Promise<void>((resolve) => { onClosed = () => { if (closed.size === opened.size) resolve(); }; });
x(overField, 'button3', 'Up', 'Return');
const inspected = await Promise.race([allClosed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]);
const { targetInfos } = await cdp.send('Target.getTargets');
const left = targetInfos.filter((t) => t.url.startsWith('devtools://')).length;
process.stdout.write(`${JSON.stringify({ keysDelivered, byKeys, byMenu: opened.size - byKeys, inspectedAndClosed: inspected, left })}\n`);
await host.close();
server.close();
