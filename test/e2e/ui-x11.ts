/**
 * What a real X display shows, for tests in Xvfb: the framebuffer Xvfb writes with -fbdir (an XWD
 * image) as a PNG (playwright-core's bundled pngjs), and real pointer clicks through XTest.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';

interface Png { data: Buffer }
interface PngModule { PNG: { new (o: { width: number; height: number }): Png; sync: { write(p: Png): Buffer; read(b: Buffer): Png & { width: number } } } }
const { PNG } = createRequire(import.meta.url)('playwright-core/lib/utilsBundle') as PngModule;

export interface Framebuffer { width: number; height: number; rgb(x: number, y: number): [number, number, number] }

export async function readFramebuffer(xwdFile: string): Promise<Framebuffer> {
  const b = await readFile(xwdFile);
  const headerSize = b.readUInt32BE(0), width = b.readUInt32BE(16), height = b.readUInt32BE(20);
  const lsbFirst = b.readUInt32BE(28) === 0, bpp = b.readUInt32BE(44), bytesPerLine = b.readUInt32BE(48), colours = b.readUInt32BE(76);
  const start = headerSize + colours * 12;
  return {
    width, height,
    rgb(x, y) {
      const o = start + y * bytesPerLine + x * (bpp / 8);
      const px = lsbFirst ? b.readUInt32LE(o) : b.readUInt32BE(o);
      return [(px >> 16) & 255, (px >> 8) & 255, px & 255];
    },
  };
}

export async function framebufferPng(xwdFile: string, pngFile: string): Promise<void> {
  const fb = await readFramebuffer(xwdFile);
  const png = new PNG({ width: fb.width, height: fb.height });
  for (let y = 0; y < fb.height; y++) {
    for (let x = 0; x < fb.width; x++) {
      const [r, g, bl] = fb.rgb(x, y);
      const i = (y * fb.width + x) * 4;
      png.data[i] = r; png.data[i + 1] = g; png.data[i + 2] = bl; png.data[i + 3] = 255;
    }
  }
  await writeFile(pngFile, PNG.sync.write(png));
}

/** A real left click at screen coordinates, through libXtst (Debian's python3 reaches it by ctypes). */
export function xClick(x: number, y: number): void {
  const script = `import ctypes,sys,time
x=ctypes.CDLL('libX11.so.6');t=ctypes.CDLL('libXtst.so.6');x.XOpenDisplay.restype=ctypes.c_void_p
d=ctypes.c_void_p(x.XOpenDisplay(None))
t.XTestFakeMotionEvent(d,-1,int(sys.argv[1]),int(sys.argv[2]),0);t.XTestFakeButtonEvent(d,1,1,0);t.XTestFakeButtonEvent(d,1,0,0)
x.XFlush(d);time.sleep(0.2);x.XCloseDisplay(d)`;
  execFileSync('/usr/bin/python3', ['-c', script, String(Math.round(x)), String(Math.round(y))]);
}

/** The top-level windows X has mapped (on screen), from xwininfo: name and geometry. */
export function xTopWindows(): { name: string; x: number; y: number; width: number; height: number }[] {
  const out = execFileSync('/usr/bin/xwininfo', ['-root', '-children'], { encoding: 'utf8' });
  const ids = [...out.matchAll(/^\s+(0x[0-9a-f]+) /gm)].map((m) => m[1]!);
  const windows = [];
  for (const id of ids) {
    const info = execFileSync('/usr/bin/xwininfo', ['-id', id], { encoding: 'utf8' });
    if (!/Map State: IsViewable/.test(info)) continue;
    const field = (name: string) => Number(new RegExp(`${name}:\\s+(-?\\d+)`).exec(info)?.[1]);
    windows.push({ name: /"(.*)"/.exec(info)?.[1] ?? '', x: field('Absolute upper-left X'), y: field('Absolute upper-left Y'), width: field('Width'), height: field('Height') });
  }
  return windows;
}

/** A PNG's pixels as rgb(x, y). */
export async function pngPixels(file: string): Promise<(x: number, y: number) => [number, number, number]> {
  const png = PNG.sync.read(await readFile(file));
  return (x, y) => {
    const i = (y * png.width + x) * 4;
    return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
  };
}
